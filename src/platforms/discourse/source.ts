/**
 * A Discourse forum (a product community, a vendor forum …) through its search API:
 * `GET {baseUrl}/search.json?q=<term> after:YYYY-MM-DD order:latest [#category] [tags:a,b]&page=N`.
 *
 * - Discourse search has no OR: one request stream per term (at most 5; several words are quoted as
 *   a phrase, the source's own `query` is sent as written), newest posts first, pages
 *   followed while `grouped_search_result.more_full_page_results` says there are more (at most
 *   `maxPages`) and the page is still inside the window.
 * - Each post is a mention: its link is `{baseUrl}/t/<slug>/<topic_id>/<post_number>` (slug and
 *   title from the answer's `topics[]`), its text the post's `cooked` HTML flattened, else its
 *   `blurb`. Id: `<forum host>:<post id>`.
 * - Private forums: an API key (credential `apiKey`) sent as `Api-Key` with `Api-Username`
 *   (option `apiUsername`, default `system`) headers — never in the URL.
 * - Cursor: `since` = created_at of the newest post; `after:` is the day before the window start
 *   (day granularity, stable URLs for conditional requests) and older posts are dropped locally.
 * - Reach: none (search results carry no follower or trust-level counts); engagement: like_count.
 */
import * as z from 'zod';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import { decodeEntities, htmlToText } from '../shared/api-html-text.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  queryOption,
  requestStart,
  timeoutMsOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { mappedCredential } from '../shared/mapped-credential.js';
import { isRefusal, pageOrRefusal, refusalWords } from '../shared/refusal.js';
import { fetchWindow, termStreams } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Discourse';
const MAX_TERMS = 5;
const KEY_HELP = {
  name: 'apiKey',
  env: 'DISCOURSE_API_KEY',
  howTo:
    'A forum admin creates one under Admin → API → New API Key (a "Single User" key with read scope is ' +
    'enough); set the option apiUsername to that user.',
};

export const discourseSchema = sourceBaseSchema.extend({
  kind: z.literal('discourse').describe('A Discourse forum: full-text search of its posts.'),
  baseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, 'an http(s) URL without query or fragment')
    .describe('The forum, e.g. https://community.acme.example (a subfolder install keeps its path).'),
  query: queryOption,
  category: z
    .string()
    .regex(/^[a-z0-9_-]+(:[a-z0-9_-]+)?$/i, 'a category slug, or parent:child')
    .optional()
    .describe('Only posts in this category (its slug; parent:child for a subcategory).'),
  tags: z
    .array(z.string().regex(/^[^\s,]+$/, 'one tag, no spaces or commas'))
    .optional()
    .describe('Only posts in topics with one of these tags.'),
  apiUsername: z
    .string()
    .min(1)
    .default('system')
    .describe('The Api-Username sent with the apiKey credential (default system).'),
  maxPages: maxPagesOption(3, 10),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type DiscourseSource = z.infer<typeof discourseSchema>;

const postSchema = z.object({
  id: z.number().int(),
  name: z.string().nullish(),
  username: z.string().nullish(),
  created_at: z.string().nullish(),
  cooked: z.string().nullish(),
  blurb: z.string().nullish(),
  like_count: z.number().nullish(),
  post_number: z.number().int(),
  topic_id: z.number().int(),
});
type Post = z.infer<typeof postSchema>;

const topicSchema = z.object({
  id: z.number().int(),
  title: z.string().nullish(),
  fancy_title: z.string().nullish(),
  slug: z.string().nullish(),
});
type Topic = z.infer<typeof topicSchema>;

const searchSchema = z.object({
  posts: z.array(z.unknown()).optional(),
  topics: z.array(z.unknown()).optional(),
  grouped_search_result: z
    .object({
      more_full_page_results: z.unknown().optional(),
      error: z.string().nullish(),
    })
    .loose()
    .nullish(),
  errors: z.array(z.string()).optional(),
});

export interface DiscoursePage {
  items: RawItem[];
  warnings: string[];
  /** The forum says there are more full-page results. */
  more: boolean;
}

/** `{baseUrl}` + path, keeping a subfolder install's path. */
function forumUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

function postToItem(post: Post, topic: Topic | undefined, baseUrl: string): RawItem {
  const host = new URL(baseUrl).host;
  const slug = topic?.slug ? `${encodeURIComponent(topic.slug)}/` : '';
  const item: RawItem = {
    id: `${host}:${post.id}`,
    url: forumUrl(baseUrl, `/t/${slug}${post.topic_id}/${post.post_number}`),
    text: post.cooked ? htmlToText(post.cooked) : decodeEntities(post.blurb).trim(),
    replyTo: {
      forum: baseUrl.replace(/\/+$/, ''),
      topicId: String(post.topic_id),
      postNumber: String(post.post_number),
      postId: String(post.id),
    },
  };
  const title = topic?.title ?? decodeEntities(topic?.fancy_title);
  if (title) item.title = title;
  if (post.username) {
    item.author = post.username;
    item.authorUrl = forumUrl(baseUrl, `/u/${encodeURIComponent(post.username)}`);
  }
  if (typeof post.like_count === 'number') item.engagement = post.like_count;
  const published = isoOrUndefined(post.created_at);
  if (published) item.published = published;
  return item;
}

/** One `/search.json` answer → items. `baseUrl` is the forum's root (links are built from it). */
export function parseDiscoursePage(json: unknown, url: string, baseUrl: string): DiscoursePage {
  const body = parsePayload(searchSchema, json, TITLE, url);
  if (body.errors && body.errors.length > 0) {
    throw new Error(`${TITLE}: the forum answered: ${body.errors.join('; ')}`);
  }
  if (!body.posts && !body.grouped_search_result) {
    throw new Error(`${TITLE}: ${url} is not the expected payload: posts: missing`);
  }
  const topics = new Map<number, Topic>();
  for (const raw of body.topics ?? []) {
    const topic = topicSchema.safeParse(raw);
    if (topic.success) topics.set(topic.data.id, topic.data);
  }
  const page: DiscoursePage = {
    items: [],
    warnings: [],
    more: Boolean(body.grouped_search_result?.more_full_page_results),
  };
  if (body.grouped_search_result?.error)
    page.warnings.push(`the forum said: ${body.grouped_search_result.error}`);
  (body.posts ?? []).forEach((raw, i) => {
    const post = validEntry(postSchema, raw, page.warnings, `post ${i}`, 'post');
    if (post) page.items.push(postToItem(post, topics.get(post.topic_id), baseUrl));
  });
  return page;
}

/** A company term as a Discourse phrase: several words are quoted so they match together. */
export function discoursePhrase(term: string): string {
  const clean = term.replace(/"/g, '').trim();
  return /\s/.test(clean) ? `"${clean}"` : clean;
}

/** The search string: the term, the window, newest first, then category and tags. */
export function discourseQuery(source: DiscourseSource, term: string, afterDay: string): string {
  return [
    term,
    `after:${afterDay}`,
    'order:latest',
    ...(source.category ? [`#${source.category}`] : []),
    ...(source.tags && source.tags.length > 0 ? [`tags:${source.tags.join(',')}`] : []),
  ].join(' ');
}

/** Discourse explains refusals as `{"errors": [...], "error_type": …}`. */
function refusal(res: HttpResponse, hasKey: boolean): Error {
  const said = refusalWords(res, (json) => {
    const body = z.object({ errors: z.array(z.string()) }).safeParse(json);
    return body.success ? body.data.errors.join('; ') : undefined;
  });
  const hint =
    res.status === 403 || res.status === 401
      ? hasKey
        ? ' — check the apiKey credential and the apiUsername option'
        : ' — a private forum needs an API key (credential "apiKey")'
      : '';
  return new Error(`the forum refused the search (${res.status}${said ? `: ${said}` : ''})${hint}`);
}

export const discourseAdapter: SourceAdapter<DiscourseSource> = {
  kind: 'discourse',
  title: TITLE,
  schema: discourseSchema,
  credentials: [
    credentialSpec(
      KEY_HELP,
      'Only for private forums (sent as the Api-Key header with Api-Username).',
      false,
    ),
  ],
  cursor: 'created_at of the newest post (search after: the day before; older posts dropped locally)',
  reach: 'none (search results carry no follower counts); engagement: like_count',
  urlNamesItem: true,
  limits:
    "the forum's own limits (Discourse defaults: 200 requests/min per IP, 60/min per admin API key); 50 posts per page; one stream per term",

  parse(input: ParseInput, source: DiscourseSource): RawItem[] {
    return parseDiscoursePage(inputJson(input, TITLE), input.url, source.baseUrl).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const key = mappedCredential(TITLE, ctx, KEY_HELP);
    const start = requestStart(ctx);
    const afterDay = new Date(start.getTime() - 86_400_000).toISOString().slice(0, 10);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(key ? { 'api-key': key, 'api-username': source.apiUsername } : {}),
    };
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [key],
      authHint: 'check the apiKey credential',
      streams: () =>
        termStreams(ctx, source.query, MAX_TERMS, (term) => ({
          url: apiUrl(source.baseUrl, '/search.json', {
            q: discourseQuery(source, source.query ? term : discoursePhrase(term), afterDay),
            page: 1,
          }),
          headers,
          acceptStatus: pageOrRefusal(true),
        })),
      page(res, req, stream) {
        if (isRefusal(res.status)) throw refusal(res, key !== undefined);
        const parsed = parseDiscoursePage(res.json(), req.url, source.baseUrl);
        const page = Number(new URL(req.url).searchParams.get('page'));
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next:
            parsed.more && parsed.items.length > 0
              ? { ...req, url: withQuery(req.url, { page: page + 1 }) }
              : undefined,
        };
      },
    });
  },
};
