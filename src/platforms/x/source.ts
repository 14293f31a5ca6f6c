/**
 * X (Twitter) through the X API v2, with the app's Bearer Token (app-only). One source, two
 * request streams read by the shared loop (../shared/window-fetch.ts), deduplicated by post id:
 *
 * - **Recent search** — `GET {baseUrl}/2/tweets/search/recent?query=…&max_results=…&sort_order=recency`:
 *   the company's terms OR-joined (quoted where they are phrases), `-is:retweet` unless `retweets`,
 *   `lang:` when set, at most 512 characters (terms that do not fit are named in a warning); or the
 *   source's own `query`. The last 7 days only. Pages follow `meta.next_token` (`next_token=`).
 * - **Mentions timeline** of the team's own account — `GET {baseUrl}/2/users/{userId}/mentions`
 *   when `userId` is set: the posts that @-mention the account, whatever words they use (a reply in
 *   a thread that names no product). Pages follow `meta.next_token` (`pagination_token=`).
 *
 * Both ask for `tweet.fields=created_at,public_metrics,lang,conversation_id,in_reply_to_user_id,
 * referenced_tweets,entities,note_tweet`, `expansions=author_id` and
 * `user.fields=username,name,public_metrics`: the authors arrive in `includes.users`, their
 * `followers_count` is the reach; the post's reposts + replies + likes + quotes its engagement.
 * Long posts are read from `note_tweet`, t.co links expanded (./text.ts).
 *
 * Cursor: per stream, the newest post id seen (search: for this query; mentions: for this account).
 * The next run sends `since_id` = that id minus one minute (snowflake ids carry their time), so it
 * reads only what is new — every post read is billed — with a minute's overlap for posts indexed
 * late. Without one (first run, another query, an id older than the window) it sends `start_time`:
 * the look-back window, for recent search at most 7 days back. The API sends no validators.
 *
 * Rate limits: 15-minute windows per endpoint (recent search and mentions: 450 requests per app).
 * Every answer carries `x-rate-limit-remaining` and `x-rate-limit-reset` (Unix seconds); a 429 is
 * waited out by the HTTP client until `Retry-After` or, without it, `x-rate-limit-reset` when that
 * is at most a minute away, else the source fails saying when the window resets (its cursor stays;
 * the next run catches up).
 *
 * Errors: 4xx answers are X's problem JSON (`{title, detail, type, status}`); a 200 answer can carry
 * an `errors` array too (partial errors: warnings when there are posts, a failure when there are none).
 */

import { createHash } from 'node:crypto';
import * as z from 'zod';
import { redactTokens } from '../../http/redact.js';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  queryOption,
  requireCredential,
  termsFor,
  timeoutMsOption,
  urlOption,
  validEntry,
  windowStart,
  withQuery,
} from '../shared/api-source.js';
import { platformError } from '../shared/publish-http.js';
import { fetchWindow, type PageStream, requireTerms } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceContext } from '../source.js';
import { sourceBaseSchema } from '../source.js';
import { postUrl } from './post-url.js';
import { postText } from './text.js';

const TITLE = 'X (Twitter)';
const MAX_TERMS = 25;
/** Recent search's query limit for self-serve access (the rate-limit table: "512 query length"). */
export const MAX_QUERY_LENGTH = 512;
/** Recent search reaches 7 days back; start_time must be inside them (a margin for clock skew). */
const SEARCH_DAYS_MS = 7 * 86_400_000 - 10 * 60_000;
/** The overlap of since_id with the previous run: posts indexed up to a minute late are still read. */
const OVERLAP_MS = 60_000;
/** X's snowflake epoch (2010-11-04T01:42:54.657Z): id >> 22 is milliseconds since it. */
const SNOWFLAKE_EPOCH = 1_288_834_974_657n;

export const TWEET_FIELDS =
  'created_at,public_metrics,lang,conversation_id,in_reply_to_user_id,referenced_tweets,entities,note_tweet';
export const USER_FIELDS = 'username,name,public_metrics';

const TOKEN_HELP = {
  name: 'bearerToken',
  env: 'X_BEARER_TOKEN',
  howTo:
    'In the X Developer Console (console.x.com) open your app → Keys and tokens → Bearer Token → ' +
    'Generate; the app must belong to a project with API access and credits (reads are billed per post).',
};
const AUTH_HINT =
  'check the bearerToken credential (the app’s Bearer Token: Developer Console → your app → Keys and ' +
  'tokens; regenerating it invalidates the old one) and that the app belongs to a project with API access';
const RATE_LIMIT_HINT =
  'X allows 450 requests per 15-minute window per app on recent search and on the mentions ' +
  'timeline; "usage-capped" means the credits or the monthly cap of post reads are used up';

export const xSchema = sourceBaseSchema.extend({
  kind: z
    .literal('x')
    .describe(
      "X (Twitter): recent search and your account's mentions (needs a Bearer Token; reads are billed).",
    ),
  query: queryOption,
  search: z
    .boolean()
    .default(true)
    .describe('Run the recent search (default true). false reads only the mentions timeline of userId.'),
  userId: z
    .string()
    .regex(/^[0-9]{1,19}$/, 'the numeric id of your account (not its @handle)')
    .optional()
    .describe(
      "Your account's numeric id: its mentions timeline is read too (posts that @-mention you, whatever they say).",
    ),
  retweets: z
    .boolean()
    .default(false)
    .describe('Include reposts (retweets) in the search (default false: the query gets -is:retweet).'),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'a language code such as en or pt')
    .optional()
    .describe('Only posts X detected in this language (the search operator lang:).'),
  maxResults: z
    .number()
    .int()
    .min(10)
    .max(100)
    .default(100)
    .describe('Posts per API page (10–100, default 100).'),
  maxPages: maxPagesOption(3),
  baseUrl: urlOption('https://api.x.com', 'Root of the X API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type XSource = z.infer<typeof xSchema>;

const userSchema = z
  .object({
    id: z.string(),
    username: z.string().nullish(),
    name: z.string().nullish(),
    public_metrics: z.object({ followers_count: z.number().nullish() }).loose().nullish(),
  })
  .loose();
type User = z.infer<typeof userSchema>;

const count = z.number().nullish();
const postSchema = z
  .object({
    id: z.string().regex(/^[0-9]{1,19}$/, 'a post id'),
    text: z.string(),
    author_id: z.string().nullish(),
    created_at: z.string().nullish(),
    lang: z.string().nullish(),
    public_metrics: z
      .object({ retweet_count: count, reply_count: count, like_count: count, quote_count: count })
      .loose()
      .nullish(),
    entities: z.unknown().optional(),
    note_tweet: z.unknown().optional(),
    note_post: z.unknown().optional(),
  })
  .loose();
type Post = z.infer<typeof postSchema>;

const pageSchema = z.object({
  data: z.array(z.unknown()).nullish(),
  includes: z
    .object({ users: z.array(z.unknown()).nullish() })
    .loose()
    .nullish(),
  meta: z.object({ result_count: z.number().nullish(), next_token: z.string().nullish() }).loose().nullish(),
  errors: z.array(z.unknown()).nullish(),
});

export interface XPage {
  items: RawItem[];
  warnings: string[];
  nextToken?: string;
  /** The largest post id on the page. */
  newestId?: string;
}

/** An X username as the API gives it (1–15 letters, digits, underscores), else undefined. */
function username(user: User | undefined): string | undefined {
  const u = user?.username;
  return u && /^[A-Za-z0-9_]{1,15}$/.test(u) ? u : undefined;
}

/** A language tag X detected; not `und` (undetermined), `zxx` (no language) or its `q..` codes. */
function language(lang: string | null | undefined): string | undefined {
  if (!lang || !/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/.test(lang)) return undefined;
  return lang === 'und' || lang === 'zxx' || /^q[a-t][a-z]$/.test(lang) ? undefined : lang;
}

function postToItem(p: Post, users: ReadonlyMap<string, User>): RawItem {
  const user = p.author_id ? users.get(p.author_id) : undefined;
  const handle = username(user);
  const item: RawItem = {
    id: p.id,
    url: postUrl(p.id, handle),
    text: postText(p),
    replyTo: { tweetId: p.id },
  };
  if (handle) {
    item.author = `@${handle}`;
    item.authorUrl = `https://x.com/${handle}`;
  } else if (user?.name) item.author = user.name;
  const followers = user?.public_metrics?.followers_count;
  if (typeof followers === 'number') item.reach = followers;
  const m = p.public_metrics;
  const counts = [m?.retweet_count, m?.reply_count, m?.like_count, m?.quote_count];
  if (counts.some((c) => typeof c === 'number'))
    item.engagement = counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  const published = isoOrUndefined(p.created_at);
  if (published) item.published = published;
  const lang = language(p.lang);
  if (lang) item.lang = lang;
  return item;
}

/** The words of X's problem objects (`errors[]` of a 200 answer, or a 4xx body), bounded. */
function problems(errors: readonly unknown[]): string[] {
  const words = errors
    .map((e) => (typeof e === 'string' ? redactTokens(e).slice(0, 300) : platformError(e)))
    .filter((w): w is string => w !== undefined && w !== '');
  return [...new Set(words)].slice(0, 3);
}

function newer(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** A recent-search or mentions-timeline answer → items (authors from includes.users). */
export function parseXPage(json: unknown, url: string): XPage {
  const page = parsePayload(pageSchema, json, TITLE, url);
  const users = new Map<string, User>();
  for (const raw of page.includes?.users ?? []) {
    const user = userSchema.safeParse(raw);
    if (user.success) users.set(user.data.id, user.data);
  }
  const data = page.data ?? [];
  const reported = problems(page.errors ?? []);
  if (data.length === 0 && (page.errors?.length ?? 0) > 0)
    throw new Error(
      `${TITLE}: ${url} answered with errors and no posts: ${reported.join('; ') || `${page.errors?.length} error(s) without words`}`,
    );
  // Even "no match" carries meta.result_count: an answer with neither posts nor meta is not X's.
  if (data.length === 0 && !page.meta)
    throw new Error(`${TITLE}: ${url} is not the expected payload: meta: neither data nor meta`);
  const items: RawItem[] = [];
  const warnings = reported.map((w) => `X reported: ${w}`);
  let newestId: string | undefined;
  data.forEach((raw, i) => {
    const post = validEntry(postSchema, raw, warnings, `post ${i}`, 'post');
    if (!post) return;
    items.push(postToItem(post, users));
    newestId = newer(newestId, post.id);
  });
  const result: XPage = { items, warnings };
  if (page.meta?.next_token) result.nextToken = page.meta.next_token;
  if (newestId) result.newestId = newestId;
  return result;
}

/** A search term in X's query syntax: @handles, #hashtags, $cashtags and single words as they are, else a phrase. */
function queryTerm(term: string): string {
  if (/^[@#$]?[\p{L}\p{N}_]+$/u.test(term)) return term;
  return `"${term.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim()}"`;
}

/**
 * The recent-search query: the source's own `query`, or the terms OR-joined as long as the query
 * stays within 512 characters (the rest are returned as `dropped`); `-is:retweet` unless
 * `retweets` (or the query already says is:retweet), `lang:` when set.
 */
export function searchQuery(
  terms: readonly string[],
  source: Pick<XSource, 'query' | 'retweets' | 'lang'>,
): { query: string; dropped: string[] } {
  const base = source.query ?? '';
  const suffix = [
    source.retweets || /\bis:retweet\b/.test(base) ? '' : '-is:retweet',
    source.lang && !/\blang:/.test(base) ? `lang:${source.lang}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const join = (core: string) => (suffix ? `${core} ${suffix}` : core);
  if (source.query) return { query: join(source.query), dropped: [] };
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const term of terms) {
    const next = [...kept, queryTerm(term)];
    const core = next.length > 1 ? `(${next.join(' OR ')})` : (next[0] ?? '');
    if (join(core).length <= MAX_QUERY_LENGTH) kept.push(queryTerm(term));
    else dropped.push(term);
  }
  const core = kept.length > 1 ? `(${kept.join(' OR ')})` : (kept[0] ?? '');
  return { query: join(core), dropped };
}

/** The time a snowflake post id carries, in ms since 1970, or undefined for an id that is not one. */
export function snowflakeTime(id: string): number | undefined {
  if (!/^[0-9]{1,19}$/.test(id)) return undefined;
  const ms = (BigInt(id) >> 22n) + SNOWFLAKE_EPOCH;
  return ms > SNOWFLAKE_EPOCH ? Number(ms) : undefined;
}

/** since_id for a stream: the newest id seen minus the overlap, when it is still inside `floor`. */
export function sinceIdFrom(newest: string | undefined, floor: Date): string | undefined {
  const at = newest === undefined ? undefined : snowflakeTime(newest);
  if (newest === undefined || at === undefined || at - OVERLAP_MS < floor.getTime()) return undefined;
  return (BigInt(newest) - (BigInt(OVERLAP_MS) << 22n)).toString();
}

/** YYYY-MM-DDTHH:mm:ssZ: X's start_time takes whole seconds. */
function xTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A 4xx answer → an Error in X's words with what to do about it. */
function refused(res: HttpResponse, what: string, source: XSource): Error {
  let body: unknown;
  try {
    body = JSON.parse(res.text());
  } catch {
    body = undefined;
  }
  const words = platformError(body);
  const type = typeof (body as { type?: unknown })?.type === 'string' ? (body as { type: string }).type : '';
  const hint = type.endsWith('/usage-capped')
    ? 'the credits or the monthly cap of post reads are used up: add credits in the Developer Console'
    : res.status === 401 || res.status === 403
      ? AUTH_HINT
      : res.status === 404 || /resource-not-found/.test(type)
        ? `check userId (${source.userId ?? 'not set'}): the numeric id of your account`
        : 'check the query (X search syntax, at most 512 characters) and the source options';
  return new Error(`${what} answered HTTP ${res.status}${words ? `: ${words}` : ''} — ${hint}`);
}

type Stream = 'search' | 'mentions';

export const xAdapter: SourceAdapter<XSource> = {
  kind: 'x',
  title: TITLE,
  schema: xSchema,
  credentials: [credentialSpec(TOKEN_HELP, "The app's Bearer Token.")],
  cursor:
    'per stream the newest post id: the next run sends since_id (minus one minute); first run start_time from the look-back window (search: 7 days at most)',
  reach:
    "the author's followers_count (expansions=author_id); engagement: reposts + replies + likes + quotes",
  urlNamesItem: true,
  limits:
    '450 requests per 15-minute window per app on recent search and on mentions (x-rate-limit-remaining/-reset); 10–100 posts a request; reads billed per post ($0.005, deduplicated per UTC day; 3 million post reads a month)',

  parse(input: ParseInput): RawItem[] {
    return parseXPage(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx: SourceContext<XSource>): Promise<FetchResult> {
    const { source } = ctx;
    const token = requireCredential(TITLE, ctx, TOKEN_HELP);
    const previous = ctx.cursor?.data ?? {};
    const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
    const start = windowStart(ctx);
    const searchFloor = new Date(Math.max(start.getTime(), ctx.now.getTime() - SEARCH_DAYS_MS));
    const kindOf = new Map<PageStream, Stream>();
    const newest: Partial<Record<Stream, string>> = {};
    const notes: string[] = [];
    let queryKey: string | undefined;
    const common = {
      max_results: source.maxResults,
      'tweet.fields': TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': USER_FIELDS,
    };
    /** The previous run's newest id of a stream, when it was read for the same query or account. */
    const kept = (id: unknown, key: unknown, want: string | undefined) =>
      typeof id === 'string' && key === want ? id : undefined;
    const request = (url: string) => ({
      url,
      headers,
      rateLimitResetHeader: 'x-rate-limit-reset',
      // X's problem JSON for a refused request is read here; 429s go to the HTTP client's waits.
      acceptStatus: (s: number) => (s >= 200 && s < 300) || (s >= 400 && s < 500 && s !== 408 && s !== 429),
    });

    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [token],
      authHint: AUTH_HINT,
      rateLimitHint: RATE_LIMIT_HINT,
      conditional: false,
      streams() {
        if (!source.search && !source.userId)
          throw new Error(
            'nothing to read: leave "search" on, or set "userId" (your account) for its mentions',
          );
        const streams: PageStream[] = [];
        if (source.search) {
          const { query, dropped } = searchQuery(
            requireTerms(termsFor(ctx, source.query, MAX_TERMS)),
            source,
          );
          if (dropped.length > 0)
            notes.push(
              `search terms left out to keep the query within ${MAX_QUERY_LENGTH} characters: ${dropped.join(', ')} (set the source option "query")`,
            );
          queryKey = shortHash(query);
          const since = sinceIdFrom(
            kept(previous.searchSinceId, previous.searchQuery, queryKey),
            searchFloor,
          );
          const stream = {
            label: 'recent search',
            first: request(
              apiUrl(source.baseUrl, '/2/tweets/search/recent', {
                query,
                ...common,
                sort_order: 'recency',
                ...(since ? { since_id: since } : { start_time: xTime(searchFloor) }),
              }),
            ),
          };
          kindOf.set(stream, 'search');
          streams.push(stream);
        }
        if (source.userId) {
          const since = sinceIdFrom(
            kept(previous.mentionsSinceId, previous.mentionsUser, source.userId),
            start,
          );
          const stream = {
            label: `mentions of user ${source.userId}`,
            first: request(
              apiUrl(source.baseUrl, `/2/users/${source.userId}/mentions`, {
                ...common,
                ...(since ? { since_id: since } : { start_time: xTime(start) }),
              }),
            ),
          };
          kindOf.set(stream, 'mentions');
          streams.push(stream);
        }
        return streams;
      },
      page(res, req, stream) {
        const kind = kindOf.get(stream) ?? 'search';
        const what = kind === 'search' ? 'recent search' : `the mentions timeline of user ${source.userId}`;
        if (res.status >= 400) throw refused(res, what, source);
        const parsed = parseXPage(res.json(), req.url);
        const top = newer(newest[kind], parsed.newestId);
        if (top) newest[kind] = top;
        const warnings = [...notes.splice(0), ...parsed.warnings.map((w) => `${what}: ${w}`)];
        const tokenParam = kind === 'search' ? 'next_token' : 'pagination_token';
        return {
          items: parsed.items,
          warnings,
          next:
            parsed.nextToken && parsed.items.length > 0
              ? { ...req, url: withQuery(req.url, { [tokenParam]: parsed.nextToken }) }
              : undefined,
        };
      },
      cursorData() {
        const data: Record<string, string> = {};
        const search = newer(newest.search, kept(previous.searchSinceId, previous.searchQuery, queryKey));
        if (source.search && search && queryKey) {
          data.searchSinceId = search;
          data.searchQuery = queryKey;
        }
        const mentions = newer(
          newest.mentions,
          kept(previous.mentionsSinceId, previous.mentionsUser, source.userId),
        );
        if (source.userId && mentions) {
          data.mentionsSinceId = mentions;
          data.mentionsUser = source.userId;
        }
        return data;
      },
    });
  },
};
