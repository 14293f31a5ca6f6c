import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import {
  googlePlayAdapter,
  parseGooglePlayPage,
  reviewUrl,
  timestampToIso,
} from '../../../src/platforms/google-play/source.js';
import { forgetGoogleTokens } from '../../../src/platforms/shared/google-auth.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';
import { apiContext, failureOf, httpFailureTests, NOW, pathOf, query } from './api-context.js';
import { googleApi, isToken, JSON_TYPE } from './google-api-fake.js';

const PKG = 'com.acme.cloud';
const ACCESS = 'ya29.c.AcmeTestAccessToken0000000000000000';
const CLIENT_EMAIL = 'earshot-reviews@acme-play.iam.gserviceaccount.com';

/** A throwaway service account: a fresh RSA key pair and the JSON key file Google would give. */
function serviceAccount(): { json: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'acme-play',
    private_key_id: 'acmekey0001',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: CLIENT_EMAIL,
    client_id: '100000000000000000001',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
  return { json, publicKey };
}
const SA = serviceAccount();
const CREDS = { credentials: { serviceAccountKey: 'PLAY_SA' } };
const ENV = { env: { PLAY_SA: SA.json } };

const entry = (base: string, extra: Record<string, unknown> = {}) => ({
  packageName: PKG,
  baseUrl: base,
  tokenUrl: `${base}/token`,
  ...CREDS,
  ...extra,
});

const parseFile = (name: string, extra: Record<string, unknown> = {}) =>
  googlePlayAdapter.parse(
    {
      body: fixture(`sources/google-play/${name}`),
      url: `https://androidpublisher.googleapis.com/androidpublisher/v3/applications/${PKG}/reviews`,
    },
    googlePlayAdapter.schema.parse({ id: 'p', kind: 'google-play', packageName: PKG, ...extra }),
  );

/** A fake Play Developer API: the token endpoint and two pages of reviews. */
const play = googleApi(
  'google-play',
  ACCESS,
  'Request is missing required authentication credential.',
  (req, res) => {
    const page =
      query(req.url).get('token') === 'AcmePage2Token' ? 'reviews-page2.json' : 'reviews-page1.json';
    sendFixture(res, `sources/google-play/${page}`, JSON_TYPE);
  },
);

/** The JWT's header and claims, after checking its RS256 signature with the public key. */
function verifiedJwt(assertion: string, publicKey: KeyObject) {
  const [h, c, s] = assertion.split('.');
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s ?? '', 'base64url'));
  expect(ok).toBe(true);
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c ?? '', 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

describe('google-play parse', () => {
  it('reads reviews: text, title before the tab, rating, thumbs up, language, time, link, reply target', () => {
    const items = parseFile('reviews-page1.json');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: 'gp:AOqpTOGAcme0000000000000000000000000000000000000000001',
      url: reviewUrl(PKG, 'gp:AOqpTOGAcme0000000000000000000000000000000000000000001'),
      text: 'AcmeCloud sync keeps failing since the last update. Photos never upload on mobile data.',
      author: 'Mira Okafor',
      rating: 1,
      engagement: 17,
      lang: 'en',
      published: '2025-03-10T09:30:00.713Z',
      replyTo: { packageName: PKG, reviewId: 'gp:AOqpTOGAcme0000000000000000000000000000000000000000001' },
    });
    expect(items[0]?.url).toBe(
      'https://play.google.com/store/apps/details?id=com.acme.cloud&reviewId=gp%3AAOqpTOGAcme0000000000000000000000000000000000000000001',
    );
    expect(items[1]).toMatchObject({
      title: 'Best backup app',
      text: 'AcmeCloud restored my whole phone in ten minutes. Support answered within the hour.',
      lang: 'pt-BR',
      rating: 5,
    });
    expect(items[2]).toMatchObject({ author: 'A Google user', rating: 2, engagement: 0 });
    expect(items[2]?.lang).toBeUndefined();
  });

  it('keeps the original after a translated text; skips answered reviews when asked', () => {
    expect(parseFile('reviews-translated.json')[0]?.text).toBe(
      'AcmeCloud is great, but the upload is slow.\n\nOriginal: AcmeCloud ist toll, aber der Upload ist langsam.',
    );
    // Review 3's developer reply (1741500000) is newer than the review (1741418100).
    expect(parseFile('reviews-page1.json', { skipAnswered: true }).map((i) => i.rating)).toEqual([1, 5]);
  });

  it('an empty answer is no reviews; a malformed review is skipped with a warning; another payload fails', () => {
    expect(parseFile('reviews-empty.json')).toEqual([]);
    const page = parseGooglePlayPage(
      {
        reviews: [
          { authorName: 'x', comments: [] },
          { reviewId: 'r', comments: [{ developerComment: {} }] },
        ],
      },
      'u',
      PKG,
    );
    expect(page.items).toEqual([]);
    expect(page.warnings).toEqual([
      'review 0 skipped: reviewId is not valid',
      'review r skipped: no user comment',
    ]);
    expect(() => parseGooglePlayPage({ reviews: 'none' }, 'u', PKG)).toThrow(/reviews/);
    expect(timestampToIso({ seconds: 1741599000, nanos: 5_000_000 })).toBe('2025-03-10T09:30:00.005Z');
    expect(timestampToIso({})).toBeUndefined();
  });
});

describe('google-play fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    forgetGoogleTokens();
  });

  it('signs a JWT as the service account, gets a token once, reads the reviews page by page', async () => {
    server = await startLoopback(play);
    const ctx = apiContext(googlePlayAdapter, entry(server.url), ENV);
    const result = await googlePlayAdapter.fetch(ctx);

    const [token, page1, page2] = server.requests;
    expect(token?.method).toBe('POST');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(token?.body ?? '');
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const jwt = verifiedJwt(form.get('assertion') ?? '', SA.publicKey);
    expect(jwt.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'acmekey0001' });
    const iat = Math.floor(NOW.getTime() / 1000);
    expect(jwt.claims).toEqual({
      iss: CLIENT_EMAIL,
      scope: 'https://www.googleapis.com/auth/androidpublisher',
      aud: `${server.url}/token`,
      iat,
      exp: iat + 3600,
    });

    expect(pathOf(page1?.url ?? '')).toBe(`/androidpublisher/v3/applications/${PKG}/reviews`);
    expect(page1?.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(Object.fromEntries(query(page1?.url ?? ''))).toEqual({ maxResults: '100' });
    expect(Object.fromEntries(query(page2?.url ?? ''))).toEqual({
      maxResults: '100',
      token: 'AcmePage2Token',
    });
    expect(result.items.map((i) => i.rating)).toEqual([1, 5, 2, 3, 2]);
    expect(result.cursor).toEqual({ since: '2025-03-10T09:30:00.713Z' });
    expect(result.requests).toBe(3);
    expect(result.warnings).toEqual([]);

    // The token is kept for the run: a second read signs in no more.
    await googlePlayAdapter.fetch(ctx);
    expect(server.requests.filter(isToken)).toHaveLength(1);
  });

  it('sends translationLanguage and maxResults; drops what is older than the window and stops paging', async () => {
    server = await startLoopback(play);
    const ctx = apiContext(
      googlePlayAdapter,
      entry(server.url, { translationLanguage: 'en', maxResults: 3 }),
      { ...ENV, lookbackDays: 3 },
    );
    const result = await googlePlayAdapter.fetch(ctx);
    const reads = server.requests.filter((r) => !isToken(r));
    expect(query(reads[0]?.url ?? '').get('translationLanguage')).toBe('en');
    expect(query(reads[0]?.url ?? '').get('maxResults')).toBe('3');
    // Page 2 is read (page 1 is all inside the 3 days) and ends below the window: its reviews are dropped.
    expect(reads).toHaveLength(2);
    expect(result.items.map((i) => i.published)).toEqual([
      '2025-03-10T09:30:00.713Z',
      '2025-03-09T18:00:00.000Z',
      '2025-03-08T07:15:00.000Z',
    ]);
  });

  it('warns when the last read is more than a week old: the API only returns the last 7 days', async () => {
    server = await startLoopback(play);
    const ctx = apiContext(googlePlayAdapter, entry(server.url), {
      ...ENV,
      cursor: { since: '2025-02-28T08:00:00.000Z' },
    });
    const result = await googlePlayAdapter.fetch(ctx);
    expect(result.warnings?.[0]).toMatch(
      /more than a week ago: Google Play's API only returns the last 7 days/,
    );
    expect(result.warnings?.[0]).toMatch(/at least daily/);
  });

  it('names the exact env line when the key is missing, and never quotes a bad key', async () => {
    const none = apiContext(googlePlayAdapter, { packageName: PKG, baseUrl: 'http://127.0.0.1:9' });
    const error = await googlePlayAdapter.fetch(none).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toContain(
      'add `credentials: { serviceAccountKey: GOOGLE_PLAY_SERVICE_ACCOUNT }`',
    );
    expect((error as Error).message).toContain(
      '`env: GOOGLE_PLAY_SERVICE_ACCOUNT: $' + '{{ secrets.GOOGLE_PLAY_SERVICE_ACCOUNT }}`',
    );
    const empty = apiContext(googlePlayAdapter, entry('http://127.0.0.1:9'), { env: { PLAY_SA: ' ' } });
    await expect(googlePlayAdapter.fetch(empty)).rejects.toThrow(
      /PLAY_SA, which is empty or unset in this run \(in a workflow: `env: PLAY_SA: \$\{\{ secrets\.PLAY_SA \}\}`\)/,
    );
    const bad = apiContext(googlePlayAdapter, entry('http://127.0.0.1:9'), {
      env: { PLAY_SA: 'not-a-key-s3cr3t-value' },
    });
    const badError = await failureOf(googlePlayAdapter.fetch(bad));
    expect(badError.message).toMatch(/not a JSON key file/);
    expect(badError.message).not.toContain('s3cr3t');
  });

  it('a refused token says why (invalid_grant) without the key or the assertion', async () => {
    server = await startLoopback((req, res) =>
      isToken(req)
        ? sendFixture(res, 'sources/google-play/token-error.json', JSON_TYPE, 400)
        : play(req, res),
    );
    const error = await failureOf(
      googlePlayAdapter.fetch(apiContext(googlePlayAdapter, entry(server.url), ENV)),
    );
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toContain(
      `Google refused an access token for the service account ${CLIENT_EMAIL} (HTTP 400: invalid_grant: Invalid JWT Signature.)`,
    );
    expect(error.message).not.toMatch(/PRIVATE KEY|eyJ/);
    expect(server.requests.filter((r) => !isToken(r))).toHaveLength(0);
  });

  it('a 403 says how to grant the service account access, without the access token', async () => {
    server = await startLoopback((req, res) =>
      isToken(req)
        ? play(req, res)
        : sendFixture(res, 'sources/google-play/error-permission.json', JSON_TYPE, 403),
    );
    const error = await failureOf(
      googlePlayAdapter.fetch(apiContext(googlePlayAdapter, entry(server.url), ENV)),
    );
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/403/);
    expect(error.message).toContain(`invite ${CLIENT_EMAIL} in Play Console → Users and permissions`);
    expect(error.message).not.toContain(ACCESS);
  });

  describe('HTTP failures', () => {
    afterEach(() => forgetGoogleTokens());
    httpFailureTests({
      adapter: googlePlayAdapter,
      entry: (base) => entry(base),
      env: ENV.env,
      ok: play,
      isAuth: isToken,
    });
  });
});
