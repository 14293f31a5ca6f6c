import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { devAdapter, parseDevArticles, parseDevComments } from '../../../src/platforms/dev/source.js';
import { platformFor } from '../../../src/platforms/index.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const json = (name: string): unknown => JSON.parse(fixture(`sources/dev/${name}`).toString('utf8'));
const KEY = 'devkey0123456789abcdef';

function send(res: ServerResponse, name: string): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(fixture(`sources/dev/${name}`));
}

describe('dev parse', () => {
  it('reads articles: link as id, description as text, reactions + comments as engagement, own articles', () => {
    const { articles, warnings } = parseDevArticles(
      json('articles-org-acme.json'),
      'https://dev.to/api/articles',
      'acme',
    );
    expect(articles[0]?.item).toEqual({
      id: 'https://dev.to/acme/introducing-acmecloud-functions-4k2p',
      url: 'https://dev.to/acme/introducing-acmecloud-functions-4k2p',
      title: 'Introducing AcmeCloud Functions',
      text: 'Run code next to your data with AcmeCloud Functions, now in beta.',
      author: 'Acme Team',
      authorUrl: 'https://dev.to/acmeteam',
      engagement: 60,
      published: '2025-03-09T15:00:00.000Z',
      replyTo: { articleId: '2250001' },
    });
    expect(articles.map((a) => a.own)).toEqual([true, true]);
    expect(warnings).toEqual([]);
    const tag = parseDevArticles(
      json('articles-tag-devops.json'),
      'https://dev.to/api/articles?tag=devops',
      'acme',
    );
    expect(tag.articles.map((a) => [a.articleId, a.own])).toEqual([
      [2251234, false],
      [2251300, false],
    ]);
    expect(tag.articles[0]?.item.text).toBe('Why we left AcmeCloud after the price change <and what broke>.');
    expect(tag.warnings).toEqual(['article 2 skipped: id is not valid']);
  });

  it('flattens comment threads to plain text, skips [deleted], links each comment', () => {
    const { items } = parseDevComments(
      json('comments-article-2250001.json'),
      'https://dev.to/api/comments?a_id=2250001',
      {
        id: '2250001',
        title: 'Introducing AcmeCloud Functions',
        url: 'https://dev.to/acme/introducing-acmecloud-functions-4k2p',
      },
    );
    expect(items.map((i) => i.id)).toEqual([
      'https://dev.to/kaimu/comment/2m3p1',
      'https://dev.to/acmeteam/comment/2m3q7',
      'https://dev.to/ravi_codes/comment/2m4aa',
    ]);
    expect(items[0]).toEqual({
      id: 'https://dev.to/kaimu/comment/2m3p1',
      url: 'https://dev.to/kaimu/comment/2m3p1',
      title: 'Introducing AcmeCloud Functions',
      text: 'Does AcmeCloud Functions support Node 22? The docs say <18> only.',
      author: 'Kai Müller',
      authorUrl: 'https://dev.to/kaimu',
      published: '2025-03-09T16:02:11.000Z',
      replyTo: { articleId: '2250001', commentId: '2m3p1' },
    });
    expect(items[2]?.text).toContain('https://acmecloud.example/pricing');
    expect(
      devAdapter.parse(
        { body: fixture('sources/dev/comments-empty.json'), url: 'https://dev.to/api/comments?a_id=1' },
        {} as never,
      ),
    ).toEqual([]);
    expect(() =>
      devAdapter.parse(
        { body: '{"error":"not found","status":404}', url: 'https://dev.to/api/articles' },
        {} as never,
      ),
    ).toThrow(/DEV \(Forem API\): .* is not the expected payload/);
  });
});

describe('dev fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const api = () =>
    startLoopback((req, res) => {
      const p = pathOf(req.url);
      const q = query(req.url);
      if (p === '/articles' && q.get('username') === 'acme')
        return send(res, q.get('page') === '1' ? 'articles-org-acme.json' : 'comments-empty.json');
      if (p === '/articles' && q.get('tag') === 'devops')
        return send(res, q.get('page') === '1' ? 'articles-tag-devops.json' : 'comments-empty.json');
      if (p === '/articles/latest') return send(res, 'comments-empty.json');
      if (p === '/comments' && q.get('a_id') === '2250001') return send(res, 'comments-article-2250001.json');
      if (p === '/comments') return send(res, 'comments-empty.json');
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found","status":404}');
    });

  it("reads the organization's and the tags' articles with the Forem accept header, and the comments of own and naming articles", async () => {
    server = await api();
    const result = await devAdapter.fetch(
      apiContext(devAdapter, { baseUrl: server.url, organization: 'acme', tags: ['devops'], perPage: 2 }),
    );
    const asked = server.requests.map((r) => `${pathOf(r.url)}?${query(r.url).toString()}`);
    expect(asked).toEqual([
      '/articles?username=acme&per_page=2&page=1',
      '/comments?a_id=2250001',
      // the page was full and had an article inside the window: the next page (empty)
      '/articles?username=acme&per_page=2&page=2',
      '/articles?tag=devops&per_page=2&page=1',
      '/comments?a_id=2251234',
      '/articles?tag=devops&per_page=2&page=2',
    ]);
    expect(server.requests[0]?.headers.accept).toBe('application/vnd.forem.api-v1+json');
    expect(server.requests[0]?.headers['api-key']).toBeUndefined();
    expect(result.items.map((i) => i.id)).toEqual([
      'https://dev.to/acme/introducing-acmecloud-functions-4k2p',
      'https://dev.to/kaimu/comment/2m3p1',
      'https://dev.to/acmeteam/comment/2m3q7',
      'https://dev.to/ravi_codes/comment/2m4aa',
      'https://dev.to/lena_ops/migrating-from-acmecloud-to-self-hosted-minio-2f1e',
      'https://dev.to/listicle/10-vs-code-extensions-i-use-daily-9zz1',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T08:15:00.000Z');
    expect(result.warnings).toEqual(['tag devops: article 2 skipped: id is not valid']);
  });

  it('asks lists in full when it reads comments (a 304 would hide new comments), conditionally otherwise', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' });
      res.end(pathOf(req.url) === '/comments' ? '[]' : fixture('sources/dev/articles-org-acme.json'));
    });
    const first = await devAdapter.fetch(
      apiContext(devAdapter, { baseUrl: server.url, organization: 'acme' }),
    );
    expect(first.cursor.validators).toBeUndefined();
    const quiet = await devAdapter.fetch(
      apiContext(devAdapter, { baseUrl: server.url, organization: 'acme', comments: false }),
    );
    expect(Object.keys(quiet.cursor.validators ?? {})).toHaveLength(1);
  });

  it('sends a mapped api-key, fails clearly when it is unset, and needs something to read', async () => {
    server = await api();
    const creds = { credentials: { apiKey: 'DEV_KEY' } };
    await devAdapter.fetch(
      apiContext(
        devAdapter,
        { baseUrl: server.url, latest: true, comments: false, ...creds },
        { env: { DEV_KEY: KEY } },
      ),
    );
    expect(pathOf(server.requests[0]?.url ?? '')).toBe('/articles/latest');
    expect(server.requests[0]?.headers['api-key']).toBe(KEY);
    const unset = await devAdapter
      .fetch(apiContext(devAdapter, { baseUrl: server.url, latest: true, ...creds }))
      .catch((e: unknown) => e);
    expect((unset as SourceError).message).toContain(
      'the config maps it to the environment variable DEV_KEY',
    );
    const nothing = await devAdapter
      .fetch(apiContext(devAdapter, { baseUrl: server.url }))
      .catch((e: unknown) => e);
    expect(nothing).toBeInstanceOf(SourceError);
    expect((nothing as SourceError).message).toContain('set organization, tags or latest: true');
  });

  it('is read only (Forem v1 has no comment-create endpoint): a person replies on DEV', () => {
    const p = platformFor('dev');
    expect(p?.publisher).toBeUndefined();
    expect(
      p?.manualReply?.({ kind: 'dev', url: 'https://dev.to/kaimu/comment/2m3p1' } as never),
    ).toMatchObject({ url: 'https://dev.to/kaimu/comment/2m3p1' });
  });

  httpFailureTests({
    adapter: devAdapter,
    entry: (base) => ({ baseUrl: base, organization: 'acme' }),
    ok: (req, res) =>
      send(res, pathOf(req.url) === '/comments' ? 'comments-empty.json' : 'articles-org-acme.json'),
  });
});
