/**
 * The shared HTTP client (DESIGN §2 http/): every source, publisher and webhook goes through it.
 *
 * - Timeouts: connect (DNS + TCP + TLS, default 10 s) and total (default 30 s, until the last body
 *   byte), per exchange — each redirect hop and each retry gets its own.
 * - Body cap (default 10 MiB) counted after decompression while streaming; Content-Length over the
 *   cap is refused before reading.
 * - Redirects (default 5) with relative Location; 301/302/303 turn POST into GET; a loop fails at
 *   once; when a redirect leaves the origin only an allow-list of headers goes along (accept,
 *   user-agent, content type — never credentials) and a request body is not re-sent at all.
 * - gzip / deflate / br; conditional requests from validators; 304 → notModified.
 * - Retries (default 2) for 408/429/5xx and transient network errors, exponential backoff with
 *   jitter, Retry-After honoured up to maxRetryAfterMs (default 60 s) — on a 429 without it, the
 *   request's rateLimitResetHeader (a reset time) in the same way. GET/PUT/DELETE only unless
 *   retryPost. A status the caller accepts (acceptStatus) is returned, never retried.
 * - At most maxPerHost (default 4) exchanges in flight per host, the rest queued.
 * - `untrusted: true` requests never reach a private address (checked at connect time, ssrf.ts).
 * - HttpError messages name the URL with credentials redacted, never request headers.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpError } from '../errors.js';
import { decodeText } from './decode.js';
import { type ExchangeResponse, exchange, type FailureKind, TransportError } from './exchange.js';
import { formatBytes, formatDuration } from './format.js';
import { HostLimiter } from './host-limiter.js';
import { parseJsonText } from './json-text.js';
import { isSecretParam, redactTokens, redactUrl } from './redact.js';
import {
  backoffDelay,
  isIdempotent,
  parseResetTime,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  sleep as realSleep,
} from './retry.js';
import {
  type AddressPolicy,
  addressRange,
  BlockedAddressError,
  checkLiteralHost,
  type Resolver,
  type SocketLookup,
  socketLookup,
  systemResolver,
} from './ssrf.js';
import type { HttpClient, HttpRequest, HttpResponse, Validators } from './types.js';

export const DEFAULT_USER_AGENT = 'Earshot/0.1.0 (+https://github.com/earshot/earshot)';

export const HTTP_DEFAULTS = {
  connectTimeoutMs: 10_000,
  timeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  retryBaseMs: 500,
  retryMaxMs: 8_000,
  maxRetryAfterMs: 60_000,
  maxPerHost: 4,
} as const;

/** One exchange on the wire (each redirect hop and retry is one), reported to `onRequest`. */
export interface RequestEvent {
  method: string;
  /** This exchange's URL, credentials redacted. */
  url: string;
  /** 1 for the first attempt of the request, 2 for the first retry … */
  attempt: number;
  /** Redirects followed before this exchange. */
  hop: number;
  status?: number;
  /** Body bytes after decompression. */
  bytes: number;
  /** Body bytes on the wire. */
  wireBytes: number;
  durationMs: number;
  /** Why the exchange failed, when it did. */
  error?: FailureKind;
}

export interface HttpStats {
  /** Exchanges sent (retries and redirect hops included). */
  requests: number;
  /** Body bytes received, after decompression. */
  bytesReceived: number;
  /** Body bytes received on the wire. */
  wireBytesReceived: number;
  retries: number;
  redirects: number;
  notModified: number;
  /** request() calls that threw. */
  failures: number;
}

export interface HttpClientOptions {
  /** Sent as User-Agent unless a request sets its own (default DEFAULT_USER_AGENT). */
  userAgent?: string;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  retries?: number;
  /** First backoff delay (default 500 ms), doubled per retry, jittered. */
  retryBaseMs?: number;
  /** Largest backoff delay (default 8 s). */
  retryMaxMs?: number;
  /** The longest Retry-After waited out (default 60 s); a longer one fails with the wait named. */
  maxRetryAfterMs?: number;
  /** Exchanges in flight per host (default 4). */
  maxPerHost?: number;
  /** Let untrusted requests reach private/loopback addresses (default false). */
  allowPrivateNetworks?: boolean;
  /**
   * Which addresses untrusted requests may not reach: returns the reason to refuse, or undefined
   * (default addressRange: loopback, private, link-local, CGNAT, unique-local, multicast …).
   */
  addressPolicy?: AddressPolicy;
  /** Host name resolution (default: the OS resolver). Tests inject failures and fake answers. */
  lookup?: Resolver;
  /** Waits between retries (default setTimeout; tests pass a fake that records the waits). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock for Retry-After dates and durations (default Date.now). */
  now?: () => number;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Called after every exchange (counting requests and bytes in benchmarks). */
  onRequest?: (event: RequestEvent) => void;
  /** Keep connections open between requests (default true). */
  keepAlive?: boolean;
}

/** The client createHttpClient returns: the HttpClient port plus counters and cleanup. */
export interface NodeHttpClient extends HttpClient {
  readonly stats: Readonly<HttpStats>;
  /** Closes kept-alive connections. The client still works afterwards (it opens new ones). */
  close(): void;
}

const defaultAccept = (status: number) => (status >= 200 && status < 300) || status === 304;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The only request headers forwarded when a redirect leaves the origin: an allow-list, because a
 * deny-list of credential names always misses one (`Ocp-Apim-Subscription-Key`, `X-Api-Token`,
 * `Private-Token` …). Authorization, cookies, API keys, validators and custom headers stay behind.
 */
const CROSS_ORIGIN_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'user-agent',
  'content-type',
  'content-language',
]);

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

export function createHttpClient(options: HttpClientOptions = {}): NodeHttpClient {
  const o = {
    connectTimeoutMs: options.connectTimeoutMs ?? HTTP_DEFAULTS.connectTimeoutMs,
    timeoutMs: options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs,
    maxBytes: options.maxBytes ?? HTTP_DEFAULTS.maxBytes,
    maxRedirects: options.maxRedirects ?? HTTP_DEFAULTS.maxRedirects,
    retries: options.retries ?? HTTP_DEFAULTS.retries,
    retryBaseMs: options.retryBaseMs ?? HTTP_DEFAULTS.retryBaseMs,
    retryMaxMs: options.retryMaxMs ?? HTTP_DEFAULTS.retryMaxMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? HTTP_DEFAULTS.maxRetryAfterMs,
  };
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pause = options.sleep ?? realSleep;
  const limiter = new HostLimiter(options.maxPerHost ?? HTTP_DEFAULTS.maxPerHost);
  const keepAlive = options.keepAlive ?? true;
  const makeAgents = (): Agents => ({
    http: new HttpAgent({ keepAlive, scheduling: 'lifo' }),
    https: new HttpsAgent({ keepAlive, scheduling: 'lifo' }),
  });
  // Untrusted requests get their own connection pool: a kept-alive socket opened for a trusted
  // request to a private host must never be reused for an untrusted one.
  const trusted = makeAgents();
  const guarded = makeAgents();
  const policy = options.addressPolicy ?? addressRange;
  const trustedLookup: SocketLookup | undefined = options.lookup ? socketLookup(options.lookup) : undefined;
  const guardedLookup: SocketLookup = socketLookup(options.lookup ?? systemResolver, policy);

  const stats: HttpStats = {
    requests: 0,
    bytesReceived: 0,
    wireBytesReceived: 0,
    retries: 0,
    redirects: 0,
    notModified: 0,
    failures: 0,
  };

  const report = (event: RequestEvent) => {
    try {
      options.onRequest?.(event);
    } catch {
      // a counting hook must not break a request
    }
  };

  interface Target {
    url: URL;
    method: string;
    headers: Record<string, string>;
    body: Buffer | undefined;
  }

  /** One attempt: the exchange plus any redirects. */
  async function follow(
    start: Target,
    req: HttpRequest,
    attempt: number,
  ): Promise<{ res: ExchangeResponse; url: URL; method: string }> {
    let { url, method, headers, body } = start;
    const guard = req.untrusted === true && options.allowPrivateNetworks !== true;
    const maxRedirects = req.maxRedirects ?? o.maxRedirects;
    const chain: URL[] = [url];
    const visited = new Set([`${method} ${url.href}`]);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new HttpError(
          `refused ${redactUrl(url)}: only http and https URLs are fetched`,
          redactUrl(url),
          undefined,
          'blocked',
        );
      }
      if (guard) {
        try {
          checkLiteralHost(url.hostname, policy);
        } catch (error) {
          if (error instanceof BlockedAddressError) {
            throw new HttpError(
              `${label(method, url)}: ${error.message}`,
              redactUrl(url),
              undefined,
              'blocked',
            );
          }
          throw error;
        }
      }
      const release = await limiter.acquire(url.host, req.signal).catch((reason: unknown) => {
        throw abortError(method, url, reason);
      });
      const started = now();
      stats.requests++;
      let res: ExchangeResponse;
      try {
        const agents = guard ? guarded : trusted;
        const lookup = guard ? guardedLookup : trustedLookup;
        res = await exchange({
          url,
          method,
          headers,
          ...(body ? { body } : {}),
          agent: url.protocol === 'https:' ? agents.https : agents.http,
          ...(lookup ? { lookup } : {}),
          connectTimeoutMs: req.connectTimeoutMs ?? o.connectTimeoutMs,
          timeoutMs: req.timeoutMs ?? o.timeoutMs,
          maxBytes: req.maxBytes ?? o.maxBytes,
          ...(req.signal ? { signal: req.signal } : {}),
        });
      } catch (error) {
        report({
          method,
          url: redactUrl(url),
          attempt,
          hop,
          bytes: 0,
          wireBytes: 0,
          durationMs: now() - started,
          error: error instanceof TransportError ? error.kind : 'network',
        });
        if (error instanceof TransportError) error.at = url;
        throw error;
      } finally {
        release();
      }
      stats.bytesReceived += res.bytes.byteLength;
      stats.wireBytesReceived += res.wireBytes;
      report({
        method,
        url: redactUrl(url),
        attempt,
        hop,
        status: res.status,
        bytes: res.bytes.byteLength,
        wireBytes: res.wireBytes,
        durationMs: now() - started,
      });

      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || location === undefined) return { res, url, method };

      let next: URL;
      try {
        next = new URL(location, url);
      } catch (error) {
        throw new HttpError(
          `${label(method, url)} redirected to an invalid Location`,
          redactUrl(url),
          res.status,
          'network',
          { cause: error },
        );
      }
      next.hash = '';
      if (
        res.status === 303
          ? method !== 'GET'
          : (res.status === 301 || res.status === 302) && method === 'POST'
      ) {
        method = 'GET';
        body = undefined;
        headers = withoutBodyHeaders(headers);
      }
      if (next.origin !== url.origin) {
        // A body (a form with a password, a JSON with a token) is never re-sent to another origin.
        if (body !== undefined) {
          throw new HttpError(
            `${label(method, url)} redirected the request body to another origin (${redactUrl(next)}): not followed`,
            redactUrl(url),
            res.status,
            'blocked',
          );
        }
        headers = crossOriginHeaders(headers);
      }
      chain.push(next);
      const key = `${method} ${next.href}`;
      if (visited.has(key)) {
        throw new HttpError(
          `${label(start.method, start.url)}: redirect loop (${chain.map((u) => redactUrl(u)).join(' → ')})`,
          redactUrl(start.url),
          res.status,
          'too-many-redirects',
        );
      }
      if (hop >= maxRedirects) {
        throw new HttpError(
          `${label(start.method, start.url)}: stopped after ${maxRedirects} redirects (the last one to ${redactUrl(next)})`,
          redactUrl(start.url),
          res.status,
          'too-many-redirects',
        );
      }
      visited.add(key);
      stats.redirects++;
      url = next;
    }
  }

  async function wait(ms: number, method: string, url: URL, signal: AbortSignal | undefined): Promise<void> {
    stats.retries++;
    try {
      await pause(ms, signal);
    } catch (reason) {
      throw abortError(method, url, reason);
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url);
    } catch (error) {
      throw new HttpError(
        `refused ${redactUrl(req.url)}: not a valid URL`,
        redactUrl(req.url),
        undefined,
        'blocked',
        {
          cause: error,
        },
      );
    }
    url.hash = '';
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    if (req.validators?.etag && headers['if-none-match'] === undefined)
      headers['if-none-match'] = req.validators.etag;
    if (req.validators?.lastModified && headers['if-modified-since'] === undefined) {
      headers['if-modified-since'] = req.validators.lastModified;
    }
    let body: Buffer | undefined;
    if (typeof req.body === 'string') body = Buffer.from(req.body, 'utf8');
    else if (req.body !== undefined) {
      body = Buffer.from(JSON.stringify(req.body), 'utf8');
      headers['content-type'] ??= 'application/json';
    }
    if (body) headers['content-length'] = String(body.byteLength);

    const accept = req.acceptStatus ?? defaultAccept;
    const retries = Math.max(0, req.retries ?? o.retries);
    const mayRetry = isIdempotent(method) || req.retryPost === true;
    const backoff = (attempt: number) =>
      backoffDelay(attempt, { baseMs: o.retryBaseMs, maxMs: o.retryMaxMs }, random);
    let staleResent = false;

    try {
      for (let attempt = 1; ; attempt++) {
        let outcome: Awaited<ReturnType<typeof follow>>;
        try {
          outcome = await follow({ url, method, headers, body }, req, attempt);
        } catch (error) {
          if (!(error instanceof TransportError)) throw error;
          if (error.details.staleSocket && !staleResent) {
            // The server closed a kept-alive connection as we reused it: nothing was processed.
            staleResent = true;
            attempt--;
            continue;
          }
          if (error.details.retryable && mayRetry && attempt <= retries) {
            await wait(backoff(attempt), method, url, req.signal);
            continue;
          }
          throw transportHttpError(error, method, url, attempt, req.signal);
        }
        const { res } = outcome;
        if (accept(res.status)) return response(res, outcome.url, req.validators);

        const retryAfterMs =
          parseRetryAfter(res.headers['retry-after'], now()) ??
          (res.status === 429 && req.rateLimitResetHeader
            ? parseResetTime(res.headers[req.rateLimitResetHeader.toLowerCase()], now())
            : undefined);
        if (RETRYABLE_STATUSES.has(res.status) && mayRetry && attempt <= retries) {
          if (retryAfterMs !== undefined && retryAfterMs > o.maxRetryAfterMs) {
            throw new HttpError(
              `${label(method, url)} answered ${res.status} ${res.statusText} and asks to wait ${formatDuration(retryAfterMs)} before retrying, longer than the ${formatDuration(o.maxRetryAfterMs)} this client waits (maxRetryAfterMs)${bodyDetail(res)}`,
              redactUrl(url),
              res.status,
              'status',
            );
          }
          await wait(retryAfterMs ?? backoff(attempt), method, url, req.signal);
          continue;
        }
        throw statusError(res, method, outcome.url, url, attempt, retryAfterMs);
      }
    } catch (error) {
      stats.failures++;
      throw error;
    }
  }

  function response(res: ExchangeResponse, finalUrl: URL, sent: Validators | undefined): HttpResponse {
    const notModified = res.status === 304;
    if (notModified) stats.notModified++;
    const etag = res.headers.etag ?? sent?.etag;
    const lastModified = res.headers['last-modified'] ?? sent?.lastModified;
    const bytes = new Uint8Array(res.bytes.buffer, res.bytes.byteOffset, res.bytes.byteLength);
    const contentType = res.headers['content-type'];
    let text: string | undefined;
    const decoded = () => {
      text ??= decodeText(bytes, contentType === undefined ? {} : { contentType }).text;
      return text;
    };
    const url = finalUrl.href;
    return {
      status: res.status,
      url,
      headers: res.headers,
      notModified,
      validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
      bytes,
      text: decoded,
      json(): unknown {
        const body = decoded();
        try {
          return parseJsonText(body);
        } catch (error) {
          const got =
            body.trim() === '' ? 'an empty body' : `'${snippet(redactSecrets(body.slice(0, 2048)), 60)}'`;
          throw new HttpError(
            `expected JSON from ${redactUrl(url)}, got ${contentType ?? 'no Content-Type'}: ${got}`,
            redactUrl(url),
            res.status,
            'decode',
            { cause: error },
          );
        }
      },
    };
  }

  return {
    request,
    get stats() {
      return { ...stats };
    },
    close() {
      for (const agents of [trusted, guarded]) {
        agents.http.destroy();
        agents.https.destroy();
      }
    },
  };
}

/** "https://host/path?key=…" for GET, "POST https://host/path" otherwise. */
function label(method: string, url: URL): string {
  return method === 'GET' ? redactUrl(url) : `${method} ${redactUrl(url)}`;
}

function attempts(n: number): string {
  return n > 1 ? ` after ${n} attempts` : '';
}

function transportHttpError(
  error: TransportError,
  method: string,
  url: URL,
  attempt: number,
  signal: AbortSignal | undefined,
): HttpError {
  if (error.kind === 'aborted') return abortError(method, url, signal?.reason ?? error.cause);
  const code = error.kind === 'connect-timeout' ? 'timeout' : error.kind;
  const where =
    error.at && error.at.href !== url.href
      ? `${label(method, url)} (redirected to ${redactUrl(error.at)})`
      : label(method, url);
  return new HttpError(`${where}: ${error.message}${attempts(attempt)}`, redactUrl(url), undefined, code, {
    cause: error,
  });
}

function abortError(method: string, url: URL, reason: unknown): HttpError {
  const timeout = reason instanceof Error && reason.name === 'TimeoutError';
  const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
  return new HttpError(
    `${label(method, url)}: aborted${why ? ` (${why})` : ''}`,
    redactUrl(url),
    undefined,
    timeout ? 'timeout' : 'network',
    { cause: reason },
  );
}

function statusError(
  res: ExchangeResponse,
  method: string,
  finalUrl: URL,
  url: URL,
  attempt: number,
  retryAfterMs: number | undefined,
): HttpError {
  const where =
    finalUrl.href === url.href
      ? label(method, url)
      : `${label(method, url)} (redirected to ${redactUrl(finalUrl)})`;
  const after = retryAfterMs === undefined ? '' : ` (Retry-After: ${formatDuration(retryAfterMs)})`;
  return new HttpError(
    `${where} answered ${res.status} ${res.statusText}${attempts(attempt)}${after}${bodyDetail(res)}`,
    redactUrl(url),
    res.status,
    'status',
  );
}

/** `: <the start of a textual error body>`, secrets removed; empty for other bodies. */
function bodyDetail(res: ExchangeResponse): string {
  const type = res.headers['content-type'] ?? '';
  const textual = /json|text\/plain|problem|xml/i.test(type) && res.bytes.byteLength > 0;
  return textual ? `: ${snippet(redactSecrets(res.bytes.subarray(0, 2048).toString('utf8')), 200)}` : '';
}

/** The first `max` characters on one line. */
function snippet(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/**
 * Secrets a server may echo, before the text is cut (a cut token would keep its first characters):
 * secret-looking name=value pairs (an echoed URL) → name=…, and bearer tokens, JWTs and secret JSON
 * fields (redactTokens).
 */
function redactSecrets(text: string): string {
  return redactTokens(
    text.replace(/([?&;\s"]([A-Za-z_.-]+)=)([^&\s"'<>]+)/g, (whole, prefix: string, name: string) =>
      isSecretParam(name) ? `${prefix}…` : whole,
    ),
  );
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  delete out['content-type'];
  delete out['content-length'];
  delete out['content-encoding'];
  return out;
}

function crossOriginHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (CROSS_ORIGIN_HEADERS.has(name.toLowerCase())) out[name] = value;
  return out;
}

export { formatBytes, formatDuration, redactUrl };
