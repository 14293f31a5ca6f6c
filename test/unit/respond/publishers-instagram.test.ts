/**
 * The Instagram reply publisher against a local Graph API stand-in: `POST /{ig-comment-id}/replies`
 * with the form field `message` and the token in the Authorization header; Graph error bodies, a
 * lost answer and mentions that take no reply (tagged and hashtag media).
 */
import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { instagramPlatform } from '../../../src/platforms/instagram/index.js';
import { instagramPublisher } from '../../../src/platforms/instagram/publisher.js';
import { type InstagramSource, instagramAdapter } from '../../../src/platforms/instagram/source.js';
import type { PublishRequest } from '../../../src/platforms/publisher.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';
import { publishFailure, publishRequest } from '../../helpers/publish-request.js';
import { NOW } from './helpers.js';

const TOKEN = 'EAAGacmeIGreplyTOKEN0000000000';
const COMMENT = '17873440459141001';
const TEXT = '@mira_k Sorry about the double charge: we refunded it today. — the Acme team';
const http = createHttpClient({ retries: 0 });
const JSON_TYPE = 'application/json; charset=UTF-8';
type Req = PublishRequest<InstagramSource>;

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function send(res: ServerResponse, status: number, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': JSON_TYPE });
  res.end(body);
}

function marker(replyTo: Record<string, string> | undefined): MarkerData {
  return {
    key: `instagram:${COMMENT}`,
    source: 'ig',
    kind: 'instagram',
    published: '2026-11-19T09:00:00Z',
    category: 'complaint',
    confidence: 0.9,
    priority: 'high',
    url: 'https://www.instagram.com/p/DAcmeOwn001/',
    author: '@mira_k',
    ...(replyTo ? { replyTo } : {}),
  };
}

function request(
  over: {
    replyTo?: Record<string, string> | undefined;
    env?: Record<string, string>;
    appSecret?: boolean;
  } = {},
): Req {
  const source = instagramAdapter.schema.parse({
    id: 'ig',
    kind: 'instagram',
    igUserId: '17841400000000001',
    baseUrl: server?.url ?? 'http://127.0.0.1:9',
    credentials: { accessToken: 'IG_TOKEN', ...(over.appSecret ? { appSecret: 'IG_APP_SECRET' } : {}) },
  });
  const env = over.env ?? { IG_TOKEN: TOKEN, IG_APP_SECRET: 'acme-secret-0002' };
  return publishRequest({
    text: TEXT,
    marker: marker('replyTo' in over ? over.replyTo : { commentId: COMMENT, mediaId: '17900000000000001' }),
    source,
    env,
    now: NOW,
    http,
  });
}

const failure = (req: Req) => publishFailure(instagramPublisher, req);

describe('Instagram publisher', () => {
  it('replies under the comment once: form message, token in the header; the link is the media', async () => {
    server = await startLoopback((_req, res) =>
      send(res, 200, fixture('publishers/instagram/reply-created.json')),
    );
    const req = request();
    expect(instagramPublisher.check(req)).toBeUndefined();
    const result = await instagramPublisher.publish(req);
    expect(result).toEqual({ url: 'https://www.instagram.com/p/DAcmeOwn001/', id: '17873440459141099' });
    expect(server.requests).toHaveLength(1);
    const post = server.requests[0] as RecordedRequest;
    expect([post.method, post.url]).toEqual(['POST', `/${COMMENT}/replies`]);
    expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({ message: TEXT });
    expect(post.url).not.toContain(TOKEN);
  });

  it('adds appsecret_proof when the app secret is configured', async () => {
    server = await startLoopback((_req, res) =>
      send(res, 200, fixture('publishers/instagram/reply-created.json')),
    );
    await instagramPublisher.publish(request({ appSecret: true }));
    const proof = createHmac('sha256', 'acme-secret-0002').update(TOKEN).digest('hex');
    expect(new URLSearchParams(server.requests[0]?.body).get('appsecret_proof')).toBe(proof);
  });

  it('an invalidated token (190/460) is refused, not ambiguous, and says what to do', async () => {
    server = await startLoopback((_req, res) =>
      send(res, 400, fixture('publishers/instagram/error-expired-token.json')),
    );
    const e = await failure(request());
    expect(e.ambiguous).toBe(false);
    expect(e.message).toMatch(
      /^Instagram answered HTTP 400 to posting the reply: Graph API error 190\/460: "Error validating access token: .*" \(the access token expired or was revoked \(subcode 460\): make a new one/,
    );
    expect(e.message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
  });

  it('a dropped connection is ambiguous (the reply may exist)', async () => {
    server = await startLoopback((_req, res) => {
      res.destroy();
    });
    const e = await failure(request());
    expect(e.ambiguous).toBe(true);
    expect(e.message).toContain('may have been posted anyway');
    expect(server.requests).toHaveLength(1);
  });

  it('tagged and hashtag media take no reply: check says so and the manual reply points at the post', () => {
    expect(instagramPublisher.check(request({ replyTo: undefined }))).toMatch(
      /not an Instagram comment on your media/,
    );
    expect(instagramPublisher.check(request({ replyTo: { commentId: '1/../me' } }))).toMatch(
      /not a Graph id/,
    );
    expect(instagramPublisher.check(request({ env: {} }))).toContain(
      'accessToken (the environment variable IG_TOKEN is empty)',
    );
    const manual = instagramPlatform.manualReply?.(marker(undefined));
    expect(manual?.url).toBe('https://www.instagram.com/p/DAcmeOwn001/');
    expect(manual?.how).toMatch(/no API replies/);
    expect(instagramPlatform.reply?.limit).toBe(2200);
  });
});
