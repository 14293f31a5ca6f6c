import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { parseYoutubePage, youtubeAdapter } from '../../../src/platforms/youtube/source.js';
import {
  fixture,
  type Loopback,
  type RecordedRequest,
  sendFixture,
  startLoopback,
} from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=UTF-8';
const KEY = 'AIzaSyTEST-not-a-real-key-000000000000';
const CHANNEL = 'UCacmeCloud0000000000000';
const CREDS = { credentials: { apiKey: 'YT_KEY' } };
const ENV = { env: { YT_KEY: KEY } };
const parseFile = (name: string) =>
  youtubeAdapter.parse(
    { body: fixture(`sources/youtube/${name}`), url: 'https://www.googleapis.com/youtube/v3/commentThreads' },
    youtubeAdapter.schema.parse({ id: 'yt', kind: 'youtube' }),
  );

/** A small fake of the Data API: channel, uploads, comment threads per video (page 2 by token). */
function dataApi(req: RecordedRequest, res: ServerResponse): void {
  const path = pathOf(req.url);
  const q = query(req.url);
  if (req.headers['x-goog-api-key'] !== KEY) {
    res.writeHead(400, { 'content-type': JSON_TYPE });
    res.end(
      '{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"reason":"badRequest"}]}}',
    );
    return;
  }
  if (path === '/channels') sendFixture(res, 'sources/youtube/channels.json', JSON_TYPE);
  else if (path === '/playlistItems') sendFixture(res, 'sources/youtube/playlist-items.json', JSON_TYPE);
  else if (q.get('videoId') === 'acmeVideo01') {
    sendFixture(
      res,
      `sources/youtube/${q.get('pageToken') ? 'comment-threads-video1-page2.json' : 'comment-threads-video1.json'}`,
      JSON_TYPE,
    );
  } else if (q.get('videoId') === 'acmeVideo02')
    sendFixture(res, 'sources/youtube/comment-threads-video2.json', JSON_TYPE);
  else sendFixture(res, 'sources/youtube/comment-threads-empty.json', JSON_TYPE);
}

describe('youtube parse', () => {
  it('reads top-level comments: text, comment link, author channel, likes as engagement', () => {
    const items = parseFile('comment-threads-video1.json');
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      id: 'UgzAcmeComment0001',
      url: 'https://www.youtube.com/watch?v=acmeVideo01&lc=UgzAcmeComment0001',
      text: 'The new AcmeCloud dashboard is great, but the CLI still times out on deploy <3',
      author: '@devon-builds',
      authorUrl: 'http://www.youtube.com/@devon-builds',
      engagement: 14,
      published: '2025-03-10T10:00:00.000Z',
      replyTo: { videoId: 'acmeVideo01', parentId: 'UgzAcmeComment0001' },
    });
    expect(items[0]?.reach).toBeUndefined();
    // No textOriginal (only shown to the author): textDisplay is used.
    expect(items[1]?.text).toBe('How do I move my Acme bucket to another region?');
  });

  it('keeps non-English comments and comments without author details', () => {
    const items = parseFile('comment-threads-video2.json');
    expect(items[0]?.text).toBe('¿AcmeCloud tiene región en São Paulo? La latencia desde Chile es alta.');
    expect(items[1]).toMatchObject({
      id: 'UgzAcmeComment0202',
      text: 'acme support never answered my ticket',
    });
    expect(items[1]?.author).toBeUndefined();
    expect(items[1]?.authorUrl).toBeUndefined();
    expect(items[1]?.engagement).toBeUndefined();
  });

  it('returns nothing for an empty list, and skips malformed threads with a warning', () => {
    expect(parseFile('comment-threads-empty.json')).toEqual([]);
    const page = parseYoutubePage({ items: [{ id: 'x', snippet: {} }] }, 'u');
    expect(page.items).toEqual([]);
    expect(page.warnings).toEqual([expect.stringContaining('topLevelComment')]);
    expect(() => parseYoutubePage({ error: { code: 403 } }, 'u')).toThrow(/items/);
  });
});

describe('youtube fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("finds the channel's uploads, reads each video's comments newest first, key in a header only", async () => {
    server = await startLoopback(dataApi);
    const ctx = apiContext(
      youtubeAdapter,
      { baseUrl: server.url, channelId: CHANNEL, recentVideos: 2, ...CREDS },
      ENV,
    );
    const result = await youtubeAdapter.fetch(ctx);

    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/channels',
      '/playlistItems',
      '/commentThreads',
      '/commentThreads',
      '/commentThreads',
    ]);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({
      part: 'contentDetails',
      id: CHANNEL,
    });
    expect(Object.fromEntries(query(server.requests[1]?.url ?? ''))).toEqual({
      part: 'contentDetails',
      playlistId: 'UUacmeCloud0000000000000',
      maxResults: '2',
    });
    expect(Object.fromEntries(query(server.requests[2]?.url ?? ''))).toEqual({
      part: 'snippet',
      videoId: 'acmeVideo01',
      order: 'time',
      maxResults: '100',
      textFormat: 'plainText',
    });
    expect(query(server.requests[3]?.url ?? '').get('pageToken')).toBe('QURTSl9pMlQ');
    expect(query(server.requests[4]?.url ?? '').get('videoId')).toBe('acmeVideo02');
    for (const r of server.requests) {
      expect(r.url).not.toContain(KEY);
      expect(r.headers['x-goog-api-key']).toBe(KEY);
    }
    expect(result.items.map((i) => i.id)).toEqual([
      'UgzAcmeComment0001',
      'UgzAcmeComment0002',
      'UgzAcmeComment0003',
      'UgzAcmeComment0201',
      'UgzAcmeComment0202',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
    expect(result.cursor.data).toEqual({ channel: CHANNEL, uploads: 'UUacmeCloud0000000000000' });
    expect(result.requests).toBe(5);
  });

  it('reads the whole look-back window whatever the cursor (no channels call): late comments are kept, paging stops below the window', async () => {
    // Page 2 of video 1 as served, plus a comment dated before the 14-day look-back window and a
    // nextPageToken the adapter must not follow (the page already reaches below the window).
    type Thread = {
      id: string;
      snippet: { topLevelComment: { id: string; snippet: Record<string, unknown> } };
    };
    const page2 = JSON.parse(
      fixture('sources/youtube/comment-threads-video1-page2.json').toString('utf8'),
    ) as {
      nextPageToken?: string;
      items: Thread[];
    };
    const late = page2.items[0] as Thread;
    const old = '2025-02-20T09:00:00Z';
    page2.items.push({
      ...late,
      id: 'UgzAcmeComment0004',
      snippet: {
        ...late.snippet,
        topLevelComment: {
          ...late.snippet.topLevelComment,
          id: 'UgzAcmeComment0004',
          snippet: { ...late.snippet.topLevelComment.snippet, publishedAt: old, updatedAt: old },
        },
      },
    });
    page2.nextPageToken = 'QURTSl9pM1Q';
    server = await startLoopback((req, res) => {
      const q = query(req.url);
      if (q.get('videoId') === 'acmeVideo01' && q.get('pageToken')) {
        res.writeHead(200, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify(page2));
        return;
      }
      dataApi(req, res);
    });
    const cursor = {
      since: '2025-03-10T09:45:00.000Z',
      data: { channel: CHANNEL, uploads: 'UUacmeCloud0000000000000' },
    };
    const ctx = apiContext(
      youtubeAdapter,
      { baseUrl: server.url, channelId: CHANNEL, searchTerms: 'acme', ...CREDS },
      { ...ENV, cursor, lookbackDays: 14 },
    );
    const result = await youtubeAdapter.fetch(ctx);
    expect(
      server.requests.map((r) => [pathOf(r.url), query(r.url).get('videoId'), query(r.url).get('pageToken')]),
    ).toEqual([
      ['/playlistItems', null, null],
      ['/commentThreads', 'acmeVideo01', null],
      ['/commentThreads', 'acmeVideo01', 'QURTSl9pMlQ'],
      ['/commentThreads', 'acmeVideo02', null],
    ]);
    expect(query(server.requests[1]?.url ?? '').get('searchTerms')).toBe('acme');
    // 08:15, 9 March 22:40, 09:30 and 09:00 are older than the cursor (late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      'UgzAcmeComment0001',
      'UgzAcmeComment0002',
      'UgzAcmeComment0003',
      'UgzAcmeComment0201',
      'UgzAcmeComment0202',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
    expect(result.cursor.data).toEqual(cursor.data);
  });

  it('watches listed videos without a channel, and skips a video with comments disabled', async () => {
    server = await startLoopback((req, res) => {
      if (query(req.url).get('videoId') === 'disabled001') {
        sendFixture(res, 'sources/youtube/error-comments-disabled.json', JSON_TYPE, 403);
        return;
      }
      dataApi(req, res);
    });
    const ctx = apiContext(
      youtubeAdapter,
      { baseUrl: server.url, videoIds: ['disabled001', 'acmeVideo02'], ...CREDS },
      ENV,
    );
    const result = await youtubeAdapter.fetch(ctx);
    expect(server.requests.map((r) => query(r.url).get('videoId'))).toEqual(['disabled001', 'acmeVideo02']);
    expect(result.items).toHaveLength(2);
    expect(result.warnings).toEqual(['video disabled001: commentsDisabled, skipped']);
  });

  it('an exhausted quota fails the source and says when it resets', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/youtube/error-quota.json', JSON_TYPE, 403),
    );
    const error = await youtubeAdapter
      .fetch(apiContext(youtubeAdapter, { baseUrl: server.url, videoIds: ['acmeVideo02'], ...CREDS }, ENV))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/quotaExceeded/);
    expect((error as SourceError).message).toMatch(/resets at midnight Pacific time/);
  });

  it('a rejected key fails with a hint and without the key', async () => {
    server = await startLoopback(dataApi);
    const ctx = apiContext(
      youtubeAdapter,
      { baseUrl: server.url, videoIds: ['acmeVideo02'], ...CREDS },
      { env: { YT_KEY: 'AIzaWRONG-key-123456' } },
    );
    const error = await youtubeAdapter.fetch(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/API key not valid/);
    expect((error as SourceError).message).toMatch(/check the apiKey credential/);
    expect((error as SourceError).message).not.toContain('AIzaWRONG-key-123456');
  });

  it('says which credential is missing, which env var to set and how to get a key', async () => {
    const error = await youtubeAdapter
      .fetch(apiContext(youtubeAdapter, { baseUrl: 'http://127.0.0.1:9', channelId: CHANNEL }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/credential "apiKey"/);
    expect(message).toMatch(/YOUTUBE_API_KEY/);
    expect(message).toMatch(/YouTube Data API v3/);
  });

  it('needs a channel or videos', async () => {
    const ctx = apiContext(youtubeAdapter, { baseUrl: 'http://127.0.0.1:9', ...CREDS }, ENV);
    await expect(youtubeAdapter.fetch(ctx)).rejects.toThrow(/channelId.*videoIds/);
  });

  it("sends the stored ETag for a video's first page and treats 304 as no new comments", async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"t-etag-0301"') {
        res.writeHead(304, { etag: '"t-etag-0301"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': JSON_TYPE, etag: '"t-etag-0301"' });
      res.end(fixture('sources/youtube/comment-threads-empty.json'));
    });
    const entry = { baseUrl: server.url, videoIds: ['acmeVideo09'], ...CREDS };
    const first = await youtubeAdapter.fetch(apiContext(youtubeAdapter, entry, ENV));
    expect(Object.values(first.cursor.validators ?? {})).toEqual([{ etag: '"t-etag-0301"' }]);
    const second = await youtubeAdapter.fetch(
      apiContext(youtubeAdapter, entry, { ...ENV, cursor: first.cursor }),
    );
    expect(server.requests[1]?.headers['if-none-match']).toBe('"t-etag-0301"');
    expect(second.items).toEqual([]);
    expect(second.cursor.validators).toEqual(first.cursor.validators);
  });

  httpFailureTests({
    adapter: youtubeAdapter,
    entry: (base) => ({ baseUrl: base, videoIds: ['acmeVideo02'], ...CREDS }),
    env: ENV.env,
    ok: dataApi,
  });
});
