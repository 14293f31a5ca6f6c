/** Shared plumbing for publishers: one POST that never throws on a status, errors in the platform's words. */
import { errorMessage, HttpError } from '../../errors.js';
import { redactTokens } from '../../http/redact.js';
import type { HttpClient } from '../../http/types.js';
import { PublishError } from '../publisher.js';

export interface Answer {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string>;
}

export interface SendOptions {
  url: string;
  method?: 'POST' | 'PUT' | 'GET';
  headers?: Record<string, string>;
  body?: string | Record<string, unknown>;
  /** What this request does, for messages ("posting the reply"). */
  what: string;
  /** A lost answer here may mean the write happened (default: true for POST and PUT). */
  write?: boolean;
}

export async function send(http: HttpClient, o: SendOptions): Promise<Answer> {
  const method = o.method ?? 'POST';
  try {
    const res = await http.request({
      url: o.url,
      method,
      headers: { accept: 'application/json', ...o.headers },
      ...(o.body !== undefined ? { body: o.body } : {}),
      acceptStatus: () => true,
      retries: method === 'GET' ? 2 : 0,
      timeoutMs: 30_000,
      maxBytes: 2 * 1024 * 1024,
    });
    const text = res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text, headers: res.headers };
  } catch (error) {
    const write = o.write ?? method !== 'GET';
    const refused =
      error instanceof HttpError && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|blocked/i.test(error.message);
    const ambiguous = write && !refused;
    throw new PublishError(
      `${o.what} failed: ${error instanceof HttpError ? error.message : errorMessage(error)}` +
        (ambiguous
          ? ' — the answer was lost, so the reply may have been posted anyway: check before retrying'
          : ''),
      ambiguous,
      undefined,
      { cause: error },
    );
  }
}

/** A JSON object as a record, or undefined (arrays and primitives are not). */
export function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The platform's own error words from a JSON error body, if any (bounded). */
export function platformError(body: unknown): string | undefined {
  const b = record(body);
  if (!b) return undefined;
  const parts: string[] = [];
  // `title` and `detail`: an RFC 7807 problem (X: {"title": "Forbidden", "detail": "…", "type", "status"}).
  for (const key of ['error', 'message', 'error_description', 'title', 'detail']) {
    const v = b[key];
    if (typeof v === 'string' && v.trim()) parts.push(v.trim());
    // Google-style: {"error": {"code": 403, "message": "…"}}
    const nested = record(v)?.message;
    if (typeof nested === 'string' && nested.trim()) parts.push(nested.trim());
  }
  const errors = b.errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e === 'string') parts.push(e);
      else if (Array.isArray(e)) parts.push(e.filter((x) => typeof x === 'string').join(': '));
      else {
        const words = record(e)?.message ?? record(e)?.detail;
        if (typeof words === 'string') parts.push(words);
      }
    }
  }
  // Tokens the platform echoed are redacted before the words are cut (a cut token keeps its start).
  const unique = redactTokens([...new Set(parts)].join('; '));
  return unique ? unique.slice(0, 300) : undefined;
}

/** A PublishError for a non-2xx answer, with the platform's words and a hint for the usual causes. */
export function statusError(
  title: string,
  what: string,
  a: Answer,
  hints: Partial<Record<number, string>> = {},
): PublishError {
  const words = platformError(a.body);
  const hint =
    hints[a.status] ??
    (a.status === 401
      ? 'the credentials were refused: check them'
      : a.status === 403
        ? 'the account may not post there (permissions or scopes)'
        : a.status === 429
          ? 'rate limited: try /reply again later'
          : a.status >= 500
            ? `${title} had a server error: try /reply again later`
            : undefined);
  return new PublishError(
    `${title} answered HTTP ${a.status} to ${what}${words ? `: "${words}"` : ''}${hint ? ` (${hint})` : ''}`,
    a.status >= 500,
    a.status,
  );
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** The names of credentials missing for this source, as a sentence, or undefined. */
export function missingCredentials(
  title: string,
  req: {
    credential(name: string): string | undefined;
    source: Readonly<Record<string, unknown>> | undefined;
  },
  names: readonly string[],
): string | undefined {
  const missing = names.filter((n) => !req.credential(n));
  if (missing.length === 0) return undefined;
  const mapped = (req.source?.credentials ?? {}) as Record<string, string>;
  const detail = missing
    .map((n) =>
      mapped[n]
        ? `${n} (the environment variable ${mapped[n]} is empty)`
        : `${n} (not in the source's credentials:)`,
    )
    .join(', ');
  return `replying on ${title} needs the credential${missing.length > 1 ? 's' : ''} ${detail}`;
}
