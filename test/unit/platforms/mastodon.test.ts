import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import {
  compareIds,
  idMinus,
  mastodonAdapter,
  parseMastodonPage,
} from '../../../src/platforms/mastodon/source.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, NOW, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const source = mastodonAdapter.schema.parse({ id: 'm', kind: 'mastodon' });
const parseFile = (name: string) =>
  mastodonAdapter.parse(
    { body: fixture(`sources/mastodon/${name}`), url: 'https://mastodon.social/api' },
    source,
  );
const json = (name: string) => JSON.parse(fixture(`sources/mastodon/${name}`).toString('utf8')) as unknown;

const NEWEST = '114137550028801234';
const OLDEST = '114137137152001234';

describe('mastodon parse', () => {
  it('reads a hashtag timeline: text, full handles, followers as reach, engagement, language', () => {
    const items = parseFile('tag-timeline-acmecloud.json');
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      id: 'https://mastodon.social/users/rosa/statuses/114137550028801234',
      url: 'https://mastodon.social/@rosa/114137550028801234',
      text: "Third #AcmeCloud outage this month. Our status page is just a loading spinner & support won't answer.\n\nAnyone else?",
      author: '@rosa@mastodon.social',
      authorUrl: 'https://mastodon.social/@rosa',
      reach: 1840,
      engagement: 35,
      published: '2025-03-10T10:00:00.000Z',
      lang: 'en',
      replyTo: { statusId: NEWEST, instance: 'https://mastodon.social' },
    });
    expect(items[1]).toMatchObject({
      author: '@jonas@social.example.de',
      text: 'Billing rant\n\nDie Rechnung von #acmecloud hat sich verdoppelt. Kündigung läuft.',
      lang: 'de',
      reach: 95,
    });
    // No url: the uri is the link; no language reported.
    expect(items[2]).toMatchObject({
      url: 'https://mastodon.social/users/kai/statuses/114137137152001234',
      text: '@acme thanks, the #AcmeCloud fix works!\nCheers',
      reach: 0,
    });
    expect(items[2]?.lang).toBeUndefined();
  });

  it('reads a v2 search result (non-English)', () => {
    const items = parseFile('search-statuses.json');
    expect(items.map((i) => i.author)).toEqual(['@haru@fedi.example.jp', '@rosa@mastodon.social']);
    expect(items[0]).toMatchObject({
      text: 'AcmeCloudの新しいダッシュボード、とても使いやすい！',
      lang: 'ja',
      reach: 410,
    });
  });

  it('returns nothing for an empty timeline', () => {
    expect(parseFile('tag-timeline-empty.json')).toEqual([]);
  });

  it('uses the original of a boost and skips statuses without an id, with a warning', () => {
    const page = parseMastodonPage(json('tag-timeline-odd.json'), 'u', 'https://mastodon.social');
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: 'https://other.example/users/orig/statuses/77',
      author: '@orig@other.example',
      reach: 12000,
      text: 'AcmeCloud just shipped ARM instances.',
      replyTo: { statusId: '114137700000000000' },
    });
    expect(page.warnings).toEqual([expect.stringContaining('id')]);
  });

  it('rejects payloads that are neither a timeline nor a search result', () => {
    expect(() => mastodonAdapter.parse({ body: '{"error":"nope"}', url: 'u' }, source)).toThrow(/statuses/);
  });
});

describe('mastodon ids', () => {
  it('compares numeric ids by value', () => {
    expect(compareIds('99', '100')).toBeLessThan(0);
    expect(compareIds(NEWEST, OLDEST)).toBeGreaterThan(0);
    expect(compareIds('abc', 'abd')).toBeLessThan(0);
  });

  it('moves a snowflake id back in time and leaves other ids alone', () => {
    const back = idMinus(NEWEST, 15 * 60_000, NOW);
    expect(Number(BigInt(back) >> 16n)).toBe(Date.parse('2025-03-10T09:45:00Z'));
    expect(idMinus('01HQZ8ZKXJ3S7', 60_000, NOW)).toBe('01HQZ8ZKXJ3S7');
    expect(idMinus('12345', 60_000, NOW)).toBe('12345');
  });
});

describe('mastodon fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads hashtag timelines anonymously, paging back with max_id on a first run', async () => {
    server = await startLoopback((req, res) => {
      if (query(req.url).get('max_id'))
        sendFixture(res, 'sources/mastodon/tag-timeline-empty.json', JSON_TYPE);
      else sendFixture(res, 'sources/mastodon/tag-timeline-acmecloud.json', JSON_TYPE);
    });
    const ctx = apiContext(mastodonAdapter, { instance: server.url, hashtags: ['#AcmeCloud'], limit: 3 });
    const result = await mastodonAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/api/v1/timelines/tag/AcmeCloud',
      '/api/v1/timelines/tag/AcmeCloud',
    ]);
    expect(query(server.requests[0]?.url ?? '').get('limit')).toBe('3');
    expect(query(server.requests[1]?.url ?? '').get('max_id')).toBe(OLDEST);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.items).toHaveLength(3);
    expect(result.cursor.data).toEqual({ 'tag:acmecloud': NEWEST });
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
    expect(ctx.logger.lines.some((l) => /status search skipped/.test(l.message))).toBe(true);
  });

  it('pages forward with min_id (the id minus its overlap) until a page is not full; keeps late statuses inside the look-back window, drops older', async () => {
    // The timeline as served, plus a status dated before the 14-day look-back window (its id is
    // the oldest, so forward paging still moves to the newest id).
    const statuses = json('tag-timeline-acmecloud.json') as Record<string, unknown>[];
    const old = '2025-02-20T09:00:00.000Z';
    const oldId = (BigInt(Date.parse(old)) << 16n).toString();
    statuses.push({
      ...statuses[2],
      id: oldId,
      created_at: old,
      uri: `https://mastodon.social/users/kai/statuses/${oldId}`,
    });
    server = await startLoopback((req, res) => {
      if (query(req.url).get('min_id') === NEWEST) {
        sendFixture(res, 'sources/mastodon/tag-timeline-empty.json', JSON_TYPE);
        return;
      }
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(statuses));
    });
    const cursor = { since: '2025-03-10T09:40:00.000Z', data: { 'tag:acmecloud': '114137432064001234' } };
    const ctx = apiContext(
      mastodonAdapter,
      { instance: server.url, hashtags: ['acmecloud'], limit: 3, search: false },
      { cursor, lookbackDays: 14 },
    );
    const result = await mastodonAdapter.fetch(ctx);
    expect(query(server.requests[0]?.url ?? '').get('min_id')).toBe(
      idMinus('114137432064001234', 15 * 60_000, NOW),
    );
    expect(query(server.requests[1]?.url ?? '').get('min_id')).toBe(NEWEST);
    expect(server.requests).toHaveLength(2);
    // 09:30 and 08:15 are older than the cursor's since (late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.published)).toEqual([
      '2025-03-10T10:00:00.000Z',
      '2025-03-10T09:30:00.000Z',
      '2025-03-10T08:15:00.000Z',
    ]);
    expect(result.cursor.data).toEqual({ 'tag:acmecloud': NEWEST });
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
  });

  it('searches statuses with the token, min_id from the cursor and offset paging', async () => {
    server = await startLoopback((req, res) => {
      if (pathOf(req.url) === '/api/v2/search' && !query(req.url).get('offset')) {
        sendFixture(res, 'sources/mastodon/search-statuses.json', JSON_TYPE);
      } else {
        res.writeHead(200, { 'content-type': JSON_TYPE });
        res.end('{"accounts":[],"statuses":[],"hashtags":[]}');
      }
    });
    const cursor = { since: '2025-03-10T09:00:00.000Z', data: { 'q:acmecloud': OLDEST } };
    const ctx = apiContext(
      mastodonAdapter,
      { instance: server.url, limit: 2, credentials: { accessToken: 'MASTO_TOKEN' } },
      { cursor, env: { MASTO_TOKEN: 'secret-token-1' } },
    );
    const result = await mastodonAdapter.fetch(ctx);
    expect(server.requests).toHaveLength(2);
    const q = query(server.requests[0]?.url ?? '');
    expect(Object.fromEntries(q)).toEqual({
      q: 'AcmeCloud',
      type: 'statuses',
      resolve: 'false',
      limit: '2',
      min_id: idMinus(OLDEST, 15 * 60_000, NOW),
    });
    expect(query(server.requests[1]?.url ?? '').get('offset')).toBe('2');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer secret-token-1');
    expect(result.items.map((i) => i.author)).toEqual(['@haru@fedi.example.jp', '@rosa@mastodon.social']);
    expect(result.cursor.data).toEqual({ 'q:acmecloud': '114137903923201234' });
  });

  it('de-duplicates a status found through a hashtag and a search', async () => {
    server = await startLoopback((req, res) =>
      pathOf(req.url) === '/api/v2/search'
        ? sendFixture(res, 'sources/mastodon/search-statuses.json', JSON_TYPE)
        : sendFixture(res, 'sources/mastodon/tag-timeline-acmecloud.json', JSON_TYPE),
    );
    const ctx = apiContext(
      mastodonAdapter,
      { instance: server.url, hashtags: ['acmecloud'], credentials: { accessToken: 'T' } },
      { env: { T: 'tok-123456' } },
    );
    const result = await mastodonAdapter.fetch(ctx);
    expect(result.items).toHaveLength(4);
    expect(Object.keys(result.cursor.data ?? {}).sort()).toEqual(['q:acmecloud', 'tag:acmecloud']);
  });

  it('says which credential is missing and how to get it when there is nothing anonymous to read', async () => {
    const error = await mastodonAdapter
      .fetch(apiContext(mastodonAdapter, { instance: 'http://127.0.0.1:9' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/accessToken/);
    expect(message).toMatch(/MASTODON_ACCESS_TOKEN/);
    expect(message).toMatch(/Preferences → Development/);
    expect(message).toMatch(/hashtags/);

    const named = apiContext(mastodonAdapter, {
      instance: 'http://127.0.0.1:9',
      credentials: { accessToken: 'MY_MASTO' },
    });
    await expect(mastodonAdapter.fetch(named)).rejects.toThrow(/MY_MASTO, which is empty or unset/);
  });

  it('a refused token fails with an explanation and without the token', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(401, { 'content-type': JSON_TYPE });
      res.end('{"error":"The access token is invalid"}');
    });
    const ctx = apiContext(
      mastodonAdapter,
      { instance: server.url, credentials: { accessToken: 'T' } },
      { env: { T: 'very-secret-token' } },
    );
    const error = await mastodonAdapter.fetch(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/401/);
    expect((error as SourceError).message).toMatch(/read:search/);
    expect((error as SourceError).message).not.toContain('very-secret-token');
  });

  it('an unknown hashtag (404) is a warning, not a failure', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(404, { 'content-type': JSON_TYPE });
      res.end('{"error":"Record not found"}');
    });
    const result = await mastodonAdapter.fetch(
      apiContext(mastodonAdapter, { instance: server.url, hashtags: ['nope'], search: false }),
    );
    expect(result.items).toEqual([]);
    expect(result.warnings).toEqual([expect.stringMatching(/#nope: not known/)]);
  });

  it('sends stored validators and treats 304 as nothing new', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === 'W/"tl-1"') {
        res.writeHead(304, { etag: 'W/"tl-1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': JSON_TYPE, etag: 'W/"tl-1"' });
      res.end(fixture('sources/mastodon/tag-timeline-empty.json'));
    });
    const entry = { instance: server.url, hashtags: ['acmecloud'], search: false };
    const cursor = { since: '2025-03-10T10:00:00.000Z', data: { 'tag:acmecloud': NEWEST } };
    const first = await mastodonAdapter.fetch(apiContext(mastodonAdapter, entry, { cursor }));
    expect(Object.values(first.cursor.validators ?? {})).toEqual([{ etag: 'W/"tl-1"' }]);
    const second = await mastodonAdapter.fetch(apiContext(mastodonAdapter, entry, { cursor: first.cursor }));
    expect(server.requests[1]?.headers['if-none-match']).toBe('W/"tl-1"');
    expect(second.items).toEqual([]);
    expect(second.cursor).toEqual(first.cursor);
  });

  httpFailureTests({
    adapter: mastodonAdapter,
    entry: (base) => ({ instance: base, hashtags: ['acmecloud'], search: false }),
    ok: (_req, res) => sendFixture(res, 'sources/mastodon/tag-timeline-acmecloud.json', JSON_TYPE),
  });
});
