import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import {
  DEFAULT_REDDIT_USER_AGENT,
  orQuery,
  parseRedditListing,
  redditAdapter,
} from '../../../src/platforms/reddit/source.js';
import {
  fixture,
  type Loopback,
  type RecordedRequest,
  sendFixture,
  sendJson,
  startLoopback,
} from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=UTF-8';
const ATOM_TYPE = 'application/atom+xml; charset=UTF-8';
const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.app-only.sig';
const CREDS = { credentials: { clientId: 'R_ID', clientSecret: 'R_SECRET', userAgent: 'R_UA' } };
const ENV = {
  env: {
    R_ID: 'app-id-123',
    R_SECRET: 'app-secret-456789',
    R_UA: 'linux:acme-listener:1.0 (by /u/acme_team)',
  },
};
const source = redditAdapter.schema.parse({ id: 'r', kind: 'reddit' });
const parseFile = (name: string) =>
  redditAdapter.parse(
    { body: fixture(`sources/reddit/${name}`), url: 'https://oauth.reddit.com/search' },
    source,
  );

const isToken = (req: RecordedRequest) => pathOf(req.url) === '/api/v1/access_token';

/** A small fake of www + oauth.reddit.com on one port. */
function reddit(req: RecordedRequest, res: ServerResponse): void {
  const path = pathOf(req.url);
  if (path === '/api/v1/access_token') {
    sendFixture(res, 'sources/reddit/access-token.json', JSON_TYPE);
    return;
  }
  if (path === '/search.rss') {
    sendFixture(res, 'sources/reddit/search.rss', ATOM_TYPE);
    return;
  }
  if (path.endsWith('/comments.rss')) {
    sendFixture(res, 'sources/reddit/comments.rss', ATOM_TYPE);
    return;
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(401, { 'content-type': JSON_TYPE });
    res.end('{"message": "Unauthorized", "error": 401}');
    return;
  }
  if (path === '/search') {
    const page = query(req.url).get('after') ? 'search-new-page2.json' : 'search-new.json';
    sendFixture(res, `sources/reddit/${page}`, JSON_TYPE);
    return;
  }
  sendFixture(res, 'sources/reddit/subreddit-comments.json', JSON_TYPE);
}

describe('reddit parse', () => {
  it('reads posts from a search Listing: fullname ids, permalinks, score as reach', () => {
    const items = parseFile('search-new.json');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      id: 't3_1j7acme1',
      url: 'https://www.reddit.com/r/devops/comments/1j7acme1/acmecloud_euwest_outage_status_page_said_all_good/',
      title: 'AcmeCloud eu-west outage - status page said all good',
      author: 'u/sre_maya',
      authorUrl: 'https://www.reddit.com/user/sre_maya',
      reach: 212,
      engagement: 58,
      published: '2025-03-10T10:00:00.000Z',
      replyTo: { thingId: 't3_1j7acme1' },
    });
    expect(items[0]?.text).toMatch(/40 minutes & the status page stayed green\.\n\nIs anyone/);
    expect(items[1]).toMatchObject({ text: '', title: 'Acme Backup 3.0 released: incremental snapshots' });
  });

  it('reads comments: no title, deleted authors dropped, non-English text kept', () => {
    const items = parseFile('subreddit-comments.json');
    expect(items.map((i) => i.id)).toEqual(['t1_mabc001', 't1_mabc002', 't1_mabc003']);
    expect(items[0]?.title).toBeUndefined();
    expect(items[0]?.engagement).toBeUndefined();
    expect(items[1]?.author).toBeUndefined();
    expect(items[1]?.authorUrl).toBeUndefined();
    expect(items[2]?.text).toBe('¿Alguien sabe si AcmeCloud factura por hora o por minuto?');
  });

  it('links comments without a permalink from link_id and id', () => {
    const items = parseFile('comments-no-permalink.json');
    expect(items.map((i) => [i.id, i.url])).toEqual([
      ['t1_mnop101', 'https://www.reddit.com/r/AcmeCloud/comments/1j5help1/comment/mnop101/'],
      ['t1_mnop102', 'https://www.reddit.com/comments/1j5xyz99/_/mnop102/'],
    ]);
    // a post without permalink, and ids that are not Reddit ids, give no link rather than a wrong one
    const listing = (data: Record<string, unknown>) => ({
      kind: 'Listing',
      data: { children: [{ kind: data.name?.toString().slice(0, 2), data }] },
    });
    expect(parseRedditListing(listing({ name: 't3_1j7abc', subreddit: 'x' }), 'u').items[0]?.url).toBe(
      'https://www.reddit.com/r/x/comments/1j7abc/',
    );
    expect(
      parseRedditListing(listing({ name: 't1_abc', link_id: 't3_../x' }), 'u').items[0]?.url,
    ).toBeUndefined();
    expect(
      parseRedditListing(listing({ name: 't1_a/b', link_id: 't3_ok' }), 'u').items[0]?.url,
    ).toBeUndefined();
  });

  it('reads the Atom fallback with the same ids as the API', () => {
    const posts = parseFile('search.rss');
    expect(posts.map((i) => i.id)).toEqual(['t3_1j7acme1', 't3_1j7acme9']);
    expect(posts[0]).toMatchObject({ author: 'u/sre_maya', published: '2025-03-10T10:00:00.000Z' });
    expect(posts[0]?.text).toContain('dropped every request for 40 minutes & the status page');
    expect(posts[1]?.author).toBeUndefined();
    expect(posts[1]?.authorUrl).toBeUndefined();
    const comments = parseFile('comments.rss');
    expect(comments[0]).toMatchObject({ id: 't1_mabc001', author: 'u/carla_ops' });
    expect(comments[0]?.title).toBeUndefined();
  });

  it('returns nothing for an empty Listing and rejects other payloads', () => {
    expect(parseFile('listing-empty.json')).toEqual([]);
    expect(() => parseRedditListing({ kind: 't3', data: {} }, 'u')).toThrow(/kind/);
  });

  it('OR-joins terms, quoting phrases, within the query length limit', () => {
    expect(orQuery(['AcmeCloud', 'Acme Backup', 'acme.example'])).toBe(
      'AcmeCloud OR "Acme Backup" OR acme.example',
    );
    expect(orQuery(Array.from({ length: 200 }, (_, i) => `term${i}`)).length).toBeLessThanOrEqual(512);
  });
});

describe('reddit fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('gets an app-only token, searches new posts with OR-joined terms and reads subreddit comments', async () => {
    server = await startLoopback(reddit);
    const ctx = apiContext(
      redditAdapter,
      { baseUrl: server.url, apiUrl: server.url, subreddits: ['AcmeCloud'], ...CREDS },
      { ...ENV, searchTerms: ['AcmeCloud', 'Acme Backup'] },
    );
    const result = await redditAdapter.fetch(ctx);
    const [token, search1, search2, comments] = server.requests;

    expect(token?.method).toBe('POST');
    expect(token?.body).toBe('grant_type=client_credentials');
    expect(token?.headers.authorization).toBe(
      `Basic ${Buffer.from('app-id-123:app-secret-456789').toString('base64')}`,
    );
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');

    expect(pathOf(search1?.url ?? '')).toBe('/search');
    expect(Object.fromEntries(query(search1?.url ?? ''))).toEqual({
      q: 'AcmeCloud OR "Acme Backup"',
      sort: 'new',
      type: 'link',
      limit: '100',
      raw_json: '1',
    });
    expect(search1?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(search1?.headers['user-agent']).toBe('linux:acme-listener:1.0 (by /u/acme_team)');
    expect(query(search2?.url ?? '').get('after')).toBe('t3_1j7acme2');
    expect(pathOf(comments?.url ?? '')).toBe('/r/AcmeCloud/comments');

    expect(result.items.map((i) => i.id)).toEqual([
      't3_1j7acme1',
      't3_1j7acme2',
      't3_1j6zzz01',
      't1_mabc001',
      't1_mabc002',
      't1_mabc003',
    ]);
    expect(result.cursor).toEqual({ since: '2025-03-10T10:00:00.000Z' });
    expect(result.requests).toBe(4);
  });

  it('reads the whole look-back window whatever the cursor: late posts older than the cursor are kept, paging stops below the window', async () => {
    // Search page 2 as served, plus a post dated before the 14-day look-back window and an `after`
    // that would lead to a page 3; the comments listing gains a comment older than the window.
    const oldPost = '2025-02-20T09:00:00Z';
    const page2 = JSON.parse(fixture('sources/reddit/search-new-page2.json').toString('utf8'));
    page2.data.children.push({
      kind: 't3',
      data: {
        ...page2.data.children[0].data,
        name: 't3_1hzold01',
        id: '1hzold01',
        created_utc: Date.parse(oldPost) / 1000,
      },
    });
    page2.data.after = 't3_1hzold01';
    const comments = JSON.parse(fixture('sources/reddit/subreddit-comments.json').toString('utf8'));
    comments.data.children.push({
      kind: 't1',
      data: {
        ...comments.data.children[0].data,
        name: 't1_mold001',
        id: 'mold001',
        created_utc: Date.parse(oldPost) / 1000,
      },
    });
    server = await startLoopback((req, res) => {
      const path = pathOf(req.url);
      if (path === '/search' && query(req.url).get('after')) return sendJson(res, 200, page2);
      if (path.endsWith('/comments')) return sendJson(res, 200, comments);
      return reddit(req, res);
    });
    const since = '2025-03-10T09:45:00.000Z';
    const ctx = apiContext(
      redditAdapter,
      { baseUrl: server.url, apiUrl: server.url, subreddits: ['AcmeCloud', 'acme_dev'], ...CREDS },
      { ...ENV, cursor: { since }, lookbackDays: 14 },
    );
    const result = await redditAdapter.fetch(ctx);
    // Page 1 holds only posts inside the window, so page 2 is read; page 2 reaches below the
    // window, so its `after` is not followed.
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/api/v1/access_token',
      '/search',
      '/search',
      '/r/AcmeCloud+acme_dev/comments',
    ]);
    expect(query(server.requests[2]?.url ?? '').get('after')).toBe('t3_1j7acme2');
    // 09:30, 08:15 and 9 March 22:40 are older than the cursor (late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      't3_1j7acme1',
      't3_1j7acme2',
      't3_1j6zzz01',
      't1_mabc001',
      't1_mabc002',
      't1_mabc003',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T10:00:00.000Z');
  });

  it('falls back to the public Atom feeds without credentials, with a default User-Agent and validators', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"rss-1"') {
        res.writeHead(304, { etag: '"rss-1"' });
        res.end();
        return;
      }
      const path = pathOf(req.url);
      res.writeHead(200, { 'content-type': ATOM_TYPE, etag: path === '/search.rss' ? '"rss-1"' : '"rss-c"' });
      res.end(fixture(`sources/reddit/${path === '/search.rss' ? 'search.rss' : 'comments.rss'}`));
    });
    const entry = { baseUrl: server.url, apiUrl: server.url, subreddits: ['AcmeCloud'] };
    const first = await redditAdapter.fetch(apiContext(redditAdapter, entry));
    expect(server.requests.map((r) => pathOf(r.url))).toEqual(['/search.rss', '/r/AcmeCloud/comments.rss']);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({
      q: 'AcmeCloud',
      sort: 'new',
      type: 'link',
      limit: '100',
    });
    expect(server.requests[0]?.headers['user-agent']).toBe(DEFAULT_REDDIT_USER_AGENT);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(first.items.map((i) => i.id)).toEqual(['t3_1j7acme1', 't3_1j7acme9', 't1_mabc001']);
    expect(Object.keys(first.cursor.validators ?? {})).toHaveLength(2);

    const second = await redditAdapter.fetch(apiContext(redditAdapter, entry, { cursor: first.cursor }));
    expect(server.requests[2]?.headers['if-none-match']).toBe('"rss-1"');
    expect(second.items.map((i) => i.id)).toEqual(['t1_mabc001']);
  });

  it('mode api without credentials names both, the env vars and how to create the app', async () => {
    const error = await redditAdapter
      .fetch(apiContext(redditAdapter, { baseUrl: 'http://127.0.0.1:9', mode: 'api' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/"clientId"/);
    expect(message).toMatch(/REDDIT_CLIENT_SECRET/);
    expect(message).toMatch(/reddit\.com\/prefs\/apps/);
    expect(message).toMatch(/mode: rss/);
  });

  it('refused app credentials fail clearly, without the secret', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(401, { 'content-type': JSON_TYPE });
      res.end('{"message": "Unauthorized", "error": 401}');
    });
    const ctx = apiContext(redditAdapter, { baseUrl: server.url, apiUrl: server.url, ...CREDS }, ENV);
    const error = await redditAdapter.fetch(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/refused the app credentials \(HTTP 401\)/);
    expect((error as SourceError).message).not.toContain('app-secret-456789');
    expect(server.requests).toHaveLength(1);
  });

  it('a blocked feed (403) in rss mode suggests app credentials', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html>blocked</html>');
    });
    const error = await redditAdapter
      .fetch(apiContext(redditAdapter, { baseUrl: server.url, mode: 'rss' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/403/);
    expect((error as SourceError).message).toMatch(/mode: api/);
  });

  httpFailureTests({
    adapter: redditAdapter,
    entry: (base) => ({ baseUrl: base, apiUrl: base, maxPages: 1, ...CREDS }),
    env: ENV.env,
    ok: reddit,
    isAuth: isToken,
  });
});
