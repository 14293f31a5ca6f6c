import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import {
  googleBusinessAdapter,
  parseGoogleBusinessPage,
  placeReviewsUrl,
} from '../../../src/platforms/google-business/source.js';
import { forgetGoogleTokens } from '../../../src/platforms/shared/google-auth.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';
import { apiContext, failureOf, httpFailureTests, pathOf, query } from './api-context.js';
import { googleApi, isToken, JSON_TYPE } from './google-api-fake.js';

const ACCOUNT = '106000000000000000001';
const LOCATION = '4400000000000000001';
const LOC = `accounts/${ACCOUNT}/locations/${LOCATION}`;
const ACCESS = 'ya29.a0AcmeBusinessAccessToken000000000000';
const CREDS = {
  credentials: {
    oauthClientId: 'GBP_CLIENT',
    oauthClientSecret: 'GBP_SECRET',
    oauthRefreshToken: 'GBP_REFRESH',
  },
};
const ENV = {
  env: {
    GBP_CLIENT: '1234567890-acme.apps.googleusercontent.com',
    GBP_SECRET: 'GOCSPX-acme-client-secret',
    GBP_REFRESH: '1//0gAcmeRefreshToken',
  },
};
const entry = (base: string, extra: Record<string, unknown> = {}) => ({
  accountId: ACCOUNT,
  locationIds: [LOCATION],
  baseUrl: base,
  tokenUrl: `${base}/token`,
  ...CREDS,
  ...extra,
});
const parseFile = (name: string, extra: Record<string, unknown> = {}) =>
  googleBusinessAdapter.parse(
    {
      body: fixture(`sources/google-business/${name}`),
      url: `https://mybusiness.googleapis.com/v4/${LOC}/reviews`,
    },
    googleBusinessAdapter.schema.parse({
      id: 'g',
      kind: 'google-business',
      accountId: ACCOUNT,
      locationIds: [LOCATION],
      ...extra,
    }),
  );

/** A fake Business Profile API: the token endpoint and two pages of one location's reviews. */
const gbp = googleApi(
  'google-business',
  ACCESS,
  'Request had invalid authentication credentials.',
  (req, res) => {
    const page =
      query(req.url).get('pageToken') === 'AcmeGbpPage2' ? 'reviews-page2.json' : 'reviews-page1.json';
    sendFixture(res, `sources/google-business/${page}`, JSON_TYPE);
  },
);

describe('google-business parse', () => {
  it('reads reviews: star enum, comment, reviewer, updateTime, the review name as the reply target', () => {
    const items = parseFile('reviews-page1.json');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: 'AbFvOqmAcme0001',
      url: 'https://business.google.com/reviews',
      text: 'Waited 40 minutes at the Acme store on Main Street and nobody could fix my AcmeCloud sync.',
      author: 'Mira Okafor',
      rating: 1,
      published: '2025-03-10T07:45:12.345Z',
      replyTo: { name: `${LOC}/reviews/AbFvOqmAcme0001`, reviewId: 'AbFvOqmAcme0001' },
    });
    // A rating without words: no text, still a review.
    expect(items[1]).toMatchObject({
      title: '4-star rating without a comment',
      text: '',
      author: 'A Google User',
      rating: 4,
    });
    // Edited after it was written: published is the update (the list's order).
    expect(items[2]).toMatchObject({ rating: 2, published: '2025-03-08T11:00:00.000Z' });
    expect(items[2]?.text).toContain('(Original)\nDas Personal war freundlich');
  });

  it('links the public reviews page with a placeId; skips answered reviews when asked', () => {
    const withPlace = parseFile('reviews-page1.json', {
      placeId: 'ChIJAcmeStore0000000000',
      skipAnswered: true,
    });
    expect(withPlace.map((i) => i.id)).toEqual(['AbFvOqmAcme0001', 'AbFvOqmAcme0002']);
    expect(withPlace[0]?.url).toBe(placeReviewsUrl('ChIJAcmeStore0000000000'));
    expect(withPlace[0]?.url).toBe('https://search.google.com/local/reviews?placeid=ChIJAcmeStore0000000000');
  });

  it('empty answer; a review without an id is skipped with a warning; another payload fails', () => {
    expect(parseFile('reviews-empty.json')).toEqual([]);
    const page = parseGoogleBusinessPage({ reviews: [{ comment: 'x' }], nextPageToken: 'n' }, 'u', LOC);
    expect(page.items).toEqual([]);
    expect(page.warnings).toEqual(['review 0 skipped: reviewId is not valid']);
    expect(page.nextPageToken).toBe('n');
    expect(() => parseGoogleBusinessPage({ reviews: {} }, 'u', LOC)).toThrow(/reviews/);
    // A review without its name gets one from the location.
    const named = parseGoogleBusinessPage({ reviews: [{ reviewId: 'r1', starRating: 'FIVE' }] }, 'u', LOC);
    expect(named.items[0]?.replyTo).toEqual({ name: `${LOC}/reviews/r1`, reviewId: 'r1' });
  });
});

describe('google-business fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    forgetGoogleTokens();
  });

  it('trades the refresh token for an access token once, then reads each location newest update first', async () => {
    server = await startLoopback(gbp);
    const ctx = apiContext(googleBusinessAdapter, entry(server.url), ENV);
    const result = await googleBusinessAdapter.fetch(ctx);
    const [token, page1, page2] = server.requests;
    expect(token?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(token?.body ?? ''))).toEqual({
      grant_type: 'refresh_token',
      client_id: '1234567890-acme.apps.googleusercontent.com',
      client_secret: 'GOCSPX-acme-client-secret',
      refresh_token: '1//0gAcmeRefreshToken',
    });
    expect(pathOf(page1?.url ?? '')).toBe(`/v4/${LOC}/reviews`);
    expect(page1?.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(Object.fromEntries(query(page1?.url ?? ''))).toEqual({
      pageSize: '50',
      orderBy: 'updateTime desc',
    });
    expect(query(page2?.url ?? '').get('pageToken')).toBe('AcmeGbpPage2');
    // The review of 15 February is older than the 14-day window.
    expect(result.items.map((i) => i.rating)).toEqual([1, 4, 2, 5]);
    expect(result.cursor).toEqual({ since: '2025-03-10T07:45:12.345Z' });

    // Two locations: one token, one stream each.
    const two = apiContext(
      googleBusinessAdapter,
      entry(server.url, { locationIds: [LOCATION, '4400000000000000002'] }),
      ENV,
    );
    await googleBusinessAdapter.fetch(two);
    expect(server.requests.filter(isToken)).toHaveLength(1);
    expect(
      server.requests.some(
        (r) => pathOf(r.url) === `/v4/accounts/${ACCOUNT}/locations/4400000000000000002/reviews`,
      ),
    ).toBe(true);
  });

  it('names every missing credential with its env line', async () => {
    const none = await failureOf(
      googleBusinessAdapter.fetch(
        apiContext(googleBusinessAdapter, { accountId: ACCOUNT, locationIds: [LOCATION] }),
      ),
    );
    expect(none).toBeInstanceOf(SourceError);
    for (const [name, env] of [
      ['oauthClientId', 'GOOGLE_BUSINESS_CLIENT_ID'],
      ['oauthClientSecret', 'GOOGLE_BUSINESS_CLIENT_SECRET'],
      ['oauthRefreshToken', 'GOOGLE_BUSINESS_REFRESH_TOKEN'],
    ])
      expect(none.message).toContain(`add \`credentials: { ${name}: ${env} }\``);
    const half = await failureOf(
      googleBusinessAdapter.fetch(
        apiContext(googleBusinessAdapter, entry('http://127.0.0.1:9'), {
          env: { GBP_CLIENT: 'c', GBP_SECRET: 's' },
        }),
      ),
    );
    expect(half.message).toMatch(/GBP_REFRESH, which is empty or unset/);
  });

  it('a revoked refresh token says so, without the secret or the token', async () => {
    server = await startLoopback((req, res) =>
      isToken(req)
        ? sendFixture(res, 'sources/google-business/token-error.json', JSON_TYPE, 400)
        : gbp(req, res),
    );
    const error = await failureOf(
      googleBusinessAdapter.fetch(apiContext(googleBusinessAdapter, entry(server.url), ENV)),
    );
    expect(error.message).toContain(
      'Google refused an access token for the refresh token (HTTP 400: invalid_grant: Token has been expired or revoked.)',
    );
    expect(error.message).not.toContain('GOCSPX-acme-client-secret');
    expect(error.message).not.toContain('1//0gAcmeRefreshToken');
  });

  it('quota 0 (API access not approved) is explained plainly', async () => {
    server = await startLoopback((req, res) =>
      isToken(req)
        ? gbp(req, res)
        : sendFixture(res, 'sources/google-business/error-quota.json', JSON_TYPE, 429),
    );
    const error = await failureOf(
      googleBusinessAdapter.fetch(
        apiContext(googleBusinessAdapter, entry(server.url, { timeoutMs: 5000 }), ENV),
      ),
    );
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/429/);
    expect(error.message).toContain('"Application for Basic API Access" is approved its quota is 0');
    expect(error.message).not.toContain(ACCESS);
  });

  describe('HTTP failures', () => {
    afterEach(() => forgetGoogleTokens());
    httpFailureTests({
      adapter: googleBusinessAdapter,
      entry: (base) => entry(base),
      env: ENV.env,
      ok: gbp,
      isAuth: isToken,
    });
  });
});
