import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { hackerNewsAdapter, parseHackerNewsPage } from '../../../src/platforms/hacker-news/source.js';
import type { SourceCursor } from '../../../src/platforms/source.js';
import { fixture, type Loopback, sendFixture, sendJson, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const parseFile = (name: string) =>
  hackerNewsAdapter.parse(
    { body: fixture(`sources/hacker-news/${name}`), url: 'https://hn.algolia.com/api/v1/search_by_date' },
    hackerNewsAdapter.schema.parse({ id: 'hn', kind: 'hacker-news' }),
  );

describe('hacker-news parse', () => {
  it('reads stories and comments from a search_by_date page', () => {
    const items = parseFile('search-by-date-page0.json');
    expect(items.map((i) => i.id)).toEqual(['43300001', '43299500', '43299871']);
    const [story, ask, comment] = items;
    expect(story).toMatchObject({
      url: 'https://news.ycombinator.com/item?id=43300001',
      title: 'AcmeCloud outage postmortem: a bad config push took down eu-west',
      text: '',
      author: 'dana_ops',
      authorUrl: 'https://news.ycombinator.com/user?id=dana_ops',
      reach: 112,
      engagement: 37,
      published: '2025-03-10T10:00:00.000Z',
    });
    expect(ask?.text).toBe(
      'We run about 40 services on AcmeCloud. Billing doubled this quarter & support takes days.\n\nWhere did you go, and was it worth it?',
    );
    expect(comment).toMatchObject({
      text: "I host mine on Acme's free tier, works fine.\n\nThe docs are great: acme deploy and done.",
      author: 'lin_q',
      replyTo: { itemId: '43299871', storyId: '43290000' },
      published: '2025-03-10T08:15:00.000Z',
    });
    expect(comment?.title).toBeUndefined();
    expect(comment?.reach).toBeUndefined();
  });

  it('keeps non-English text and comments whose author was deleted', () => {
    const items = parseFile('search-by-date-page1.json');
    expect(items).toHaveLength(2);
    expect(items[0]?.text).toContain('größere Ausfälle');
    expect(items[1]).toMatchObject({ id: '43271234', text: 'AcmeCloudのサポートはとても丁寧でした。' });
    expect(items[1]?.author).toBeUndefined();
    expect(items[1]?.authorUrl).toBeUndefined();
  });

  it('returns nothing for an empty result', () => {
    expect(parseFile('search-by-date-empty.json')).toEqual([]);
  });

  it('tolerates missing fields and skips hits without an id, with a warning', () => {
    const page = parseHackerNewsPage(
      JSON.parse(fixture('sources/hacker-news/search-by-date-missing-fields.json').toString('utf8')),
      'u',
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: '43310000', title: 'AcmeCloud pricing page (2025)', reach: 1 });
    expect(page.items[0]?.published).toBe('2025-03-10T11:00:00.000Z');
    expect(page.warnings).toEqual([expect.stringContaining('objectID')]);
  });

  it('rejects a payload that is not an HN search response', () => {
    expect(() =>
      hackerNewsAdapter.parse(
        { body: '{"items":[]}', url: 'https://x.example/' },
        hackerNewsAdapter.schema.parse({ id: 'hn', kind: 'hacker-news' }),
      ),
    ).toThrow(/hits/);
    expect(() =>
      hackerNewsAdapter.parse(
        { body: '<html>', url: 'https://x.example/' },
        hackerNewsAdapter.schema.parse({ id: 'hn', kind: 'hacker-news' }),
      ),
    ).toThrow(/JSON/);
  });
});

describe('hacker-news fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('asks search_by_date for stories and comments since the look-back start, and follows pages', async () => {
    server = await startLoopback((req, res) => {
      const page = query(req.url).get('page');
      sendFixture(res, `sources/hacker-news/search-by-date-page${page === '1' ? 1 : 0}.json`, JSON_TYPE);
    });
    const ctx = apiContext(hackerNewsAdapter, { baseUrl: server.url }, { lookbackDays: 14 });
    const result = await hackerNewsAdapter.fetch(ctx);

    expect(server.requests.map((r) => pathOf(r.url))).toEqual(['/search_by_date', '/search_by_date']);
    const q = query(server.requests[0]?.url ?? '');
    expect(q.get('query')).toBe('AcmeCloud');
    expect(q.get('tags')).toBe('(story,comment)');
    // The look-back start (24 February 12:00) rounded down to the UTC day.
    const start = Date.parse('2025-02-24T00:00:00Z') / 1000;
    expect(q.get('numericFilters')).toBe(`created_at_i>=${start}`);
    expect(q.get('hitsPerPage')).toBe('100');
    expect(q.get('page')).toBe('0');
    expect(query(server.requests[1]?.url ?? '').get('page')).toBe('1');

    expect(result.items.map((i) => i.id)).toEqual([
      '43300001',
      '43299500',
      '43299871',
      '43285502',
      '43271234',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
    expect(result.requests).toBe(2);
    expect(result.bytes).toBeGreaterThan(1000);
  });

  it('reads the whole look-back window whatever the cursor: late hits older than the cursor are kept, older than the window dropped', async () => {
    // Page 1 as the index served it, plus a hit dated before the 14-day look-back window (the
    // numericFilters ask for none such; the adapter must still drop it).
    const page1 = JSON.parse(fixture('sources/hacker-news/search-by-date-page1.json').toString('utf8'));
    page1.hits.push({
      ...page1.hits[0],
      objectID: '42900000',
      created_at: '2025-02-20T09:00:00Z',
      created_at_i: Date.parse('2025-02-20T09:00:00Z') / 1000,
    });
    server = await startLoopback((req, res) => {
      if (query(req.url).get('page') === '1') sendJson(res, 200, page1);
      else sendFixture(res, 'sources/hacker-news/search-by-date-page0.json', JSON_TYPE);
    });
    const since = '2025-03-10T09:45:00.000Z';
    const ctx = apiContext(
      hackerNewsAdapter,
      { baseUrl: server.url },
      { cursor: { since }, lookbackDays: 14 },
    );
    const result = await hackerNewsAdapter.fetch(ctx);
    // Every request asks for the look-back window (its start on the UTC day), not the cursor.
    const lookbackStart = Date.parse('2025-02-24T00:00:00Z') / 1000;
    expect(server.requests.map((r) => query(r.url).get('numericFilters'))).toEqual([
      `created_at_i>=${lookbackStart}`,
      `created_at_i>=${lookbackStart}`,
    ]);
    expect(server.requests.map((r) => query(r.url).get('page'))).toEqual(['0', '1']);
    // 09:30, 08:15 and the 9 March hits are older than the cursor (late): kept. 20 February is
    // older than the window: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      '43300001',
      '43299500',
      '43299871',
      '43285502',
      '43271234',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
  });

  it('keeps the cursor where it was when nothing is new', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/hacker-news/search-by-date-empty.json', JSON_TYPE),
    );
    const since = '2025-03-10T09:00:00.000Z';
    const result = await hackerNewsAdapter.fetch(
      apiContext(hackerNewsAdapter, { baseUrl: server.url }, { cursor: { since } }),
    );
    expect(result.items).toEqual([]);
    expect(result.cursor.since).toBe(since);
  });

  it('sends one request stream per search term (no OR in the API) and de-duplicates hits', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/hacker-news/search-by-date-missing-fields.json', JSON_TYPE),
    );
    const ctx = apiContext(
      hackerNewsAdapter,
      { baseUrl: server.url, include: ['story'] },
      { searchTerms: ['Acme', 'AcmeCloud', 'acme'] },
    );
    const result = await hackerNewsAdapter.fetch(ctx);
    expect(server.requests.map((r) => query(r.url).get('query'))).toEqual(['Acme', 'AcmeCloud']);
    expect(query(server.requests[0]?.url ?? '').get('tags')).toBe('story');
    expect(result.items).toHaveLength(1);
    expect(result.warnings).toHaveLength(2);
  });

  it('uses the source query instead of the company terms', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/hacker-news/search-by-date-empty.json', JSON_TYPE),
    );
    await hackerNewsAdapter.fetch(apiContext(hackerNewsAdapter, { baseUrl: server.url, query: 'acme-cli' }));
    expect(server.requests.map((r) => query(r.url).get('query'))).toEqual(['acme-cli']);
  });

  it('stops at maxPages and warns that older hits were not read', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/hacker-news/search-by-date-page0.json', JSON_TYPE),
    );
    const result = await hackerNewsAdapter.fetch(
      apiContext(hackerNewsAdapter, { baseUrl: server.url, maxPages: 1 }),
    );
    expect(server.requests).toHaveLength(1);
    expect(result.items).toHaveLength(3);
    expect(result.warnings?.join('\n')).toMatch(/more than 1 pages/);
  });

  it('sends the stored validators and treats 304 as nothing new', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"hn-v1"') {
        res.writeHead(304, { etag: '"hn-v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': JSON_TYPE, etag: '"hn-v1"' });
      res.end(fixture('sources/hacker-news/search-by-date-empty.json'));
    });
    const first = await hackerNewsAdapter.fetch(
      apiContext(
        hackerNewsAdapter,
        { baseUrl: server.url },
        { cursor: { since: '2025-03-10T09:00:00.000Z' } },
      ),
    );
    const url = Object.keys(first.cursor.validators ?? {})[0];
    expect(url).toContain('/search_by_date?');
    expect(first.cursor.validators?.[url ?? '']).toEqual({ etag: '"hn-v1"' });

    const second = await hackerNewsAdapter.fetch(
      apiContext(hackerNewsAdapter, { baseUrl: server.url }, { cursor: first.cursor }),
    );
    expect(server.requests[1]?.headers['if-none-match']).toBe('"hn-v1"');
    expect(second.items).toEqual([]);
    expect(second.cursor).toEqual(first.cursor);
  });

  it('keeps one request URL for a whole UTC day: an hourly re-run sends its validators (304); the next day moves the start', async () => {
    // One page: its three hits, plus one from 24 February 06:00 — asked for (the request starts on
    // the UTC day) but older than the 14-day window (24 February 12:00), so not kept.
    const page = JSON.parse(fixture('sources/hacker-news/search-by-date-page0.json').toString('utf8'));
    page.nbPages = 1;
    page.hits.push({
      ...page.hits[0],
      objectID: '42950000',
      created_at: '2025-02-24T06:00:00Z',
      created_at_i: Date.parse('2025-02-24T06:00:00Z') / 1000,
    });
    // The ETag names the request's start: a validator only ever matches the URL it was sent for.
    const etagOf = (url: string) => `"hn-${query(url).get('numericFilters')}"`;
    server = await startLoopback((req, res) => {
      const etag = etagOf(req.url);
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      sendJson(res, 200, page, { etag });
    });
    const fetchAt = (now: string, cursor?: SourceCursor) =>
      hackerNewsAdapter.fetch(
        apiContext(
          hackerNewsAdapter,
          { baseUrl: server?.url },
          { now: new Date(now), lookbackDays: 14, searchTerms: ['AcmeCloud'], ...(cursor ? { cursor } : {}) },
        ),
      );

    const first = await fetchAt('2025-03-10T12:00:00Z');
    expect(first.items.map((i) => i.id)).toEqual(['43300001', '43299500', '43299871']);
    const hourLater = await fetchAt('2025-03-10T13:00:00Z', first.cursor);
    const lastOfDay = await fetchAt('2025-03-10T23:59:59Z', hourLater.cursor);
    const nextDay = await fetchAt('2025-03-11T00:00:00Z', lastOfDay.cursor);

    const [r1, r2, r3, r4] = server.requests;
    const dayStart = Date.parse('2025-02-24T00:00:00Z') / 1000;
    expect(query(r1?.url ?? '').get('numericFilters')).toBe(`created_at_i>=${dayStart}`);
    // The same day: the identical URL, with the validators of the first answer, answered 304.
    expect(r2?.url).toBe(r1?.url);
    expect(r3?.url).toBe(r1?.url);
    expect(r1?.headers['if-none-match']).toBeUndefined();
    expect(r2?.headers['if-none-match']).toBe(`"hn-created_at_i>=${dayStart}"`);
    expect(r3?.headers['if-none-match']).toBe(`"hn-created_at_i>=${dayStart}"`);
    expect(hourLater.items).toEqual([]);
    expect(lastOfDay.items).toEqual([]);
    expect(hourLater.bytes).toBe(0);
    expect(hourLater.cursor).toEqual(first.cursor);
    // The next day: the start moves a day, a new URL, so no validators to send (one full read).
    expect(query(r4?.url ?? '').get('numericFilters')).toBe(`created_at_i>=${dayStart + 86_400}`);
    expect(r4?.headers['if-none-match']).toBeUndefined();
    expect(nextDay.bytes).toBeGreaterThan(0);
    expect(Object.keys(nextDay.cursor.validators ?? {})).toEqual([
      expect.stringContaining(`created_at_i%3E%3D${dayStart + 86_400}`),
    ]);
  });

  it('fails clearly when there is nothing to search for', async () => {
    const ctx = apiContext(hackerNewsAdapter, { baseUrl: 'http://127.0.0.1:9' }, { searchTerms: [] });
    await expect(hackerNewsAdapter.fetch(ctx)).rejects.toThrow(SourceError);
    await expect(hackerNewsAdapter.fetch(ctx)).rejects.toThrow(/no search terms/);
  });

  it('needs no credentials', () => {
    expect(hackerNewsAdapter.credentials).toEqual([]);
  });

  httpFailureTests({
    adapter: hackerNewsAdapter,
    entry: (base) => ({ baseUrl: base }),
    ok: (_req, res) => sendFixture(res, 'sources/hacker-news/search-by-date-missing-fields.json', JSON_TYPE),
  });
});
