/**
 * Shared plumbing for the search-API adapters (hacker-news, reddit, mastodon, bluesky,
 * stack-exchange, youtube): config options, credentials with helpful errors, a metered HTTP client
 * with the source's limits applied, the time window a fetch covers, validators kept per URL, and
 * failures turned into SourceErrors that never carry a secret.
 */
import * as z from 'zod';
import { HttpError, SourceError } from '../../errors.js';
import { decodeText } from '../../http/decode.js';
import { parseJsonText } from '../../http/json-text.js';
import type { HttpClient, HttpRequest, HttpResponse, Validators } from '../../http/types.js';
import type { CredentialSpec, ParseInput, SourceBase, SourceContext } from '../source.js';
import { calendarDateExists } from './loose-date.js';

// ---------------------------------------------------------------------------------------------
// Config options

/** An overridable API root (tests point it at a loopback server). */
export function urlOption(defaultUrl: string, what: string) {
  return z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, 'an http(s) URL without query or fragment')
    .default(defaultUrl)
    .describe(`${what} (default ${defaultUrl}). Change it only for a proxy, a mirror or tests.`);
}

export function maxPagesOption(defaultPages: number, max = 50) {
  return z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(defaultPages)
    .describe(
      `Pages read per request stream and run at most (default ${defaultPages}). When more is new than ` +
        'fits, the newest are kept and a warning says so.',
    );
}

export const timeoutMsOption = z
  .number()
  .int()
  .min(100)
  .max(300_000)
  .optional()
  .describe("Time limit per HTTP request in milliseconds (default: the HTTP client's, 30 s).");

export const maxBytesOption = z
  .number()
  .int()
  .min(1024)
  .max(100 * 1024 * 1024)
  .optional()
  .describe("Largest response body accepted, in bytes (default: the HTTP client's, 10 MiB).");

export const queryOption = z
  .string()
  .min(1)
  .max(500)
  .optional()
  .describe(
    "The search sent to the API, in the API's own syntax. Default: the company's terms (name, aliases, " +
      'products …) OR-joined where the API allows it, else one request per term.',
  );

export interface CommonApiOptions {
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
}

// ---------------------------------------------------------------------------------------------
// Credentials

export interface CredentialHelp {
  /** Name in the config's `credentials:` map. */
  name: string;
  /** The environment variable name suggested in the error message. */
  env: string;
  /** How to get it, in one sentence. */
  howTo: string;
}

/**
 * The adapter's `credentials` entry for a credential explained by `help`: its name, then what it
 * is (`what`) followed by how to get it — one place for both the entry and the missing-credential
 * message.
 */
export function credentialSpec(help: CredentialHelp, what: string, required = true): CredentialSpec {
  return { name: help.name, required, description: what ? `${what} ${help.howTo}` : help.howTo };
}

/** Reads a credential; undefined when absent (the caller decides whether that is fatal). */
export function optionalCredential(ctx: SourceContext, name: string): string | undefined {
  const value = ctx.credential(name);
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** What is wrong with a missing credential, and how to fix it — never the value. */
export function missingCredentialMessage(title: string, ctx: SourceContext, help: CredentialHelp): string {
  const envName = ctx.source.credentials?.[help.name];
  const where = envName
    ? `the config maps it to the environment variable ${envName}, which is empty or unset in this run ` +
      `(in a workflow: \`env: ${envName}: \${{ secrets.${envName} }}\`)`
    : `add \`credentials: { ${help.name}: ${help.env} }\` to source "${ctx.source.id}" and set the ` +
      `environment variable ${help.env} (in a workflow: \`env: ${help.env}: \${{ secrets.${help.env} }}\`)`;
  return `${title} needs the credential "${help.name}": ${where}. ${help.howTo}`;
}

export function requireCredential(title: string, ctx: SourceContext, help: CredentialHelp): string {
  const value = optionalCredential(ctx, help.name);
  if (value === undefined) throw new SourceError(missingCredentialMessage(title, ctx, help), ctx.source.id);
  return value;
}

/**
 * Credentials that only work together (a key id, its issuer and the key), in order; when any is
 * missing, one SourceError naming each missing one and its `env:` line, then `howTo`.
 */
export function requireCredentials<const T extends readonly Omit<CredentialHelp, 'howTo'>[]>(
  title: string,
  ctx: SourceContext,
  credentials: T,
  howTo: string,
): { [K in keyof T]: string } {
  const values = credentials.map((c) => optionalCredential(ctx, c.name));
  if (values.every((v) => v !== undefined)) return values as { [K in keyof T]: string };
  const missing = credentials
    .filter((_, i) => !values[i])
    .map((c) => missingCredentialMessage(title, ctx, { ...c, howTo: '' }).trim());
  throw new SourceError(`${missing.join(' ')} ${howTo}`, ctx.source.id);
}

// ---------------------------------------------------------------------------------------------
// HTTP: limits, metering, validators

export interface MeteredHttp extends HttpClient {
  readonly requests: number;
  readonly bytes: number;
}

/** ctx.http with the source's timeout, size cap and the run's abort signal applied, counting traffic. */
export function meteredHttp(ctx: SourceContext, options: CommonApiOptions): MeteredHttp {
  let requests = 0;
  let bytes = 0;
  return {
    get requests() {
      return requests;
    },
    get bytes() {
      return bytes;
    },
    async request(req: HttpRequest): Promise<HttpResponse> {
      const full: HttpRequest = { ...req };
      if (full.timeoutMs === undefined && options.timeoutMs !== undefined) full.timeoutMs = options.timeoutMs;
      if (full.maxBytes === undefined && options.maxBytes !== undefined) full.maxBytes = options.maxBytes;
      if (full.signal === undefined && ctx.signal) full.signal = ctx.signal;
      requests++;
      const res = await ctx.http.request(full);
      bytes += res.bytes.byteLength;
      return res;
    },
  };
}

/** HTTP validators kept per request URL: read from the previous cursor, only this run's URLs kept. */
export class ValidatorJar {
  private readonly next: Record<string, Validators> = {};
  constructor(private readonly previous: Record<string, Validators> | undefined) {}

  get(url: string): Validators | undefined {
    return this.previous?.[url];
  }

  keep(url: string, validators: Validators): void {
    if (validators.etag || validators.lastModified) this.next[url] = validators;
  }

  /** For the next cursor; undefined when there is nothing to keep. */
  toCursor(): Record<string, Validators> | undefined {
    return Object.keys(this.next).length > 0 ? this.next : undefined;
  }
}

/** A URL with query parameters (undefined values skipped, arrays repeated). */
export function apiUrl(
  base: string,
  path: string,
  params: Record<string, string | number | boolean | readonly string[] | undefined> = {},
): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
    else url.searchParams.set(k, String(v));
  }
  return url.toString();
}

/** The same URL with some query parameters set (a next page: `withQuery(url, { page: 2 })`). */
export function withQuery(url: string, params: Record<string, string | number | undefined>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// Time window and cursor

const DAY_MS = 86_400_000;

/**
 * The oldest publication time a fetch keeps: the look-back window (`lookbackDays` before now, the
 * same cut the scan applies), whatever the cursor says. An item indexed late, or a feed that
 * backdates, can carry a date far older than the newest item seen; it is still new to the record,
 * and the record's id index (src/record/) keeps what was filed before from being filed again. The
 * cursor still saves requests (validators, ids). What a request asks for is `requestStart`.
 */
export function windowStart(ctx: Pick<SourceContext, 'now' | 'lookbackDays'>): Date {
  return new Date(ctx.now.getTime() - ctx.lookbackDays * DAY_MS);
}

/**
 * The start a request carries (`created_at_i>=…`, `fromdate=…`, `since=…`, `{{$since}}` …): the
 * window start rounded down to the UTC day. On an hourly schedule the request then stays the same
 * for a whole UTC day, so the validators (ETag) kept under its URL still match and an unchanged
 * answer costs a 304; it moves once a day. What the fetch keeps is still decided by `windowStart`:
 * the up to one day more that the request asks for is dropped before anything is counted, kept as
 * the cursor or filed — so a first run files `lookbackDays`, not a day more, and the scan, which
 * cuts at the same time, sees what it saw before. It costs little: a newest-first search reads at
 * most the tail of one more page (paging stops at the first item older than the window); a stream
 * read to its end (`newestFirst: false`, e.g. a `json` source using `{{$since}}`) may read up to a
 * day's more items, within `maxPages`. (Simply starting the window on the day would be harmless
 * for filing too — the id index dedupes — but a first run would then keep and count up to a day
 * more than `lookbackDays`.)
 */
export function requestStart(ctx: Pick<SourceContext, 'now' | 'lookbackDays'>): Date {
  const start = windowStart(ctx).getTime();
  return new Date(start - (((start % DAY_MS) + DAY_MS) % DAY_MS));
}

/** The newer of two ISO times (undefined ignored); never later than now (clock skew at the source). */
export function newerIso(a: string | undefined, b: string | undefined, now: Date): string | undefined {
  const times = [a, b].filter((t): t is string => t !== undefined && !Number.isNaN(Date.parse(t)));
  if (times.length === 0) return undefined;
  const newest = Math.min(Math.max(...times.map((t) => Date.parse(t))), now.getTime());
  return new Date(newest).toISOString();
}

/** Unix seconds → ISO, or undefined when it is not a plausible time (or past what a Date holds). */
export function epochToIso(seconds: number | null | undefined): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  const ms = Math.round(seconds * 1000);
  return ms <= MAX_DATE_MS ? new Date(ms).toISOString() : undefined;
}

/** The largest time a Date holds (ECMAScript: ±8.64e15 ms); toISOString throws beyond it. */
const MAX_DATE_MS = 8.64e15;

/** An ISO-ish time → normalized ISO, or undefined. */
export function isoOrUndefined(value: string | null | undefined): string | undefined {
  if (!value || !calendarDateExists(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** True when the item is inside the window (undated items are kept: the scan estimates their time). */
export function inWindow(published: string | undefined, start: Date): boolean {
  if (published === undefined) return true;
  return Date.parse(published) >= start.getTime();
}

/** The search terms a source sends: its own `query`, else the context's terms (deduplicated, bounded). */
export function termsFor(ctx: SourceContext, query: string | undefined, max: number): string[] {
  if (query) return [query];
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of ctx.searchTerms) {
    const term = raw.trim();
    if (!term || seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    terms.push(term);
    if (terms.length >= max) break;
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Payloads

/** The body of a ParseInput as text (charset from the content type). */
export function inputText(input: ParseInput): string {
  if (typeof input.body === 'string') return input.body;
  return decodeText(input.body, input.contentType ? { contentType: input.contentType } : {}).text;
}

/** The body of a ParseInput as JSON (strings well-formed, see parseJsonText); a clear Error when it is not. */
export function inputJson(input: ParseInput, title: string): unknown {
  const text = inputText(input);
  try {
    return parseJsonText(text);
  } catch {
    throw new Error(
      `${title}: ${input.url} did not return JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
    );
  }
}

/** Validates a payload envelope with zod; the error names the field that does not fit. */
export function parsePayload<T>(schema: z.ZodType<T>, value: unknown, title: string, url: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new Error(`${title}: ${url} is not the expected payload: ${path}: ${issue?.message ?? 'invalid'}`);
}

/**
 * One entry of a list as `schema` reads it, or undefined after adding the warning
 * `<entry> skipped: <field> is not valid` (the first field zod refused, else `what`): a bad entry
 * skips only itself, never the page.
 */
export function validEntry<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  warnings: string[],
  entry: string,
  what: string,
): T | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  warnings.push(`${entry} skipped: ${result.error.issues[0]?.path.join('.') || what} is not valid`);
  return undefined;
}

/** The entries of a list that `schema` reads, in order; a warning (validEntry's) for each it skips as `<what> <i>`. */
export function validEntries<T>(
  raws: readonly unknown[],
  schema: z.ZodType<T>,
  warnings: string[],
  what: string,
): T[] {
  const out: T[] = [];
  raws.forEach((raw, i) => {
    const entry = validEntry(schema, raw, warnings, `${what} ${i}`, what);
    if (entry !== undefined) out.push(entry);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Failures

const SECRET_PARAMS = /([?&](?:key|api_key|apikey|access_token|token|client_secret|password)=)[^&#\s]+/gi;

/** Removes secrets (exact values and well-known query parameters) from a message. */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message.replace(SECRET_PARAMS, '$1***');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** Any failure of a fetch → a SourceError for this source, explained, with secrets removed. */
export function sourceFailure(
  title: string,
  ctx: SourceContext<SourceBase>,
  error: unknown,
  secrets: readonly (string | undefined)[] = [],
  hints: { auth?: string; rateLimit?: string } = {},
): SourceError {
  if (error instanceof SourceError) {
    const clean = redact(error.message, secrets);
    return clean === error.message ? error : new SourceError(clean, error.sourceId);
  }
  let message: string;
  if (error instanceof HttpError) {
    message = error.message;
    if (error.status === 401 || error.status === 403) {
      message += `: access was refused${hints.auth ? ` — ${hints.auth}` : ''}`;
    } else if (error.status === 429) {
      message += `: rate limited by the API${hints.rateLimit ? ` (${hints.rateLimit})` : ''}; the source is retried on the next run`;
    } else if (error.code === 'timeout') {
      message += ' (raise the source option timeoutMs if the API is slow)';
    } else if (error.code === 'too-large') {
      message += ' (raise the source option maxBytes, or lower the page size)';
    }
  } else if (error instanceof Error) {
    message = error.message;
  } else {
    message = String(error);
  }
  const clean = redact(`${title}: ${message}`, secrets);
  const causeText = error instanceof Error ? error.message : String(error);
  const keepCause = redact(causeText, secrets) === causeText;
  return new SourceError(clean, ctx.source.id, keepCause ? { cause: error } : undefined);
}
