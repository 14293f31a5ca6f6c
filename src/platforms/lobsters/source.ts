/**
 * Lobsters (lobste.rs), read only, no credentials. Lobsters has no search API (its search is an
 * HTML page), so the adapter reads the newest stories as JSON and Earshot matches them locally:
 *
 * - `GET {baseUrl}/newest.json`, then `/newest/page/N.json` (25 stories a page, newest first), and
 *   for each tag in `tags` `/t/<tag>.json`, `/t/<tag>/page/N.json` — each a JSON array of stories
 *   (`Story#as_json` in lobsters/lobsters: short_id, short_id_url, created_at, title, url, score,
 *   flags, comment_count, description, description_plain, submitter_user, user_is_author, tags,
 *   comments_url).
 * - Comments: `GET {baseUrl}/s/<short_id>.json` (the story with `comments[]`, `Comment#as_json`:
 *   short_id, short_id_url, url, created_at, is_deleted, is_moderated, score, comment,
 *   comment_plain, depth, parent_comment, commenting_user) for stories that name a search term
 *   (title, text, link or tags), or for every story with `comments: true`.
 * - Politeness: one request per `requestIntervalMs` (default 1,000 ms), as the site's robots.txt
 *   asks (Crawl-delay: 1).
 * - Cursor: `since` = the newest story or comment; paging stops below the look-back window or at
 *   the page that reaches the last run's newest story. `data.watch` keeps the stories that named a
 *   term (up to 30, while inside the window): their new comments are read on later runs, after the
 *   story has left the newest pages.
 * - Reach: none (karma would cost a request per user); engagement: the score.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  inputJson,
  inWindow,
  isoOrUndefined,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  timeoutMsOption,
  urlOption,
  validEntry,
  windowStart,
} from '../shared/api-source.js';
import { fetchWindow, type PageRequest } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Lobsters';
/** Named stories whose new comments are read on later runs (while inside the window). */
const MAX_WATCHED = 30;

export const lobstersSchema = sourceBaseSchema.extend({
  kind: z.literal('lobsters').describe('Lobsters stories and their comments, read from the newest stories.'),
  tags: z
    .array(z.string().regex(/^[a-z0-9_-]{1,25}$/, 'a Lobsters tag such as programming or devops'))
    .default([])
    .describe('Also read the newest stories of these tags (the newest stories of all tags are always read).'),
  comments: z
    .boolean()
    .default(false)
    .describe(
      'Read the comments of every new story (one request each); by default only of stories that name a search term.',
    ),
  maxPages: maxPagesOption(2, 10),
  requestIntervalMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1000)
    .describe(
      'Pause between requests in milliseconds (default 1000: Lobsters asks for one request a second).',
    ),
  baseUrl: urlOption('https://lobste.rs', 'The Lobsters site'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type LobstersSource = z.infer<typeof lobstersSchema>;

/** Older Lobsters versions wrote the user as an object. */
const userName = z
  .union([z.string(), z.object({ username: z.string() })])
  .transform((u) => (typeof u === 'string' ? u : u.username));

const storySchema = z.object({
  short_id: z.string().regex(/^[A-Za-z0-9]+$/),
  short_id_url: z.string().nullish(),
  created_at: z.string().nullish(),
  title: z.string(),
  url: z.string().nullish(),
  score: z.number().nullish(),
  comment_count: z.number().nullish(),
  description_plain: z.string().nullish(),
  submitter_user: userName.nullish(),
  tags: z.array(z.string()).nullish(),
  comments: z.array(z.unknown()).nullish(),
});
type Story = z.infer<typeof storySchema>;

const commentSchema = z.object({
  short_id: z.string().regex(/^[A-Za-z0-9]+$/),
  short_id_url: z.string().nullish(),
  url: z.string().nullish(),
  created_at: z.string().nullish(),
  is_deleted: z.boolean().nullish(),
  is_moderated: z.boolean().nullish(),
  score: z.number().nullish(),
  comment_plain: z.string().nullish(),
  parent_comment: z.string().nullish(),
  commenting_user: userName.nullish(),
});

export interface LobstersStory {
  item: RawItem;
  /** Title, text, link and tags, for the local term match. */
  haystack: string;
  shortId: string;
}

export interface LobstersPage {
  stories: LobstersStory[];
  /** Comments, when the payload is one story with its comments. */
  comments: RawItem[];
  warnings: string[];
}

function root(base: string): string {
  return base.replace(/\/+$/, '');
}

function storyToItem(s: Story, base: string): RawItem {
  const url =
    s.short_id_url && /^https?:\/\//.test(s.short_id_url) ? s.short_id_url : `${base}/s/${s.short_id}`;
  const item: RawItem = {
    id: url,
    url,
    title: s.title.trim(),
    text: (s.description_plain ?? '').trim(),
    replyTo: { storyId: s.short_id },
  };
  if (s.submitter_user) {
    item.author = s.submitter_user;
    item.authorUrl = `${base}/~${encodeURIComponent(s.submitter_user)}`;
  }
  if (typeof s.score === 'number') item.engagement = s.score;
  const published = isoOrUndefined(s.created_at);
  if (published) item.published = published;
  return item;
}

function commentsOf(story: Story, base: string, warnings: string[]): RawItem[] {
  const items: RawItem[] = [];
  let gone = 0;
  (story.comments ?? []).forEach((raw, i) => {
    const c = validEntry(commentSchema, raw, warnings, `comment ${i} of ${story.short_id}`, 'comment');
    if (!c) return;
    if (c.is_deleted || c.is_moderated) {
      gone++;
      return;
    }
    const url =
      c.short_id_url && /^https?:\/\//.test(c.short_id_url) ? c.short_id_url : `${base}/c/${c.short_id}`;
    const item: RawItem = {
      id: url,
      url,
      title: story.title.trim(),
      text: (c.comment_plain ?? '').trim(),
      replyTo: { storyId: story.short_id, commentId: c.short_id },
    };
    if (c.commenting_user) {
      item.author = c.commenting_user;
      item.authorUrl = `${base}/~${encodeURIComponent(c.commenting_user)}`;
    }
    if (typeof c.score === 'number') item.engagement = c.score;
    const published = isoOrUndefined(c.created_at);
    if (published) item.published = published;
    items.push(item);
  });
  if (gone > 0) warnings.push(`${gone} deleted or moderated comment(s) of ${story.short_id} skipped`);
  return items;
}

/**
 * A Lobsters JSON answer → items: an array of stories (newest, a tag) or one story with its
 * `comments` (`/s/<id>.json`: the story, then its comments).
 */
export function parseLobstersPage(json: unknown, url: string, baseUrl = 'https://lobste.rs'): LobstersPage {
  const base = root(baseUrl);
  const page: LobstersPage = { stories: [], comments: [], warnings: [] };
  const list = Array.isArray(json) ? json : [parsePayload(storySchema, json, TITLE, url)];
  list.forEach((raw, i) => {
    const s = validEntry(storySchema, raw, page.warnings, `story ${i}`, 'story');
    if (!s) return;
    page.stories.push({
      item: storyToItem(s, base),
      haystack: [s.title, s.description_plain ?? '', s.url ?? '', ...(s.tags ?? [])].join('\n').toLowerCase(),
      shortId: s.short_id,
    });
    if (!Array.isArray(json)) page.comments.push(...commentsOf(s, base, page.warnings));
  });
  return page;
}

const okOrGone = (s: number) => (s >= 200 && s < 300) || s === 304 || s === 404;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const lobstersAdapter: SourceAdapter<LobstersSource> = {
  kind: 'lobsters',
  title: TITLE,
  schema: lobstersSchema,
  credentials: [],
  cursor:
    "created_at of the newest story or comment (paging stops at the last run's newest); stories that named a term are kept to read their new comments",
  reach: "none (karma would cost a request per user); engagement: the story's or comment's score",
  urlNamesItem: true,
  limits:
    'no search API: 25 newest stories a page, matched locally; one request per second (robots.txt Crawl-delay: 1); comments cost one request per matching story',

  parse(input: ParseInput, source: LobstersSource): RawItem[] {
    const page = parseLobstersPage(inputJson(input, TITLE), input.url, source?.baseUrl);
    return [...page.stories.map((s) => s.item), ...page.comments];
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const base = root(source.baseUrl);
    const basePath = new URL(base).pathname.replace(/\/+$/, '');
    const terms = ctx.searchTerms.map((t) => t.trim().toLowerCase()).filter(Boolean);
    const headers = { accept: 'application/json' };
    const windowFrom = windowStart(ctx);
    const start = windowFrom.getTime();
    const stopAt = ctx.cursor?.since ? Date.parse(ctx.cursor.since) - 3_600_000 : Number.NaN;
    let client: MeteredHttp | undefined;
    let last = 0;
    /** Waits until the next request may go out. */
    const pace = async () => {
      const wait = last + source.requestIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      last = Date.now();
    };
    /** Stories whose comments are read, with their creation time: kept while inside the window. */
    const watched = new Map<string, number>();
    for (const entry of String(ctx.cursor?.data?.watch ?? '').split(' ')) {
      const [id, at] = entry.split(':');
      if (id && /^[A-Za-z0-9]+$/.test(id) && Number(at) * 1000 >= start) watched.set(id, Number(at));
    }
    const read = new Set<string>();
    const pageUrl = (path: string, page: number) =>
      apiUrl(base, page === 1 ? `${path}.json` : `${path}/page/${page}.json`);
    const storyUrl = (id: string) => apiUrl(base, `/s/${id}.json`);
    const watch = (story: LobstersStory) => {
      const at = story.item.published ? Math.floor(Date.parse(story.item.published) / 1000) : 0;
      if (at * 1000 >= start) watched.set(story.shortId, at);
    };
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      // With every story's comments wanted, an unchanged list (304) must still be read for them;
      // otherwise the stories that named a term are watched streams of their own.
      conditional: !source.comments,
      streams(http) {
        client = http;
        last = Date.now();
        const lists = ['/newest', ...[...new Set(source.tags)].map((t) => `/t/${t}`)].map((path) => ({
          label: path === '/newest' ? 'newest stories' : `tag ${path.slice(3)}`,
          first: { url: pageUrl(path, 1), headers },
        }));
        // Stories named before: their new comments (a story drops off the newest pages in hours).
        const earlier = [...watched.keys()].map((id) => ({
          label: `story ${id}`,
          first: { url: storyUrl(id), headers, acceptStatus: okOrGone },
        }));
        return [...lists, ...earlier];
      },
      async page(res, req, stream) {
        if (res.status === 404) {
          // A watched story was deleted or merged: forget it.
          const id = /\/s\/([A-Za-z0-9]+)\.json$/.exec(new URL(req.url).pathname)?.[1];
          if (id) watched.delete(id);
          await pace();
          return { items: [], warnings: [`${stream.label} is gone (404)`] };
        }
        const parsed = parseLobstersPage(res.json(), req.url, base);
        const items: RawItem[] = parsed.stories.map((s) => s.item);
        const warnings = parsed.warnings.map((w) => `${stream.label}: ${w}`);
        const single = /\/s\/[A-Za-z0-9]+\.json$/.test(new URL(req.url).pathname);
        if (single) {
          // A watched story: itself and its comments; skipped when this run read it already.
          const id = parsed.stories[0]?.shortId;
          await pace();
          if (id && read.has(id)) return { items: [] };
          items.push(...parsed.comments);
          return { items, warnings };
        }
        for (const story of parsed.stories) {
          const named = terms.some((t) => story.haystack.includes(t));
          if (named) watch(story);
          const fresh = inWindow(story.item.published, windowFrom);
          if (!(source.comments || named) || !fresh || read.has(story.shortId) || !client) continue;
          read.add(story.shortId);
          await pace();
          const url = storyUrl(story.shortId);
          const answer = await client.request({ url, headers, acceptStatus: okOrGone });
          if (answer.status === 404) {
            warnings.push(`story ${story.shortId} is gone (404): its comments were not read`);
            continue;
          }
          const one = parseLobstersPage(answer.json(), url, base);
          items.push(...one.comments);
          warnings.push(...one.warnings.map((w) => `story ${story.shortId}: ${w}`));
        }
        const path = new URL(req.url).pathname;
        const n = Number(/\/page\/(\d+)\.json$/.exec(path)?.[1] ?? 1);
        // The list's path below the site root (the root may have a path of its own: a mirror, tests).
        const list = path.slice(basePath.length).replace(/(\/page\/\d+)?\.json$/, '');
        // Pages older than the last run's newest story (minus an hour) were read then.
        const seenBefore = parsed.stories.some(
          (s) => s.item.published && Date.parse(s.item.published) < stopAt,
        );
        const next: PageRequest | undefined =
          parsed.stories.length > 0 && !seenBefore ? { ...req, url: pageUrl(list, n + 1) } : undefined;
        await pace();
        return { items, warnings, next };
      },
      cursorData: () => {
        const kept = [...watched.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_WATCHED);
        return kept.length > 0 ? { watch: kept.map(([id, at]) => `${id}:${at}`).join(' ') } : undefined;
      },
    });
  },
};
