import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { platformFor } from '../../../src/platforms/index.js';
import { parseYelpPage, yelpAdapter, yelpTimeToIso } from '../../../src/platforms/yelp/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const BIZ = 'acme-cloud-cafe-san-francisco';
const URL_ = `https://api.yelp.com/v3/businesses/${BIZ}/reviews`;
const KEY = 'yelp-key-0123456789abcdef';
const json = (name: string): unknown => JSON.parse(fixture(`sources/yelp/${name}`).toString('utf8'));
const creds = { credentials: { apiKey: 'YELP_KEY' } };
const env = { YELP_KEY: KEY };

function send(res: ServerResponse, name: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(fixture(`sources/yelp/${name}`));
}

describe('yelp time_created', () => {
  it('reads Pacific wall-clock time, standard and daylight saving, as UTC', () => {
    expect(yelpTimeToIso('2025-03-08 10:15:42')).toBe('2025-03-08T18:15:42.000Z'); // PST, UTC−8
    expect(yelpTimeToIso('2025-03-09 10:15:42')).toBe('2025-03-09T17:15:42.000Z'); // PDT, UTC−7
    expect(yelpTimeToIso('2024-07-04 23:30:00')).toBe('2024-07-05T06:30:00.000Z');
    expect(yelpTimeToIso('2024-11-03 00:30:00')).toBe('2024-11-03T07:30:00.000Z'); // before the switch back
    expect(yelpTimeToIso('2025-03-09T10:15:42Z')).toBe('2025-03-09T10:15:42.000Z');
    expect(yelpTimeToIso('yesterday')).toBeUndefined();
    expect(yelpTimeToIso(null)).toBeUndefined();
  });
});

describe('yelp parse', () => {
  it('reads the three excerpts with rating, author, Yelp’s link and the business to answer from', () => {
    const page = parseYelpPage(json('reviews-acme-cafe.json'), URL_);
    expect(page.total).toBe(48);
    expect(page.items).toHaveLength(3);
    expect(page.items[0]).toEqual({
      id: 'xAG4O7l-t1ubbwVAlPnDKg',
      url: 'https://www.yelp.com/biz/acme-cloud-cafe-san-francisco?adjust_creative=acmeEarshot&hrid=xAG4O7l-t1ubbwVAlPnDKg&utm_campaign=yelp_api_v3&utm_medium=api_v3_business_reviews&utm_source=acmeEarshot',
      text: 'Ordered through the AcmeCloud kiosk and waited 25 minutes for a latte. The staff were lovely but the app kept losing my order...',
      author: 'Ella A.',
      authorUrl: 'https://www.yelp.com/user_details?userid=W8UK02IDdRS2GL_66fuq6w',
      rating: 2,
      published: '2025-03-09T17:15:42.000Z',
      replyTo: { business: BIZ, reviewId: 'xAG4O7l-t1ubbwVAlPnDKg' },
    });
    expect(page.items[1]?.text).toBe(
      'Best cortado in SoMa & free Wi-Fi <3 The AcmeCloud team hangs out here on Fridays.',
    );
  });

  it('skips a review without id with a warning, and names a payload that is not reviews', () => {
    const page = parseYelpPage(json('reviews-paged-offset2.json'), URL_);
    expect(page.items.map((i) => i.id)).toEqual(['PgAcmeReview0000000003']);
    expect(page.warnings).toEqual(['review 1 skipped: id is not valid']);
    expect(() =>
      yelpAdapter.parse(
        { body: fixture('sources/yelp/error-business-not-found.json'), url: URL_ },
        {} as never,
      ),
    ).toThrow(/Yelp: .* is not the expected payload: reviews/);
  });
});

describe('yelp fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const api = () =>
    startLoopback((req, res) => {
      const p = pathOf(req.url);
      if (p === `/businesses/${BIZ}/reviews`) return send(res, 'reviews-acme-cafe.json');
      if (p === '/businesses/acme-cloud-cafe-oakland/reviews')
        return send(
          res,
          query(req.url).get('offset') === '2' ? 'reviews-paged-offset2.json' : 'reviews-paged-offset0.json',
        );
      return send(res, 'error-business-not-found.json', 404);
    });

  it('reads each business with the bearer key; the standard plan is one request, older excerpts dropped', async () => {
    server = await api();
    const result = await yelpAdapter.fetch(
      apiContext(yelpAdapter, { baseUrl: server.url, businesses: [BIZ], locale: 'en_US', ...creds }, { env }),
    );
    expect(server.requests).toHaveLength(1);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({ locale: 'en_US' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result.items.map((i) => i.id)).toEqual(['xAG4O7l-t1ubbwVAlPnDKg', '1JNmYjJgQ35xh-hCv_8kUg']);
    expect(result.cursor.since).toBe('2025-03-09T17:15:42.000Z');
  });

  it('with full review access (limit above 3) pages by offset until total', async () => {
    server = await api();
    const result = await yelpAdapter.fetch(
      apiContext(
        yelpAdapter,
        {
          baseUrl: server.url,
          businesses: ['acme-cloud-cafe-oakland', BIZ],
          limit: 2,
          maxPages: 5,
          ...creds,
        },
        { env },
      ),
    );
    // limit 2 is not above 3: one request per business
    expect(server.requests).toHaveLength(2);
    const paid = await yelpAdapter.fetch(
      apiContext(
        yelpAdapter,
        { baseUrl: server.url, businesses: ['acme-cloud-cafe-oakland'], limit: 20, maxPages: 5, ...creds },
        { env },
      ),
    );
    const offsets = server.requests
      .slice(2)
      .map((r) => [query(r.url).get('limit'), query(r.url).get('offset')]);
    expect(offsets).toEqual([
      ['20', '0'],
      ['20', '2'],
    ]);
    expect(paid.items.map((i) => i.id)).toEqual([
      'PgAcmeReview0000000001',
      'PgAcmeReview0000000002',
      'PgAcmeReview0000000003',
    ]);
    expect(paid.warnings).toEqual(['business "acme-cloud-cafe-oakland": review 1 skipped: id is not valid']);
    expect(result.items).toHaveLength(4);
  });

  it('explains an unknown business in Yelp’s words, and a missing key with the env line', async () => {
    server = await api();
    const error = await yelpAdapter
      .fetch(apiContext(yelpAdapter, { baseUrl: server.url, businesses: ['no-such-biz'], ...creds }, { env }))
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toBe(
      'Yelp: reviews of "no-such-biz" were refused (HTTP 404: BUSINESS_NOT_FOUND: The requested business could not be found.) — check the id or alias in businesses',
    );
    const missing = await yelpAdapter
      .fetch(apiContext(yelpAdapter, { baseUrl: server.url, businesses: [BIZ] }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SourceError);
    expect((missing as SourceError).message).toContain('add `credentials: { apiKey: YELP_API_KEY }`');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the key out of a refusal that echoes it', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'TOKEN_INVALID', description: `Invalid access token ${KEY}` } }),
      );
    });
    const error = await yelpAdapter
      .fetch(apiContext(yelpAdapter, { baseUrl: server.url, businesses: [BIZ], ...creds }, { env }))
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toContain('TOKEN_INVALID');
    expect((error as SourceError).message).not.toContain(KEY);
  });

  it('is read only: a person answers in Yelp for Business', () => {
    const p = platformFor('yelp');
    expect(p?.publisher).toBeUndefined();
    expect(p?.manualReply?.({ key: 'k', source: 'y', kind: 'yelp' } as never)).toMatchObject({
      url: 'https://biz.yelp.com/',
    });
  });

  httpFailureTests({
    adapter: yelpAdapter,
    entry: (base) => ({ baseUrl: base, businesses: [BIZ], ...creds }),
    env,
    ok: (_req, res) => send(res, 'reviews-acme-cafe.json'),
  });
});
