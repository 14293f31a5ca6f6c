/**
 * Facebook Pages through the Graph API (shared/graph-api.ts), with a Page access token of the
 * Page (sent in the Authorization header, never in a URL). One request stream per part in
 * `include`:
 *
 * - `visitor_posts`: `GET /{page-id}/visitor_posts?fields=…&since=<window start on its UTC day>&limit=…` — what
 *   people posted on the Page. Meta documents this edge as not supported for Pages migrated to the
 *   New Pages Experience: there the answer (Graph error 100) becomes a warning, not a failure.
 * - `tagged`: `GET /{page-id}/tagged?fields=…&since=…` — public posts that tag the Page.
 * - `comments`: `GET /{page-id}/feed?fields=id,permalink_url,comments.filter(stream).order(reverse_chronological).limit(N){…}&limit=<recentPosts>`
 *   — one request: the newest comments (and replies) on the Page's latest posts; the Page's own
 *   comments are skipped.
 * - `ratings`: `GET /{page-id}/ratings?fields=created_time,recommendation_type,review_text,open_graph_story{id},reviewer{id,name},rating`
 *   — recommendations. Meta's Recommendation reference says fields returning a recommendation
 *   answer error code 12 from v22.0 on: that answer becomes a warning.
 *
 * Pages follow `paging.next` (its cursor only; shared/graph-api.ts) up to `maxPages`; items older
 * than the window are dropped. Cursor: `since` = the newest item's `created_time`; each first page
 * is conditional (Graph sends ETags). Reach: none — the API gives no follower count for people,
 * and the Page's own followers are not the author's; engagement: reactions + comments + shares of
 * a post, likes + replies of a comment. A recommendation's rating: `rating` if present, else
 * positive = 5 and negative = 1.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import {
  credentialSpec,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  requestStart,
  timeoutMsOption,
  validEntry,
  windowStart,
} from '../shared/api-source.js';
import { GraphApiError, graphPaging, graphUrlOption } from '../shared/graph-api.js';
import { APP_SECRET_CREDENTIAL, captionTitle, graphSession } from '../shared/graph-source.js';
import { httpUrl } from '../shared/link-text.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Facebook Page';
export const FACEBOOK_PERMISSIONS =
  'pages_read_engagement and pages_read_user_content (and pages_manage_engagement to reply)';
const TOKEN_HELP = {
  name: 'pageToken',
  env: 'FACEBOOK_PAGE_TOKEN',
  howTo:
    'A Page access token of the Page that does not expire: in a Meta developer app get a User token with ' +
    'pages_show_list, pages_read_engagement, pages_read_user_content and pages_manage_engagement, exchange it ' +
    "for a long-lived one, then read the Page's token from GET /me/accounts (or use a system user token); " +
    'docs/sources.md → facebook walks through it.',
};

export const FACEBOOK_PARTS = ['visitor_posts', 'tagged', 'comments', 'ratings'] as const;
export type FacebookPart = (typeof FACEBOOK_PARTS)[number];

export const facebookSchema = sourceBaseSchema.extend({
  kind: z
    .literal('facebook')
    .describe('A Facebook Page: visitor posts, posts that tag it, comments on its posts, recommendations.'),
  pageId: z
    .string()
    .regex(/^\d{5,25}$/, "the Page's numeric id (Page → About → Page transparency, or Meta Business Suite)")
    .describe('The numeric id of the Page (its token must be a Page token of this Page).'),
  include: z
    .array(z.enum(FACEBOOK_PARTS))
    .min(1)
    .default(['visitor_posts', 'tagged', 'comments'])
    .describe(
      'What to read: visitor_posts, tagged (posts that tag the Page), comments (on its latest posts), ratings (recommendations).',
    ),
  recentPosts: z
    .number()
    .int()
    .min(1)
    .max(25)
    .default(10)
    .describe("How many of the Page's latest posts have their comments read (1–25, default 10)."),
  commentsPerPost: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .describe('The newest comments read per post (1–100, default 25).'),
  limit: z.number().int().min(1).max(100).default(25).describe('Items per API page (1–100, default 25).'),
  maxPages: maxPagesOption(3, 10),
  baseUrl: graphUrlOption(),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type FacebookSource = z.infer<typeof facebookSchema>;

// ---------------------------------------------------------------------------------------------
// Payloads (Graph API reference: Post, Comment, Recommendation)

const fromSchema = z.object({ id: z.string().optional(), name: z.string().nullish() }).nullish();
const countSummary = z
  .object({ summary: z.object({ total_count: z.number().nullish() }).nullish() })
  .nullish();

const postSchema = z.object({
  id: z.string().min(1),
  message: z.string().nullish(),
  story: z.string().nullish(),
  created_time: z.string().nullish(),
  permalink_url: z.string().nullish(),
  from: fromSchema,
  shares: z.object({ count: z.number().nullish() }).nullish(),
  reactions: countSummary,
  comments: countSummary,
});
type Post = z.infer<typeof postSchema>;

const commentSchema = z.object({
  id: z.string().min(1),
  message: z.string().nullish(),
  created_time: z.string().nullish(),
  permalink_url: z.string().nullish(),
  from: fromSchema,
  like_count: z.number().nullish(),
  comment_count: z.number().nullish(),
  parent: z.object({ id: z.string() }).nullish(),
});
type Comment = z.infer<typeof commentSchema>;

const feedPostSchema = z.object({
  id: z.string().min(1),
  permalink_url: z.string().nullish(),
  message: z.string().nullish(),
  comments: z.object({ data: z.array(z.unknown()), paging: graphPaging }).nullish(),
});

const recommendationSchema = z.object({
  created_time: z.string().nullish(),
  recommendation_type: z.enum(['positive', 'negative']).nullish(),
  review_text: z.string().nullish(),
  // A rating out of range or of the wrong type is no rating; the review is kept.
  rating: z.number().int().min(1).max(5).nullish().catch(null),
  has_review: z.boolean().nullish(),
  open_graph_story: z.object({ id: z.string().min(1) }).nullish(),
  reviewer: fromSchema,
});
type Recommendation = z.infer<typeof recommendationSchema>;

const listSchema = z.object({ data: z.array(z.unknown()), paging: graphPaging });

export interface FacebookPage {
  items: RawItem[];
  warnings: string[];
  paging?: z.infer<typeof graphPaging>;
  /** Posts with more comments than were read, and the oldest comment read of each. */
  truncated?: { postId: string; oldest: string }[];
}

/** Which part of the Page a payload is, from the URL it came from. */
export function partOf(url: string): FacebookPart {
  const path = new URL(url, 'https://graph.facebook.com').pathname;
  if (path.endsWith('/visitor_posts')) return 'visitor_posts';
  if (path.endsWith('/tagged')) return 'tagged';
  if (path.endsWith('/feed')) return 'comments';
  if (path.endsWith('/ratings')) return 'ratings';
  throw new Error(`${TITLE}: ${url} is not a visitor_posts, tagged, feed or ratings answer`);
}

function facebookUrl(id: string): string {
  return `https://www.facebook.com/${encodeURIComponent(id)}`;
}

/** A comment's link from its post's: Facebook opens `?comment_id=<the comment's own id>` at the comment. */
function commentUrl(id: string, postUrl: string | null | undefined): string {
  const post = httpUrl(postUrl ?? undefined);
  if (!post) return facebookUrl(id);
  try {
    const url = new URL(post);
    url.searchParams.set('comment_id', id.split('_').pop() ?? id);
    return url.toString();
  } catch {
    return facebookUrl(id);
  }
}

function postToItem(p: Post): RawItem {
  const item: RawItem = {
    id: p.id,
    url: httpUrl(p.permalink_url ?? undefined) ?? facebookUrl(p.id),
    text: (p.message ?? p.story ?? '').trim(),
    replyTo: { objectId: p.id },
  };
  if (p.from?.name) item.author = p.from.name;
  const counts = [p.reactions?.summary?.total_count, p.comments?.summary?.total_count, p.shares?.count];
  if (counts.some((c) => typeof c === 'number'))
    item.engagement = counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  const published = isoOrUndefined(p.created_time);
  if (published) item.published = published;
  return item;
}

function commentToItem(c: Comment, post: z.infer<typeof feedPostSchema>): RawItem {
  const item: RawItem = {
    id: c.id,
    // Without its own permalink a comment is still its own link (a shared post link would merge comments).
    url: httpUrl(c.permalink_url ?? undefined) ?? commentUrl(c.id, post.permalink_url),
    text: (c.message ?? '').trim(),
    // Facebook threads one level deep: a reply to a reply is answered in its thread.
    replyTo: { objectId: c.parent?.id ?? c.id },
  };
  const title = captionTitle(post.message);
  if (title) item.title = title;
  if (c.from?.name) item.author = c.from.name;
  if (typeof c.like_count === 'number' || typeof c.comment_count === 'number')
    item.engagement = (c.like_count ?? 0) + (c.comment_count ?? 0);
  const published = isoOrUndefined(c.created_time);
  if (published) item.published = published;
  return item;
}

function recommendationToItem(r: Recommendation, storyId: string): RawItem {
  const item: RawItem = {
    id: storyId,
    url: facebookUrl(storyId),
    text: (r.review_text ?? '').trim(),
    replyTo: { objectId: storyId },
  };
  if (r.recommendation_type)
    item.title = r.recommendation_type === 'positive' ? 'Recommends the Page' : 'Does not recommend the Page';
  const rating =
    r.rating ??
    (r.recommendation_type === 'positive' ? 5 : r.recommendation_type === 'negative' ? 1 : undefined);
  if (rating !== undefined) item.rating = rating;
  if (r.reviewer?.name) item.author = r.reviewer.name;
  const published = isoOrUndefined(r.created_time);
  if (published) item.published = published;
  return item;
}

/** One Graph answer of a part → items (the Page's own comments skipped when pageId is given). */
export function parseFacebookPage(
  json: unknown,
  url: string,
  part: FacebookPart,
  pageId?: string,
): FacebookPage {
  const list = parsePayload(listSchema, json, TITLE, url);
  const page: FacebookPage = { items: [], warnings: [] };
  if (list.paging) page.paging = list.paging;
  list.data.forEach((raw, i) => {
    if (part === 'visitor_posts' || part === 'tagged') {
      const post = validEntry(postSchema, raw, page.warnings, `post ${i}`, 'post');
      if (post) page.items.push(postToItem(post));
    } else if (part === 'ratings') {
      const r = validEntry(recommendationSchema, raw, page.warnings, `recommendation ${i}`, 'recommendation');
      if (!r) return;
      if (!r.open_graph_story) page.warnings.push(`recommendation ${i} skipped: it has no open_graph_story`);
      else page.items.push(recommendationToItem(r, r.open_graph_story.id));
    } else {
      const post = validEntry(feedPostSchema, raw, page.warnings, `post ${i}`, 'post');
      if (!post) return;
      let oldest: string | undefined;
      post.comments?.data.forEach((rawComment, j) => {
        const what = `post ${post.id}: comment`;
        const c = validEntry(commentSchema, rawComment, page.warnings, `${what} ${j}`, what);
        if (!c) return;
        const published = isoOrUndefined(c.created_time);
        if (published && (!oldest || published < oldest)) oldest = published;
        // The Page's own comments (its answers) are not mentions.
        if (!pageId || c.from?.id !== pageId) page.items.push(commentToItem(c, post));
      });
      if (post.comments?.paging?.next && oldest) {
        page.truncated = [...(page.truncated ?? []), { postId: post.id, oldest }];
      }
    }
  });
  return page;
}

const POST_FIELDS =
  'id,message,story,created_time,permalink_url,from{id,name},shares,reactions.limit(0).summary(true),comments.limit(0).summary(true)';
const TAGGED_FIELDS = 'id,message,story,created_time,permalink_url,from{id,name}';
const COMMENT_FIELDS =
  'id,message,created_time,permalink_url,from{id,name},like_count,comment_count,parent{id}';
const RATING_FIELDS =
  'created_time,recommendation_type,review_text,rating,has_review,open_graph_story{id},reviewer{id,name}';

/** Graph errors a part can answer without failing the source: the edge is not served for this Page or version. */
function softFailure(part: FacebookPart, error: GraphApiError): string | undefined {
  const code = error.graph?.code;
  if (part === 'ratings' && code === 12)
    return 'ratings: Meta no longer serves recommendations on this Graph API version (error 12); remove ratings from include';
  if (part === 'visitor_posts' && code === 100)
    return 'visitor_posts: Meta does not serve this edge for this Page (Pages on the New Pages Experience: visitor posts appear in the feed); remove visitor_posts from include';
  return undefined;
}

export const facebookAdapter: SourceAdapter<FacebookSource> = {
  kind: 'facebook',
  title: TITLE,
  schema: facebookSchema,
  credentials: [credentialSpec(TOKEN_HELP, ''), APP_SECRET_CREDENTIAL],
  cursor: "the newest item's created_time; the first page of each part is conditional (Graph ETags)",
  reach:
    "none (the API gives no follower counts for people; the Page's followers are not the author's); engagement: reactions + comments + shares, or a comment's likes + replies",
  urlNamesItem: true,
  // Posts on, tags of, comments under and recommendations of the team's own Page.
  ownPresence: true,
  limits:
    'Business Use Case limit for Page tokens: 4,800 calls × engaged users per 24 hours per Page; 1 request per part and page (comments: 1 request in all); free, no paid tier',

  parse(input: ParseInput, source: FacebookSource): RawItem[] {
    return parseFacebookPage(inputJson(input, TITLE), input.url, partOf(input.url), source.pageId).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const graph = graphSession(TITLE, ctx, TOKEN_HELP, source.baseUrl);
    const { request } = graph;
    const start = windowStart(ctx).getTime();
    const since = Math.floor(requestStart(ctx).getTime() / 1000);
    const parts = [...new Set(source.include)];
    const result = await fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: graph.secrets,
      authHint: `check the pageToken credential: a Page token with ${FACEBOOK_PERMISSIONS}`,
      streams: () =>
        parts.map((part) => {
          const page = `/${source.pageId}`;
          const first =
            part === 'visitor_posts'
              ? request(`${page}/visitor_posts`, { fields: POST_FIELDS, since, limit: source.limit })
              : part === 'tagged'
                ? request(`${page}/tagged`, { fields: TAGGED_FIELDS, since, limit: source.limit })
                : part === 'comments'
                  ? request(`${page}/feed`, {
                      fields: `id,permalink_url,message,comments.filter(stream).order(reverse_chronological).limit(${source.commentsPerPost}){${COMMENT_FIELDS}}`,
                      limit: source.recentPosts,
                    })
                  : request(`${page}/ratings`, { fields: RATING_FIELDS, limit: source.limit });
          return { label: part, first };
        }),
      page(res, req) {
        const part = partOf(req.url);
        let json: unknown;
        try {
          json = graph.body(res, `${part} of Page ${source.pageId}`, FACEBOOK_PERMISSIONS);
        } catch (error) {
          const soft = error instanceof GraphApiError ? softFailure(part, error) : undefined;
          if (soft) return { items: [], warnings: [soft] };
          throw error;
        }
        const parsed = parseFacebookPage(json, req.url, part, source.pageId);
        const cut = (parsed.truncated ?? []).filter((t) => Date.parse(t.oldest) > start);
        if (cut.length > 0)
          parsed.warnings.push(
            `${cut.length} post(s) had more than ${source.commentsPerPost} comments since the window start; the oldest were not read (raise commentsPerPost)`,
          );
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${part}: ${w}`),
          // comments: the latest posts only (one request), bounded by recentPosts.
          next: part === 'comments' ? undefined : graph.next(req, parsed.paging),
        };
      },
    });
    return graph.withUsageWarning(result);
  },
};
