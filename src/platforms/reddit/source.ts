/**
 * Reddit: posts found by search, and the newest comments of chosen subreddits.
 *
 * With app credentials (recommended; "api" mode):
 * - `POST {baseUrl}/api/v1/access_token` `grant_type=client_credentials` with HTTP Basic
 *   clientId:clientSecret (application-only OAuth) → a bearer token for this run only.
 * - `GET {apiUrl}/search?q=<a OR "b c">&sort=new&type=link&limit=100&raw_json=1&after=…` — posts
 *   (t3). Reddit's search API does not return comments, so comments come from
 *   `GET {apiUrl}/r/<sub1+sub2>/comments?limit=100&raw_json=1` for the `subreddits` listed.
 * Without credentials ("rss" mode, a fallback that Reddit may block from cloud IPs):
 * - `GET {baseUrl}/search.rss?q=…&sort=new&type=link&limit=100` and `{baseUrl}/r/<subs>/comments.rss`,
 *   Atom read with the shared feed reader; validators kept (304).
 *
 * Cursor: `since` = created_utc of the newest item; items older than the look-back window are
 * dropped. Listings page with `after` until an item is older than the window or `maxPages`.
 * Reach: the post's or comment's `score` (priority treats ~50 as typical); engagement: a post's
 * `num_comments`. Author karma would cost one /user/<name>/about call per author: not fetched.
 * Ids are Reddit fullnames (t3_…, t1_…) in both modes, so switching modes makes no duplicates.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  epochToIso,
  inputJson,
  inputText,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  missingCredentialMessage,
  optionalCredential,
  parsePayload,
  queryOption,
  termsFor,
  timeoutMsOption,
  urlOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { feedReader, loadFeedReader } from '../shared/feed/reader.js';
import { fetchWindow, type PageStream } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceContext } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Reddit';
const MAX_TERMS = 10;
const MAX_QUERY_CHARS = 512;
const WEB = 'https://www.reddit.com';
export const DEFAULT_REDDIT_USER_AGENT =
  'github-actions:earshot:0.1 (mention monitor; +https://github.com/earshot/earshot)';
const APP_HOW_TO =
  'Create a "script" app at https://www.reddit.com/prefs/apps (its id is under the name, the secret ' +
  'is labelled "secret"); Reddit asks API users to register under its Data API terms.';

export const redditSchema = sourceBaseSchema.extend({
  kind: z.literal('reddit').describe('Reddit posts (search) and subreddit comments.'),
  query: queryOption,
  subreddits: z
    .array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'a subreddit name without r/'))
    .default([])
    .describe('Subreddits whose newest comments are read too (search finds posts only), e.g. your own.'),
  mode: z
    .enum(['auto', 'api', 'rss'])
    .default('auto')
    .describe(
      'api: OAuth app credentials; rss: public feeds, no credentials; auto: api when credentials are set.',
    ),
  limit: z.number().int().min(1).max(100).default(100).describe('Items per page (1–100, default 100).'),
  maxPages: maxPagesOption(3),
  baseUrl: urlOption(WEB, 'Reddit web root (token endpoint and RSS feeds)'),
  apiUrl: urlOption('https://oauth.reddit.com', 'Reddit OAuth API root'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type RedditSource = z.infer<typeof redditSchema>;

const thingData = z.object({
  id: z.string().nullish(),
  name: z.string().min(4),
  title: z.string().nullish(),
  selftext: z.string().nullish(),
  body: z.string().nullish(),
  author: z.string().nullish(),
  subreddit: z.string().nullish(),
  permalink: z.string().nullish(),
  link_id: z.string().nullish(),
  url: z.string().nullish(),
  created_utc: z.number().nullish(),
  score: z.number().nullish(),
  num_comments: z.number().nullish(),
  lang: z.string().nullish(),
});
type ThingData = z.infer<typeof thingData>;
const thingSchema = z.object({ kind: z.string(), data: z.unknown() });
const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({ after: z.string().nullish(), children: z.array(z.unknown()) }),
});
const tokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string().optional() });

export interface RedditPage {
  items: RawItem[];
  warnings: string[];
  after?: string;
}

function authorOf(name: string | null | undefined): string | undefined {
  const bare = name?.trim().replace(/^\/?u\//, '');
  if (!bare || bare === '[deleted]' || bare === '[removed]') return undefined;
  return bare;
}

const BASE36 = /^[a-z0-9]+$/i;

/**
 * The thing's address: its `permalink`, else built from its ids — a comment from `link_id` (the
 * post) and `id`, a post from `id` (the title slug is optional on Reddit, `_` stands for it).
 */
function permalinkOf(isComment: boolean, d: ThingData): string | undefined {
  if (d.permalink) return d.permalink.startsWith('http') ? d.permalink : WEB + d.permalink;
  const id = d.id ?? d.name.replace(/^t[13]_/, '');
  if (!BASE36.test(id)) return undefined;
  const sub = d.subreddit && /^[A-Za-z0-9_]+$/.test(d.subreddit) ? `/r/${d.subreddit}` : '';
  if (!isComment) return `${WEB}${sub}/comments/${id}/`;
  const post = d.link_id?.replace(/^t3_/, '');
  if (!post || !BASE36.test(post)) return undefined;
  return sub ? `${WEB}${sub}/comments/${post}/comment/${id}/` : `${WEB}/comments/${post}/_/${id}/`;
}

function thingToItem(kind: string, d: ThingData): RawItem {
  const isComment = kind === 't1';
  const item: RawItem = {
    id: d.name,
    text: ((isComment ? d.body : d.selftext) ?? '').trim(),
    replyTo: { thingId: d.name },
  };
  const url = permalinkOf(isComment, d);
  if (url) item.url = url;
  if (!isComment && d.title) item.title = d.title;
  const author = authorOf(d.author);
  if (author) {
    item.author = `u/${author}`;
    item.authorUrl = `${WEB}/user/${encodeURIComponent(author)}`;
  }
  if (typeof d.score === 'number') item.reach = d.score;
  if (!isComment && typeof d.num_comments === 'number') item.engagement = d.num_comments;
  const published = epochToIso(d.created_utc);
  if (published) item.published = published;
  return item;
}

/** A Listing of t3 (posts) and t1 (comments) → items. */
export function parseRedditListing(json: unknown, url: string): RedditPage {
  const listing = parsePayload(listingSchema, json, TITLE, url);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  listing.data.children.forEach((raw, i) => {
    const thing = thingSchema.safeParse(raw);
    if (!thing.success || (thing.data.kind !== 't3' && thing.data.kind !== 't1')) return;
    const data = validEntry(thingData, thing.data.data, warnings, `child ${i}`, 'data');
    if (!data) return;
    items.push(thingToItem(thing.data.kind, data));
  });
  const page: RedditPage = { items, warnings };
  if (listing.data.after) page.after = listing.data.after;
  return page;
}

/** Reddit's Atom search/comment feeds → items with the same ids as the API (fullnames). */
export function parseRedditFeed(input: ParseInput): RedditPage {
  const feed = feedReader().readFeed(input);
  const items = feed.items.map((raw) => {
    const item: RawItem = { ...raw };
    if (item.id) {
      const fullname = /\b(t[13]_[a-z0-9]+)\b/i.exec(item.id)?.[1];
      if (fullname) {
        item.id = fullname;
        item.replyTo = { thingId: fullname };
      }
    }
    const author = authorOf(item.author?.trim());
    if (author) {
      item.author = `u/${author}`;
      item.authorUrl ??= `${WEB}/user/${encodeURIComponent(author)}`;
    } else {
      delete item.author;
      delete item.authorUrl;
    }
    if (item.id?.startsWith('t1_')) delete item.title;
    return item;
  });
  return { items, warnings: feed.warnings };
}

/** `a OR "b c"` — Reddit search understands OR and quoted phrases. */
export function orQuery(terms: readonly string[]): string {
  let q = '';
  for (const term of terms) {
    const part = /\s/.test(term) ? `"${term.replace(/"/g, '')}"` : term;
    const next = q ? `${q} OR ${part}` : part;
    if (next.length > MAX_QUERY_CHARS) break;
    q = next;
  }
  return q;
}

async function appToken(
  http: MeteredHttp,
  source: RedditSource,
  clientId: string,
  clientSecret: string,
  userAgent: string,
): Promise<string> {
  const url = apiUrl(source.baseUrl, '/api/v1/access_token');
  const res = await http.request({
    url,
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': userAgent,
    },
    body: 'grant_type=client_credentials',
    acceptStatus: (s) => (s >= 200 && s < 300) || s === 400 || s === 401 || s === 403,
    retries: 0,
  });
  const body = res.status < 300 ? tokenSchema.safeParse(res.json()) : undefined;
  if (!body?.success) {
    throw new SourceError(
      `${TITLE} refused the app credentials (HTTP ${res.status}): check clientId and clientSecret. ${APP_HOW_TO}`,
      source.id,
    );
  }
  return body.data.access_token;
}

function chooseMode(ctx: SourceContext<RedditSource>, hasCredentials: boolean): 'api' | 'rss' {
  const { mode } = ctx.source;
  if (mode === 'rss') return 'rss';
  if (mode === 'api' || hasCredentials) return 'api';
  return 'rss';
}

export const redditAdapter: SourceAdapter<RedditSource> = {
  kind: 'reddit',
  title: TITLE,
  schema: redditSchema,
  credentials: [
    { name: 'clientId', required: false, description: `OAuth app id (api mode). ${APP_HOW_TO}` },
    { name: 'clientSecret', required: false, description: 'OAuth app secret (api mode), from the same app.' },
    {
      name: 'userAgent',
      required: false,
      description:
        'A descriptive User-Agent as Reddit asks: "<platform>:<app id>:<version> (by /u/<your username>)". ' +
        `Default: "${DEFAULT_REDDIT_USER_AGENT}".`,
    },
  ],
  cursor: 'created_utc of the newest post or comment (items older than the look-back window are dropped)',
  reach: "the item's score (author karma is not fetched); engagement: a post's num_comments",
  urlNamesItem: true,
  limits:
    '100 requests a minute per OAuth client (rss mode: far lower, and often blocked from cloud IPs); search returns posts only',

  parse(input: ParseInput): RawItem[] {
    const text = inputText(input).trimStart();
    if (text.startsWith('<')) return parseRedditFeed(input).items;
    return parseRedditListing(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const clientId = optionalCredential(ctx, 'clientId');
    const clientSecret = optionalCredential(ctx, 'clientSecret');
    const userAgent = optionalCredential(ctx, 'userAgent') ?? DEFAULT_REDDIT_USER_AGENT;
    const mode = chooseMode(ctx, clientId !== undefined && clientSecret !== undefined);
    if (mode === 'api' && (!clientId || !clientSecret)) {
      const missing = [
        !clientId
          ? missingCredentialMessage(TITLE, ctx, { name: 'clientId', env: 'REDDIT_CLIENT_ID', howTo: '' })
          : '',
        !clientSecret
          ? missingCredentialMessage(TITLE, ctx, {
              name: 'clientSecret',
              env: 'REDDIT_CLIENT_SECRET',
              howTo: APP_HOW_TO,
            })
          : '',
      ];
      throw new SourceError(
        `${missing.filter(Boolean).join(' ')} (Or set mode: rss to use the public feeds without credentials.)`,
        source.id,
      );
    }
    let token: string | undefined;
    await loadFeedReader(); // the public feeds are Atom (first use loads the reader)
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [clientSecret, token],
      authHint:
        mode === 'rss'
          ? 'Reddit often blocks anonymous feed requests from cloud IPs: use app credentials (mode: api)'
          : 'check the app credentials and the userAgent',
      async streams(http) {
        const q = source.query ?? orQuery(termsFor(ctx, undefined, MAX_TERMS));
        if (!q && source.subreddits.length === 0) {
          throw new Error('no search terms: set the company name, the option "query" or "subreddits"');
        }
        const subs = source.subreddits.join('+');
        const streams: PageStream[] = [];
        if (mode === 'rss') {
          // Public feeds: one page each, validators kept (304).
          const headers = { 'user-agent': userAgent, accept: 'application/atom+xml, application/xml' };
          const search = { q, sort: 'new', type: 'link', limit: source.limit };
          if (q)
            streams.push({
              label: 'search feed',
              first: { url: apiUrl(source.baseUrl, '/search.rss', search), headers },
            });
          if (subs) {
            const url = apiUrl(source.baseUrl, `/r/${subs}/comments.rss`, { limit: source.limit });
            streams.push({ label: `r/${subs} comments feed`, first: { url, headers } });
          }
          return streams;
        }
        token = await appToken(http, source, clientId ?? '', clientSecret ?? '', userAgent);
        const headers = {
          'user-agent': userAgent,
          authorization: `Bearer ${token}`,
          accept: 'application/json',
        };
        const search = { q, sort: 'new', type: 'link', limit: source.limit, raw_json: 1 };
        if (q)
          streams.push({
            label: 'search',
            first: { url: apiUrl(source.apiUrl, '/search', search), headers },
          });
        if (subs) {
          const url = apiUrl(source.apiUrl, `/r/${subs}/comments`, { limit: source.limit, raw_json: 1 });
          streams.push({ label: `r/${subs} comments`, first: { url, headers } });
        }
        return streams;
      },
      // The API listings answer per token; only the feeds keep validators.
      conditional: mode === 'rss',
      page(res, req, stream) {
        const input: ParseInput = { body: res.bytes, url: req.url };
        if (res.headers['content-type']) input.contentType = res.headers['content-type'];
        const parsed = mode === 'rss' ? parseRedditFeed(input) : parseRedditListing(res.json(), req.url);
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next: parsed.after ? { ...req, url: withQuery(req.url, { after: parsed.after }) } : undefined,
        };
      },
    });
  },
};
