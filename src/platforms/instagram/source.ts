/**
 * Instagram through the Instagram Graph API (Instagram API with Facebook Login: a Business or
 * Creator account linked to a Facebook Page), on graph.facebook.com (shared/graph-api.ts). The
 * token goes in the Authorization header, never in a URL. Request streams:
 *
 * - `tags`: `GET /{ig-user-id}/tags?fields=id,caption,media_type,permalink,timestamp,username,like_count,comments_count`
 *   — media in which other accounts tagged yours.
 * - `comments`: `GET /{ig-user-id}/media?fields=id,caption,permalink,timestamp,username,comments_count&limit=<recentMedia>`
 *   once, then per media with comments `GET /{media-id}/comments?fields=id,text,timestamp,username,like_count`
 *   — top-level comments on your latest media (your own account's comments skipped).
 * - `hashtags`: `GET /ig_hashtag_search?user_id=…&q=<tag>` (the id is kept in the cursor: hashtag
 *   ids are static), then `GET /{hashtag-id}/recent_media?user_id=…&fields=…` (media of the last 24
 *   hours). Meta allows 30 unique hashtags per account in a rolling 7 days, and hashtag media carry
 *   no `username`; the API does not let you comment on them.
 *
 * Pages follow `paging.next` (its cursor only) up to `maxPages`; the order of these edges is not
 * documented, so each stream is read to its end or `maxPages`. Items older than the window are
 * dropped. Cursor: `since` = the newest `timestamp`; `data` keeps hashtag ids. Reach: none (the
 * API gives no follower counts of other accounts without a Business Discovery call each);
 * engagement: like_count + comments_count of media, like_count of a comment.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import {
  credentialSpec,
  inputJson,
  isoOrUndefined,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  timeoutMsOption,
  validEntry,
} from '../shared/api-source.js';
import { GraphApiError, graphPaging, graphUrlOption } from '../shared/graph-api.js';
import { APP_SECRET_CREDENTIAL, captionTitle, graphSession } from '../shared/graph-source.js';
import { httpUrl } from '../shared/link-text.js';
import { fetchWindow, type PageRequest, type PageStream } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Instagram';
export const INSTAGRAM_PERMISSIONS =
  'instagram_basic, instagram_manage_comments, pages_show_list and pages_read_engagement (hashtags: the Instagram Public Content Access feature)';
const TOKEN_HELP = {
  name: 'accessToken',
  env: 'INSTAGRAM_ACCESS_TOKEN',
  howTo:
    'A token of a Facebook user or system user with a task on the Page linked to the Instagram Business or ' +
    'Creator account, with instagram_basic, instagram_manage_comments, pages_show_list and pages_read_engagement; ' +
    'for one that does not expire, generate it for a system user (Business settings → Users → System users → ' +
    'Generate new token, expiration Never); docs/sources.md → instagram walks through it.',
};

export const instagramSchema = sourceBaseSchema.extend({
  kind: z
    .literal('instagram')
    .describe('Instagram Business/Creator account: media it is tagged in, comments on its media, hashtags.'),
  igUserId: z
    .string()
    .regex(
      /^\d{5,25}$/,
      'the numeric Instagram account id (GET /{page-id}?fields=instagram_business_account)',
    )
    .describe('The Instagram professional account id (instagram_business_account of the linked Page).'),
  include: z
    .array(z.enum(['tags', 'comments']))
    .default(['tags', 'comments'])
    .describe(
      'What to read besides hashtags: tags (media your account is tagged in), comments (on your latest media).',
    ),
  hashtags: z
    .array(z.string().regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'a hashtag: letters, digits and _ (no emoji)'))
    .max(30)
    .default([])
    .describe(
      'Hashtags whose recent media (last 24 hours) are read; each counts toward 30 unique hashtags per 7 days.',
    ),
  recentMedia: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe('How many of your latest media have their comments read (1–50, default 10).'),
  limit: z.number().int().min(1).max(50).default(50).describe('Items per API page (1–50, default 50).'),
  maxPages: maxPagesOption(2, 10),
  baseUrl: graphUrlOption(),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type InstagramSource = z.infer<typeof instagramSchema>;

// ---------------------------------------------------------------------------------------------
// Payloads (Instagram Graph API reference: IG Media, IG Comment, IG Hashtag)

const mediaSchema = z.object({
  id: z.string().min(1),
  caption: z.string().nullish(),
  media_type: z.string().nullish(),
  permalink: z.string().nullish(),
  timestamp: z.string().nullish(),
  username: z.string().nullish(),
  like_count: z.number().nullish(),
  comments_count: z.number().nullish(),
});
type Media = z.infer<typeof mediaSchema>;

const commentSchema = z.object({
  id: z.string().min(1),
  text: z.string().nullish(),
  timestamp: z.string().nullish(),
  username: z.string().nullish(),
  like_count: z.number().nullish(),
  hidden: z.boolean().nullish(),
});

const listSchema = z.object({ data: z.array(z.unknown()), paging: graphPaging });
const hashtagSearchSchema = z.object({ data: z.array(z.object({ id: z.string().min(1) })) });

export type InstagramPart = 'tags' | 'comments' | 'hashtag';

export interface InstagramPage {
  items: RawItem[];
  warnings: string[];
  paging?: z.infer<typeof graphPaging>;
}

/** The media a comments answer belongs to (permalink, owner, caption). */
export interface MediaContext {
  id: string;
  permalink?: string | undefined;
  username?: string | undefined;
  caption?: string | undefined;
}

/** Which part a payload is, from the URL it came from. */
export function partOf(url: string): InstagramPart {
  const path = new URL(url, 'https://graph.facebook.com').pathname;
  if (path.endsWith('/tags')) return 'tags';
  if (path.endsWith('/comments')) return 'comments';
  if (path.endsWith('/recent_media')) return 'hashtag';
  throw new Error(`${TITLE}: ${url} is not a tags, comments or recent_media answer`);
}

function profile(username: string): string {
  return `https://www.instagram.com/${encodeURIComponent(username)}/`;
}

function mediaToItem(m: Media): RawItem {
  const item: RawItem = { id: m.id, text: (m.caption ?? '').trim() };
  const link = httpUrl(m.permalink ?? undefined);
  if (link) item.url = link;
  if (m.username) {
    item.author = `@${m.username}`;
    item.authorUrl = profile(m.username);
  }
  if (typeof m.like_count === 'number' || typeof m.comments_count === 'number')
    item.engagement = (m.like_count ?? 0) + (m.comments_count ?? 0);
  const published = isoOrUndefined(m.timestamp);
  if (published) item.published = published;
  return item;
}

/** One Graph answer of a part → items; comments need their media (own comments and hidden ones skipped). */
export function parseInstagramPage(
  json: unknown,
  url: string,
  part: InstagramPart,
  media?: MediaContext,
): InstagramPage {
  const list = parsePayload(listSchema, json, TITLE, url);
  const page: InstagramPage = { items: [], warnings: [] };
  if (list.paging) page.paging = list.paging;
  list.data.forEach((raw, i) => {
    if (part !== 'comments') {
      const m = validEntry(mediaSchema, raw, page.warnings, `media ${i}`, 'media');
      if (!m) return;
      page.items.push(mediaToItem(m));
      return;
    }
    const c = validEntry(commentSchema, raw, page.warnings, `comment ${i}`, 'comment');
    if (!c) return;
    // Your own account's comments are its answers, and hidden comments cannot be replied to.
    if (media?.username && c.username === media.username) return;
    if (c.hidden) return;
    const item: RawItem = {
      id: c.id,
      text: (c.text ?? '').trim(),
      replyTo: { commentId: c.id, ...(media ? { mediaId: media.id } : {}) },
    };
    const link = httpUrl(media?.permalink);
    if (link) item.url = link;
    const title = captionTitle(media?.caption);
    if (title) item.title = title;
    if (c.username) {
      item.author = `@${c.username}`;
      item.authorUrl = profile(c.username);
    }
    if (typeof c.like_count === 'number') item.engagement = c.like_count;
    const published = isoOrUndefined(c.timestamp);
    if (published) item.published = published;
    page.items.push(item);
  });
  return page;
}

const MEDIA_FIELDS = 'id,caption,media_type,permalink,timestamp,username,like_count,comments_count';
const OWN_MEDIA_FIELDS = 'id,caption,permalink,timestamp,username,comments_count';
const COMMENT_FIELDS = 'id,text,timestamp,username,like_count,hidden';
// Hashtag media: Meta does not return `username` here.
const HASHTAG_MEDIA_FIELDS = 'id,caption,media_type,permalink,timestamp,like_count,comments_count';

const ownMediaSchema = z.object({ data: z.array(mediaSchema) });

export const instagramAdapter: SourceAdapter<InstagramSource> = {
  kind: 'instagram',
  title: TITLE,
  schema: instagramSchema,
  credentials: [credentialSpec(TOKEN_HELP, ''), APP_SECRET_CREDENTIAL],
  cursor: "the newest item's timestamp; hashtag ids kept (they never change); first pages conditional",
  reach:
    'none (no follower counts of other accounts without a Business Discovery call each); engagement: likes + comments of media, likes of a comment',
  // Comments share their media's permalink: Instagram has no comment links.
  urlNamesItem: false,
  // Tags of, comments on the team's own account, and the hashtags the team chose.
  ownPresence: true,
  limits:
    'Business Use Case limit: 4,800 calls × impressions per 24 hours per account; hashtags: 30 unique per account per rolling 7 days, recent media of the last 24 hours only; free, no paid tier',

  parse(input: ParseInput): RawItem[] {
    return parseInstagramPage(inputJson(input, TITLE), input.url, partOf(input.url)).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const graph = graphSession(TITLE, ctx, TOKEN_HELP, source.baseUrl);
    const { request } = graph;
    const ig = source.igUserId;
    const mediaOf = new Map<string, MediaContext>();
    const hashtagIds: Record<string, string> = {};
    const read = async (http: MeteredHttp, req: PageRequest, what: string): Promise<unknown> =>
      graph.body(await http.request(req), what, INSTAGRAM_PERMISSIONS);
    const result = await fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      newestFirst: false,
      secrets: graph.secrets,
      authHint: `check the accessToken credential: it needs ${INSTAGRAM_PERMISSIONS}`,
      async streams(http) {
        const streams: PageStream[] = [];
        const include = new Set(source.include);
        if (include.size === 0 && source.hashtags.length === 0)
          throw new Error('nothing to read: set include (tags, comments) and/or hashtags');
        if (include.has('tags'))
          streams.push({
            label: 'tags',
            first: request(`/${ig}/tags`, { fields: MEDIA_FIELDS, limit: source.limit }),
          });
        if (include.has('comments')) {
          const req = request(`/${ig}/media`, { fields: OWN_MEDIA_FIELDS, limit: source.recentMedia });
          const own = parsePayload(
            ownMediaSchema,
            await read(http, req, 'your latest media'),
            TITLE,
            req.url,
          );
          for (const m of own.data) {
            if (m.comments_count === 0) continue;
            mediaOf.set(m.id, {
              id: m.id,
              permalink: m.permalink ?? undefined,
              username: m.username ?? undefined,
              caption: m.caption ?? undefined,
            });
            streams.push({
              label: `comments on media ${m.id}`,
              first: request(`/${m.id}/comments`, { fields: COMMENT_FIELDS, limit: source.limit }),
            });
          }
        }
        for (const raw of source.hashtags) {
          const tag = raw.replace(/^#/, '').toLowerCase();
          const key = `hashtag:${tag}`;
          const cached = ctx.cursor?.data?.[key];
          let id = typeof cached === 'string' ? cached : undefined;
          if (!id) {
            const req = request('/ig_hashtag_search', { user_id: ig, q: tag });
            const found = parsePayload(
              hashtagSearchSchema,
              await read(http, req, `hashtag #${tag}`),
              TITLE,
              req.url,
            );
            id = found.data[0]?.id;
            if (!id) throw new Error(`Instagram knows no hashtag #${tag}`);
          }
          hashtagIds[key] = id;
          streams.push({
            label: `#${tag}`,
            first: request(`/${id}/recent_media`, {
              user_id: ig,
              fields: HASHTAG_MEDIA_FIELDS,
              limit: source.limit,
            }),
          });
        }
        return streams;
      },
      page(res, req, stream) {
        const part = partOf(req.url);
        let json: unknown;
        try {
          json = graph.body(res, stream.label, INSTAGRAM_PERMISSIONS);
        } catch (error) {
          // A media deleted since the media list answers error 100: skip it, read the rest.
          if (part === 'comments' && error instanceof GraphApiError && error.graph?.code === 100)
            return {
              items: [],
              warnings: [`${stream.label}: not available any more (Graph error 100), skipped`],
            };
          throw error;
        }
        const mediaId = part === 'comments' ? new URL(req.url).pathname.split('/').at(-2) : undefined;
        const parsed = parseInstagramPage(json, req.url, part, mediaId ? mediaOf.get(mediaId) : undefined);
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next: graph.next(req, parsed.paging),
        };
      },
      cursorData: () => hashtagIds,
    });
    return graph.withUsageWarning(result);
  },
};
