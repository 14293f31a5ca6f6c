/**
 * Lemmy (the federated link aggregator) through one instance's search, API v3 (Lemmy 0.18/0.19):
 * `GET {instance}/api/v3/search?q=<term>&type_=All|Posts|Comments&sort=New&listing_type=All&limit=50&page=N[&community_name=…]`.
 *
 * - Lemmy search matches one phrase (no OR): one request stream per term (at most 5), newest first,
 *   pages followed while a list is full and the page is still inside the window (`maxPages`).
 * - Posts and comments become mentions keyed by their ActivityPub id (`ap_id`): the same post seen
 *   through two instances collapses into one. Deleted and removed items are skipped.
 * - Timestamps: 0.19 writes `…Z`; 0.18 wrote them without a zone, meaning UTC — read as UTC.
 * - Cursor: `since` = the newest `published`; items older than the look-back window are dropped.
 * - Reach: none (Lemmy has no follower counts for people); engagement: `counts.score`.
 * - Replies: not yet — answering needs a logged-in account (a JWT) on an instance; a copy-ready
 *   text and the link are offered instead.
 */
import * as z from 'zod';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  queryOption,
  timeoutMsOption,
  urlOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { looseDateToIso } from '../shared/loose-date.js';
import { mappedCredential } from '../shared/mapped-credential.js';
import { isRefusal, pageOrRefusal, refusalWords } from '../shared/refusal.js';
import { fetchWindow, termStreams } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Lemmy';
const MAX_TERMS = 5;
const JWT_HELP = {
  name: 'jwt',
  env: 'LEMMY_JWT',
  howTo:
    'Only instances that hide content from anonymous visitors need it: log in with a bot account ' +
    '(POST /api/v3/user/login) and store the returned `jwt`.',
};

export const lemmySchema = sourceBaseSchema.extend({
  kind: z
    .literal('lemmy')
    .describe('Lemmy posts and comments, through one instance (it sees the federation).'),
  instance: urlOption('https://lemmy.world', 'The Lemmy instance whose search is used'),
  type: z
    .enum(['All', 'Posts', 'Comments'])
    .default('All')
    .describe('What to search: All (posts and comments), Posts or Comments.'),
  communityName: z
    .string()
    .regex(/^[A-Za-z0-9_]+(@[A-Za-z0-9.-]+)?$/, 'a community name, e.g. acmecloud or acmecloud@lemmy.ml')
    .optional()
    .describe('Only this community (name, or name@instance for a remote one).'),
  query: queryOption,
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(50)
    .describe('Results per page and list (1–50, default 50).'),
  maxPages: maxPagesOption(3, 10),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type LemmySource = z.infer<typeof lemmySchema>;

const creatorSchema = z.object({
  name: z.string(),
  display_name: z.string().nullish(),
  actor_id: z.string().nullish(),
  deleted: z.boolean().nullish(),
});
const communitySchema = z.object({ name: z.string(), actor_id: z.string().nullish() }).nullish();

const postViewSchema = z.object({
  post: z.object({
    id: z.number().int(),
    name: z.string(),
    body: z.string().nullish(),
    url: z.string().nullish(),
    ap_id: z.string(),
    published: z.string().nullish(),
    deleted: z.boolean().nullish(),
    removed: z.boolean().nullish(),
  }),
  creator: creatorSchema,
  community: communitySchema,
  counts: z.object({ score: z.number().nullish(), comments: z.number().nullish() }).nullish(),
});
type PostView = z.infer<typeof postViewSchema>;

const commentViewSchema = z.object({
  comment: z.object({
    id: z.number().int(),
    content: z.string(),
    ap_id: z.string(),
    published: z.string().nullish(),
    deleted: z.boolean().nullish(),
    removed: z.boolean().nullish(),
  }),
  creator: creatorSchema,
  post: z.object({ id: z.number().int(), name: z.string().nullish() }),
  community: communitySchema,
  counts: z.object({ score: z.number().nullish() }).nullish(),
});
type CommentView = z.infer<typeof commentViewSchema>;

const searchSchema = z.object({
  type_: z.string().optional(),
  posts: z.array(z.unknown()),
  comments: z.array(z.unknown()),
  communities: z.array(z.unknown()).optional(),
  users: z.array(z.unknown()).optional(),
});

export interface LemmyPage {
  items: RawItem[];
  warnings: string[];
  /** Results per list, before skipping (to know whether a list was full). */
  posts: number;
  comments: number;
  /** Oldest publication time on the page. */
  oldest?: string;
}

function author(item: RawItem, creator: z.infer<typeof creatorSchema>): void {
  if (creator.deleted) return;
  item.author = creator.name;
  if (creator.actor_id) item.authorUrl = creator.actor_id;
}

function postToItem(view: PostView, instance: string): RawItem {
  const { post } = view;
  const item: RawItem = {
    id: post.ap_id,
    url: post.ap_id,
    title: post.name,
    text: (post.body ?? '').trim(),
    replyTo: { instance, type: 'post', postId: String(post.id) },
  };
  author(item, view.creator);
  if (typeof view.counts?.score === 'number') item.engagement = view.counts.score;
  const published = looseDateToIso(post.published);
  if (published) item.published = published;
  return item;
}

function commentToItem(view: CommentView, instance: string): RawItem {
  const { comment } = view;
  const item: RawItem = {
    id: comment.ap_id,
    url: comment.ap_id,
    text: comment.content.trim(),
    replyTo: { instance, type: 'comment', commentId: String(comment.id), postId: String(view.post.id) },
  };
  if (view.post.name) item.title = view.post.name;
  author(item, view.creator);
  if (typeof view.counts?.score === 'number') item.engagement = view.counts.score;
  const published = looseDateToIso(comment.published);
  if (published) item.published = published;
  return item;
}

/** One search answer → posts then comments (deleted and removed ones skipped). */
export function parseLemmyPage(json: unknown, url: string, instance: string): LemmyPage {
  const body = parsePayload(searchSchema, json, TITLE, url);
  const root = instance.replace(/\/+$/, '');
  const page: LemmyPage = {
    items: [],
    warnings: [],
    posts: body.posts.length,
    comments: body.comments.length,
  };
  let gone = 0;
  const add = (item: RawItem) => {
    if (item.published && (!page.oldest || item.published < page.oldest)) page.oldest = item.published;
    page.items.push(item);
  };
  body.posts.forEach((raw, i) => {
    const view = validEntry(postViewSchema, raw, page.warnings, `post ${i}`, 'post');
    if (!view) return;
    if (view.post.deleted || view.post.removed) gone++;
    else add(postToItem(view, root));
  });
  body.comments.forEach((raw, i) => {
    const view = validEntry(commentViewSchema, raw, page.warnings, `comment ${i}`, 'comment');
    if (!view) return;
    if (view.comment.deleted || view.comment.removed) gone++;
    else add(commentToItem(view, root));
  });
  if (gone > 0) page.warnings.push(`${gone} deleted or removed item(s) skipped`);
  return page;
}

/** Lemmy explains failures as `{"error": "couldnt_find_community"}`. */
function refusal(res: HttpResponse): Error {
  const said = refusalWords(res, (json) => {
    const body = z.object({ error: z.string() }).safeParse(json);
    return body.success ? body.data.error : undefined;
  });
  const hint = res.status === 401 || res.status === 403 ? ' — check the jwt credential' : '';
  return new Error(`the instance refused the search (${res.status}${said ? `: ${said}` : ''})${hint}`);
}

export const lemmyAdapter: SourceAdapter<LemmySource> = {
  kind: 'lemmy',
  title: TITLE,
  schema: lemmySchema,
  credentials: [credentialSpec(JWT_HELP, 'A login token, sent as Authorization: Bearer.', false)],
  cursor: 'published time of the newest post or comment (items older than the look-back window are dropped)',
  reach: 'none (Lemmy has no follower counts); engagement: counts.score',
  urlNamesItem: true,
  limits:
    "the instance's rate limits (Lemmy default: 60 searches per 10 minutes per IP); 50 results per list and page; one stream per term",

  parse(input: ParseInput, source: LemmySource): RawItem[] {
    return parseLemmyPage(inputJson(input, TITLE), input.url, source.instance).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const jwt = mappedCredential(TITLE, ctx, JWT_HELP);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(jwt ? { authorization: `Bearer ${jwt}` } : {}),
    };
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [jwt],
      authHint: 'check the jwt credential',
      streams: () =>
        termStreams(ctx, source.query, MAX_TERMS, (term) => ({
          url: apiUrl(source.instance, '/api/v3/search', {
            q: term,
            type_: source.type,
            sort: 'New',
            listing_type: 'All',
            community_name: source.communityName,
            limit: source.limit,
            page: 1,
          }),
          headers,
          acceptStatus: pageOrRefusal(true),
        })),
      page(res, req, stream) {
        if (isRefusal(res.status)) throw refusal(res);
        const parsed = parseLemmyPage(res.json(), req.url, source.instance);
        const page = Number(new URL(req.url).searchParams.get('page'));
        const full = parsed.posts >= source.limit || parsed.comments >= source.limit;
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label} page ${page}: ${w}`),
          next: full ? { ...req, url: withQuery(req.url, { page: page + 1 }) } : undefined,
        };
      },
    });
  },
};
