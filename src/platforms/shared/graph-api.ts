/**
 * What the Meta Graph API family (Facebook Pages, Instagram) shares: the versioned root, the
 * token in a header (never in a URL), `appsecret_proof`, paging by `paging.cursors.after` /
 * `paging.next`, Graph error bodies and the usage headers.
 *
 * - Root: `https://graph.facebook.com/v27.0` (v27.0 is the newest version, introduced 4 November
 *   2026: https://developers.facebook.com/docs/graph-api/changelog). A version is served about two
 *   years after the next one comes out; the `baseUrl` option pins another.
 * - Errors: `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`, mostly with
 *   HTTP 400 (https://developers.facebook.com/docs/graph-api/guides/error-handling). Codes 4, 17,
 *   32 and 613 are the app, user, Page and custom rate limits, 80001–80014 the Business Use Case
 *   limits (80001 Pages, 80002 Instagram); 190 is an expired or revoked token (subcode 463:
 *   expired, 460: password changed, 467: invalid); 10 and 200–299 a missing permission.
 * - Usage (https://developers.facebook.com/docs/graph-api/overview/rate-limiting): `X-App-Usage`
 *   `{"call_count", "total_cputime", "total_time"}` and `X-Business-Use-Case-Usage`
 *   `{"<business-object-id>": [{"type", "call_count", "total_cputime", "total_time",
 *   "estimated_time_to_regain_access"}]}` — percentages of the limit, the wait in minutes.
 * - Paging: `paging.next` is a full URL that may carry `access_token`; the next request keeps the
 *   configured root and header and takes only the next URL's cursor parameters.
 */
import { createHmac } from 'node:crypto';
import * as z from 'zod';
import type { HttpClient, HttpResponse } from '../../http/types.js';
import { PublishError } from '../publisher.js';
import { urlOption, withQuery } from './api-source.js';
import type { Answer } from './publish-http.js';
import { record, send, statusError } from './publish-http.js';
import type { PageRequest } from './window-fetch.js';

export const GRAPH_VERSION = 'v27.0';
export const GRAPH_API = `https://graph.facebook.com/${GRAPH_VERSION}`;

export function graphUrlOption() {
  return urlOption(GRAPH_API, `Root of the Graph API, with its version (${GRAPH_VERSION})`);
}

/** Statuses a Graph read hands to the caller (the body says what went wrong) instead of throwing. */
export const graphStatus = (s: number) => (s >= 200 && s < 300) || s === 304 || (s >= 400 && s < 405);

const errorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof errorSchema>['error'];

/** The Graph error in a body, if it is one. */
function graphErrorOf(body: unknown): GraphErrorBody | undefined {
  const parsed = errorSchema.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

export function isRateLimitCode(code: number | undefined): boolean {
  return (
    code === 4 ||
    code === 17 ||
    code === 32 ||
    code === 613 ||
    (code !== undefined && code >= 80001 && code <= 80014)
  );
}

/** What a Graph error means for the people who set the source up, in one clause. */
function graphHint(e: GraphErrorBody, permissions: string): string {
  const code = e.code;
  if (isRateLimitCode(code))
    return 'rate limited by Meta (4/17/32/613: app, user, Page or custom limit; 80001+: Business Use Case limit); the source is retried on the next run';
  if (code === 190)
    return `the access token expired or was revoked${e.error_subcode ? ` (subcode ${e.error_subcode})` : ''}: make a new one that does not expire (see the credentials steps in docs/sources.md)`;
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299))
    return `a permission is missing: the token needs ${permissions}`;
  if (code === 100) return 'the API does not accept this request (an unknown id, field or edge)';
  return '';
}

/** Thrown for a Graph error answer; the message is safe to show (no token). */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly graph: GraphErrorBody | undefined,
  ) {
    super(message);
  }
}

function bodyOf(res: HttpResponse): unknown {
  try {
    return res.json();
  } catch {
    return undefined;
  }
}

/**
 * A read's JSON body; a GraphApiError naming the Graph code, its meaning and `what` was asked when
 * the answer is an error. `usage` adds when Meta expects access again.
 */
export function graphBody(res: HttpResponse, what: string, permissions: string, usage?: GraphUsage): unknown {
  if (res.status < 400) return res.json();
  const e = graphErrorOf(bodyOf(res));
  if (!e) throw new GraphApiError(`${what}: HTTP ${res.status}`, res.status, undefined);
  const hint = graphHint(e, permissions);
  const regain = isRateLimitCode(e.code) ? usage?.regainText() : undefined;
  throw new GraphApiError(
    `${what}: Graph API error ${e.code ?? '?'}${e.error_subcode ? `/${e.error_subcode}` : ''} (HTTP ${res.status}): ` +
      `${(e.message ?? e.type ?? 'error').slice(0, 300)}${hint ? ` — ${hint}` : ''}${regain ? `; ${regain}` : ''}` +
      (e.fbtrace_id ? ` (fbtrace_id ${e.fbtrace_id})` : ''),
    res.status,
    e,
  );
}

// ---------------------------------------------------------------------------------------------
// Paging

const pagingSchema = z
  .object({
    cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).partial().optional(),
    next: z.string().optional(),
    previous: z.string().optional(),
  })
  .partial();
export type GraphPaging = z.infer<typeof pagingSchema>;
export const graphPaging = pagingSchema.nullish();

/** Query parameters of a `paging.next` URL that are never copied (credentials). */
const NOT_COPIED = new Set(['access_token', 'appsecret_proof']);
/** The cursor parameters of a next URL: they replace the current request's. */
const CURSOR_KEYS = new Set(['after', 'until', '__paging_token', 'offset', 'pretty']);

/**
 * The request for the next page: only when Graph says there is one (`paging.next`), on the same
 * root and with the same headers and parameters (fields, limit, since); the cursor (`after`, or
 * the time-based `until`/`__paging_token`) and any parameter the request did not have are taken
 * from the next URL, `cursors.after` when it has none.
 */
export function graphNext(req: PageRequest, paging: GraphPaging | null | undefined): PageRequest | undefined {
  if (!paging?.next) return undefined;
  const current = new URL(req.url).searchParams;
  const params: Record<string, string> = {};
  try {
    for (const [k, v] of new URL(paging.next).searchParams) {
      if (NOT_COPIED.has(k) || k === 'pretty') continue;
      if (CURSOR_KEYS.has(k) || !current.has(k)) params[k] = v;
    }
  } catch {
    // not a URL: the cursor alone
  }
  if (params.after === undefined && params.until === undefined && paging.cursors?.after)
    params.after = paging.cursors.after;
  if (Object.keys(params).length === 0) return undefined;
  // Hashtag media answer the same `after` on every page (Meta documents it): maxPages bounds it.
  return { ...req, url: withQuery(req.url, params) };
}

// ---------------------------------------------------------------------------------------------
// Tokens

/** `appsecret_proof`: HMAC-SHA256 of the access token keyed with the app secret, hex. */
export function appSecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex');
}

/** The token in the Authorization header (Graph accepts `Bearer`), never in a URL. */
export function graphHeaders(token: string): Record<string, string> {
  return { accept: 'application/json', authorization: `Bearer ${token}` };
}

/** The `appsecret_proof` parameter when an app secret is configured. */
export function proofParam(token: string, appSecret: string | undefined): { appsecret_proof?: string } {
  return appSecret ? { appsecret_proof: appSecretProof(token, appSecret) } : {};
}

// ---------------------------------------------------------------------------------------------
// Usage headers

const appUsageSchema = z.object({
  call_count: z.number().optional(),
  total_cputime: z.number().optional(),
  total_time: z.number().optional(),
});
const bucUsageSchema = z.record(
  z.string(),
  z.array(
    appUsageSchema.extend({
      type: z.string().optional(),
      estimated_time_to_regain_access: z.number().optional(),
    }),
  ),
);

export interface UsageReading {
  /** The highest percentage of any limit (call count, CPU time, total time). */
  percent: number;
  /** Which header and limit type said it. */
  source: string;
  /** Minutes until access returns, when Meta says (BUC header). */
  regainMinutes?: number;
}

function json(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** The usage one answer reports, from `X-Business-Use-Case-Usage`, `X-App-Usage` or `X-Page-Usage`. */
export function readUsage(headers: Record<string, string>): UsageReading | undefined {
  let best: UsageReading | undefined;
  const consider = (reading: UsageReading) => {
    if (!best || reading.percent > best.percent || (reading.regainMinutes ?? 0) > (best.regainMinutes ?? 0))
      best = reading;
  };
  const buc = bucUsageSchema.safeParse(json(header(headers, 'x-business-use-case-usage')));
  if (buc.success) {
    for (const entries of Object.values(buc.data)) {
      for (const e of entries) {
        const percent = Math.max(e.call_count ?? 0, e.total_cputime ?? 0, e.total_time ?? 0);
        consider({
          percent,
          source: `X-Business-Use-Case-Usage (${e.type ?? 'business use case'})`,
          ...(e.estimated_time_to_regain_access ? { regainMinutes: e.estimated_time_to_regain_access } : {}),
        });
      }
    }
  }
  for (const name of ['X-App-Usage', 'X-Page-Usage']) {
    const app = appUsageSchema.safeParse(json(header(headers, name)));
    if (app.success) {
      const percent = Math.max(
        app.data.call_count ?? 0,
        app.data.total_cputime ?? 0,
        app.data.total_time ?? 0,
      );
      consider({ percent, source: name });
    }
  }
  return best;
}

/** The highest usage seen over one run. */
export class GraphUsage {
  peak: UsageReading | undefined;

  note(res: HttpResponse): UsageReading | undefined {
    const reading = readUsage(res.headers);
    if (reading && (!this.peak || reading.percent >= this.peak.percent)) this.peak = reading;
    return reading;
  }

  /** True once a limit is nearly used up: stop reading further pages this run. */
  get nearLimit(): boolean {
    return (this.peak?.percent ?? 0) >= 95 || (this.peak?.regainMinutes ?? 0) > 0;
  }

  regainText(): string | undefined {
    const m = this.peak?.regainMinutes;
    return m ? `Meta expects access again in about ${m} minute${m === 1 ? '' : 's'}` : undefined;
  }

  /** A warning for the run when usage is high (75 % or more of a limit). */
  warning(): string | undefined {
    if (!this.peak || this.peak.percent < 75) return undefined;
    return `Meta reports ${this.peak.percent}% of a rate limit used (${this.peak.source})${
      this.nearLimit ? '; further pages were not read this run' : ''
    }${this.regainText() ? `; ${this.regainText()}` : ''}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Publishing

/** A PublishError for a Graph error answer to a write, with the code's meaning. */
function graphPublishError(title: string, what: string, a: Answer, permissions: string): PublishError {
  const e = graphErrorOf(a.body);
  if (!e) return statusError(title, what, a);
  const hint = graphHint(e, permissions);
  return new PublishError(
    `${title} answered HTTP ${a.status} to ${what}: Graph API error ${e.code ?? '?'}${
      e.error_subcode ? `/${e.error_subcode}` : ''
    }: "${(e.error_user_msg ?? e.message ?? 'error').slice(0, 300)}"${hint ? ` (${hint.replace(/; the source is retried on the next run$/, ': try /reply again later')})` : ''}`,
    a.status >= 500,
    a.status,
  );
}

export interface GraphMessage {
  /** The edge written to: `{root}/{object-id}/comments`, `{root}/{comment-id}/replies`. */
  url: string;
  token: string;
  appSecret: string | undefined;
  message: string;
  /** For messages: who answers ("Facebook") and what the write does ("posting the comment"). */
  title: string;
  what: string;
  permissions: string;
}

/**
 * Posts `message` as a form (with `appsecret_proof` when an app secret is set, the token in the
 * header) and returns the new object's id; a Graph error answer becomes a PublishError that says
 * what it means. Sent once, never retried.
 */
export async function postGraphMessage(http: HttpClient, m: GraphMessage): Promise<string> {
  const answer = await send(http, {
    url: m.url,
    headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ message: m.message, ...proofParam(m.token, m.appSecret) }).toString(),
    what: m.what,
  });
  if (answer.status !== 200 || graphErrorOf(answer.body))
    throw graphPublishError(m.title, m.what, answer, m.permissions);
  const id = record(answer.body)?.id;
  if (typeof id !== 'string' || !id)
    throw new PublishError(`${m.title} answered ${answer.status} without the new comment's id`, true);
  return id;
}

/** A Graph object id as it may appear in a path: digits, maybe joined by `_` (post and comment ids). */
export const GRAPH_ID = /^\d+(?:_\d+)*$/;
