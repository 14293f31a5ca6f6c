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
 * - Cursor: `since` = the newest comment's publishedAt (next run: minus 10 minutes).
 * - Reach: none — the API gives commenters no follower count without an extra channels call per
 *   author; the comment's `likeCount` is its engagement.
 */
import { z } from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  inputJson,
  inWindow,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  meteredHttp,
  newerIso,
  parsePayload,
  requireCredential,
  sourceFailure,
  timeoutMsOption,
  urlOption,
  ValidatorJar,
  windowStart,
} from '../shared/api-source.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceCursor } from '../source.js';
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
  list.items.forEach((raw, i) => {
    const thread = threadSchema.safeParse(raw);
    if (!thread.success) {
      warnings.push(
        `thread ${i} skipped: ${thread.error.issues[0]?.path.join('.') || 'thread'} is not valid`,
      );
      return;
    }
    items.push(threadToItem(thread.data));
  });
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
  credentials: [
    { name: 'apiKey', required: true, description: `A YouTube Data API v3 key. ${KEY_HELP.howTo}` },
  ],
  cursor: "the newest comment's publishedAt (next run: minus 10 minutes); uploads playlist id cached",
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
    const http = meteredHttp(ctx, source);
    const jar = new ValidatorJar(ctx.cursor?.validators);
    const start = windowStart(ctx);
    const headers = { accept: 'application/json', 'x-goog-api-key': key };
    const items: RawItem[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    const data: Record<string, string> = {};
    let since = ctx.cursor?.since;
    /** Reads a list call, turning Google's error body into a clear message. */
    const get = async (url: string, validators?: { etag?: string }) => {
      const res = await http.request({
        url,
        headers,
        ...(validators?.etag ? { validators } : {}),
        acceptStatus: (s) => (s >= 200 && s < 300) || s === 304 || s === 400 || s === 403 || s === 404,
      });
      if (res.status >= 400) {
        const err = apiError(safeJson(res.text()));
        return { res, error: err ?? { reason: String(res.status), message: `HTTP ${res.status}` } };
      }
      return { res, error: undefined };
    };
    const fatal = (what: string, error: { reason: string; message: string }) => {
      const hint =
        error.reason === 'quotaExceeded'
          ? ' — the daily quota is used up; it resets at midnight Pacific time'
          : /key/i.test(error.reason) || /API key/i.test(error.message)
            ? ' — check the apiKey credential and that YouTube Data API v3 is enabled for its project'
            : '';
      return new Error(`${what}: ${error.reason || 'error'}: ${error.message}${hint}`);
    };
    try {
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
          const { res, error } = await get(url);
          if (error) throw fatal('channels.list failed', error);
          uploads = parsePayload(channelsSchema, res.json(), TITLE, url).items[0]?.contentDetails
            .relatedPlaylists.uploads;
          if (!uploads) throw new Error(`channel ${source.channelId} was not found`);
        }
        data.channel = source.channelId;
        data.uploads = uploads;
        const url = apiUrl(source.baseUrl, '/playlistItems', {
          part: 'contentDetails',
          playlistId: uploads,
          maxResults: source.recentVideos,
        });
        const { res, error } = await get(url);
        if (error) throw fatal('playlistItems.list failed', error);
        for (const v of parsePayload(playlistItemsSchema, res.json(), TITLE, url).items)
          videos.push(v.contentDetails.videoId);
      }
      for (const id of source.videoIds) if (!videos.includes(id)) videos.push(id);

      for (const videoId of videos) {
        let pageToken: string | undefined;
        for (let page = 0; page < source.maxPages; page++) {
          const url = apiUrl(source.baseUrl, '/commentThreads', {
            part: 'snippet',
            videoId,
            order: 'time',
            maxResults: 100,
            textFormat: 'plainText',
            searchTerms: source.searchTerms,
            pageToken,
          });
          const validators = page === 0 ? jar.get(url) : undefined;
          const { res, error } = await get(url, validators);
          if (error) {
            if (
              error.reason === 'commentsDisabled' ||
              error.reason === 'videoNotFound' ||
              res.status === 404
            ) {
              warnings.push(`video ${videoId}: ${error.reason || 'not available'}, skipped`);
              break;
            }
            throw fatal(`commentThreads.list for video ${videoId} failed`, error);
          }
          if (page === 0) jar.keep(url, res.validators);
          if (res.notModified) break;
          const parsed = parseYoutubePage(res.json(), url);
          warnings.push(...parsed.warnings.map((w) => `video ${videoId}: ${w}`));
          let older = false;
          for (const item of parsed.items) {
            if (!inWindow(item.published, start)) {
              older = true;
              continue;
            }
            if (item.id && seen.has(item.id)) continue;
            if (item.id) seen.add(item.id);
            items.push(item);
            since = newerIso(since, item.published, ctx.now);
          }
          pageToken = parsed.nextPageToken;
          if (!pageToken || older) break;
          if (page + 1 === source.maxPages) {
            warnings.push(
              `video ${videoId}: more than ${source.maxPages} pages of new comments; the oldest were not read`,
            );
          }
        }
      }
    } catch (error) {
      throw sourceFailure(TITLE, ctx, error, [key], {
        auth: 'check the apiKey credential and that YouTube Data API v3 is enabled for its project',
      });
    }
    const cursor: SourceCursor = {};
    if (since) cursor.since = since;
    if (Object.keys(data).length > 0) cursor.data = data;
    const validators = jar.toCursor();
    if (validators) cursor.validators = validators;
    return { items, cursor, warnings, requests: http.requests, bytes: http.bytes };
  },
};
