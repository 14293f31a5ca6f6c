import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { trustpilotPlatform } from '../../../src/platforms/trustpilot/index.js';
import { parseTrustpilotPage, trustpilotAdapter } from '../../../src/platforms/trustpilot/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const UNIT = '5f1a2b3c4d5e6f7a8b9c0d1e';
const REVIEWS = `https://api.trustpilot.com/v1/business-units/${UNIT}/reviews`;
const KEY = 'tp-api-key-0123456789';
const source = trustpilotAdapter.schema.parse({ id: 'tp', kind: 'trustpilot', businessUnitId: UNIT });
const json = (name: string): unknown => JSON.parse(fixture(`sources/trustpilot/${name}`).toString('utf8'));
const creds = { credentials: { apiKey: 'TP_KEY' } };
const env = { TP_KEY: KEY };

function send(res: ServerResponse, name: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(fixture(`sources/trustpilot/${name}`));
}

describe('trustpilot parse', () => {
  it('reads reviews with stars, the reviewer’s review count as reach, likes and the language', () => {
    const page = parseTrustpilotPage(json('reviews-page1.json'), REVIEWS);
    expect(page.hasNext).toBe(true);
    expect(page.items[0]).toEqual({
      id: '67cea1b2c3d4e5f60718293a',
      url: 'https://www.trustpilot.com/reviews/67cea1b2c3d4e5f60718293a',
      title: 'Charged twice for AcmeCloud Pro',
      text: 'AcmeCloud billed my card twice this month and support has not answered in 5 days. <b>Not</b> happy.',
      author: 'Mira K.',
      authorUrl: 'https://www.trustpilot.com/users/5c0d1e2f3a4b5c6d7e8f9a0b',
      reach: 14,
      engagement: 3,
      rating: 1,
      lang: 'en',
      published: '2025-03-10T09:12:44.000Z',
      replyTo: { reviewId: '67cea1b2c3d4e5f60718293a', businessUnitId: UNIT },
    });
    // a zone-less createdAt is UTC
    expect(page.items[1]).toMatchObject({ rating: 5, lang: 'de', published: '2025-03-09T17:40:05.000Z' });
  });

  it('skips a malformed review with a warning; the last page links no next page', () => {
    const page = parseTrustpilotPage(json('reviews-page2.json'), REVIEWS);
    expect(page.items.map((i) => i.id)).toEqual(['67c8aa00bb11cc22dd33ee44']);
    expect(page.warnings).toEqual(['review 1 skipped: text is not valid']);
    expect(page.hasNext).toBe(false);
  });

  it('parse() through the adapter, and a clear error for another payload', () => {
    expect(
      trustpilotAdapter.parse(
        { body: fixture('sources/trustpilot/reviews-page1.json'), url: REVIEWS },
        source,
      ),
    ).toHaveLength(2);
    expect(() =>
      trustpilotAdapter.parse(
        { body: fixture('sources/trustpilot/find-business-unit.json'), url: REVIEWS },
        source,
      ),
    ).toThrow(/Trustpilot: .* is not the expected payload: reviews/);
  });
});

describe('trustpilot fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const api = () =>
    startLoopback((req, res) => {
      if (pathOf(req.url) === '/business-units/find') return send(res, 'find-business-unit.json');
      if (pathOf(req.url) !== `/business-units/${UNIT}/reviews`) return send(res, 'error-404.json', 404);
      return send(res, query(req.url).get('page') === '2' ? 'reviews-page2.json' : 'reviews-page1.json');
    });

  it('reads the reviews newest first with the apikey header, following next-page links', async () => {
    server = await api();
    const ctx = apiContext(
      trustpilotAdapter,
      { baseUrl: server.url, businessUnitId: UNIT, language: 'en', ...creds },
      { env },
    );
    const result = await trustpilotAdapter.fetch(ctx);
    expect(server.requests.map((r) => query(r.url).get('page'))).toEqual(['1', '2']);
    expect(Object.fromEntries(query(server.requests[0]?.url ?? ''))).toEqual({
      perPage: '100',
      page: '1',
      orderBy: 'createdat.desc',
      language: 'en',
    });
    expect(server.requests[0]?.headers.apikey).toBe(KEY);
    expect(server.requests[0]?.url).not.toContain(KEY);
    expect(result.items.map((i) => i.id)).toEqual([
      '67cea1b2c3d4e5f60718293a',
      '67cd0f1e2d3c4b5a69788796',
      '67c8aa00bb11cc22dd33ee44',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T09:12:44.000Z');
    expect(result.warnings).toEqual(['review 1 skipped: text is not valid']);
  });

  it('looks the business unit up by name once and keeps its id in the cursor', async () => {
    server = await api();
    const entry = { baseUrl: server.url, businessName: 'acmecloud.example', ...creds };
    const first = await trustpilotAdapter.fetch(apiContext(trustpilotAdapter, entry, { env }));
    expect(pathOf(server.requests[0]?.url ?? '')).toBe('/business-units/find');
    expect(query(server.requests[0]?.url ?? '').get('name')).toBe('acmecloud.example');
    expect(first.cursor.data).toEqual({ businessName: 'acmecloud.example', businessUnitId: UNIT });
    const before = server.requests.length;
    await trustpilotAdapter.fetch(apiContext(trustpilotAdapter, entry, { env, cursor: first.cursor }));
    expect(server.requests.slice(before).map((r) => pathOf(r.url))).not.toContain('/business-units/find');
  });

  it('stops paging at a page that reaches below the window', async () => {
    server = await api();
    const ctx = apiContext(
      trustpilotAdapter,
      { baseUrl: server.url, businessUnitId: UNIT, ...creds },
      { env, lookbackDays: 3 },
    );
    const result = await trustpilotAdapter.fetch(ctx);
    // page 1 is inside the window; page 2 (5 March) is older than 3 days: dropped, no page 3 asked.
    expect(result.items.map((i) => i.id)).toEqual(['67cea1b2c3d4e5f60718293a', '67cd0f1e2d3c4b5a69788796']);
  });

  it('explains an unknown business unit in Trustpilot’s words, and a missing key with the env line', async () => {
    server = await api();
    const error = await trustpilotAdapter
      .fetch(
        apiContext(
          trustpilotAdapter,
          { baseUrl: server.url, businessUnitId: 'ffffffffffffffffffffffff', ...creds },
          { env },
        ),
      )
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toBe(
      'Trustpilot: reading the reviews was refused (HTTP 404: Business unit not found) — check businessUnitId / businessName',
    );
    const missing = await trustpilotAdapter
      .fetch(apiContext(trustpilotAdapter, { baseUrl: server.url, businessUnitId: UNIT }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SourceError);
    expect((missing as SourceError).message).toContain(
      'add `credentials: { apiKey: TRUSTPILOT_API_KEY }` to source "trustpilot-test"',
    );
    expect((missing as SourceError).message).toContain(
      `env: TRUSTPILOT_API_KEY: ${'$'}{{ secrets.TRUSTPILOT_API_KEY }}`,
    );
    const noUnit = await trustpilotAdapter
      .fetch(apiContext(trustpilotAdapter, { baseUrl: server.url, ...creds }, { env }))
      .catch((e: unknown) => e);
    expect((noUnit as SourceError).message).toMatch(/needs businessUnitId or businessName/);
  });

  it('never puts the key in a failure message', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `Invalid ApiKey ${KEY}` }));
    });
    const error = await trustpilotAdapter
      .fetch(apiContext(trustpilotAdapter, { baseUrl: server.url, businessUnitId: UNIT, ...creds }, { env }))
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toContain('HTTP 401');
    expect((error as SourceError).message).not.toContain(KEY);
  });

  it('replies through the business API', () => {
    expect(trustpilotPlatform.publisher?.kind).toBe('trustpilot');
    expect(
      trustpilotPlatform.manualReply?.({
        key: 'k',
        source: 'tp',
        kind: 'trustpilot',
        replyTo: { reviewId: '67cea1b2c3d4e5f60718293a' },
      } as never).url,
    ).toBe('https://businessapp.b2b.trustpilot.com/reviews/67cea1b2c3d4e5f60718293a');
  });

  httpFailureTests({
    adapter: trustpilotAdapter,
    entry: (base) => ({ baseUrl: base, businessUnitId: UNIT, ...creds }),
    env,
    ok: (_req, res) => send(res, 'reviews-page2.json'),
  });
});
