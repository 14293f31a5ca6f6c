/**
 * The App Store Connect publisher against a loopback stand-in of the API: the ES256 team-key JWT
 * (checked with the public key), the request body as Apple documents it
 * (POST /v1/customerReviewResponses), Apple's error bodies and lost answers.
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appStoreConnectPlatform } from '../../../src/platforms/app-store-connect/index.js';
import { appStoreConnectPublisher } from '../../../src/platforms/app-store-connect/publisher.js';
import {
  type AppStoreConnectSource,
  appStoreConnectSchema,
} from '../../../src/platforms/app-store-connect/source.js';
import type { PublishRequest } from '../../../src/platforms/publisher.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { sendJson } from '../../helpers/loopback.js';
import { jsonFixture, modeServer } from '../../helpers/mode-server.js';
import { publishFailure, publishRequest } from '../../helpers/publish-request.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const REVIEW = '00000041-ac3e-0014-729e-fbd500000001';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ENV = {
  ASC_ISSUER: '57246542-96fe-1a63-e053-0824d0110000',
  ASC_KEY_ID: 'ACME2X9KEY',
  ASC_P8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};
const json = (path: string) => jsonFixture(`publishers/app-store-connect/${path}`);

type Mode = 'ok' | 'forbidden' | 'conflict' | 'drop' | 'unavailable';

describe('App Store Connect publisher', () => {
  const api = modeServer<Mode>('ok', (mode, _req, res) => {
    if (mode === 'drop') return void res.destroy();
    if (mode === 'forbidden') return sendJson(res, 403, json('error-forbidden.json'));
    if (mode === 'conflict') return sendJson(res, 409, json('error-conflict.json'));
    if (mode === 'unavailable')
      return sendJson(res, 503, {
        errors: [
          { status: '503', code: 'UNAVAILABLE', title: 'Service Unavailable', detail: 'Try again later.' },
        ],
      });
    return sendJson(res, 201, json('response-created.json'));
  });

  function request(
    text: string,
    over: { env?: Record<string, string>; marker?: Partial<MarkerData> } = {},
  ): PublishRequest<AppStoreConnectSource> {
    const source = appStoreConnectSchema.parse({
      id: 'ios',
      kind: 'app-store-connect',
      appId: '1444444444',
      baseUrl: api.server.url,
      credentials: { issuerId: 'ASC_ISSUER', keyId: 'ASC_KEY_ID', privateKey: 'ASC_P8' },
    });
    const env = over.env ?? ENV;
    return publishRequest({
      text,
      marker: {
        key: `app-store-connect:${REVIEW}`,
        source: 'ios',
        kind: 'app-store-connect',
        url: 'https://apps.apple.com/app/id1444444444',
        author: 'mira_o',
        replyTo: { appId: '1444444444', reviewId: REVIEW, territory: 'USA' },
        ...over.marker,
      } as MarkerData,
      source,
      env,
      now: NOW,
    });
  }

  const failure = (req: PublishRequest<AppStoreConnectSource>) =>
    publishFailure(appStoreConnectPublisher, req);

  it('posts the documented CustomerReviewResponseV1CreateRequest with a valid ES256 token', async () => {
    const text = 'Thanks for flagging this about AcmeCloud; we are on it. — the Acme team';
    const result = await appStoreConnectPublisher.publish(request(text));
    expect(result).toEqual({
      url: 'https://apps.apple.com/app/id1444444444',
      id: '6f1d2c3b-ac3e-4e51-9a7b-0c1d2e3f4a51',
    });
    const [post] = api.server.requests;
    expect(post?.method).toBe('POST');
    expect(post?.url).toBe('/v1/customerReviewResponses');
    expect(post?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      data: {
        type: 'customerReviewResponses',
        attributes: { responseBody: text },
        relationships: { review: { data: { type: 'customerReviews', id: REVIEW } } },
      },
    });
    const [h, c, s] = (post?.headers.authorization ?? '').replace(/^Bearer /, '').split('.');
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${c}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(s ?? '', 'base64url'),
      ),
    ).toBe(true);
    const iat = Math.floor(NOW.getTime() / 1000);
    expect(JSON.parse(Buffer.from(c ?? '', 'base64url').toString('utf8'))).toEqual({
      iss: ENV.ASC_ISSUER,
      iat,
      exp: iat + 900,
      aud: 'appstoreconnect-v1',
    });
    expect(JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8'))).toEqual({
      alg: 'ES256',
      kid: 'ACME2X9KEY',
      typ: 'JWT',
    });
  });

  it('allows 5,970 characters, like App Store Connect’s response form', () => {
    expect(appStoreConnectPlatform.reply?.limit).toBe(5970);
  });

  it('check(): refuses without a review id or any of the three key credentials', () => {
    expect(appStoreConnectPublisher.check(request('x'))).toBeUndefined();
    expect(appStoreConnectPublisher.check(request('x', { marker: { replyTo: {} } }))).toMatch(
      /no App Store Connect review id/,
    );
    expect(appStoreConnectPublisher.check(request('x', { env: { ASC_ISSUER: 'i' } }))).toBe(
      'replying on App Store Connect needs the credentials keyId (the environment variable ASC_KEY_ID is empty), privateKey (the environment variable ASC_P8 is empty)',
    );
  });

  it("refusals carry Apple's title and detail and are not ambiguous; a 5xx may have been applied", async () => {
    api.mode = 'forbidden';
    const forbidden = await failure(request('x'));
    expect(forbidden.message).toContain(
      'App Store Connect answered HTTP 403 to posting the response: "This request is forbidden for security reasons: The API key in use does not allow this request"',
    );
    expect(forbidden.message).toMatch(/Customer Support, App Manager or Admin/);
    expect(forbidden.ambiguous).toBe(false);
    api.mode = 'conflict';
    expect((await failure(request('x'))).message).toContain(
      'An attribute value is invalid.: The response body is too long.',
    );
    api.mode = 'unavailable';
    expect((await failure(request('x'))).ambiguous).toBe(true);
  });

  it('a lost answer is ambiguous and names no token; an unreadable key posts nothing', async () => {
    api.mode = 'drop';
    const lost = await failure(request('x'));
    expect(lost.ambiguous).toBe(true);
    expect(lost.message).toMatch(/may have been posted anyway/);
    expect(lost.message).not.toMatch(/eyJ/);
    const before = api.server.requests.length;
    const bad = await failure(request('x', { env: { ...ENV, ASC_P8: 'not-a-key-s3cr3t' } }));
    expect(bad.ambiguous).toBe(false);
    expect(bad.message).not.toContain('s3cr3t');
    expect(api.server.requests.length).toBe(before);
  });
});
