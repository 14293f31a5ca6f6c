import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { rateLimitRemaining } from '../../../src/platforms/app-store-connect/auth.js';
import {
  appStoreConnectAdapter,
  onApiRoot,
  parseAppStoreConnectPage,
} from '../../../src/platforms/app-store-connect/source.js';
import {
  fixture,
  type Loopback,
  type RecordedRequest,
  sendFixture,
  startLoopback,
} from '../../helpers/loopback.js';
import { apiContext, failureOf, httpFailureTests, NOW, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const APP = '1444444444';
const ISSUER = '57246542-96fe-1a63-e053-0824d0110000';
const KEY_ID = 'ACME2X9KEY';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const P8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const CREDS = { credentials: { issuerId: 'ASC_ISSUER', keyId: 'ASC_KEY_ID', privateKey: 'ASC_P8' } };
const ENV = { env: { ASC_ISSUER: ISSUER, ASC_KEY_ID: KEY_ID, ASC_P8: P8 } };
const entry = (base: string, extra: Record<string, unknown> = {}) => ({
  appId: APP,
  baseUrl: base,
  ...CREDS,
  ...extra,
});

const parseFile = (name: string) =>
  appStoreConnectAdapter.parse(
    {
      body: fixture(`sources/app-store-connect/${name}`),
      url: `https://api.appstoreconnect.apple.com/v1/apps/${APP}/customerReviews`,
    },
    appStoreConnectAdapter.schema.parse({ id: 'a', kind: 'app-store-connect', appId: APP }),
  );

/** The JWT's header and claims after checking its ES256 signature (raw r||s, 64 bytes). */
function verifiedEs256(token: string, key: KeyObject) {
  const [h, c, s] = token.split('.');
  const signature = Buffer.from(s ?? '', 'base64url');
  expect(signature).toHaveLength(64);
  expect(verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
    true,
  );
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** A fake App Store Connect API: two pages, the second by Apple's `next` link (on Apple's host). */
function asc(req: RecordedRequest, res: ServerResponse): void {
  if (!req.headers.authorization?.startsWith('Bearer ')) {
    sendFixture(res, 'sources/app-store-connect/error-unauthorized.json', JSON_TYPE, 401);
    return;
  }
  const page = query(req.url).get('cursor') === 'Aw.AcmeCursor2' ? 2 : 1;
  res.writeHead(200, {
    'content-type': JSON_TYPE,
    'x-rate-limit': `user-hour-lim:3600;user-hour-rem:${page === 1 ? 3599 : 3598};`,
  });
  res.end(fixture(`sources/app-store-connect/customer-reviews-page${page}.json`));
}

describe('app-store-connect parse', () => {
  it('reads customerReviews: rating, title, body, nickname, createdDate with its offset, territory', () => {
    const items = parseFile('customer-reviews-page1.json');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: '00000041-ac3e-0014-729e-fbd500000001',
      url: 'https://apps.apple.com/app/id1444444444',
      title: 'Sync broke after 4.12',
      text: 'AcmeCloud stopped syncing my photos after the update. Support ticket open since Friday.',
      author: 'mira_o',
      rating: 1,
      published: '2025-03-10T08:20:00.000Z',
      replyTo: { appId: APP, reviewId: '00000041-ac3e-0014-729e-fbd500000001', territory: 'USA' },
    });
    expect(items.map((i) => i.published)).toEqual([
      '2025-03-10T08:20:00.000Z',
      '2025-03-09T06:45:00.000Z',
      '2025-03-06T13:00:00.000Z',
    ]);
    expect(parseFile('customer-reviews-page2.json')[1]?.title).toBeUndefined();
  });

  it('empty list; a resource of another type is skipped with a warning; another payload fails', () => {
    expect(parseFile('customer-reviews-empty.json')).toEqual([]);
    const page = parseAppStoreConnectPage({ data: [{ type: 'apps', id: '1', attributes: {} }] }, 'u', APP);
    expect(page.items).toEqual([]);
    expect(page.warnings).toEqual(['review 0 skipped: type is not valid']);
    expect(() => parseAppStoreConnectPage({ errors: [] }, 'u', APP)).toThrow(/data/);
  });

  it('follows next links on the configured root only; reads the X-Rate-Limit header', () => {
    expect(
      onApiRoot('http://127.0.0.1:5/asc', 'https://evil.example/v1/apps/1/customerReviews?cursor=x'),
    ).toBe('http://127.0.0.1:5/asc/v1/apps/1/customerReviews?cursor=x');
    expect(rateLimitRemaining('user-hour-lim:3600;user-hour-rem:120;')).toEqual({
      limit: 3600,
      remaining: 120,
    });
    expect(rateLimitRemaining(undefined)).toEqual({});
  });
});

describe('app-store-connect fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('signs an ES256 JWT with the team key and reads the reviews newest first, following links.next', async () => {
    server = await startLoopback(asc);
    const ctx = apiContext(appStoreConnectAdapter, entry(server.url), ENV);
    const result = await appStoreConnectAdapter.fetch(ctx);

    const [page1, page2] = server.requests;
    expect(pathOf(page1?.url ?? '')).toBe(`/v1/apps/${APP}/customerReviews`);
    expect(Object.fromEntries(query(page1?.url ?? ''))).toEqual({ sort: '-createdDate', limit: '200' });
    const jwt = verifiedEs256((page1?.headers.authorization ?? '').replace(/^Bearer /, ''), publicKey);
    expect(jwt.header).toEqual({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' });
    const iat = Math.floor(NOW.getTime() / 1000);
    expect(jwt.claims).toEqual({ iss: ISSUER, iat, exp: iat + 900, aud: 'appstoreconnect-v1' });
    expect((jwt.claims.exp as number) - iat).toBeLessThanOrEqual(20 * 60);
    // Apple's next link, read on the loopback root.
    expect(page2?.url).toBe(
      `/v1/apps/${APP}/customerReviews?cursor=Aw.AcmeCursor2&limit=3&sort=-createdDate`,
    );
    expect(page2?.headers.authorization).toBe(page1?.headers.authorization);
    // The review of 20 February is older than the 14-day window.
    expect(result.items.map((i) => i.rating)).toEqual([1, 5, 2, 3]);
    expect(result.cursor).toEqual({ since: '2025-03-10T08:20:00.000Z' });
    expect(result.warnings).toEqual([]);
  });

  it('sends the territory, rating and unanswered filters; warns when the hourly limit runs low', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, {
        'content-type': JSON_TYPE,
        'x-rate-limit': 'user-hour-lim:3600;user-hour-rem:42;',
      });
      res.end(fixture('sources/app-store-connect/customer-reviews-empty.json'));
    });
    const ctx = apiContext(
      appStoreConnectAdapter,
      entry(server.url, { territories: ['USA', 'GBR'], ratings: [1, 2], unanswered: true, limit: 50 }),
      ENV,
    );
    const result = await appStoreConnectAdapter.fetch(ctx);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({
      sort: '-createdDate',
      limit: '50',
      'filter[territory]': 'USA,GBR',
      'filter[rating]': '1,2',
      'exists[publishedResponse]': 'false',
    });
    expect(result.items).toEqual([]);
    expect(result.warnings).toEqual([
      'only 42 of 3600 App Store Connect API requests left this hour for this key',
    ]);
  });

  it('names every missing credential with its env line; an unreadable .p8 is not quoted', async () => {
    const none = await failureOf(
      appStoreConnectAdapter.fetch(
        apiContext(appStoreConnectAdapter, { appId: APP, baseUrl: 'http://127.0.0.1:9' }),
      ),
    );
    expect(none).toBeInstanceOf(SourceError);
    for (const [name, env] of [
      ['issuerId', 'APP_STORE_CONNECT_ISSUER_ID'],
      ['keyId', 'APP_STORE_CONNECT_KEY_ID'],
      ['privateKey', 'APP_STORE_CONNECT_PRIVATE_KEY'],
    ])
      expect(none.message).toContain(`add \`credentials: { ${name}: ${env} }\``);
    expect(none.message).toMatch(/Users and Access → Integrations/);
    const half = await failureOf(
      appStoreConnectAdapter.fetch(
        apiContext(appStoreConnectAdapter, entry('http://127.0.0.1:9'), {
          env: { ASC_ISSUER: ISSUER, ASC_KEY_ID: KEY_ID },
        }),
      ),
    );
    expect(half.message).toMatch(/ASC_P8, which is empty or unset/);
    expect(half.message).not.toMatch(/"issuerId"/);
    const bad = await failureOf(
      appStoreConnectAdapter.fetch(
        apiContext(appStoreConnectAdapter, entry('http://127.0.0.1:9'), {
          env: { ...ENV.env, ASC_P8: 'MIGTAgEAMBMGs3cr3tKEY' },
        }),
      ),
    );
    expect(bad.message).toMatch(/not a readable PEM private key/);
    expect(bad.message).not.toContain('s3cr3t');
    // An RSA key is not an App Store Connect key.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const wrong = await failureOf(
      appStoreConnectAdapter.fetch(
        apiContext(appStoreConnectAdapter, entry('http://127.0.0.1:9'), {
          env: { ...ENV.env, ASC_P8: rsa.toString() },
        }),
      ),
    );
    expect(wrong.message).toMatch(/not an elliptic-curve P-256 private key/);
  });

  it('accepts the .p8 with its line breaks written as \\n (as some secret stores keep it)', async () => {
    server = await startLoopback(asc);
    const ctx = apiContext(appStoreConnectAdapter, entry(server.url), {
      env: { ...ENV.env, ASC_P8: P8.trim().replace(/\n/g, '\\n') },
    });
    expect((await appStoreConnectAdapter.fetch(ctx)).items).toHaveLength(4);
  });

  it("a refused token says how to fix it in Apple's words, without the token", async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/app-store-connect/error-unauthorized.json', JSON_TYPE, 401),
    );
    const error = await failureOf(
      appStoreConnectAdapter.fetch(apiContext(appStoreConnectAdapter, entry(server.url), ENV)),
    );
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/401/);
    expect(error.message).toMatch(/check issuerId, keyId and privateKey/);
    const token = (server.requests[0]?.headers.authorization ?? '').replace(/^Bearer /, '');
    expect(token.length).toBeGreaterThan(20);
    expect(error.message).not.toContain(token);
  });

  describe('HTTP failures', () => {
    httpFailureTests({
      adapter: appStoreConnectAdapter,
      entry: (base) => entry(base),
      env: ENV.env,
      ok: asc,
    });
  });
});
