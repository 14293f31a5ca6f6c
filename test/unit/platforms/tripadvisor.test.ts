import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { platformFor } from '../../../src/platforms/index.js';
import { parseTripadvisorPage, tripadvisorAdapter } from '../../../src/platforms/tripadvisor/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const KEY = 'ABCDEF0123456789TRIPKEY';
const URL_ = 'https://api.content.tripadvisor.com/api/v1/location/1234567/reviews?key=SECRET&language=en';
const json = (name: string): unknown => JSON.parse(fixture(`sources/tripadvisor/${name}`).toString('utf8'));
const creds = { credentials: { apiKey: 'TA_KEY' } };
const env = { TA_KEY: KEY };

function send(res: ServerResponse, name: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json', etag: '"v1"' });
  res.end(fixture(`sources/tripadvisor/${name}`));
}

describe('tripadvisor parse', () => {
  it('reads reviews with rating, helpful votes as engagement, language and the review link', () => {
    const page = parseTripadvisorPage(json('reviews-location-1234567.json'), URL_);
    expect(page.items).toHaveLength(3);
    expect(page.items[0]).toEqual({
      id: '987654321',
      url: 'https://www.tripadvisor.com/ShowUserReviews-g60713-d1234567-r987654321-AcmeCloud_Lodge-San_Francisco_California.html#review987654321',
      title: 'Check-in through the app failed',
      text: 'The AcmeCloud Lodge app would not let us check in & the front desk had no idea why. Room was fine.',
      author: 'wanderlust_mo',
      authorUrl: 'https://www.tripadvisor.com/Profile/wanderlust_mo',
      rating: 2,
      engagement: 4,
      lang: 'en',
      published: '2025-03-09T14:20:11.000Z',
      replyTo: { reviewId: '987654321', locationId: '1234567' },
    });
    expect(page.items[1]?.text).toBe('Lovely stay, fast Wi-Fi powered by AcmeCloud <br> would come back.');
  });

  it('skips a review without id, reads an empty answer, and never shows the key of the URL', () => {
    const page = parseTripadvisorPage(json('reviews-location-7654321-fr.json'), URL_);
    expect(page.items.map((i) => [i.id, i.lang, i.rating])).toEqual([['991100220', 'fr', 1]]);
    expect(page.warnings).toEqual(['review 1 skipped: id is not valid']);
    expect(parseTripadvisorPage(json('reviews-empty.json'), URL_).items).toEqual([]);
    let message = '';
    try {
      tripadvisorAdapter.parse({ body: '{"error": {}}', url: URL_ }, {} as never);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Tripadvisor: .*key=\*\*\*.* is not the expected payload: data/);
    expect(message).not.toContain('SECRET');
  });
});

describe('tripadvisor fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const api = () =>
    startLoopback((req, res) => {
      const p = pathOf(req.url);
      if (p === '/location/1234567/reviews') return send(res, 'reviews-location-1234567.json');
      if (p === '/location/7654321/reviews') return send(res, 'reviews-location-7654321-fr.json');
      if (p === '/location/5555555/reviews') return send(res, 'error-403-ip.json', 403);
      return send(res, 'error-400-location.json', 400);
    });

  it('asks each location once with key and language; older reviews dropped; the key never kept', async () => {
    server = await api();
    const result = await tripadvisorAdapter.fetch(
      apiContext(
        tripadvisorAdapter,
        { baseUrl: server.url, locationIds: ['1234567', 7654321], language: 'en', ...creds },
        { env },
      ),
    );
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/location/1234567/reviews',
      '/location/7654321/reviews',
    ]);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({ key: KEY, language: 'en' });
    expect(result.items.map((i) => i.id)).toEqual(['987654321', '987650000', '991100220']);
    expect(result.cursor.since).toBe('2025-03-09T14:20:11.000Z');
    // the answers' ETags are kept for conditional requests, under URLs with the key masked
    expect(JSON.stringify(result.cursor)).not.toContain(KEY);
    expect(Object.keys(result.cursor.validators ?? {})).toEqual([
      `${server.url}/location/1234567/reviews?key=***&language=en`,
      `${server.url}/location/7654321/reviews?key=***&language=en`,
    ]);
    expect(result.warnings).toEqual(['location 7654321: review 1 skipped: id is not valid']);
  });

  it('explains a key that does not allow this IP, without the key', async () => {
    server = await api();
    const error = await tripadvisorAdapter
      .fetch(
        apiContext(tripadvisorAdapter, { baseUrl: server.url, locationIds: ['5555555'], ...creds }, { env }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toContain(
      'HTTP 403: User is not authorized to access this resource with an explicit deny',
    );
    expect(message).toContain("allows this runner's IP address");
    expect(message).not.toContain(KEY);
    const unknown = await tripadvisorAdapter
      .fetch(apiContext(tripadvisorAdapter, { baseUrl: server.url, locationIds: ['1'], ...creds }, { env }))
      .catch((e: unknown) => e);
    expect((unknown as SourceError).message).toBe(
      'Tripadvisor: reviews of location 1 were refused (HTTP 400: Unable to find location 1) — check the location id',
    );
  });

  it('a transport failure names the URL with the key redacted', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`upstream echoed key=${KEY}`);
    });
    const error = await tripadvisorAdapter
      .fetch(
        apiContext(tripadvisorAdapter, { baseUrl: server.url, locationIds: ['1234567'], ...creds }, { env }),
      )
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toMatch(/500/);
    expect((error as SourceError).message).not.toContain(KEY);
  });

  it('fails with the env line when the key is missing', async () => {
    const missing = await tripadvisorAdapter
      .fetch(apiContext(tripadvisorAdapter, { locationIds: ['1234567'] }))
      .catch((e: unknown) => e);
    expect((missing as SourceError).message).toContain('add `credentials: { apiKey: TRIPADVISOR_API_KEY }`');
  });

  it('is read only: a person answers in the Management Center', () => {
    const p = platformFor('tripadvisor');
    expect(p?.publisher).toBeUndefined();
    expect(p?.manualReply?.({ key: 'k', source: 't', kind: 'tripadvisor' } as never).url).toBe(
      'https://www.tripadvisor.com/ManagementCenter',
    );
  });

  httpFailureTests({
    adapter: tripadvisorAdapter,
    entry: (base) => ({ baseUrl: base, locationIds: ['1234567'], ...creds }),
    env,
    ok: (_req, res) => send(res, 'reviews-location-1234567.json'),
  });
});
