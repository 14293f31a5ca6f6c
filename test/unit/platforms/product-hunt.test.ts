import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { platformFor } from '../../../src/platforms/index.js';
import {
  COMMENTS_QUERY,
  POSTS_QUERY,
  parseProductHuntPage,
  productHuntAdapter,
} from '../../../src/platforms/product-hunt/source.js';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests } from './api-context.js';

const GQL = 'https://api.producthunt.com/v2/api/graphql';
const TOKEN = 'ph-dev-token-0123456789abcdef';
const json = (name: string): unknown => JSON.parse(fixture(`sources/product-hunt/${name}`).toString('utf8'));
const creds = { credentials: { token: 'PH_TOKEN' } };
const env = { PH_TOKEN: TOKEN };

function send(res: ServerResponse, name: string, status = 200): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-rate-limit-limit': '6250',
    'x-rate-limit-remaining': '6010',
    'x-rate-limit-reset': '850',
  });
  res.end(fixture(`sources/product-hunt/${name}`));
}

const body = (r: RecordedRequest | undefined) =>
  JSON.parse(r?.body ?? '{}') as { query: string; variables: Record<string, unknown> };

function api(): Promise<Loopback> {
  return startLoopback((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 'error-invalid-token.json', 401);
    const b = body(req);
    if (b.query.includes('post(slug')) {
      if (b.variables.slug !== 'acmecloud-functions') return send(res, 'post-not-found.json');
      return send(
        res,
        b.variables.after === 'MjA'
          ? 'comments-acmecloud-functions-page2.json'
          : 'comments-acmecloud-functions-page1.json',
      );
    }
    return send(res, 'posts-developer-tools.json');
  });
}

describe('product hunt parse', () => {
  it('reads a launch’s comments newest first, links without tracking, [REDACTED] users without a name', () => {
    const page = parseProductHuntPage(json('comments-acmecloud-functions-page1.json'), GQL);
    expect(page.endCursor).toBe('MjA');
    expect(page.items[0]).toEqual({
      id: 'comment:4100003',
      url: 'https://www.producthunt.com/posts/acmecloud-functions?comment=4100003',
      title: 'AcmeCloud Functions',
      text: 'Congrats on the launch! Is there a free tier for AcmeCloud Functions?',
      engagement: 5,
      published: '2025-03-10T08:10:00.000Z',
      replyTo: { postId: '912345', commentId: '4100003', postSlug: 'acmecloud-functions' },
    });
    expect(page.items[1]?.author).toBeUndefined();
    expect(page.items[1]?.text).toBe('Cold starts were <200ms in my test. Impressive & cheap.');
    const last = parseProductHuntPage(json('comments-acmecloud-functions-page2.json'), GQL);
    expect(last.endCursor).toBeUndefined();
    expect(last.items[0]).toMatchObject({
      author: 'Acme Maker',
      authorUrl: 'https://www.producthunt.com/@acme_maker',
    });
    expect(last.warnings).toEqual(['comment 1 skipped: id is not valid']);
  });

  it('reads posts (tagline and description as text, votes + comments), a missing post, and GraphQL errors', () => {
    const posts = parseProductHuntPage(json('posts-developer-tools.json'), GQL);
    expect(posts.items[0]).toEqual({
      id: 'post:913000',
      url: 'https://www.producthunt.com/posts/bucketbuddy',
      title: 'BucketBuddy',
      text: 'A friendlier S3 browser — works with AcmeCloud, R2 and MinIO\n\nBrowse, share and sync buckets from one app.',
      engagement: 100,
      published: '2025-03-10T08:01:00.000Z',
      replyTo: { postId: '913000', postSlug: 'bucketbuddy' },
    });
    expect(parseProductHuntPage(json('post-not-found.json'), GQL).missingPost).toBe(true);
    expect(() => parseProductHuntPage(json('error-invalid-token.json'), GQL)).toThrow(
      /Please supply a valid access token/,
    );
  });
});

describe('product hunt fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('posts the comments query per launch with the bearer token, following endCursor', async () => {
    server = await api();
    const result = await productHuntAdapter.fetch(
      apiContext(
        productHuntAdapter,
        { baseUrl: server.url, launches: ['acmecloud-functions'], perPage: 2, ...creds },
        { env },
      ),
    );
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(body(server.requests[0])).toEqual({
      query: COMMENTS_QUERY,
      variables: { slug: 'acmecloud-functions', first: 2 },
    });
    expect(body(server.requests[1]).variables).toEqual({
      slug: 'acmecloud-functions',
      first: 2,
      after: 'MjA',
    });
    expect(server.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(result.items.map((i) => i.id)).toEqual(['comment:4100003', 'comment:4100002', 'comment:4100001']);
    expect(result.cursor.since).toBe('2025-03-10T08:10:00.000Z');
  });

  it('reads topics and new posts from the window start, and warns about a launch that does not exist', async () => {
    server = await api();
    const result = await productHuntAdapter.fetch(
      apiContext(
        productHuntAdapter,
        {
          baseUrl: server.url,
          launches: ['no-such-launch'],
          topics: ['developer-tools'],
          newest: true,
          ...creds,
        },
        { env },
      ),
    );
    expect(body(server.requests[1])).toEqual({
      query: POSTS_QUERY,
      variables: { first: 20, topic: 'developer-tools', postedAfter: '2025-02-24T12:00:00.000Z' },
    });
    expect(body(server.requests[2]).variables).toEqual({
      first: 20,
      postedAfter: '2025-02-24T12:00:00.000Z',
    });
    expect(result.items.map((i) => i.id)).toEqual(['post:913000', 'post:912999']);
    expect(result.warnings).toEqual(['launch no-such-launch: no such post on Product Hunt']);
  });

  it('a wrong token fails with Product Hunt’s words and without the token; a missing one names the env line', async () => {
    server = await api();
    const error = await productHuntAdapter
      .fetch(
        apiContext(
          productHuntAdapter,
          { baseUrl: server.url, newest: true, ...creds },
          { env: { PH_TOKEN: 'wrong-token-value' } },
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/401/);
    expect((error as SourceError).message).toContain('check the token credential');
    expect((error as SourceError).message).not.toContain('wrong-token-value');
    const missing = await productHuntAdapter
      .fetch(apiContext(productHuntAdapter, { baseUrl: server.url, newest: true }))
      .catch((e: unknown) => e);
    expect((missing as SourceError).message).toContain('add `credentials: { token: PRODUCTHUNT_TOKEN }`');
    const nothing = await productHuntAdapter
      .fetch(apiContext(productHuntAdapter, { baseUrl: server.url, ...creds }, { env }))
      .catch((e: unknown) => e);
    expect((nothing as SourceError).message).toContain('set launches');
  });

  it('is read only: a maker replies on the launch page', () => {
    const p = platformFor('product-hunt');
    expect(p?.publisher).toBeUndefined();
    expect(
      p?.manualReply?.({
        kind: 'product-hunt',
        replyTo: { postSlug: 'acmecloud-functions', commentId: '4100003' },
      } as never).url,
    ).toBe('https://www.producthunt.com/posts/acmecloud-functions?comment=4100003');
  });

  httpFailureTests({
    adapter: productHuntAdapter,
    entry: (base) => ({ baseUrl: base, topics: ['developer-tools'], ...creds }),
    env,
    ok: (_req, res) => send(res, 'posts-developer-tools.json'),
  });
});
