/**
 * YouTube comments through the YouTube Data API v3, with an API key (sent in the
 * `X-Goog-Api-Key` header, never in a URL).
 *
 * - Which videos: the channel's latest uploads — `channels?part=contentDetails&id=<channelId>` once
 *   (the uploads playlist id is kept in the cursor), then `playlistItems?part=contentDetails&playlistId=…`
 *   (1 quota unit each; `search.list` would cost 100) — plus any `videoIds` listed.
 * - Per video: `commentThreads?part=snippet&videoId=…&order=time&maxResults=100&textFormat=plainText[&searchTerms=…]`,
 *   newest first, pages followed until a comment is older than the window (1 unit per page). The
 *   first page's ETag is kept: an unchanged video answers 304.
 * - Cursor: `since` = the newest comment's publishedAt; comments older than the look-back window
 *   are dropped.
 * - Reach: none — the API gives commenters no follower count without an extra channels call per
 *   author; the comment's `likeCount` is its engagement.
 */
import * as z from 'zod';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  isoOrUndefined,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  requireCredential,
  timeoutMsOption,
  urlOption,
  validEntries,
  withQuery,
} from '../shared/api-source.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'YouTube comments';
const KEY_HELP = {
  name: 'apiKey',
  env: 'YOUTUBE_API_KEY',
  howTo:
    'Create one in the Google Cloud console: enable "YouTube Data API v3", then Credentials → Create ' +
    'credentials → API key (restrict it to that API).',
};

export const youtubeSchema = sourceBaseSchema.extend({
  kind: z.literal('youtube').describe("Comments on your channel's latest YouTube videos (needs an API key)."),
  channelId: z
    .string()
    .regex(/^UC[A-Za-z0-9_-]{22}$/, 'a channel id (UC…, 24 characters), not a handle')
    .optional()
    .describe("The channel whose latest uploads' comments are read (its id, UC…)."),
  videoIds: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{11}$/, 'an 11-character video id'))
    .default([])
    .describe('Further videos to watch (e.g. reviews of your product on other channels).'),
  recentVideos: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe("How many of the channel's latest uploads are read (1–50, default 10)."),
  searchTerms: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Only comments containing these words (the API parameter searchTerms). Default: all comments.'),
  maxPages: maxPagesOption(3),
  baseUrl: urlOption('https://www.googleapis.com/youtube/v3', 'Root of the YouTube Data API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type YoutubeSource = z.infer<typeof youtubeSchema>;

const commentSnippet = z.object({
  videoId: z.string().nullish(),
  textDisplay: z.string().nullish(),
  textOriginal: z.string().nullish(),
  authorDisplayName: z.string().nullish(),
  authorChannelUrl: z.string().nullish(),
  likeCount: z.number().nullish(),
  publishedAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
const threadSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    videoId: z.string().nullish(),
    topLevelComment: z.object({ id: z.string().min(1), snippet: commentSnippet }),
    totalReplyCount: z.number().nullish(),
  }),
});
type Thread = z.infer<typeof threadSchema>;

const listSchema = z.object({
  kind: z.string().optional(),
  nextPageToken: z.string().nullish(),
  items: z.array(z.unknown()),
});
const channelsSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string() }) }),
      }),
    )
    .default([]),
});
const playlistItemsSchema = z.object({
  items: z.array(
    z.object({ contentDetails: z.object({ videoId: z.string(), videoPublishedAt: z.string().nullish() }) }),
  ),
});
const errorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

export interface YoutubePage {
  items: RawItem[];
  warnings: string[];
  nextPageToken?: string;
}

function threadToItem(t: Thread): RawItem {
  const comment = t.snippet.topLevelComment;
  const s = comment.snippet;
  const videoId = s.videoId ?? t.snippet.videoId ?? '';
  const item: RawItem = {
    id: comment.id,
    text: (s.textOriginal ?? s.textDisplay ?? '').trim(),
    replyTo: { videoId, parentId: comment.id },
  };
  if (videoId) {
    item.url = `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(comment.id)}`;
  }
  if (s.authorDisplayName) item.author = s.authorDisplayName;
  if (s.authorChannelUrl) item.authorUrl = s.authorChannelUrl;
  if (typeof s.likeCount === 'number') item.engagement = s.likeCount;
  const published = isoOrUndefined(s.publishedAt);
  if (published) item.published = published;
  return item;
}

/** A commentThreads list response → items (top-level comments). */
export function parseYoutubePage(json: unknown, url: string): YoutubePage {
  const list = parsePayload(listSchema, json, TITLE, url);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  items.push(
    ...validEntries(list.items, threadSchema, warnings, 'thread').map((thread) => threadToItem(thread)),
  );
  const page: YoutubePage = { items, warnings };
  if (list.nextPageToken) page.nextPageToken = list.nextPageToken;
  return page;
}

/** The reason and message of a Google API error body, when it is one. */
function apiError(json: unknown): { reason: string; message: string } | undefined {
  const parsed = errorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const first = parsed.data.error.errors?.[0];
  return { reason: first?.reason ?? '', message: parsed.data.error.message ?? first?.message ?? '' };
}

/** A failed list call as an Error, with a hint for a used-up quota or a bad key. */
function fatal(what: string, error: { reason: string; message: string }): Error {
  const hint =
    error.reason === 'quotaExceeded'
      ? ' — the daily quota is used up; it resets at midnight Pacific time'
      : /key/i.test(error.reason) || /API key/i.test(error.message)
        ? ' — check the apiKey credential and that YouTube Data API v3 is enabled for its project'
        : '';
  return new Error(`${what}: ${error.reason || 'error'}: ${error.message}${hint}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const youtubeAdapter: SourceAdapter<YoutubeSource> = {
  kind: 'youtube',
  title: TITLE,
  schema: youtubeSchema,
  credentials: [credentialSpec(KEY_HELP, 'A YouTube Data API v3 key.')],
  cursor:
    "the newest comment's publishedAt (older than the look-back window: dropped); uploads playlist id cached",
  reach: "none (no follower counts for commenters); engagement: the comment's likeCount",
  urlNamesItem: true,
  limits:
    '10,000 quota units a day per project: about 2 + (videos × pages) units per run (playlistItems and commentThreads cost 1 each)',

  parse(input: ParseInput): RawItem[] {
    return parseYoutubePage(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const key = requireCredential(TITLE, ctx, KEY_HELP);
    const headers = { accept: 'application/json', 'x-goog-api-key': key };
    const acceptStatus = (s: number) =>
      (s >= 200 && s < 300) || s === 304 || s === 400 || s === 403 || s === 404;
    const data: Record<string, string> = {};
    /** Google's error body of a list call, when the call failed. */
    const failure = (res: HttpResponse) =>
      res.status >= 400
        ? (apiError(safeJson(res.text())) ?? { reason: String(res.status), message: `HTTP ${res.status}` })
        : undefined;
    /** Reads a list call (not paged), turning Google's error body into a clear message. */
    const list = async (http: MeteredHttp, url: string, what: string) => {
      const res = await http.request({ url, headers, acceptStatus });
      const error = failure(res);
      if (error) throw fatal(what, error);
      return res.json();
    };
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [key],
      authHint: 'check the apiKey credential and that YouTube Data API v3 is enabled for its project',
      async streams(http) {
        if (!source.channelId && source.videoIds.length === 0) {
          throw new Error('nothing to read: set "channelId" (your channel) and/or "videoIds"');
        }
        const videos: string[] = [];
        if (source.channelId) {
          let uploads =
            ctx.cursor?.data?.channel === source.channelId && typeof ctx.cursor.data.uploads === 'string'
              ? ctx.cursor.data.uploads
              : undefined;
          if (!uploads) {
            const url = apiUrl(source.baseUrl, '/channels', { part: 'contentDetails', id: source.channelId });
            uploads = parsePayload(channelsSchema, await list(http, url, 'channels.list failed'), TITLE, url)
              .items[0]?.contentDetails.relatedPlaylists.uploads;
            if (!uploads) throw new Error(`channel ${source.channelId} was not found`);
          }
          data.channel = source.channelId;
          data.uploads = uploads;
          const url = apiUrl(source.baseUrl, '/playlistItems', {
            part: 'contentDetails',
            playlistId: uploads,
            maxResults: source.recentVideos,
          });
          const json = await list(http, url, 'playlistItems.list failed');
          for (const v of parsePayload(playlistItemsSchema, json, TITLE, url).items)
            videos.push(v.contentDetails.videoId);
        }
        for (const id of source.videoIds) if (!videos.includes(id)) videos.push(id);
        return videos.map((videoId) => ({
          label: `video ${videoId}`,
          first: {
            url: apiUrl(source.baseUrl, '/commentThreads', {
              part: 'snippet',
              videoId,
              order: 'time',
              maxResults: 100,
              textFormat: 'plainText',
              searchTerms: source.searchTerms,
            }),
            headers,
            acceptStatus,
          },
        }));
      },
      page(res, req, stream) {
        const error = failure(res);
        if (error) {
          if (error.reason === 'commentsDisabled' || error.reason === 'videoNotFound' || res.status === 404) {
            return {
              items: [],
              warnings: [`${stream.label}: ${error.reason || 'not available'}, skipped`],
              stop: 'stream',
            };
          }
          throw fatal(`commentThreads.list for ${stream.label} failed`, error);
        }
        const parsed = parseYoutubePage(res.json(), req.url);
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next: parsed.nextPageToken
            ? { ...req, url: withQuery(req.url, { pageToken: parsed.nextPageToken }) }
            : undefined,
        };
      },
      cursorData: () => data,
    });
  },
};
