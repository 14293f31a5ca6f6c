/**
 * Hacker News through the Algolia HN Search API (https://hn.algolia.com/api): stories and comments,
 * newest first, no credentials.
 *
 * - Request: `GET {baseUrl}/search_by_date?query=<term>&tags=(story,comment)&numericFilters=created_at_i>=<start>&hitsPerPage=<n>&page=<p>`,
 *   one stream per search term (the API has no OR), pages followed up to `maxPages` (`nbPages`).
 * - Window: every run asks for the look-back window, `<start>` being its start rounded down to the
 *   UTC day (requestStart: one URL all day), and keeps the hits inside the window.
 * - Cursor: `since` = created_at of the newest hit. The first page's validators are kept: an hourly
 *   re-run sends the same URL, and an unchanged first page answers 304.
 * - Reach: a story's `points` (how far it travelled; priority treats ~20 as typical) and its
 *   `num_comments` as engagement. Comments carry no points in the API: no reach, no engagement.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import { htmlToText } from '../shared/api-html-text.js';
import {
  apiUrl,
  epochToIso,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  queryOption,
  requestStart,
  timeoutMsOption,
  urlOption,
  validEntries,
  withQuery,
} from '../shared/api-source.js';
import { fetchWindow, termStreams } from '../shared/window-fetch.js';
import { type FetchResult, type ParseInput, type SourceAdapter, sourceBaseSchema } from '../source.js';

const TITLE = 'Hacker News (Algolia search)';
const MAX_TERMS = 10;
const ITEM_URL = 'https://news.ycombinator.com/item?id=';
const USER_URL = 'https://news.ycombinator.com/user?id=';

export const hackerNewsSchema = sourceBaseSchema.extend({
  kind: z
    .literal('hacker-news')
    .describe('Hacker News stories and comments, through the Algolia HN Search API.'),
  query: queryOption,
  include: z
    .array(z.enum(['story', 'comment']))
    .min(1)
    .default(['story', 'comment'])
    .describe('Which Hacker News items to search: stories, comments or both (default both).'),
  hitsPerPage: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('Hits per API page (1–1000, default 100). Algolia serves at most 1,000 hits per query.'),
  maxPages: maxPagesOption(5),
  baseUrl: urlOption('https://hn.algolia.com/api/v1', 'Root of the Algolia HN Search API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type HackerNewsSource = z.infer<typeof hackerNewsSchema>;

const searchSchema = z.object({
  hits: z.array(z.unknown()),
  page: z.number().int().min(0),
  nbPages: z.number().int().min(0),
  nbHits: z.number().optional(),
  hitsPerPage: z.number().optional(),
});

const hitSchema = z.object({
  objectID: z.string().min(1),
  created_at: z.string().nullish(),
  created_at_i: z.number().nullish(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
  story_id: z.number().nullish(),
  parent_id: z.number().nullish(),
  story_title: z.string().nullish(),
  story_url: z.string().nullish(),
  _tags: z.array(z.string()).nullish(),
});
type Hit = z.infer<typeof hitSchema>;

export interface HackerNewsPage {
  items: RawItem[];
  warnings: string[];
  page: number;
  nbPages: number;
}

function hitToItem(hit: Hit): RawItem {
  const isComment = hit._tags?.includes('comment') ?? (hit.comment_text != null && hit.title == null);
  const published = epochToIso(hit.created_at_i) ?? isoOrUndefined(hit.created_at);
  const item: RawItem = {
    id: hit.objectID,
    url: ITEM_URL + encodeURIComponent(hit.objectID),
    text: htmlToText(isComment ? hit.comment_text : hit.story_text),
    replyTo:
      isComment && hit.story_id != null
        ? { itemId: hit.objectID, storyId: String(hit.story_id) }
        : { itemId: hit.objectID },
  };
  if (!isComment && hit.title) item.title = hit.title;
  if (hit.author) {
    item.author = hit.author;
    item.authorUrl = USER_URL + encodeURIComponent(hit.author);
  }
  if (!isComment && typeof hit.points === 'number') item.reach = hit.points;
  if (!isComment && typeof hit.num_comments === 'number') item.engagement = hit.num_comments;
  if (published) item.published = published;
  return item;
}

/** One search_by_date (or search) response → items, with per-hit problems as warnings. */
export function parseHackerNewsPage(json: unknown, url: string): HackerNewsPage {
  const page = parsePayload(searchSchema, json, TITLE, url);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  items.push(...validEntries(page.hits, hitSchema, warnings, 'hit').map((hit) => hitToItem(hit)));
  return { items, warnings, page: page.page, nbPages: page.nbPages };
}

function tagsFilter(include: readonly ('story' | 'comment')[]): string {
  const set = [...new Set(include)];
  return set.length === 1 ? (set[0] ?? 'story') : `(${set.join(',')})`;
}

export const hackerNewsAdapter: SourceAdapter<HackerNewsSource> = {
  kind: 'hacker-news',
  title: TITLE,
  schema: hackerNewsSchema,
  credentials: [],
  cursor:
    'created_at of the newest hit; every run asks from the look-back start on its UTC day (one URL all day: 304)',
  reach: "story points (comments have none); engagement: the story's num_comments",
  urlNamesItem: true,
  limits:
    'Algolia allows about 10,000 requests an hour per IP and 1,000 hits per query; one request stream per search term',

  parse(input: ParseInput): RawItem[] {
    return parseHackerNewsPage(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const startSec = Math.floor(requestStart(ctx).getTime() / 1000);
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      streams: () =>
        termStreams(ctx, source.query, MAX_TERMS, (term) => ({
          url: apiUrl(source.baseUrl, '/search_by_date', {
            query: term,
            tags: tagsFilter(source.include),
            numericFilters: `created_at_i>=${startSec}`,
            hitsPerPage: source.hitsPerPage,
            page: 0,
          }),
          headers: { accept: 'application/json' },
        })),
      page(res, req) {
        const parsed = parseHackerNewsPage(res.json(), req.url);
        const more = parsed.page + 1 < parsed.nbPages;
        return {
          items: parsed.items,
          warnings: parsed.warnings,
          next: more ? { ...req, url: withQuery(req.url, { page: parsed.page + 1 }) } : undefined,
        };
      },
    });
  },
};
