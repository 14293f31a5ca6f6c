import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { appStorePlatform } from '../../../src/platforms/app-store/index.js';
import { appStoreAdapter, parseAppStorePage, reviewsUrl } from '../../../src/platforms/app-store/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests } from './api-context.js';

const APP = '1444444444';
const source = appStoreAdapter.schema.parse({ id: 'ios', kind: 'app-store', appId: APP });
const json = (name: string): unknown => JSON.parse(fixture(`sources/app-store/${name}`).toString('utf8'));
const US1 = reviewsUrl('https://itunes.apple.com', 'us', APP, 1);

function send(res: ServerResponse, name: string, status = 200, headers: Record<string, string> = {}): void {
  // Apple serves these feeds as text/javascript.
  res.writeHead(status, { 'content-type': 'text/javascript; charset=utf-8', ...headers });
  res.end(fixture(`sources/app-store/${name}`));
}

/** Serves the fixtures by country and page, like itunes.apple.com would. */
function itunes(req: { url: string }, res: ServerResponse): void {
  const match = /^\/([a-z]{2})\/rss\/customerreviews\/page=(\d+)\/id=(\d+)\/sortby=mostrecent\/json$/.exec(
    req.url,
  );
  if (!match || match[3] !== APP) {
    res.writeHead(404);
    res.end();
    return;
  }
  send(res, `reviews-${match[1]}-page${match[2]}.json`);
}

describe('app-store parse', () => {
  it('skips the app entry and reads reviews with rating, helpful votes, author and a link per country', () => {
    const page = parseAppStorePage(json('reviews-us-page1.json'), US1);
    expect(page).toMatchObject({ reviews: 3, lastPage: 2, warnings: [] });
    expect(page.items.map((i) => i.rating)).toEqual([1, 5, 3]);
    expect(page.items[0]).toEqual({
      id: '1444444444:11800000001',
      url: 'https://apps.apple.com/us/app/id1444444444?see-all=reviews',
      title: 'Crashes on login since 5.2',
      text: 'Every time I open AcmeCloud after the 5.2 update it crashes on the login screen. iPhone 15, iOS 18.3.',
      rating: 1,
      author: 'frustrated_admin',
      authorUrl: 'https://itunes.apple.com/us/reviews/id990001',
      engagement: 14,
      published: '2025-03-10T09:14:55.000Z',
      replyTo: { appId: APP, reviewId: '11800000001', country: 'us' },
    });
    expect(page.oldest).toBe('2025-03-08T16:41:27.000Z');
  });

  it('reads a single review given as an object instead of an array', () => {
    const items = appStoreAdapter.parse(
      {
        body: fixture('sources/app-store/reviews-us-page2.json'),
        url: reviewsUrl('https://itunes.apple.com', 'us', APP, 2),
      },
      source,
    );
    expect(items).toEqual([
      expect.objectContaining({ id: '1444444444:11790000004', rating: 2, title: 'Support is slow' }),
    ]);
  });

  it('reads German reviews, takes the country from the feed URL and skips an invalid rating', () => {
    const url = reviewsUrl('https://itunes.apple.com', 'de', APP, 1);
    const page = parseAppStorePage(json('reviews-de-page1.json'), url);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      text: 'Seit dem Update hängt die Synchronisierung bei 99 %. Bitte schnell beheben!',
      author: 'Jürgen',
      published: '2025-03-10T06:30:00.000Z',
      url: 'https://apps.apple.com/de/app/id1444444444?see-all=reviews',
      replyTo: { appId: APP, reviewId: '11800000101', country: 'de' },
    });
    expect(page.warnings).toEqual(['review 1 skipped: rating "9"']);
  });

  it('an app without reviews has no entry: nothing, not an error; a non-feed is an error', () => {
    expect(
      appStoreAdapter.parse({ body: fixture('sources/app-store/reviews-empty.json'), url: US1 }, source),
    ).toEqual([]);
    expect(parseAppStorePage(json('reviews-empty.json'), US1).reviews).toBe(0);
    expect(() =>
      appStoreAdapter.parse({ body: '{"resultCount": 0, "results": []}', url: US1 }, source),
    ).toThrow(/App Store reviews: .* is not the expected payload: feed/);
  });

  it('accepts the app id as a number or with its id prefix, and country codes in any case', () => {
    expect(appStoreAdapter.schema.parse({ id: 'a', kind: 'app-store', appId: 1444444444 }).appId).toBe(
      1444444444,
    );
    expect(reviewsUrl('https://itunes.apple.com/', 'GB', 'id1444444444', 3)).toBe(
      'https://itunes.apple.com/gb/rss/customerreviews/page=3/id=1444444444/sortby=mostrecent/json',
    );
    expect(source.countries).toEqual(['us']);
    expect(appStoreAdapter.schema.safeParse({ id: 'a', kind: 'app-store', appId: 'acmecloud' }).success).toBe(
      false,
    );
    expect(
      appStoreAdapter.schema.safeParse({ id: 'a', kind: 'app-store', appId: APP, maxPages: 11 }).success,
    ).toBe(false);
  });
});

describe('app-store fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads each country newest first until the last page, dropping reviews older than the window', async () => {
    server = await startLoopback(itunes);
    const ctx = apiContext(appStoreAdapter, { baseUrl: server.url, appId: APP, countries: ['us', 'DE'] });
    const result = await appStoreAdapter.fetch(ctx);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/us/rss/customerreviews/page=1/id=${APP}/sortby=mostrecent/json`,
      `/us/rss/customerreviews/page=2/id=${APP}/sortby=mostrecent/json`,
      `/de/rss/customerreviews/page=1/id=${APP}/sortby=mostrecent/json`,
    ]);
    // The 2025-02-01 review on page 2 is older than the 14-day window.
    expect(result.items.map((i) => [i.replyTo?.country, i.rating])).toEqual([
      ['us', 1],
      ['us', 5],
      ['us', 3],
      ['de', 2],
    ]);
    expect(result.cursor.since).toBe('2025-03-10T09:14:55.000Z');
    expect(result.warnings).toEqual(['de page 1: review 1 skipped: rating "9"']);
    expect(result.requests).toBe(3);
  });

  it('reads the whole look-back window whatever the cursor: late reviews are kept, and no further page once below the window', async () => {
    // US page 1 as served, plus a review dated before the 14-day look-back window: the feed's last
    // link still names page 2, so only reaching below the window keeps the adapter from reading it.
    const page1 = json('reviews-us-page1.json') as { feed: { entry: Record<string, unknown>[] } };
    page1.feed.entry.push({
      ...page1.feed.entry[3],
      id: { label: '11780000005' },
      updated: { label: '2025-02-20T09:00:00-07:00' },
    });
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', etag: '"us-2"' });
      res.end(JSON.stringify(page1));
    });
    const us1 = reviewsUrl(server.url, 'us', APP, 1);
    const ctx = apiContext(
      appStoreAdapter,
      { baseUrl: server.url, appId: APP },
      {
        cursor: { since: '2025-03-10T09:00:00.000Z', validators: { [us1]: { etag: '"us-1"' } } },
        lookbackDays: 14,
      },
    );
    const result = await appStoreAdapter.fetch(ctx);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/us/rss/customerreviews/page=1/id=${APP}/sortby=mostrecent/json`,
    ]);
    expect(server.requests[0]?.headers['if-none-match']).toBe('"us-1"');
    // 9 March and 8 March are older than the cursor (late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      '1444444444:11800000001',
      '1444444444:11799999002',
      '1444444444:11799990003',
    ]);
    expect(result.cursor).toEqual({
      since: '2025-03-10T09:14:55.000Z',
      validators: { [us1]: { etag: '"us-2"' } },
      data: { 'newestId:us': '11800000001' },
    });
  });

  it('stops at an empty feed', async () => {
    server = await startLoopback((_req, res) => send(res, 'reviews-empty.json'));
    const result = await appStoreAdapter.fetch(
      apiContext(appStoreAdapter, { baseUrl: server.url, appId: APP, maxPages: 10 }),
    );
    expect(server.requests).toHaveLength(1);
    expect(result.items).toEqual([]);
  });

  it('sends the stored ETag for each first page and treats 304 as no new reviews', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"us-1"') {
        res.writeHead(304, { etag: '"us-1"' });
        res.end();
        return;
      }
      send(res, 'reviews-empty.json', 200, { etag: '"us-1"' });
    });
    const entry = { baseUrl: server.url, appId: APP };
    const first = await appStoreAdapter.fetch(apiContext(appStoreAdapter, entry));
    expect(first.cursor.validators).toEqual({ [reviewsUrl(server.url, 'us', APP, 1)]: { etag: '"us-1"' } });
    const second = await appStoreAdapter.fetch(apiContext(appStoreAdapter, entry, { cursor: first.cursor }));
    expect(server.requests[1]?.headers['if-none-match']).toBe('"us-1"');
    expect(second).toMatchObject({ items: [], cursor: first.cursor });
  });

  it('an unknown app (404) fails the source naming the status', async () => {
    server = await startLoopback(itunes);
    const error = await appStoreAdapter
      .fetch(apiContext(appStoreAdapter, { baseUrl: server.url, appId: '999999999' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/^App Store reviews: .*404/);
  });

  it('reviews without updated: a cursor by review id, so the next run reads only what is new', async () => {
    let later = false;
    server = await startLoopback((req, res) => {
      const page = /page=(\d+)/.exec(req.url)?.[1];
      send(
        res,
        page === '1' && later ? 'reviews-undated-page1-later.json' : `reviews-undated-page${page}.json`,
      );
    });
    const entry = { baseUrl: server.url, appId: APP, maxPages: 5 };
    const first = await appStoreAdapter.fetch(apiContext(appStoreAdapter, entry));
    expect(first.items).toHaveLength(6);
    expect(first.items.every((i) => i.published === undefined)).toBe(true);
    expect(first.cursor.since).toBeUndefined();
    expect(first.cursor.data).toEqual({ 'newestId:us': '11809999000' });

    later = true;
    server.requests.length = 0;
    const second = await appStoreAdapter.fetch(apiContext(appStoreAdapter, entry, { cursor: first.cursor }));
    expect(second.items.map((i) => i.title)).toEqual(['Sync broke again', 'Love it']);
    expect(server.requests.map((r) => /page=(\d+)/.exec(r.url)?.[1])).toEqual(['1']);
    expect(second.cursor.data).toEqual({ 'newestId:us': '11810002000' });

    // nothing new: one request, nothing kept, the cursor stays
    server.requests.length = 0;
    const third = await appStoreAdapter.fetch(apiContext(appStoreAdapter, entry, { cursor: second.cursor }));
    expect(third.items).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(third.cursor.data).toEqual(second.cursor.data);
  });

  it('needs no credentials and cannot reply', () => {
    expect(appStoreAdapter.credentials).toEqual([]);
    expect(appStorePlatform.publisher).toBeUndefined();
  });

  httpFailureTests({
    adapter: appStoreAdapter,
    entry: (base) => ({ baseUrl: base, appId: APP }),
    ok: (_req, res) => send(res, 'reviews-us-page1.json'),
  });
});
