/** When to retry, and how long to wait (exponential backoff with jitter, Retry-After). */

/** Statuses worth another attempt: the server says "not now" rather than "no". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Socket error codes worth another attempt (transient network trouble). */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/** Methods that may be sent twice without harm (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  return (
    method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || method === 'OPTIONS'
  );
}

/**
 * Retry-After as a delay in milliseconds from `now`: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). A date in the past is 0. Anything else is undefined.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only accept something that looks like an HTTP date, not any string Date.parse tolerates.
  if (!/[A-Za-z]{3}/.test(trimmed) || !/\d{1,2}:\d{2}:\d{2}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * A rate-limit reset header (`x-rate-limit-reset: 1705420800`, Unix seconds) as a delay in
 * milliseconds from `now`: a time in the past is 0; anything but whole seconds is undefined.
 */
export function parseResetTime(value: string | undefined, now: number): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^\d{1,12}$/.test(trimmed)) return undefined;
  return Math.max(0, Number(trimmed) * 1000 - now);
}

export interface BackoffOptions {
  /** The first delay before jitter (default 500 ms); it doubles with every attempt. */
  baseMs: number;
  /** The largest delay before jitter (default 8 s). */
  maxMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): base·2^(retry−1), capped, with
 * "equal jitter" — half fixed, half random — so clients that failed together do not return
 * together, and no wait is ever shorter than half the nominal one.
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(nominal / 2 + (nominal / 2) * r);
}

/** A setTimeout-based sleep that an AbortSignal interrupts (rejecting with the signal's reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
