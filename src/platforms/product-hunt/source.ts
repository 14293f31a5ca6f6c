/**
 * Product Hunt through the API v2 (GraphQL, `POST {baseUrl}` with `Authorization: Bearer
 * <developer token>`), read only:
 *
 * - Comments on the team's launches, per post slug in `launches`:
 *   `post(slug:) { id name url comments(first:, after:, order: NEWEST) { edges { node { id body
 *   createdAt url votesCount user { username name } } } pageInfo { endCursor hasNextPage } } }`.
 * - New posts that may mention the company, per topic in `topics` (or all new posts with
 *   `newest: true`): `posts(first:, after:, order: NEWEST, topic:, postedAfter:) { … }`, matched
 *   locally (the API has no text search).
 * - Paging: `after` = `pageInfo.endCursor` while `hasNextPage`, newest first, until the window.
 * - Errors: GraphQL answers 200 with `errors[]` (a post slug that does not exist gives `post: null`).
 * - Rate limit: 6,250 complexity points per 15 minutes per application (`X-Rate-Limit-*` headers).
 * - Reach: none (Product Hunt redacts every user but the token's owner); engagement: votesCount
 *   (+ commentsCount for posts).
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  credentialSpec,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  requireCredential,
  timeoutMsOption,
  urlOption,
  validEntry,
  windowStart,
} from '../shared/api-source.js';
import { fetchWindow, type PageRequest } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Product Hunt';
const SITE = 'https://www.producthunt.com';
const TOKEN_HELP = {
  name: 'token',
  env: 'PRODUCTHUNT_TOKEN',
  howTo:
    'At https://www.producthunt.com/v2/oauth/applications add an application (any redirect URI), then ' +
    '"Create Token" under Developer Token.',
};

export const COMMENTS_QUERY = `query EarshotComments($slug: String!, $first: Int!, $after: String) {
  post(slug: $slug) {
    id name slug url
    comments(first: $first, after: $after, order: NEWEST) {
      edges { node { id body createdAt url votesCount user { username name } } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

export const POSTS_QUERY = `query EarshotPosts($first: Int!, $after: String, $topic: String, $postedAfter: DateTime) {
  posts(first: $first, after: $after, order: NEWEST, topic: $topic, postedAfter: $postedAfter) {
    edges { node { id name slug tagline description url votesCount commentsCount createdAt user { username name } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'a Product Hunt slug (lower-case, digits, -)');

export const productHuntSchema = sourceBaseSchema.extend({
  kind: z.literal('product-hunt').describe('Comments on your Product Hunt launches, and new posts by topic.'),
  launches: z
    .array(slug)
    .default([])
    .describe('Your launches: post slugs (the part after /posts/ in the URL); their comments are read.'),
  topics: z
    .array(slug)
    .default([])
    .describe('Topics whose new posts are read and matched locally (e.g. developer-tools).'),
  newest: z.boolean().default(false).describe('Also read all new posts and match them locally.'),
  perPage: z.number().int().min(1).max(50).default(20).describe('Nodes per request (1–50, default 20).'),
  maxPages: maxPagesOption(3, 20),
  baseUrl: urlOption('https://api.producthunt.com/v2/api/graphql', 'The Product Hunt GraphQL endpoint'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type ProductHuntSource = z.infer<typeof productHuntSchema>;

const userSchema = z.object({ username: z.string().nullish(), name: z.string().nullish() }).nullish();
const pageInfoSchema = z.object({ endCursor: z.string().nullish(), hasNextPage: z.boolean() });
// A broken edge (null, a number) is one skipped node, not a failed page.
const edge = z.object({ node: z.unknown() }).catch({ node: null });
const connection = z.object({ edges: z.array(edge), pageInfo: pageInfoSchema });
const idSchema = z.union([z.string().min(1), z.number()]).transform(String);
const commentSchema = z.object({
  id: idSchema,
  body: z.string().nullish(),
  createdAt: z.string().nullish(),
  url: z.string().nullish(),
  votesCount: z.number().nullish(),
  user: userSchema,
});
const postSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string().nullish(),
  tagline: z.string().nullish(),
  description: z.string().nullish(),
  url: z.string().nullish(),
  votesCount: z.number().nullish(),
  commentsCount: z.number().nullish(),
  createdAt: z.string().nullish(),
  user: userSchema,
});
const answerSchema = z.object({
  data: z
    .object({
      post: z
        .object({
          id: idSchema,
          name: z.string(),
          slug: z.string().nullish(),
          url: z.string().nullish(),
          comments: connection,
        })
        .nullish(),
      posts: connection.nullish(),
    })
    .nullish(),
  errors: z
    .array(
      z.object({ message: z.string().optional(), error_description: z.string().optional() }).passthrough(),
    )
    .nullish(),
});

export interface ProductHuntPage {
  items: RawItem[];
  warnings: string[];
  /** For the next page, when there is one. */
  endCursor?: string;
  /** The asked post does not exist (`post: null`). */
  missingPost?: boolean;
}

/** Product Hunt redacts every user but the token's owner as "[REDACTED]". */
function who(item: RawItem, user: z.infer<typeof userSchema>): void {
  const visible = (s: string | null | undefined) => (s && s !== '[REDACTED]' ? s.trim() : undefined);
  const username = visible(user?.username);
  const name = visible(user?.name) ?? (username ? `@${username}` : undefined);
  if (name) item.author = name;
  if (username) item.authorUrl = `${SITE}/@${encodeURIComponent(username)}`;
}

function web(url: string | null | undefined): string | undefined {
  if (!url || !/^https?:\/\//.test(url)) return undefined;
  // The API's links carry tracking parameters (utm_*): the mention keeps the page itself.
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) if (k.startsWith('utm_')) u.searchParams.delete(k);
    return u.toString();
  } catch {
    return undefined;
  }
}

/** A GraphQL answer of COMMENTS_QUERY or POSTS_QUERY → items. */
export function parseProductHuntPage(json: unknown, url: string): ProductHuntPage {
  const body = parsePayload(answerSchema, json, TITLE, url);
  if (body.errors && body.errors.length > 0) {
    const said = body.errors.map((e) => e.message ?? e.error_description ?? 'error').join('; ');
    throw new Error(`${TITLE} answered with GraphQL errors: ${said.slice(0, 300)}`);
  }
  const page: ProductHuntPage = { items: [], warnings: [] };
  const data = body.data;
  if (data && 'post' in data && !data.posts) {
    const post = data.post;
    if (!post) return { ...page, missingPost: true };
    const postUrl = web(post.url) ?? `${SITE}/posts/${post.slug ?? ''}`;
    post.comments.edges.forEach(({ node }, i) => {
      const c = validEntry(commentSchema, node, page.warnings, `comment ${i}`, 'comment');
      if (!c) return;
      const link = web(c.url) ?? `${postUrl}?comment=${encodeURIComponent(c.id)}`;
      const item: RawItem = {
        id: `comment:${c.id}`,
        url: link,
        title: post.name,
        text: (c.body ?? '').trim(),
        replyTo: { postId: post.id, commentId: c.id, ...(post.slug ? { postSlug: post.slug } : {}) },
      };
      who(item, c.user);
      if (typeof c.votesCount === 'number') item.engagement = c.votesCount;
      const published = isoOrUndefined(c.createdAt);
      if (published) item.published = published;
      page.items.push(item);
    });
    if (post.comments.pageInfo.hasNextPage && post.comments.pageInfo.endCursor)
      page.endCursor = post.comments.pageInfo.endCursor;
    return page;
  }
  const posts = data?.posts;
  if (!posts) throw new Error(`${TITLE}: ${url} is not the expected payload: data: no post or posts`);
  posts.edges.forEach(({ node }, i) => {
    const p = validEntry(postSchema, node, page.warnings, `post ${i}`, 'post');
    if (!p) return;
    const link = web(p.url) ?? `${SITE}/posts/${p.slug ?? p.id}`;
    const item: RawItem = {
      id: `post:${p.id}`,
      url: link,
      title: p.name.trim(),
      text: [p.tagline, p.description]
        .filter((s) => s?.trim())
        .join('\n\n')
        .trim(),
      replyTo: { postId: p.id, ...(p.slug ? { postSlug: p.slug } : {}) },
    };
    who(item, p.user);
    const counts = [p.votesCount, p.commentsCount];
    if (counts.some((c) => typeof c === 'number'))
      item.engagement = counts.reduce<number>((s, c) => s + (c ?? 0), 0);
    const published = isoOrUndefined(p.createdAt);
    if (published) item.published = published;
    page.items.push(item);
  });
  if (posts.pageInfo.hasNextPage && posts.pageInfo.endCursor) page.endCursor = posts.pageInfo.endCursor;
  return page;
}

type GraphqlBody = {
  query: string;
  variables: Record<string, string | number>;
};

export const productHuntAdapter: SourceAdapter<ProductHuntSource> = {
  kind: 'product-hunt',
  title: TITLE,
  schema: productHuntSchema,
  credentials: [
    credentialSpec(TOKEN_HELP, 'A Product Hunt developer token (API v2), sent as a bearer token.'),
  ],
  cursor: 'createdAt of the newest comment or post; comments and posts read newest first down to the window',
  reach: "none (Product Hunt redacts other users' data); engagement: votesCount (+ commentsCount for posts)",
  urlNamesItem: true,
  limits:
    '6,250 GraphQL complexity points per 15 minutes per application (X-Rate-Limit-Limit/Remaining/Reset headers); no text search: posts matched locally; commercial use needs Product Hunt’s permission',

  parse(input: ParseInput): RawItem[] {
    return parseProductHuntPage(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    if (source.launches.length === 0 && source.topics.length === 0 && !source.newest)
      throw new SourceError(
        `${TITLE} source "${source.id}": set launches (your post slugs), topics or newest: true (what to read)`,
        source.id,
      );
    const token = requireCredential(TITLE, ctx, TOKEN_HELP);
    const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
    const postedAfter = windowStart(ctx).toISOString();
    const bodies = new WeakMap<PageRequest, GraphqlBody>();
    const request = (body: GraphqlBody): PageRequest => {
      // A GraphQL query only reads: safe to retry on 429/5xx like a GET.
      const req: PageRequest = { url: source.baseUrl, method: 'POST', headers, body, retryPost: true };
      bodies.set(req, body);
      return req;
    };
    const streams = [
      ...[...new Set(source.launches)].map((slug) => ({
        label: `launch ${slug}`,
        first: request({ query: COMMENTS_QUERY, variables: { slug, first: source.perPage } }),
      })),
      ...[...new Set(source.topics)].map((topic) => ({
        label: `topic ${topic}`,
        first: request({ query: POSTS_QUERY, variables: { first: source.perPage, topic, postedAfter } }),
      })),
      ...(source.newest
        ? [
            {
              label: 'new posts',
              first: request({ query: POSTS_QUERY, variables: { first: source.perPage, postedAfter } }),
            },
          ]
        : []),
    ];
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [token],
      authHint: 'check the token credential (a Product Hunt developer token)',
      conditional: false,
      streams: () => streams,
      page(res, req, stream) {
        const parsed = parseProductHuntPage(res.json(), req.url);
        if (parsed.missingPost)
          return { items: [], warnings: [`${stream.label}: no such post on Product Hunt`] };
        const sent = bodies.get(req);
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next:
            parsed.endCursor && sent
              ? request({ query: sent.query, variables: { ...sent.variables, after: parsed.endCursor } })
              : undefined,
        };
      },
    });
  },
};
