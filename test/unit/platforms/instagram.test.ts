import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { instagramAdapter, parseInstagramPage } from '../../../src/platforms/instagram/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, envLine, httpFailureTests, pathOf, query } from './api-context.js';
import { expectTokenOnlyInHeader, graphApi, graphRateLimited, JSON_TYPE } from './graph-api-fake.js';

const IG = '17841400000000001';
const TOKEN = 'EAAGacmeIGtoken000000000000000';
const CREDS = { igUserId: IG, credentials: { accessToken: 'IG_TOKEN' } };
const ENV = { env: { IG_TOKEN: TOKEN } };
const GRAPH = 'https://graph.facebook.com/v27.0';
const SOURCE = instagramAdapter.schema.parse({ id: 'ig', kind: 'instagram', igUserId: IG });
const parseFile = (name: string, path: string) =>
  instagramAdapter.parse({ body: fixture(`sources/instagram/${name}`), url: `${GRAPH}${path}` }, SOURCE);
const MEDIA1 = {
  id: '17900000000000001',
  permalink: 'https://www.instagram.com/p/DAcmeOwn001/',
  username: 'acmecloud',
  caption: 'AcmeCloud 5.2 is here: faster deploys, a new billing page.\nLink in bio.',
};

/** A fake Instagram Graph API: tags, own media, comments per media (media 1 in 2 pages), hashtags. */
const graph = graphApi(
  TOKEN,
  (path, q) => {
    const file =
      path === `/${IG}/tags`
        ? 'tags.json'
        : path === `/${IG}/media`
          ? 'media.json'
          : path === '/17900000000000001/comments'
            ? q.get('after')
              ? 'comments-media1-page2.json'
              : 'comments-media1.json'
            : path === '/17900000000000003/comments'
              ? 'comments-media3.json'
              : path === '/ig_hashtag_search'
                ? 'hashtag-search.json'
                : path === '/17843853986012965/recent_media'
                  ? 'hashtag-recent-media.json'
                  : undefined;
    return file && `sources/instagram/${file}`;
  },
  '{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100}}',
);

describe('instagram parse', () => {
  it('reads media the account is tagged in: caption, permalink, owner, likes + comments', () => {
    const items = parseFile('tags.json', `/${IG}/tags`);
    expect(items[0]).toEqual({
      id: '17912345678900001',
      url: 'https://www.instagram.com/p/DAcmeTag001/',
      text: 'Shipping our side project on @acmecloud tonight 🚀 #buildinpublic',
      author: '@devon.builds',
      authorUrl: 'https://www.instagram.com/devon.builds/',
      engagement: 61,
      published: '2025-03-10T08:12:44.000Z',
    });
    // Tagged media take no replies through the API.
    expect(items.every((i) => i.replyTo === undefined)).toBe(true);
  });

  it('reads comments with their media: the reply target, the media link, your own comments skipped', () => {
    const page = parseInstagramPage(
      JSON.parse(fixture('sources/instagram/comments-media1.json').toString('utf8')),
      `${GRAPH}/17900000000000001/comments`,
      'comments',
      MEDIA1,
    );
    expect(page.items).toEqual([
      {
        id: '17873440459141001',
        url: 'https://www.instagram.com/p/DAcmeOwn001/',
        title: 'AcmeCloud 5.2 is here: faster deploys, a new billing page.',
        text: 'The new billing page charged my card twice 😡 who do I talk to?',
        author: '@mira_k',
        authorUrl: 'https://www.instagram.com/mira_k/',
        engagement: 6,
        published: '2025-03-10T09:14:00.000Z',
        replyTo: { commentId: '17873440459141001', mediaId: '17900000000000001' },
      },
    ]);
    expect(page.paging?.cursors?.after).toBe('QVFIUmMxQWZ0ZXI');
  });

  it('skips hidden comments (they take no replies); without media context keeps every visible comment', () => {
    const items = parseFile('comments-media3.json', '/17900000000000003/comments');
    expect(items.map((i) => i.text)).toEqual(['¿El mantenimiento afecta a la región de São Paulo?']);
    expect(parseFile('comments-media1.json', '/17900000000000001/comments')).toHaveLength(2);
  });

  it('reads hashtag media, which carry no username', () => {
    const items = parseFile('hashtag-recent-media.json', '/17843853986012965/recent_media');
    expect(items.map((i) => [i.id, i.author, i.engagement])).toEqual([
      ['17999000000000001', undefined, 20],
      ['17999000000000002', undefined, 40],
    ]);
  });

  it('refuses what is not a Graph list, and URLs of other edges', () => {
    expect(() => parseFile('error-rate-limit.json', `/${IG}/tags`)).toThrow(/data/);
    expect(() => parseFile('tags.json', `/${IG}/stories`)).toThrow(
      /not a tags, comments or recent_media answer/,
    );
  });
});

describe('instagram fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads tags, your latest media and their comments (paged), and a hashtag; token only in the header', async () => {
    server = await startLoopback(graph);
    const ctx = apiContext(
      instagramAdapter,
      { baseUrl: server.url, ...CREDS, hashtags: ['#AcmeCloud'] },
      ENV,
    );
    const result = await instagramAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      `/${IG}/media`,
      '/ig_hashtag_search',
      `/${IG}/tags`,
      '/17900000000000001/comments',
      '/17900000000000001/comments',
      '/17900000000000003/comments',
      '/17843853986012965/recent_media',
      '/17843853986012965/recent_media',
    ]);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({
      fields: 'id,caption,permalink,timestamp,username,comments_count',
      limit: '10',
    });
    expect(Object.fromEntries(query(server.requests[1]?.url ?? ''))).toEqual({ user_id: IG, q: 'acmecloud' });
    expect(Object.fromEntries(query(server.requests[2]?.url ?? ''))).toEqual({
      fields: 'id,caption,media_type,permalink,timestamp,username,like_count,comments_count',
      limit: '50',
    });
    expect(Object.fromEntries(query(server.requests[4]?.url ?? ''))).toEqual({
      fields: 'id,text,timestamp,username,like_count,hidden',
      limit: '50',
      after: 'QVFIUmMxQWZ0ZXI',
    });
    expect(Object.fromEntries(query(server.requests[6]?.url ?? ''))).toEqual({
      user_id: IG,
      fields: 'id,caption,media_type,permalink,timestamp,like_count,comments_count',
      limit: '50',
    });
    // The hashtag's after cursor is the same on every page (as Meta documents): maxPages (2) bounds it.
    expect(query(server.requests[7]?.url ?? '').get('after')).toBe('NDUyNzQ0MzM0ODQ3NjMz');
    expectTokenOnlyInHeader(server.requests, TOKEN);
    expect(result.items.map((i) => i.id)).toEqual([
      '17912345678900001',
      '17912345678900002',
      '17873440459141001',
      '17873440459141003',
      '17873440459141021',
      '17999000000000001',
      '17999000000000002',
    ]);
    expect(result.items[3]?.url).toBe('https://www.instagram.com/p/DAcmeOwn001/');
    expect(result.items[4]?.replyTo).toEqual({
      commentId: '17873440459141021',
      mediaId: '17900000000000003',
    });
    expect(result.cursor.since).toBe('2025-03-10T09:14:00.000Z');
    expect(result.cursor.data).toEqual({ 'hashtag:acmecloud': '17843853986012965' });
    expect(result.warnings).toEqual([
      '#acmecloud: more than 2 pages since 2025-02-24T12:00:00.000Z; the oldest were not read (raise maxPages)',
    ]);
  });

  it('a media deleted since the media list (error 100 on its comments) is skipped with a warning', async () => {
    server = await startLoopback((req, res) => {
      if (pathOf(req.url) === '/17900000000000003/comments') {
        res.writeHead(400, { 'content-type': JSON_TYPE });
        res.end(
          '{"error":{"message":"Unsupported get request. Object with ID \'17900000000000003\' does not exist","type":"GraphMethodException","code":100,"error_subcode":33}}',
        );
        return;
      }
      graph(req, res);
    });
    const result = await instagramAdapter.fetch(
      apiContext(instagramAdapter, { baseUrl: server.url, ...CREDS, include: ['comments'] }, ENV),
    );
    expect(result.items.map((i) => i.id)).toEqual(['17873440459141001', '17873440459141003']);
    expect(result.warnings).toEqual([
      'comments on media 17900000000000003: not available any more (Graph error 100), skipped',
    ]);
  });

  it('reuses the hashtag id from the cursor (no search: it counts toward 30 hashtags a week)', async () => {
    server = await startLoopback(graph);
    const ctx = apiContext(
      instagramAdapter,
      { baseUrl: server.url, ...CREDS, include: [], hashtags: ['acmecloud'], maxPages: 1 },
      { ...ENV, cursor: { data: { 'hashtag:acmecloud': '17843853986012965' } } },
    );
    const result = await instagramAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual(['/17843853986012965/recent_media']);
    expect(result.items).toHaveLength(2);
  });

  it('the look-back window drops old comments', async () => {
    server = await startLoopback(graph);
    const ctx = apiContext(
      instagramAdapter,
      { baseUrl: server.url, ...CREDS, include: ['comments'] },
      { ...ENV, lookbackDays: 3 },
    );
    const result = await instagramAdapter.fetch(ctx);
    // Media 3's comment of 1 March is older than 3 days before 10 March.
    expect(result.items.map((i) => i.id)).toEqual(['17873440459141001', '17873440459141003']);
  });

  it('an Instagram rate limit (80002) fails with its meaning and when access returns', async () => {
    server = await startLoopback(
      graphRateLimited(
        IG,
        {
          type: 'instagram',
          call_count: 100,
          total_cputime: 4,
          total_time: 6,
          estimated_time_to_regain_access: 1,
        },
        'sources/instagram/error-rate-limit.json',
      ),
    );
    const error = await instagramAdapter
      .fetch(apiContext(instagramAdapter, { baseUrl: server.url, ...CREDS, include: ['tags'] }, ENV))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/^Instagram: tags: Graph API error 80002 \(HTTP 400\)/);
    expect(message).toMatch(/rate limited by Meta/);
    expect(message).toContain('Meta expects access again in about 1 minute (fbtrace_id AcmeTrace80002xY)');
  });

  it('an unknown hashtag fails the source with its name', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.end('{"data":[]}');
    });
    const error = await instagramAdapter
      .fetch(
        apiContext(
          instagramAdapter,
          { baseUrl: server.url, ...CREDS, include: [], hashtags: ['nosuchtag'] },
          ENV,
        ),
      )
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toBe('Instagram: Instagram knows no hashtag #nosuchtag');
  });

  it('says which credential is missing and which env line to add', async () => {
    const error = await instagramAdapter
      .fetch(apiContext(instagramAdapter, { baseUrl: 'http://127.0.0.1:9', igUserId: IG }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/credential "accessToken"/);
    expect(message).toContain(envLine('INSTAGRAM_ACCESS_TOKEN'));
    expect(message).toMatch(/instagram_manage_comments/);
  });

  it('the config caps hashtags at 30 and refuses emoji hashtags', () => {
    const tags = Array.from({ length: 31 }, (_, i) => `tag${i}`);
    expect(
      instagramAdapter.schema.safeParse({ id: 'ig', kind: 'instagram', igUserId: IG, hashtags: tags })
        .success,
    ).toBe(false);
    expect(
      instagramAdapter.schema.safeParse({ id: 'ig', kind: 'instagram', igUserId: IG, hashtags: ['acme🚀'] })
        .success,
    ).toBe(false);
    expect(
      instagramAdapter.schema.safeParse({ id: 'ig', kind: 'instagram', igUserId: IG, hashtags: ['#café_2'] })
        .success,
    ).toBe(true);
  });

  httpFailureTests({
    adapter: instagramAdapter,
    entry: (base) => ({ baseUrl: base, ...CREDS, include: ['tags'] }),
    env: ENV.env,
    ok: graph,
  });
});
