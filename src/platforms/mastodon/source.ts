/**
 * Mastodon (and servers with its API): hashtag timelines, anonymously, and full-text status search
 * with an access token, on one server (`instance`).
 *
 * - Hashtags: `GET {instance}/api/v1/timelines/tag/:hashtag?limit=40` — a first run pages back with
 *   `max_id` through the look-back window; later runs page forward with `min_id` from the newest
 *   status seen (nothing is skipped however busy the tag is).
 * - Search: `GET {instance}/api/v2/search?q=<term>&type=statuses&resolve=false&min_id=<id>&limit=40&offset=<n>`
 *   (needs `accessToken`; the server must have full-text search enabled). One stream per term.
 * - Cursor: `data["tag:<name>"]` / `data["q:<term>"]` = the newest status id per timeline, used as
 *   `min_id` minus a 15-minute overlap (Mastodon ids start with a millisecond timestamp; late
 *   federated posts get ids from their own creation time). `since` = the newest created_at.
 * - Reach: `account.followers_count`; engagement: replies + boosts + favourites. Keyed by the
 *   status `uri` (global), so the same post seen through two servers collapses.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import { htmlToText } from '../shared/api-html-text.js';
import {
  apiUrl,
  inputJson,
  isoOrUndefined,
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
import { fetchWindow, type PageRequest, type PageStream } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Mastodon';
const OVERLAP_MS = 15 * 60_000;
const MAX_TERMS = 5;
const TOKEN_HELP = {
  name: 'accessToken',
  env: 'MASTODON_ACCESS_TOKEN',
  howTo:
    'Create one on your server under Preferences → Development → New application with the scope ' +
    '"read:search" (and "read:statuses"), then copy "Your access token".',
};

export const mastodonSchema = sourceBaseSchema.extend({
  kind: z.literal('mastodon').describe('Mastodon hashtag timelines and status search on one server.'),
  instance: urlOption('https://mastodon.social', 'Base URL of the Mastodon server to read from'),
  hashtags: z
    .array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u, 'a hashtag: letters, digits and _ only'))
    .default([])
    .describe('Hashtags to follow (with or without #), read anonymously, e.g. ["acmecloud"].'),
  search: z
    .boolean()
    .default(true)
    .describe('Also search statuses for the company terms (needs the accessToken credential).'),
  query: queryOption,
  limit: z.number().int().min(1).max(40).default(40).describe('Statuses per API page (1–40, default 40).'),
  maxPages: maxPagesOption(5),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type MastodonSource = z.infer<typeof mastodonSchema>;

const accountSchema = z.object({
  id: z.string().nullish(),
  username: z.string().nullish(),
  acct: z.string().nullish(),
  display_name: z.string().nullish(),
  url: z.string().nullish(),
  followers_count: z.number().nullish(),
});

const baseStatusSchema = z.object({
  id: z.string().min(1),
  uri: z.string().nullish(),
  url: z.string().nullish(),
  created_at: z.string().nullish(),
  content: z.string().nullish(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  visibility: z.string().nullish(),
  account: accountSchema.nullish(),
  replies_count: z.number().nullish(),
  reblogs_count: z.number().nullish(),
  favourites_count: z.number().nullish(),
});
const statusSchema = baseStatusSchema.extend({ reblog: baseStatusSchema.nullish() });
type BaseStatus = z.infer<typeof baseStatusSchema>;

const timelineSchema = z.array(z.unknown());
const searchSchema = z.object({ statuses: z.array(z.unknown()) });

export interface MastodonPage {
  items: RawItem[];
  warnings: string[];
  /** Local status ids of the page (as the server lists them), for paging. */
  ids: string[];
  /** Raw statuses counted (including skipped ones), to know whether a page was full. */
  count: number;
}

/** Compares two status ids: numeric ids by value, others as strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A Mastodon id (milliseconds << 16) moved back by `ms`, so that statuses created a little before
 * the cursor but delivered late are still asked for. Ids of other shapes are returned unchanged.
 */
export function idMinus(id: string, ms: number, now: Date): string {
  if (!/^\d{15,20}$/.test(id)) return id;
  const value = BigInt(id);
  const time = Number(value >> 16n);
  if (time < Date.UTC(2016, 0, 1) || time > now.getTime() + 86_400_000) return id;
  return (BigInt(Math.max(0, time - ms)) << 16n).toString();
}

function hostOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function statusToItem(
  outer: BaseStatus & { reblog?: BaseStatus | null | undefined },
  instance: string,
): RawItem {
  const s: BaseStatus = outer.reblog ?? outer;
  const content = htmlToText(s.content);
  const spoiler = s.spoiler_text?.trim();
  const item: RawItem = {
    id: s.uri || `${instance.replace(/\/+$/, '')}/statuses/${s.id}`,
    text: spoiler ? `${spoiler}\n\n${content}` : content,
    replyTo: { statusId: s.id, instance: instance.replace(/\/+$/, '') },
  };
  const url = s.url || s.uri;
  if (url) item.url = url;
  const account = s.account;
  if (account?.acct) {
    const host = hostOf(account.url) ?? hostOf(instance);
    item.author = `@${account.acct.includes('@') || !host ? account.acct : `${account.acct}@${host}`}`;
  } else if (account?.username) {
    item.author = `@${account.username}`;
  }
  if (account?.url) item.authorUrl = account.url;
  if (typeof account?.followers_count === 'number') item.reach = account.followers_count;
  const engagement = (s.replies_count ?? 0) + (s.reblogs_count ?? 0) + (s.favourites_count ?? 0);
  if (s.replies_count != null || s.reblogs_count != null || s.favourites_count != null)
    item.engagement = engagement;
  const published = isoOrUndefined(s.created_at);
  if (published) item.published = published;
  if (s.language) item.lang = s.language;
  return item;
}

/** A timeline (array of Status) or a v2 search result (`{statuses: […]}`) → items. */
export function parseMastodonPage(json: unknown, url: string, instance: string): MastodonPage {
  const raw = Array.isArray(json)
    ? parsePayload(timelineSchema, json, TITLE, url)
    : parsePayload(searchSchema, json, TITLE, url).statuses;
  const items: RawItem[] = [];
  const warnings: string[] = [];
  const ids: string[] = [];
  raw.forEach((entry, i) => {
    const status = validEntry(statusSchema, entry, warnings, `status ${i}`, 'status');
    if (!status) return;
    ids.push(status.id);
    items.push(statusToItem(status, instance));
  });
  return { items, warnings, ids, count: raw.length };
}

interface Timeline {
  key: string;
  label: string;
  path: string;
  params: Record<string, string | number | boolean>;
  /** Search pages by offset (results are not strictly chronological); timelines by id. */
  search: boolean;
}

function timelinesOf(source: MastodonSource, terms: readonly string[], withSearch: boolean): Timeline[] {
  const timelines: Timeline[] = [];
  const tags = new Set(source.hashtags.map((t) => t.replace(/^#/, '')));
  for (const tag of tags) {
    timelines.push({
      key: `tag:${tag.toLowerCase()}`,
      label: `#${tag}`,
      path: `/api/v1/timelines/tag/${encodeURIComponent(tag)}`,
      params: { limit: source.limit },
      search: false,
    });
  }
  if (withSearch) {
    for (const term of terms) {
      timelines.push({
        key: `q:${term.toLowerCase()}`.slice(0, 100),
        label: `search "${term}"`,
        path: '/api/v2/search',
        params: { q: term, type: 'statuses', resolve: false, limit: source.limit },
        search: true,
      });
    }
  }
  return timelines;
}

/** Where a timeline's reading starts, from the newest status id the previous run saw on it. */
interface TimelineStart {
  timeline: Timeline;
  previousId: string | undefined;
  /** `min_id` of later runs: the previous newest id minus the overlap. Undefined on a first run. */
  minId: string | undefined;
}

/** The first request of a timeline: forward from `min_id` on later runs, else back from the top. */
function firstRequest(
  source: MastodonSource,
  { timeline, minId }: TimelineStart,
  headers: Record<string, string>,
): PageRequest {
  return {
    url: apiUrl(source.instance, timeline.path, { ...timeline.params, min_id: minId }),
    headers,
    acceptStatus: (s) => (s >= 200 && s < 300) || s === 304 || (!timeline.search && s === 404),
  };
}

/** The next page: search by offset; a timeline forward (`min_id`) or, on a first run, back (`max_id`). */
function nextRequest(
  req: PageRequest,
  at: TimelineStart,
  page: MastodonPage,
  limit: number,
): PageRequest | undefined {
  if (page.count < limit || page.ids.length === 0) return undefined;
  const sorted = [...page.ids].sort(compareIds);
  const url = at.timeline.search
    ? withQuery(req.url, { offset: Number(new URL(req.url).searchParams.get('offset') ?? 0) + page.count })
    : at.minId !== undefined
      ? withQuery(req.url, { min_id: sorted[sorted.length - 1] })
      : withQuery(req.url, { max_id: sorted[0] });
  return { ...req, url };
}

export const mastodonAdapter: SourceAdapter<MastodonSource> = {
  kind: 'mastodon',
  title: TITLE,
  schema: mastodonSchema,
  credentials: [
    {
      name: 'accessToken',
      required: false,
      description:
        'Needed for status search (hashtag timelines work without it). On your server: Preferences → ' +
        'Development → New application, scopes read:search and read:statuses; copy "Your access token".',
    },
  ],
  cursor: 'newest status id per hashtag/search (min_id next run, minus a 15-minute overlap)',
  reach: 'account.followers_count; engagement: replies + boosts + favourites',
  urlNamesItem: true,
  limits:
    '300 requests per 5 minutes per account or IP; 40 statuses per page; search needs a token and full-text search on the server',

  parse(input: ParseInput, source: MastodonSource): RawItem[] {
    return parseMastodonPage(inputJson(input, TITLE), input.url, source.instance).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const token = optionalCredential(ctx, 'accessToken');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const starts = new Map<PageStream, TimelineStart>();
    /** The newest status id seen per timeline key: the next run's `min_id` (minus the overlap). */
    const newest = new Map<string, string>();
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [token],
      authHint: token
        ? 'the accessToken was refused: check it has the read:search and read:statuses scopes'
        : 'this server may require a token even for timelines: set the accessToken credential',
      streams() {
        const terms = source.search ? termsFor(ctx, source.query, MAX_TERMS) : [];
        if (source.search && !token && source.hashtags.length === 0) {
          throw new SourceError(
            `${missingCredentialMessage(TITLE, ctx, TOKEN_HELP)} Or follow hashtags anonymously with the option "hashtags".`,
            source.id,
          );
        }
        if (source.search && !token) {
          ctx.logger.info(`${source.id}: status search skipped (no accessToken); reading hashtags only`);
        }
        const timelines = timelinesOf(source, terms, source.search && token !== undefined);
        if (timelines.length === 0)
          throw new Error('nothing to read: set "hashtags", or search terms with an accessToken');
        return timelines.map((timeline) => {
          const previous = ctx.cursor?.data?.[timeline.key];
          const previousId = typeof previous === 'string' ? previous : undefined;
          if (previousId) newest.set(timeline.key, previousId);
          const at: TimelineStart = {
            timeline,
            previousId,
            minId: previousId === undefined ? undefined : idMinus(previousId, OVERLAP_MS, ctx.now),
          };
          const forward = at.minId !== undefined;
          const stream: PageStream = {
            label: timeline.label,
            first: firstRequest(source, at, headers),
            // Only a first run's tag timeline pages back in time; search and forward paging read on.
            newestFirst: !timeline.search && !forward,
            maxPagesWarnings: () => [
              ...(forward && newest.get(timeline.key) === previousId
                ? [`${timeline.label}: the 15-minute overlap alone filled maxPages; raise maxPages`]
                : []),
              forward && !timeline.search
                ? `${timeline.label}: more than ${source.maxPages} pages new; the rest is read next run`
                : `${timeline.label}: more than ${source.maxPages} pages in the window; the oldest were not read`,
            ],
          };
          starts.set(stream, at);
          return stream;
        });
      },
      page(res, req, stream) {
        const at = starts.get(stream)!;
        if (res.status === 404) {
          return {
            items: [],
            warnings: [`${stream.label}: not known on ${source.instance} (404)`],
            stop: 'stream',
          };
        }
        const parsed = parseMastodonPage(res.json(), req.url, source.instance);
        const key = at.timeline.key;
        for (const id of parsed.ids) {
          const top = newest.get(key);
          if (top === undefined || compareIds(id, top) > 0) newest.set(key, id);
        }
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next: nextRequest(req, at, parsed, source.limit),
        };
      },
      // Forward paging on a busy tag stops at maxPages: the cursor is where reading stopped, not the top.
      cursorData: () => Object.fromEntries(newest),
    });
  },
};
