import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import {
  discourseAdapter,
  discoursePhrase,
  discourseQuery,
  parseDiscoursePage,
} from '../../../src/platforms/discourse/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const FORUM = 'https://community.acme.example';
const source = discourseAdapter.schema.parse({ id: 'forum', kind: 'discourse', baseUrl: FORUM });
const json = (name: string): unknown => JSON.parse(fixture(`sources/discourse/${name}`).toString('utf8'));
const parseFile = (name: string, baseUrl = FORUM) =>
  discourseAdapter.parse(
    { body: fixture(`sources/discourse/${name}`), url: `${baseUrl}/search.json` },
    { ...source, baseUrl },
  );
const KEY = 'd1sc0urse-key-0123456789abcdef';
const CREDS = { credentials: { apiKey: 'FORUM_KEY' } };

function send(res: ServerResponse, name: string, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(fixture(`sources/discourse/${name}`));
}

describe('discourse parse', () => {
  it('reads posts with topic titles and slugs, cooked HTML flattened, likes as engagement', () => {
    const items = parseFile('search-page1.json');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: 'community.acme.example:9101',
      url: 'https://community.acme.example/t/acmecloud-cli-keeps-logging-me-out/501/1',
      title: 'AcmeCloud CLI keeps logging me out',
      text: 'After the update the AcmeCloud CLI asks me to log in every 5 minutes.\n\nacme login --sso',
      author: 'dana_k',
      authorUrl: 'https://community.acme.example/u/dana_k',
      engagement: 3,
      published: '2025-03-10T09:12:44.512Z',
      replyTo: { forum: FORUM, topicId: '501', postNumber: '1', postId: '9101' },
    });
    expect(items[1]).toMatchObject({
      url: 'https://community.acme.example/t/acmecloud-cli-keeps-logging-me-out/501/3',
      text: 'Same & on Windows. The status page says nothing.',
    });
    expect(items[2]).toMatchObject({ title: 'Dashboard feedback & ideas', engagement: 12 });
  });

  it('keeps a post by a deleted user without author, reads the blurb, links without a slug', () => {
    const [item] = parseFile('search-page2.json');
    expect(item).toEqual({
      id: 'community.acme.example:9002',
      url: 'https://community.acme.example/t/470/4',
      text: '¿Alguien sabe si AcmeCloud tiene región en São Paulo? La latencia desde Chile & Perú es alta…',
      engagement: 0,
      published: '2025-03-08T07:45:00.000Z',
      replyTo: { forum: FORUM, topicId: '470', postNumber: '4', postId: '9002' },
    });
  });

  it('keeps a subfolder install in links', () => {
    const [item] = parseFile('search-page1.json', 'https://www.acme.example/community/');
    expect(item?.url).toBe('https://www.acme.example/community/t/acmecloud-cli-keeps-logging-me-out/501/1');
    expect(item?.authorUrl).toBe('https://www.acme.example/community/u/dana_k');
  });

  it('handles an empty answer, the forum own search error, and an error answer', () => {
    expect(parseFile('search-empty.json')).toEqual([]);
    expect(parseDiscoursePage(json('search-empty.json'), 'u', FORUM).more).toBe(false);
    expect(parseDiscoursePage(json('search-page1.json'), 'u', FORUM).more).toBe(true);
    expect(parseDiscoursePage(json('search-term-too-short.json'), 'u', FORUM).warnings).toEqual([
      'the forum said: Your search term is too short.',
    ]);
    expect(() => parseFile('error-invalid-access.json')).toThrow(
      /Discourse: the forum answered: You are not permitted to view the requested resource/,
    );
    expect(() => discourseAdapter.parse({ body: '{"users": []}', url: 'u' }, source)).toThrow(
      /posts: missing/,
    );
  });

  it('builds the search: term, window, newest first, category and tags', () => {
    const scoped = discourseAdapter.schema.parse({
      ...source,
      category: 'support:cli',
      tags: ['acmecloud', 'sdk'],
    });
    expect(discourseQuery(scoped, 'AcmeCloud', '2025-03-01')).toBe(
      'AcmeCloud after:2025-03-01 order:latest #support:cli tags:acmecloud,sdk',
    );
    expect(discoursePhrase('Acme "Cloud" CLI')).toBe('"Acme Cloud CLI"');
    expect(discoursePhrase('AcmeCloud')).toBe('AcmeCloud');
    expect(discourseAdapter.schema.safeParse({ id: 'f', kind: 'discourse' }).success).toBe(false);
  });
});

describe('discourse fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const forum = () =>
    startLoopback((req, res) =>
      send(res, query(req.url).get('page') === '2' ? 'search-page2.json' : 'search-page1.json'),
    );

  it('searches each term newest first since the day before the window, with the API key headers', async () => {
    server = await forum();
    const ctx = apiContext(
      discourseAdapter,
      { baseUrl: server.url, apiUsername: 'earshot-bot', tags: ['acmecloud'], ...CREDS },
      { env: { FORUM_KEY: KEY }, searchTerms: ['AcmeCloud', 'Acme CLI'] },
    );
    const result = await discourseAdapter.fetch(ctx);
    expect(
      server.requests.map((r) => [pathOf(r.url), query(r.url).get('q'), query(r.url).get('page')]),
    ).toEqual([
      ['/search.json', 'AcmeCloud after:2025-02-23 order:latest tags:acmecloud', '1'],
      ['/search.json', 'AcmeCloud after:2025-02-23 order:latest tags:acmecloud', '2'],
      ['/search.json', '"Acme CLI" after:2025-02-23 order:latest tags:acmecloud', '1'],
      ['/search.json', '"Acme CLI" after:2025-02-23 order:latest tags:acmecloud', '2'],
    ]);
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['api-key']).toBe(KEY);
    expect(headers['api-username']).toBe('earshot-bot');
    expect(server.requests[0]?.url).not.toContain(KEY);
    const host = new URL(server.url).host;
    expect(result.items.map((i) => i.id)).toEqual(
      ['9101', '9107', '9055', '9002'].map((n) => `${host}:${n}`),
    );
    expect(result.items[0]?.url).toBe(`${server.url}/t/acmecloud-cli-keeps-logging-me-out/501/1`);
    expect(result.cursor.since).toBe('2025-03-10T09:12:44.512Z');
    expect(result.requests).toBe(4);
  });

  it('sends no key headers for a public forum, and the source query as written', async () => {
    server = await startLoopback((_req, res) => send(res, 'search-empty.json'));
    const result = await discourseAdapter.fetch(
      apiContext(discourseAdapter, { baseUrl: server.url, query: 'acmecloud status:open' }),
    );
    expect(query(server.requests[0]?.url ?? '').get('q')).toBe(
      'acmecloud status:open after:2025-02-23 order:latest',
    );
    expect(server.requests[0]?.headers['api-key']).toBeUndefined();
    expect(server.requests[0]?.headers['api-username']).toBeUndefined();
    expect(result).toMatchObject({ items: [], requests: 1 });
  });

  it('reads the whole look-back window whatever the cursor: late posts older than the cursor are kept, paging stops below the window', async () => {
    // Page 2 as served, plus a post dated before the 14-day look-back window, and "more results"
    // (a page 3 the adapter must not ask for: this page already reaches below the window).
    const page2 = json('search-page2.json') as {
      posts: Record<string, unknown>[];
      grouped_search_result: Record<string, unknown>;
    };
    page2.posts.push({ ...page2.posts[0], id: 8801, created_at: '2025-02-20T09:00:00.000Z', post_number: 9 });
    page2.grouped_search_result.more_full_page_results = true;
    server = await startLoopback((req, res) => {
      if (query(req.url).get('page') !== '2') return send(res, 'search-page1.json');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(page2));
    });
    const ctx = apiContext(
      discourseAdapter,
      { baseUrl: server.url },
      { cursor: { since: '2025-03-10T09:00:00Z' }, lookbackDays: 14 },
    );
    const result = await discourseAdapter.fetch(ctx);
    // `after:` is the day before the look-back start (24 February), not the cursor's day.
    expect(server.requests.map((r) => [query(r.url).get('q'), query(r.url).get('page')])).toEqual([
      ['AcmeCloud after:2025-02-23 order:latest', '1'],
      ['AcmeCloud after:2025-02-23 order:latest', '2'],
    ]);
    // 08:01, 9 March and 8 March are older than the cursor (late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id?.split(':').pop())).toEqual(['9101', '9107', '9055', '9002']);
    expect(result.cursor.since).toBe('2025-03-10T09:12:44.512Z');
  });

  it('sends the stored validators and treats 304 as nothing new', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === 'W/"s1"') {
        res.writeHead(304, { etag: 'W/"s1"' });
        res.end();
        return;
      }
      send(res, 'search-empty.json', 200, { etag: 'W/"s1"' });
    });
    const first = await discourseAdapter.fetch(apiContext(discourseAdapter, { baseUrl: server.url }));
    expect(Object.values(first.cursor.validators ?? {})).toEqual([{ etag: 'W/"s1"' }]);
    const second = await discourseAdapter.fetch(
      apiContext(discourseAdapter, { baseUrl: server.url }, { cursor: first.cursor }),
    );
    expect(server.requests[1]?.headers['if-none-match']).toBe('W/"s1"');
    expect(second).toMatchObject({ items: [], cursor: first.cursor });
  });

  it('a private forum without a key: the refusal in the forum words and the credential to set', async () => {
    server = await startLoopback((_req, res) => send(res, 'error-invalid-access.json', 403));
    const error = await discourseAdapter
      .fetch(apiContext(discourseAdapter, { baseUrl: server.url }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe(
      'Discourse: the forum refused the search (403: You are not permitted to view the requested resource.) — a private forum needs an API key (credential "apiKey")',
    );
    expect(server.requests).toHaveLength(1);

    const withKey = await discourseAdapter
      .fetch(apiContext(discourseAdapter, { baseUrl: server.url, ...CREDS }, { env: { FORUM_KEY: KEY } }))
      .catch((e: unknown) => e);
    expect((withKey as SourceError).message).toMatch(
      /check the apiKey credential and the apiUsername option/,
    );
    expect((withKey as SourceError).message).not.toContain(KEY);
  });

  it('a mapped but unset key: says which credential, which env var and how to get a key', async () => {
    server = await forum();
    const error = await discourseAdapter
      .fetch(apiContext(discourseAdapter, { baseUrl: server.url, ...CREDS }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/Discourse needs the credential "apiKey"/);
    expect(message).toMatch(/environment variable FORUM_KEY, which is empty or unset/);
    expect(message).toMatch(/Admin → API → New API Key/);
    expect(server.requests).toHaveLength(0);
  });

  httpFailureTests({
    adapter: discourseAdapter,
    entry: (base) => ({ baseUrl: base }),
    ok: (_req, res) => send(res, 'search-page2.json'),
  });
});
