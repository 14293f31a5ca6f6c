/**
 * The Facebook reply publisher against a local Graph API stand-in: `POST /{object-id}/comments`
 * with the form field `message` and the Page token in the Authorization header, then a read of
 * the new comment's permalink; Graph error bodies, a lost answer and a missing target.
 */

import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { facebookPublisher } from '../../../src/platforms/facebook/publisher.js';
import { type FacebookSource, facebookAdapter } from '../../../src/platforms/facebook/source.js';
import type { PublishRequest } from '../../../src/platforms/publisher.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';
import { publishFailure, publishRequest } from '../../helpers/publish-request.js';
import { NOW } from './helpers.js';

const TOKEN = 'EAAGacmePAGEtokenFORreplies000';
const POST = '104512345678901_1200000000000011';
const TEXT = 'Sorry about the double charge, Dana. We refunded it today. — the Acme team';
const http = createHttpClient({ retries: 0 });
const JSON_TYPE = 'application/json; charset=UTF-8';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function send(res: ServerResponse, status: number, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': JSON_TYPE });
  res.end(body);
}

/** Graph: the comment is created, its permalink can be read. */
function graph(req: RecordedRequest, res: ServerResponse): void {
  if (req.method === 'POST') send(res, 200, fixture('publishers/facebook/comment-created.json'));
  else send(res, 200, fixture('publishers/facebook/comment-permalink.json'));
}

type Req = PublishRequest<FacebookSource>;

function request(
  over: {
    replyTo?: Record<string, string> | undefined;
    env?: Record<string, string>;
    appSecret?: boolean;
  } = {},
): Req {
  const source = facebookAdapter.schema.parse({
    id: 'fb',
    kind: 'facebook',
    pageId: '104512345678901',
    baseUrl: server?.url ?? 'http://127.0.0.1:9',
    credentials: { pageToken: 'FB_PAGE_TOKEN', ...(over.appSecret ? { appSecret: 'FB_APP_SECRET' } : {}) },
  });
  const env = over.env ?? { FB_PAGE_TOKEN: TOKEN, FB_APP_SECRET: 'acme-secret-0001' };
  const marker: MarkerData = {
    key: `facebook:${POST}`,
    source: 'fb',
    kind: 'facebook',
    published: '2026-11-19T09:00:00Z',
    category: 'complaint',
    confidence: 0.9,
    priority: 'high',
    url: 'https://www.facebook.com/104512345678901/posts/1200000000000011',
    author: 'Dana Whitfield',
    ...('replyTo' in over
      ? over.replyTo
        ? { replyTo: over.replyTo }
        : {}
      : { replyTo: { objectId: POST } }),
  };
  return publishRequest({
    text: TEXT,
    marker,
    source,
    env,
    now: NOW,
    http,
  });
}

const failure = (req: Req) => publishFailure(facebookPublisher, req);

describe('Facebook publisher', () => {
  it('comments as the Page once: form message, token in the header, then the permalink', async () => {
    server = await startLoopback(graph);
    const req = request();
    expect(facebookPublisher.check(req)).toBeUndefined();
    const result = await facebookPublisher.publish(req);
    expect(result).toEqual({
      url: 'https://www.facebook.com/104512345678901/posts/1200000000000011?comment_id=920000000000001',
      id: '1200000000000011_920000000000001',
    });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', `/${POST}/comments`],
      ['GET', '/1200000000000011_920000000000001?fields=permalink_url'],
    ]);
    const post = server.requests[0] as RecordedRequest;
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({ message: TEXT });
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.url).not.toContain(TOKEN);
    }
  });

  it('adds appsecret_proof when the app secret is configured', async () => {
    server = await startLoopback(graph);
    await facebookPublisher.publish(request({ appSecret: true }));
    const proof = createHmac('sha256', 'acme-secret-0001').update(TOKEN).digest('hex');
    expect(new URLSearchParams(server.requests[0]?.body).get('appsecret_proof')).toBe(proof);
    expect(server.requests[0]?.body).not.toContain('acme-secret-0001');
  });

  it('a comment whose link cannot be read still counts as posted (never reported as a failure)', async () => {
    server = await startLoopback((req, res) =>
      req.method === 'POST'
        ? send(res, 200, fixture('publishers/facebook/comment-created.json'))
        : send(
            res,
            500,
            '{"error":{"message":"An unknown error occurred","type":"OAuthException","code":1}}',
          ),
    );
    const result = await facebookPublisher.publish(request());
    expect(result.url).toBe('https://www.facebook.com/104512345678901/posts/1200000000000011');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it("a refusal (Graph error 200) reports Graph's words and the permission, is not ambiguous, posts nothing twice", async () => {
    server = await startLoopback((_req, res) =>
      send(res, 403, fixture('publishers/facebook/error-permission.json')),
    );
    const e = await failure(request());
    expect(e.ambiguous).toBe(false);
    expect(e.status).toBe(403);
    expect(e.message).toBe(
      'Facebook answered HTTP 403 to posting the comment: Graph API error 200: "(#200) Permissions error" (a permission is missing: the token needs pages_manage_engagement (a Page token of the Page))',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a rate limit says to try later; an expired token says to make a new one; neither carries the token', async () => {
    server = await startLoopback((_req, res) =>
      send(
        res,
        400,
        '{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4}}',
      ),
    );
    const limited = await failure(request());
    expect(limited.message).toMatch(/Graph API error 4: .*rate limited by Meta .*: try \/reply again later/);
    expect(limited.ambiguous).toBe(false);
    await server.close();
    server = await startLoopback((_req, res) =>
      send(res, 400, fixture('sources/facebook/error-expired-token.json')),
    );
    const expired = await failure(request());
    expect(expired.message).toMatch(/Graph API error 190\/463: .*access token expired or was revoked/);
    expect(expired.message).not.toContain(TOKEN);
  });

  it('a lost answer or a 5xx may have posted: ambiguous', async () => {
    server = await startLoopback((_req, res) => {
      res.destroy();
    });
    const lost = await failure(request());
    expect(lost.ambiguous).toBe(true);
    expect(lost.message).toContain('may have been posted anyway');
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = await startLoopback((_req, res) =>
      send(
        res,
        500,
        '{"error":{"message":"Please reduce the amount of data","type":"OAuthException","code":1}}',
      ),
    );
    expect((await failure(request())).ambiguous).toBe(true);
    await server.close();
    server = await startLoopback((_req, res) => send(res, 200, '{}'));
    const noId = await failure(request());
    expect(noId.ambiguous).toBe(true);
    expect(noId.message).toMatch(/without the new comment's id/);
  });

  it('check names a missing target, a bad id and a missing token', () => {
    expect(facebookPublisher.check(request({ replyTo: undefined }))).toMatch(
      /no Facebook post or comment id/,
    );
    expect(facebookPublisher.check(request({ replyTo: { objectId: '../me/feed' } }))).toMatch(
      /is not a Graph id/,
    );
    expect(facebookPublisher.check(request({ env: {} }))).toContain(
      'pageToken (the environment variable FB_PAGE_TOKEN is empty)',
    );
  });
});
