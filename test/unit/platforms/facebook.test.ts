import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { facebookAdapter, parseFacebookPage } from '../../../src/platforms/facebook/source.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';
import { apiContext, envLine, httpFailureTests, NOW, pathOf, query } from './api-context.js';
import { expectTokenOnlyInHeader, graphApi, graphRateLimited, JSON_TYPE } from './graph-api-fake.js';

const PAGE = '104512345678901';
const TOKEN = 'EAAGacmeTESTpageTOKEN0000000000';
const CREDS = { pageId: PAGE, credentials: { pageToken: 'FB_PAGE_TOKEN' } };
const ENV = { env: { FB_PAGE_TOKEN: TOKEN } };
const SOURCE = facebookAdapter.schema.parse({ id: 'fb', kind: 'facebook', pageId: PAGE });
const GRAPH = 'https://graph.facebook.com/v27.0';
const parseFile = (name: string, path: string) =>
  facebookAdapter.parse(
    { body: fixture(`sources/facebook/${name}`), url: `${GRAPH}/${PAGE}/${path}` },
    SOURCE,
  );

/** A small fake of the Graph API for one Page: visitor posts (2 pages), tagged, feed, ratings. */
const graph = graphApi(
  TOKEN,
  (path, q) => {
    const file =
      path === `/${PAGE}/visitor_posts`
        ? q.get('after')
          ? 'visitor-posts-page2.json'
          : 'visitor-posts.json'
        : path === `/${PAGE}/tagged`
          ? 'tagged.json'
          : path === `/${PAGE}/feed`
            ? 'feed-comments.json'
            : path === `/${PAGE}/ratings`
              ? 'ratings.json'
              : undefined;
    return file && `sources/facebook/${file}`;
  },
  '{"error":{"message":"Unknown path components","type":"OAuthException","code":2500}}',
);

describe('facebook parse', () => {
  it('reads visitor posts: text, permalink, author, reactions + comments + shares, reply target', () => {
    const items = parseFile('visitor-posts.json', 'visitor_posts');
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      id: '104512345678901_1200000000000011',
      url: 'https://www.facebook.com/104512345678901/posts/1200000000000011',
      text: 'AcmeCloud billing charged me twice this month. Who at Acme can fix this?',
      author: 'Dana Whitfield',
      engagement: 7,
      published: '2025-03-10T09:30:00.000Z',
      replyTo: { objectId: '104512345678901_1200000000000011' },
    });
    // Platform text is kept as written: the issue renderer neutralizes it.
    expect(items[1]?.text).toContain('<fail> since this morning & nobody');
    expect(items[1]?.engagement).toBe(0);
    expect(items[0]?.reach).toBeUndefined();
  });

  it('keeps posts without from (no pages_read_user_content) and story-only posts', () => {
    const items = parseFile('visitor-posts-page2.json', 'visitor_posts');
    expect(items.map((i) => i.id)).toEqual([
      '104512345678901_1200000000000013',
      '104512345678901_1200000000000014',
      '104512345678901_1200000000000015',
    ]);
    expect(items[0]?.author).toBeUndefined();
    expect(items[1]).toMatchObject({ text: 'Priya Raman checked in at Acme HQ.', author: 'Priya Raman' });
    expect(items[1]?.engagement).toBeUndefined();
  });

  it('reads posts that tag the Page', () => {
    const items = parseFile('tagged.json', 'tagged');
    expect(items.map((i) => [i.author, i.url])).toEqual([
      ['Northwind DevOps Meetup', 'https://www.facebook.com/northwinddevops/posts/8800000000000021'],
      [
        'Marta Kowalska',
        'https://www.facebook.com/permalink.php?story_fbid=8800000000000022&id=7001234567890321',
      ],
    ]);
  });

  it("reads comments on the Page's posts, skips the Page's own, answers a reply in its thread", () => {
    const items = parseFile('feed-comments.json', 'feed');
    expect(items.map((i) => i.id)).toEqual([
      '1300000000000001_910000000000001',
      '1300000000000001_910000000000003',
      '1300000000000002_910000000000011',
    ]);
    expect(items[0]).toEqual({
      id: '1300000000000001_910000000000001',
      url: 'https://www.facebook.com/104512345678901/posts/1300000000000001?comment_id=910000000000001',
      title: 'AcmeCloud 5.2 is out: faster deploys and a new billing page.',
      text: "The new billing page still shows last month's invoice twice.",
      author: 'Ana Lima',
      engagement: 4,
      published: '2025-03-10T10:20:00.000Z',
      replyTo: { objectId: '1300000000000001_910000000000001' },
    });
    expect(items[1]?.replyTo).toEqual({ objectId: '1300000000000001_910000000000001' });
    expect(items[1]?.author).toBeUndefined();
    expect(items[2]?.text).toBe('¿Habrá soporte de AcmeCloud en español pronto?');
    const page = parseFacebookPage(
      JSON.parse(fixture('sources/facebook/feed-comments.json').toString('utf8')),
      'u',
      'comments',
      PAGE,
    );
    expect(page.truncated).toEqual([
      { postId: '104512345678901_1300000000000001', oldest: '2025-03-10T09:55:00.000Z' },
    ]);
  });

  it("a comment without its own permalink links to it through its post's (comment_id), never the post alone", () => {
    const page = parseFacebookPage(
      {
        data: [
          {
            id: `${PAGE}_1300000000000009`,
            permalink_url: `https://www.facebook.com/${PAGE}/posts/1300000000000009`,
            comments: {
              data: [
                { id: '1300000000000009_930000000000001', message: 'AcmeCloud is down?' },
                { id: '1300000000000009_930000000000002', message: 'Same.' },
              ],
            },
          },
        ],
      },
      'u',
      'comments',
      PAGE,
    );
    expect(page.items.map((i) => i.url)).toEqual([
      `https://www.facebook.com/${PAGE}/posts/1300000000000009?comment_id=930000000000001`,
      `https://www.facebook.com/${PAGE}/posts/1300000000000009?comment_id=930000000000002`,
    ]);
  });

  it('reads recommendations: negative = 1, positive = 5, the story as link and reply target', () => {
    const items = parseFile('ratings.json', 'ratings');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: '3300000000000001',
      url: 'https://www.facebook.com/3300000000000001',
      title: 'Does not recommend the Page',
      text: 'AcmeCloud support took 5 days to answer a billing ticket. Not recommended for small teams.',
      rating: 1,
      author: 'Tomás Herrera',
      published: '2025-03-09T16:42:10.000Z',
      replyTo: { objectId: '3300000000000001' },
    });
    expect(items.map((i) => i.rating)).toEqual([1, 5, 5]);
    expect(items[2]?.text).toBe('');
    const page = parseFacebookPage(
      JSON.parse(fixture('sources/facebook/ratings.json').toString('utf8')),
      'u',
      'ratings',
    );
    expect(page.warnings).toEqual(['recommendation 3 skipped: it has no open_graph_story']);
  });

  it('refuses what is not a Graph list, and URLs of other edges', () => {
    expect(() =>
      facebookAdapter.parse(
        { body: fixture('sources/facebook/error-rate-limit.json'), url: `${GRAPH}/${PAGE}/tagged` },
        SOURCE,
      ),
    ).toThrow(/data/);
    expect(() =>
      facebookAdapter.parse({ body: '{"data":[]}', url: `${GRAPH}/${PAGE}/photos` }, SOURCE),
    ).toThrow(/not a visitor_posts, tagged, feed or ratings answer/);
  });
});

describe('facebook fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads visitor posts (2 pages), tagged posts and comments; token only in the header; window applied', async () => {
    server = await startLoopback(graph);
    const ctx = apiContext(facebookAdapter, { baseUrl: server.url, ...CREDS }, ENV);
    const result = await facebookAdapter.fetch(ctx);
    // The window start (24 February 12:00) rounded down to the UTC day.
    const since = String(Date.parse('2025-02-24T00:00:00Z') / 1000);

    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      `/${PAGE}/visitor_posts`,
      `/${PAGE}/visitor_posts`,
      `/${PAGE}/tagged`,
      `/${PAGE}/feed`,
    ]);
    const first = Object.fromEntries(query(server.requests[0]?.url ?? ''));
    expect(first).toEqual({
      fields:
        'id,message,story,created_time,permalink_url,from{id,name},shares,reactions.limit(0).summary(true),comments.limit(0).summary(true)',
      since,
      limit: '25',
    });
    // The next page: the cursor of paging.next, on the configured root, never its access_token.
    const second = Object.fromEntries(query(server.requests[1]?.url ?? ''));
    expect(second).toEqual({ ...first, after: 'QVFIUmFjbWVBZnRlcjAx' });
    expect(query(server.requests[2]?.url ?? '').get('since')).toBe(since);
    expect(query(server.requests[3]?.url ?? '').get('fields')).toBe(
      'id,permalink_url,message,comments.filter(stream).order(reverse_chronological).limit(25){id,message,created_time,permalink_url,from{id,name},like_count,comment_count,parent{id}}',
    );
    expect(query(server.requests[3]?.url ?? '').get('limit')).toBe('10');
    expectTokenOnlyInHeader(server.requests, TOKEN);
    expect(result.items.map((i) => i.id)).toEqual([
      '104512345678901_1200000000000011',
      '104512345678901_1200000000000012',
      '104512345678901_1200000000000013',
      '104512345678901_1200000000000014',
      '550011223344556_8800000000000021',
      '7001234567890321_8800000000000022',
      '1300000000000001_910000000000001',
      '1300000000000001_910000000000003',
      '1300000000000002_910000000000011',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T11:15:00.000Z');
    expect(result.warnings).toEqual([
      'comments: 1 post(s) had more than 25 comments since the window start; the oldest were not read (raise commentsPerPost)',
    ]);
    expect(result.requests).toBe(4);
  });

  it('reads ratings when asked; error 12 (recommendations gone on this version) is a warning', async () => {
    server = await startLoopback(graph);
    const entry = { baseUrl: server.url, ...CREDS, include: ['ratings'] };
    const result = await facebookAdapter.fetch(apiContext(facebookAdapter, entry, ENV));
    expect(result.items.map((i) => i.rating)).toEqual([1, 5, 5]);
    expect(result.warnings).toEqual(['ratings: recommendation 3 skipped: it has no open_graph_story']);
    await server.close();

    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/facebook/error-ratings-deprecated.json', JSON_TYPE, 400),
    );
    const gone = await facebookAdapter.fetch(
      apiContext(facebookAdapter, { ...entry, baseUrl: server.url }, ENV),
    );
    expect(gone.items).toEqual([]);
    expect(gone.warnings?.[0]).toMatch(/no longer serves recommendations.*error 12/);
  });

  it('visitor_posts refused for a New Pages Experience Page (error 100) is a warning; the rest is read', async () => {
    server = await startLoopback((req, res) => {
      if (pathOf(req.url).endsWith('/visitor_posts')) {
        res.writeHead(400, { 'content-type': JSON_TYPE });
        res.end(
          '{"error":{"message":"(#100) Tried accessing nonexisting field (visitor_posts)","type":"OAuthException","code":100,"fbtrace_id":"AcmeT100"}}',
        );
        return;
      }
      graph(req, res);
    });
    const result = await facebookAdapter.fetch(
      apiContext(
        facebookAdapter,
        { baseUrl: server.url, ...CREDS, include: ['visitor_posts', 'tagged'] },
        ENV,
      ),
    );
    expect(result.items).toHaveLength(2);
    expect(result.warnings?.[0]).toMatch(/^visitor_posts: Meta does not serve this edge/);
  });

  it('a Graph rate limit (code 32) fails with the code, its meaning and when access returns', async () => {
    server = await startLoopback(
      graphRateLimited(
        PAGE,
        {
          type: 'pages',
          call_count: 100,
          total_cputime: 12,
          total_time: 20,
          estimated_time_to_regain_access: 17,
        },
        'sources/facebook/error-rate-limit.json',
      ),
    );
    const error = await facebookAdapter
      .fetch(apiContext(facebookAdapter, { baseUrl: server.url, ...CREDS }, ENV))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(
      /^Facebook Page: visitor_posts of Page 104512345678901: Graph API error 32 \(HTTP 400\)/,
    );
    expect(message).toContain('(#32) Page request limit reached');
    expect(message).toMatch(/rate limited by Meta/);
    expect(message).toContain('Meta expects access again in about 17 minutes');
    expect(message).toContain('fbtrace_id AcmeTrace0032xYz');
    expect(server.requests).toHaveLength(1);
  });

  it('an expired token (190) fails with what to do, never the token', async () => {
    server = await startLoopback(graph);
    const ctx = apiContext(
      facebookAdapter,
      { baseUrl: server.url, ...CREDS },
      { env: { FB_PAGE_TOKEN: 'EAAGexpiredTOKEN1234567' } },
    );
    const error = await facebookAdapter.fetch(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/Graph API error 190\/463/);
    expect(message).toMatch(/access token expired or was revoked \(subcode 463\): make a new one/);
    expect(message).not.toContain('EAAGexpiredTOKEN1234567');
  });

  it('sends appsecret_proof when an app secret is configured, never the secret', async () => {
    server = await startLoopback(graph);
    const ctx = apiContext(
      facebookAdapter,
      {
        baseUrl: server.url,
        pageId: PAGE,
        include: ['tagged'],
        credentials: { pageToken: 'FB_PAGE_TOKEN', appSecret: 'FB_APP_SECRET' },
      },
      { env: { FB_PAGE_TOKEN: TOKEN, FB_APP_SECRET: 'acme-app-secret-0001' } },
    );
    await facebookAdapter.fetch(ctx);
    const proof = createHmac('sha256', 'acme-app-secret-0001').update(TOKEN).digest('hex');
    expect(query(server.requests[0]?.url ?? '').get('appsecret_proof')).toBe(proof);
    expect(server.requests[0]?.url).not.toContain('acme-app-secret-0001');
  });

  it('high usage in X-App-Usage: a warning, and no further pages this run', async () => {
    server = await startLoopback((req, res) => {
      res.writeHead(200, {
        'content-type': JSON_TYPE,
        'x-app-usage': '{"call_count":96,"total_cputime":20,"total_time":30}',
      });
      res.end(
        fixture(
          `sources/facebook/${query(req.url).get('after') ? 'visitor-posts-page2.json' : 'visitor-posts.json'}`,
        ),
      );
    });
    const result = await facebookAdapter.fetch(
      apiContext(facebookAdapter, { baseUrl: server.url, ...CREDS, include: ['visitor_posts'] }, ENV),
    );
    expect(server.requests).toHaveLength(1);
    expect(result.items).toHaveLength(2);
    expect(result.warnings).toEqual([
      'Meta reports 96% of a rate limit used (X-App-Usage); further pages were not read this run',
    ]);
  });

  it('first pages are conditional: an unchanged part answers 304 on the next run', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"acme-tagged-1"') {
        res.writeHead(304, { etag: '"acme-tagged-1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': JSON_TYPE, etag: '"acme-tagged-1"' });
      res.end(fixture('sources/facebook/tagged.json'));
    });
    const entry = { baseUrl: server.url, ...CREDS, include: ['tagged'] };
    const first = await facebookAdapter.fetch(apiContext(facebookAdapter, entry, ENV));
    expect(first.items).toHaveLength(2);
    const second = await facebookAdapter.fetch(
      apiContext(facebookAdapter, entry, { ...ENV, cursor: first.cursor }),
    );
    expect(second.items).toEqual([]);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"acme-tagged-1"');
  });

  it('says which credential is missing, which env line to add and how to get a token', async () => {
    const error = await facebookAdapter
      .fetch(apiContext(facebookAdapter, { baseUrl: 'http://127.0.0.1:9', pageId: PAGE }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/credential "pageToken"/);
    expect(message).toContain('`credentials: { pageToken: FACEBOOK_PAGE_TOKEN }`');
    expect(message).toContain(envLine('FACEBOOK_PAGE_TOKEN'));
    expect(message).toMatch(/pages_read_user_content/);
    const mapped = await facebookAdapter
      .fetch(apiContext(facebookAdapter, { baseUrl: 'http://127.0.0.1:9', ...CREDS }))
      .catch((e: unknown) => e);
    expect((mapped as SourceError).message).toContain(envLine('FB_PAGE_TOKEN'));
  });

  it('the config needs a numeric Page id and known parts', () => {
    expect(facebookAdapter.schema.safeParse({ id: 'fb', kind: 'facebook', pageId: 'acme' }).success).toBe(
      false,
    );
    expect(
      facebookAdapter.schema.safeParse({ id: 'fb', kind: 'facebook', pageId: PAGE, include: ['photos'] })
        .success,
    ).toBe(false);
    expect(SOURCE.baseUrl).toBe('https://graph.facebook.com/v27.0');
    expect(NOW.toISOString()).toBe('2025-03-10T12:00:00.000Z');
  });

  httpFailureTests({
    adapter: facebookAdapter,
    entry: (base) => ({ baseUrl: base, ...CREDS, include: ['tagged'] }),
    env: ENV.env,
    ok: graph,
  });
});
