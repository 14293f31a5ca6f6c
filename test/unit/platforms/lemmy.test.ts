import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { lemmyPlatform } from '../../../src/platforms/lemmy/index.js';
import { lemmyAdapter, parseLemmyPage } from '../../../src/platforms/lemmy/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const source = lemmyAdapter.schema.parse({ id: 'lemmy', kind: 'lemmy' });
const SEARCH = 'https://lemmy.world/api/v3/search';
const json = (name: string): unknown => JSON.parse(fixture(`sources/lemmy/${name}`).toString('utf8'));
const parseFile = (name: string) =>
  lemmyAdapter.parse({ body: fixture(`sources/lemmy/${name}`), url: SEARCH }, source);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.not-a-real-token.sig';

function send(res: ServerResponse, name: string, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(fixture(`sources/lemmy/${name}`));
}

describe('lemmy parse', () => {
  it('reads posts then comments keyed by ap_id, with score as engagement; skips deleted posts', () => {
    const page = parseLemmyPage(json('search-all-page1.json'), SEARCH, 'https://lemmy.world/');
    expect(page.items.map((i) => i.id)).toEqual([
      'https://lemmy.world/post/1402211',
      'https://lemmy.ml/post/88123',
      'https://lemmy.world/comment/7720001',
      'https://lemmy.world/comment/7719500',
    ]);
    expect(page.items[0]).toEqual({
      id: 'https://lemmy.world/post/1402211',
      url: 'https://lemmy.world/post/1402211',
      title: 'AcmeCloud raised prices by 40% overnight',
      text: 'Got the email this morning. Anyone moving off AcmeCloud?\n\nLooking at alternatives.',
      author: 'byte_wrangler',
      authorUrl: 'https://lemmy.world/u/byte_wrangler',
      engagement: 57,
      published: '2025-03-10T08:05:31.204Z',
      replyTo: { instance: 'https://lemmy.world', type: 'post', postId: '1402211' },
    });
    expect(page.items[1]).toMatchObject({ title: 'Acme CLI 5.0 released', text: '', author: 'newsbot_fan' });
    expect(page.items[2]).toMatchObject({
      title: 'AcmeCloud raised prices by 40% overnight',
      text: 'We moved to AcmeCloud last year and support has been great, honestly.',
      engagement: 9,
      replyTo: { instance: 'https://lemmy.world', type: 'comment', commentId: '7720001', postId: '1402211' },
    });
    expect(page.items[3]?.published).toBe('2025-03-10T08:45:10.000Z');
    expect(page).toMatchObject({ posts: 3, comments: 2, oldest: '2025-03-09T21:14:00.000Z' });
    expect(page.warnings).toEqual(['1 deleted or removed item(s) skipped']);
  });

  it('reads zone-less (0.18) timestamps as UTC, keeps a deleted account without author, French text', () => {
    const [item] = parseFile('search-all-page2.json');
    expect(item).toEqual({
      id: 'https://jlai.lu/comment/5510044',
      url: 'https://jlai.lu/comment/5510044',
      title: 'Quel hébergeur pour un petit site ?',
      text: 'AcmeCloud a encore perdu mes sauvegardes… c’est la deuxième fois ce mois-ci.',
      engagement: -2,
      published: '2025-03-08T18:20:00.123Z',
      replyTo: { instance: 'https://lemmy.world', type: 'comment', commentId: '5510044', postId: '330011' },
    });
  });

  it('returns nothing for an empty search and names the missing field otherwise', () => {
    expect(parseFile('search-empty.json')).toEqual([]);
    expect(() => lemmyAdapter.parse({ body: '{"posts": []}', url: SEARCH }, source)).toThrow(
      /Lemmy: .* is not the expected payload: comments/,
    );
  });
});

describe('lemmy fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const instance = () =>
    startLoopback((req, res) =>
      send(res, query(req.url).get('page') === '2' ? 'search-all-page2.json' : 'search-all-page1.json'),
    );

  it('searches newest first per term, following full pages, and keeps the newest time as cursor', async () => {
    server = await instance();
    const ctx = apiContext(
      lemmyAdapter,
      { instance: server.url, limit: 2, communityName: 'selfhosted@lemmy.world' },
      { searchTerms: ['AcmeCloud', 'Acme CLI'] },
    );
    const result = await lemmyAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual(Array(4).fill('/api/v3/search'));
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({
      q: 'AcmeCloud',
      type_: 'All',
      sort: 'New',
      listing_type: 'All',
      community_name: 'selfhosted@lemmy.world',
      limit: '2',
      page: '1',
    });
    expect(server.requests.map((r) => [query(r.url).get('q'), query(r.url).get('page')])).toEqual([
      ['AcmeCloud', '1'],
      ['AcmeCloud', '2'],
      ['Acme CLI', '1'],
      ['Acme CLI', '2'],
    ]);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.items).toHaveLength(5);
    expect(result.cursor.since).toBe('2025-03-10T09:30:00.000Z');
    expect(result.warnings).toContain('"AcmeCloud" page 1: 1 deleted or removed item(s) skipped');
    expect(result.requests).toBe(4);
  });

  it('reads the whole look-back window whatever the cursor: late items older than the cursor are kept, paging stops below the window', async () => {
    // Page 2 as served, plus a comment dated before the 14-day look-back window: the page is full
    // (limit 2), so only its reaching below the window keeps the adapter from asking for page 3.
    const page2 = json('search-all-page2.json') as { comments: { comment: Record<string, unknown> }[] };
    const late = page2.comments[0] as { comment: Record<string, unknown> };
    page2.comments.push({
      ...late,
      comment: {
        ...late.comment,
        id: 5400001,
        ap_id: 'https://jlai.lu/comment/5400001',
        published: '2025-02-20T09:00:00Z',
      },
    });
    server = await startLoopback((req, res) => {
      if (query(req.url).get('page') !== '2') return send(res, 'search-all-page1.json');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(page2));
    });
    const ctx = apiContext(
      lemmyAdapter,
      { instance: server.url, limit: 2, type: 'Posts' },
      { cursor: { since: '2025-03-10T09:00:00.000Z' }, lookbackDays: 14 },
    );
    const result = await lemmyAdapter.fetch(ctx);
    expect(server.requests.map((r) => query(r.url).get('page'))).toEqual(['1', '2']);
    expect(query(server.requests[0]?.url ?? '').get('type_')).toBe('Posts');
    // 08:05, 08:45, 9 March and 8 March are older than the cursor (late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      'https://lemmy.world/post/1402211',
      'https://lemmy.ml/post/88123',
      'https://lemmy.world/comment/7720001',
      'https://lemmy.world/comment/7719500',
      'https://jlai.lu/comment/5510044',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T09:30:00.000Z');
  });

  it('sends a mapped jwt as a bearer token, and fails clearly when it is unset', async () => {
    server = await startLoopback((_req, res) => send(res, 'search-empty.json'));
    const creds = { credentials: { jwt: 'LEMMY_BOT_JWT' } };
    await lemmyAdapter.fetch(
      apiContext(lemmyAdapter, { instance: server.url, ...creds }, { env: { LEMMY_BOT_JWT: JWT } }),
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
    const error = await lemmyAdapter
      .fetch(apiContext(lemmyAdapter, { instance: server.url, ...creds }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(
      /Lemmy needs the credential "jwt": the config maps it to the environment variable LEMMY_BOT_JWT, which is empty or unset.*\/api\/v3\/user\/login/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("explains the instance's refusal in its own words, without the token", async () => {
    server = await startLoopback((_req, res) => send(res, 'error-community.json', 400));
    const error = await lemmyAdapter
      .fetch(
        apiContext(
          lemmyAdapter,
          { instance: server.url, communityName: 'nope', credentials: { jwt: 'J' } },
          { env: { J: JWT } },
        ),
      )
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toBe(
      'Lemmy: the instance refused the search (400: couldnt_find_community)',
    );
  });

  it('sends the stored validators and treats 304 as nothing new', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-modified-since'] === 'Mon, 10 Mar 2025 10:00:00 GMT') {
        res.writeHead(304);
        res.end();
        return;
      }
      send(res, 'search-empty.json', 200, { 'last-modified': 'Mon, 10 Mar 2025 10:00:00 GMT' });
    });
    const first = await lemmyAdapter.fetch(apiContext(lemmyAdapter, { instance: server.url }));
    const second = await lemmyAdapter.fetch(
      apiContext(lemmyAdapter, { instance: server.url }, { cursor: first.cursor }),
    );
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Mon, 10 Mar 2025 10:00:00 GMT');
    expect(second.items).toEqual([]);
    expect(second.cursor.validators).toEqual(first.cursor.validators);
    expect(Object.values(second.cursor.validators ?? {})).toEqual([
      { lastModified: 'Mon, 10 Mar 2025 10:00:00 GMT' },
    ]);
  });

  it('declares no required credential, and replies (through its jwt)', () => {
    expect(lemmyAdapter.credentials.every((c) => !c.required)).toBe(true);
    expect(lemmyPlatform.publisher).toBeDefined();
  });

  httpFailureTests({
    adapter: lemmyAdapter,
    entry: (base) => ({ instance: base }),
    ok: (_req, res) => send(res, 'search-all-page2.json'),
  });
});
