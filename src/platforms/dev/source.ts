/**
 * DEV (dev.to) through the Forem API v1 (`https://dev.to/api`, header
 * `accept: application/vnd.forem.api-v1+json`, optional `api-key`), read only. Forem has no search
 * API, so articles are read from lists and matched locally:
 *
 * - The team's own articles: `GET {baseUrl}/articles?username=<organization>&per_page=N&page=P`
 *   (newest published first); articles by tag: `GET {baseUrl}/articles?tag=<tag>&per_page&page`
 *   (ordered by Forem, not by date); all new articles (`latest: true`):
 *   `GET {baseUrl}/articles/latest?per_page&page`. Each is an array of articles {type_of, id,
 *   title, description, url, comments_count, public_reactions_count, published_at, tag_list,
 *   reading_time_minutes, user {name, username …}, organization?}.
 * - Comments: `GET {baseUrl}/comments?a_id=<article id>` (threads: {type_of, id_code, created_at,
 *   body_html, user, children[]}) for the team's articles and for articles that name a search
 *   term (title, description or tags).
 * - Cursor: `since` = the newest article or comment; a list is read until a page has nothing inside
 *   the look-back window (or `maxPages`).
 * - Reach: none (list answers carry no follower counts); engagement: public_reactions_count +
 *   comments_count (an article), none for comments.
 * - Replies: the API has no endpoint that creates comments: a person answers on DEV.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import { htmlToText } from '../shared/api-html-text.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  inWindow,
  isoOrUndefined,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  timeoutMsOption,
  urlOption,
  validEntry,
  windowStart,
  withQuery,
} from '../shared/api-source.js';
import { httpUrl } from '../shared/link-text.js';
import { mappedCredential } from '../shared/mapped-credential.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'DEV (Forem API)';
const ACCEPT = 'application/vnd.forem.api-v1+json';
const KEY_HELP = {
  name: 'apiKey',
  env: 'DEV_API_KEY',
  howTo: 'Optional: DEV → Settings → Extensions → DEV Community API Keys → Generate API Key.',
};

const slug = z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'a DEV username, organization or tag');

export const devSchema = sourceBaseSchema.extend({
  kind: z.literal('dev').describe('DEV (dev.to) articles and comments through the Forem API.'),
  organization: slug
    .optional()
    .describe('Your organization (or user) on DEV: its articles and every comment on them are read.'),
  tags: z
    .array(z.string().regex(/^[a-z0-9]{1,30}$/, 'a DEV tag (lower-case letters and digits)'))
    .default([])
    .describe('Tags whose articles are read and matched locally (e.g. [acmecloud, devops]).'),
  latest: z
    .boolean()
    .default(false)
    .describe('Also read all new articles on the site (/articles/latest) and match them locally.'),
  comments: z
    .boolean()
    .default(true)
    .describe(
      "Read the comments of your organization's articles and of articles that name a term (one request each).",
    ),
  perPage: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('Articles per page (1–1000, default 100).'),
  maxPages: maxPagesOption(2, 10),
  baseUrl: urlOption('https://dev.to/api', 'Root of the Forem API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type DevSource = z.infer<typeof devSchema>;

const userSchema = z.object({ name: z.string().nullish(), username: z.string() }).nullish();
const articleSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string().nullish(),
  // The item's link and id: an article whose url is not http(s) (javascript:, data:) is skipped.
  url: z.string().refine((u) => httpUrl(u) !== undefined),
  comments_count: z.number().nullish(),
  public_reactions_count: z.number().nullish(),
  published_at: z.string().nullish(),
  published_timestamp: z.string().nullish(),
  tag_list: z.union([z.array(z.string()), z.string()]).nullish(),
  reading_time_minutes: z.number().nullish(),
  user: userSchema,
  organization: z.object({ username: z.string().nullish(), name: z.string().nullish() }).nullish(),
});
interface CommentNode {
  id_code: string;
  created_at?: string | null | undefined;
  body_html?: string | null | undefined;
  user?: { name?: string | null | undefined; username: string } | null | undefined;
  children?: unknown[] | null | undefined;
}
const commentSchema: z.ZodType<CommentNode> = z.object({
  id_code: z.string().regex(/^[a-z0-9]+$/),
  created_at: z.string().nullish(),
  body_html: z.string().nullish(),
  user: userSchema,
  children: z.array(z.unknown()).nullish(),
});

export interface DevArticle {
  item: RawItem;
  articleId: number;
  /** Title, description and tags in lower case, for the local term match. */
  haystack: string;
  /** Published by the configured organization (or user). */
  own: boolean;
}

function site(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'https://dev.to';
  }
}

function articleToItem(a: z.infer<typeof articleSchema>): RawItem {
  const item: RawItem = {
    id: a.url,
    url: a.url,
    title: a.title.trim(),
    text: (a.description ?? '').trim(),
    replyTo: { articleId: String(a.id) },
  };
  if (a.user) {
    item.author = a.user.name?.trim() || a.user.username;
    item.authorUrl = `${site(a.url)}/${encodeURIComponent(a.user.username)}`;
  }
  const counts = [a.public_reactions_count, a.comments_count];
  if (counts.some((c) => typeof c === 'number'))
    item.engagement = counts.reduce<number>((s, c) => s + (c ?? 0), 0);
  const published = isoOrUndefined(a.published_at ?? a.published_timestamp);
  if (published) item.published = published;
  return item;
}

/** An articles list (`/articles`, `/articles/latest`) → articles. */
export function parseDevArticles(
  json: unknown,
  url: string,
  organization?: string,
): { articles: DevArticle[]; warnings: string[] } {
  if (!Array.isArray(json))
    throw new Error(`${TITLE}: ${url} is not the expected payload: (root): an array of articles`);
  const articles: DevArticle[] = [];
  const warnings: string[] = [];
  const org = organization?.toLowerCase();
  json.forEach((raw, i) => {
    const a = validEntry(articleSchema, raw, warnings, `article ${i}`, 'article');
    if (!a) return;
    const tags = Array.isArray(a.tag_list) ? a.tag_list : (a.tag_list ?? '').split(/,\s*/);
    articles.push({
      item: articleToItem(a),
      articleId: a.id,
      haystack: [a.title, a.description ?? '', ...tags].join('\n').toLowerCase(),
      own:
        org !== undefined &&
        (a.organization?.username?.toLowerCase() === org || a.user?.username.toLowerCase() === org),
    });
  });
  return { articles, warnings };
}

/**
 * A comments answer (`/comments?a_id=…`: threads with `children`) → one item per comment, threads
 * flattened; `article` gives the title and link base.
 */
export function parseDevComments(
  json: unknown,
  url: string,
  article: { id: string; title?: string; url?: string } = { id: new URL(url).searchParams.get('a_id') ?? '' },
): { items: RawItem[]; warnings: string[] } {
  if (!Array.isArray(json))
    throw new Error(`${TITLE}: ${url} is not the expected payload: (root): an array of comments`);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  const base = article.url ? site(article.url) : 'https://dev.to';
  const walk = (nodes: unknown[], depth: number) => {
    for (const raw of nodes) {
      const c = validEntry(commentSchema, raw, warnings, `a comment on article ${article.id}`, 'comment');
      if (!c) continue;
      const text = htmlToText(c.body_html);
      if (c.user && text !== '[deleted]') {
        const link = `${base}/${encodeURIComponent(c.user.username)}/comment/${c.id_code}`;
        const item: RawItem = {
          id: link,
          url: link,
          text,
          author: c.user.name?.trim() || c.user.username,
          authorUrl: `${base}/${encodeURIComponent(c.user.username)}`,
          replyTo: { articleId: article.id, commentId: c.id_code },
        };
        if (article.title) item.title = article.title;
        const published = isoOrUndefined(c.created_at);
        if (published) item.published = published;
        items.push(item);
      }
      if (c.children && depth < 50) walk(c.children, depth + 1);
    }
  };
  walk(json, 0);
  return { items, warnings };
}

export const devAdapter: SourceAdapter<DevSource> = {
  kind: 'dev',
  title: TITLE,
  schema: devSchema,
  credentials: [
    credentialSpec(
      KEY_HELP,
      'A DEV API key, sent as the api-key header (public articles and comments need none).',
      false,
    ),
  ],
  cursor:
    'published time of the newest article or comment; lists read until a page has nothing inside the window',
  reach: 'none (list answers carry no follower counts); engagement: public_reactions_count + comments_count',
  urlNamesItem: true,
  limits:
    'no search API: lists (organization, tags, latest) matched locally; comments cost one request per article; Forem rate-limits per IP (429 with Retry-After)',

  parse(input: ParseInput, source: DevSource): RawItem[] {
    const json = inputJson(input, TITLE);
    if (new URL(input.url).pathname.endsWith('/comments')) return parseDevComments(json, input.url).items;
    return parseDevArticles(json, input.url, source?.organization).articles.map((a) => a.item);
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const key = mappedCredential(TITLE, ctx, KEY_HELP);
    const headers: Record<string, string> = { accept: ACCEPT, ...(key ? { 'api-key': key } : {}) };
    const terms = ctx.searchTerms.map((t) => t.trim().toLowerCase()).filter(Boolean);
    const start = windowStart(ctx);
    const read = new Set<number>();
    let client: MeteredHttp | undefined;
    const lists: { label: string; path: string; params: Record<string, string> }[] = [
      ...(source.organization
        ? [
            {
              label: `organization ${source.organization}`,
              path: '/articles',
              params: { username: source.organization },
            },
          ]
        : []),
      ...[...new Set(source.tags)].map((tag) => ({
        label: `tag ${tag}`,
        path: '/articles',
        params: { tag },
      })),
      ...(source.latest ? [{ label: 'latest articles', path: '/articles/latest', params: {} }] : []),
    ];
    if (lists.length === 0)
      throw new SourceError(
        `${TITLE} source "${source.id}": set organization, tags or latest: true (what to read)`,
        source.id,
      );
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [key],
      authHint: 'check the apiKey credential',
      newestFirst: false,
      // A list answered 304 is not read again, and neither would be the comments under its
      // articles: with comments on, every list is asked in full.
      conditional: !source.comments,
      streams(http) {
        client = http;
        return lists.map((l) => ({
          label: l.label,
          first: {
            url: apiUrl(source.baseUrl, l.path, { ...l.params, per_page: source.perPage, page: 1 }),
            headers,
          },
        }));
      },
      async page(res, req, stream) {
        const parsed = parseDevArticles(res.json(), req.url, source.organization);
        const items = parsed.articles.map((a) => a.item);
        const warnings = parsed.warnings.map((w) => `${stream.label}: ${w}`);
        for (const a of parsed.articles) {
          const fresh = inWindow(a.item.published, start);
          const wanted = a.own || terms.some((t) => a.haystack.includes(t));
          if (!source.comments || !wanted || !fresh || read.has(a.articleId) || !client) continue;
          read.add(a.articleId);
          const url = apiUrl(source.baseUrl, '/comments', { a_id: a.articleId });
          const article = {
            id: String(a.articleId),
            ...(a.item.title ? { title: a.item.title } : {}),
            ...(a.item.url ? { url: a.item.url } : {}),
          };
          const c = parseDevComments((await client.request({ url, headers })).json(), url, article);
          items.push(...c.items);
          warnings.push(...c.warnings);
        }
        const inside = parsed.articles.some((a) => inWindow(a.item.published, start));
        const page = Number(new URL(req.url).searchParams.get('page') ?? '1');
        return {
          items,
          warnings,
          next:
            parsed.articles.length >= source.perPage && inside
              ? { ...req, url: withQuery(req.url, { page: page + 1 }) }
              : undefined,
        };
      },
    });
  },
};
