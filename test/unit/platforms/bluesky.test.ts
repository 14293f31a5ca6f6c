import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { blueskyAdapter, parseBlueskyPage, webUrl } from '../../../src/platforms/bluesky/source.js';
import {
  fixture,
  type Loopback,
  type RecordedRequest,
  sendFixture,
  sendJson,
  startLoopback,
} from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const ACCESS = 'eyJhbGciOiJFUzI1NksifQ.test-access.sig';
const CREDS = { credentials: { identifier: 'BSKY_ID', appPassword: 'BSKY_PW' } };
const ENV = { env: { BSKY_ID: 'acme-listens.bsky.social', BSKY_PW: 'abcd-efgh-ijkl-mnop' } };
const parseFile = (name: string) =>
  blueskyAdapter.parse(
    { body: fixture(`sources/bluesky/${name}`), url: 'https://bsky.social/xrpc/app.bsky.feed.searchPosts' },
    blueskyAdapter.schema.parse({ id: 'b', kind: 'bluesky' }),
  );

const isSession = (req: RecordedRequest) => pathOf(req.url) === '/xrpc/com.atproto.server.createSession';

/** A small fake PDS: session, search (page 2 when cursor=3), profiles. */
function pds(req: RecordedRequest, res: ServerResponse): void {
  const path = pathOf(req.url);
  if (path === '/xrpc/com.atproto.server.createSession') {
    sendFixture(res, 'sources/bluesky/create-session.json', JSON_TYPE);
    return;
  }
  if (req.headers.authorization !== `Bearer ${ACCESS}`) {
    res.writeHead(401, { 'content-type': JSON_TYPE });
    res.end('{"error":"AuthenticationRequired","message":"Authentication Required"}');
    return;
  }
  if (path === '/xrpc/app.bsky.actor.getProfiles') {
    sendFixture(res, 'sources/bluesky/get-profiles.json', JSON_TYPE);
    return;
  }
  const page = query(req.url).get('cursor') === '3' ? 'search-posts-page2.json' : 'search-posts-page1.json';
  sendFixture(res, `sources/bluesky/${page}`, JSON_TYPE);
}

describe('bluesky parse', () => {
  it('reads PostViews: text, web URL, handle, engagement, language, reply refs', () => {
    const items = parseFile('search-posts-page1.json');
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      id: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde2222',
      url: 'https://bsky.app/profile/mira.bsky.social/post/3lk2abcde2222',
      text: 'AcmeCloud support closed my ticket without reading it. Third time. 🙃',
      author: '@mira.bsky.social',
      authorUrl: 'https://bsky.app/profile/mira.bsky.social',
      engagement: 37,
      published: '2025-03-10T10:00:00.000Z',
      lang: 'en',
      replyTo: {
        uri: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde2222',
        cid: 'bafyreiaaaamira2222222222222222222222222222222222222222222',
      },
    });
    expect(items[1]).toMatchObject({
      lang: 'pt',
      replyTo: { rootUri: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde0000' },
    });
    expect(items[1]?.text).toContain('me atendeu super bem');
  });

  it('falls back to the DID when the handle is invalid, with no counts or language', () => {
    const item = parseFile('search-posts-page1.json')[2];
    expect(item).toMatchObject({
      author: 'did:plc:gone0000000000000000000',
      url: 'https://bsky.app/profile/did:plc:gone0000000000000000000/post/3lk2abcde0999',
    });
    expect(item?.engagement).toBeUndefined();
    expect(item?.lang).toBeUndefined();
    expect(webUrl('at://did:plc:x/app.bsky.feed.post/abc', 'a.b', 'did:plc:x')).toBe(
      'https://bsky.app/profile/a.b/post/abc',
    );
  });

  it('returns nothing for an empty result, and skips a malformed post with a warning', () => {
    expect(parseFile('search-posts-empty.json')).toEqual([]);
    const page = parseBlueskyPage({ posts: [{ uri: 'https://not-at', cid: 'x' }] }, 'u');
    expect(page.posts).toEqual([]);
    expect(page.warnings).toHaveLength(1);
    expect(() => parseBlueskyPage({ feed: [] }, 'u')).toThrow(/posts/);
  });
});

describe('bluesky fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('signs in, searches latest posts since the window start, follows the cursor, adds followers', async () => {
    server = await startLoopback(pds);
    const ctx = apiContext(blueskyAdapter, { service: server.url, ...CREDS }, ENV);
    const result = await blueskyAdapter.fetch(ctx);

    const [session, search1, profiles, search2] = server.requests;
    expect(session?.method).toBe('POST');
    expect(pathOf(session?.url ?? '')).toBe('/xrpc/com.atproto.server.createSession');
    expect(JSON.parse(session?.body ?? '{}')).toEqual({
      identifier: 'acme-listens.bsky.social',
      password: 'abcd-efgh-ijkl-mnop',
    });

    expect(pathOf(search1?.url ?? '')).toBe('/xrpc/app.bsky.feed.searchPosts');
    expect(search1?.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(Object.fromEntries(query(search1?.url ?? ''))).toEqual({
      q: 'AcmeCloud',
      sort: 'latest',
      since: '2025-02-24T00:00:00.000Z', // the window start (24 February 12:00) on the UTC day
      limit: '100',
    });
    expect(pathOf(profiles?.url ?? '')).toBe('/xrpc/app.bsky.actor.getProfiles');
    expect(query(profiles?.url ?? '').getAll('actors')).toEqual([
      'did:plc:mira0000000000000000000',
      'did:plc:lucas000000000000000000',
      'did:plc:gone0000000000000000000',
    ]);
    expect(query(search2?.url ?? '').get('cursor')).toBe('3');

    expect(result.items.map((i) => i.reach)).toEqual([5230, 88, undefined, undefined]);
    expect(result.items).toHaveLength(4);
    expect(result.cursor).toEqual({ since: '2025-03-10T10:00:00.000Z' });
    expect(result.requests).toBe(5);
  });

  it('reads the whole look-back window whatever the cursor: late posts older than the cursor are kept, paging stops below the window', async () => {
    // Page 2 as served, plus a post dated before the 14-day look-back window and a cursor that
    // would lead to a page 3 (the `since` asks for none such; the adapter must drop it and stop).
    const page2 = JSON.parse(fixture('sources/bluesky/search-posts-page2.json').toString('utf8'));
    const [late] = page2.posts;
    page2.posts.push({
      ...late,
      uri: 'at://did:plc:old00000000000000000000/app.bsky.feed.post/3lhzzzzzz0001',
      record: { ...late.record, createdAt: '2025-02-20T09:00:00.000Z' },
      indexedAt: '2025-02-20T09:00:01.000Z',
    });
    page2.cursor = '4';
    server = await startLoopback((req, res) => {
      if (pathOf(req.url) === '/xrpc/app.bsky.feed.searchPosts' && query(req.url).get('cursor') === '3')
        return sendJson(res, 200, page2);
      return pds(req, res);
    });
    const since = '2025-03-10T09:45:00.000Z';
    const ctx = apiContext(
      blueskyAdapter,
      { service: server.url, ...CREDS, reach: false },
      { ...ENV, cursor: { since }, lookbackDays: 14 },
    );
    const result = await blueskyAdapter.fetch(ctx);
    const searches = server.requests.filter((r) => pathOf(r.url) === '/xrpc/app.bsky.feed.searchPosts');
    // Every search asks from the look-back window's start, not from the cursor; page 1 is all
    // inside the window so page 2 is read, page 2 reaches below it so cursor 4 is not followed.
    const lookbackStart = '2025-02-24T00:00:00.000Z'; // the look-back start on the UTC day
    expect(searches.map((r) => query(r.url).get('since'))).toEqual([lookbackStart, lookbackStart]);
    expect(searches.map((r) => query(r.url).get('cursor'))).toEqual([null, '3']);
    // 09:30, 08:15 and 9 March 22:40 are older than the cursor (indexed late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.published)).toEqual([
      '2025-03-10T10:00:00.000Z',
      '2025-03-10T09:30:00.000Z',
      '2025-03-10T08:15:00.000Z',
      '2025-03-09T22:40:00.000Z',
    ]);
    expect(result.cursor).toEqual({ since: '2025-03-10T10:00:00.000Z' });
    // reach: false → no getProfiles.
    expect(server.requests.some((r) => pathOf(r.url) === '/xrpc/app.bsky.actor.getProfiles')).toBe(false);
  });

  it('fails with a message naming both credentials and how to make an app password', async () => {
    const error = await blueskyAdapter
      .fetch(apiContext(blueskyAdapter, { service: 'http://127.0.0.1:9' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/identifier and appPassword/);
    expect(message).toMatch(/BLUESKY_APP_PASSWORD/);
    expect(message).toMatch(/Settings → Privacy and security → App passwords/);

    const half = apiContext(
      blueskyAdapter,
      { service: 'http://127.0.0.1:9', ...CREDS },
      { env: { BSKY_ID: 'x.bsky.social' } },
    );
    await expect(blueskyAdapter.fetch(half)).rejects.toThrow(/BSKY_PW, which is empty or unset/);
  });

  it('a refused sign-in says so without echoing the password', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/bluesky/error-auth.json', JSON_TYPE, 401),
    );
    const error = await blueskyAdapter
      .fetch(apiContext(blueskyAdapter, { service: server.url, ...CREDS }, ENV))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/refused to sign in as "acme-listens.bsky.social"/);
    expect((error as SourceError).message).not.toContain('abcd-efgh-ijkl-mnop');
    expect(server.requests).toHaveLength(1);
  });

  it('a failing profile lookup costs the reach, not the source', async () => {
    server = await startLoopback((req, res) => {
      if (pathOf(req.url) === '/xrpc/app.bsky.actor.getProfiles') {
        res.writeHead(400, { 'content-type': JSON_TYPE });
        res.end('{"error":"InvalidRequest","message":"bad actors"}');
        return;
      }
      pds(req, res);
    });
    const result = await blueskyAdapter.fetch(
      apiContext(blueskyAdapter, { service: server.url, ...CREDS, maxPages: 1 }, ENV),
    );
    expect(result.items).toHaveLength(3);
    expect(result.items.every((i) => i.reach === undefined)).toBe(true);
    expect(result.warnings?.join('\n')).toMatch(/follower counts not available for 3 author/);
    expect(result.warnings?.join('\n')).toMatch(/more than 1 pages/);
  });

  it('sends no conditional requests (the API has no validators)', async () => {
    server = await startLoopback(pds);
    const result = await blueskyAdapter.fetch(
      apiContext(blueskyAdapter, { service: server.url, ...CREDS }, ENV),
    );
    expect(result.cursor.validators).toBeUndefined();
    expect(server.requests.every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });

  httpFailureTests({
    adapter: blueskyAdapter,
    entry: (base) => ({ service: base, ...CREDS, reach: false, maxPages: 1 }),
    env: ENV.env,
    ok: pds,
    isAuth: isSession,
  });
});
