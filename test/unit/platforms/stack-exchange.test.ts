import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import {
  parseStackExchangePage,
  stackExchangeAdapter,
} from '../../../src/platforms/stack-exchange/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const source = stackExchangeAdapter.schema.parse({ id: 'so', kind: 'stack-exchange' });
const parseFile = (name: string) =>
  stackExchangeAdapter.parse(
    {
      body: fixture(`sources/stack-exchange/${name}`),
      url: 'https://api.stackexchange.com/2.3/search/advanced',
    },
    source,
  );

/** Stack Exchange always compresses its answers. */
function sendGzip(res: import('node:http').ServerResponse, name: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' });
  res.end(gzipSync(fixture(`sources/stack-exchange/${name}`)));
}

describe('stack-exchange parse', () => {
  it('reads questions with decoded titles, flattened bodies, reputation as reach', () => {
    const items = parseFile('search-advanced-page1.json');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      id: 'stackoverflow:79500001',
      url: 'https://stackoverflow.com/questions/79500001/acmecloud-load-balancer-returns-502-after-scaling',
      title: 'AcmeCloud load balancer returns 502 after scaling',
      author: 'Priya N.',
      authorUrl: 'https://stackoverflow.com/users/21000001/priya-n',
      reach: 2345,
      engagement: 2,
      published: '2025-03-10T09:30:00.000Z',
      replyTo: { site: 'stackoverflow', questionId: '79500001' },
    });
    expect(items[0]?.text).toBe(
      'Since yesterday our AcmeCloud load balancer answers 502 whenever the pool scales up.\n\nacme lb describe --name web\n\nWhat am I missing?',
    );
    expect(items[1]?.title).toBe('Acme SDK "upload_file" raises QuotaError < 1 GB?');
    expect(items[1]?.author).toBe("Tom & Jerry's Dev");
    expect(items[1]?.engagement).toBe(-1);
  });

  it('keeps a deleted author as a name without profile link or reach, and non-English text', () => {
    const [item] = parseFile('search-advanced-page2.json');
    expect(item).toMatchObject({ author: 'user28000003', title: 'Como configurar o DNS da AcmeCloud?' });
    expect(item?.authorUrl).toBeUndefined();
    expect(item?.reach).toBeUndefined();
    expect(item?.text).toContain('Não consigo apontar meu domínio');
  });

  it('returns nothing for an empty result and reads backoff and quota', () => {
    expect(parseFile('search-advanced-empty.json')).toEqual([]);
    const page = parseStackExchangePage(
      JSON.parse(fixture('sources/stack-exchange/search-advanced-backoff.json').toString('utf8')),
      'u',
      'serverfault',
    );
    expect(page).toMatchObject({ backoff: 30, quotaRemaining: 3, hasMore: true });
    expect(page.items[0]?.id).toBe('serverfault:1170001');
  });

  it("throws the API's own error for an error wrapper", () => {
    expect(() => parseFile('error-throttle.json')).toThrow(/502 throttle_violation: too many requests/);
  });

  it('keys questions by site: the same question id on two sites stays two mentions', () => {
    const body = fixture('sources/stack-exchange/search-advanced-page2.json');
    const a = stackExchangeAdapter.parse({ body, url: 'u' }, source);
    const b = stackExchangeAdapter.parse({ body, url: 'u' }, { ...source, site: 'pt.stackoverflow' });
    expect(a[0]?.id).not.toBe(b[0]?.id);
  });
});

describe('stack-exchange fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('searches by creation date since the window start, with body filter, tags and key, following has_more', async () => {
    server = await startLoopback((req, res) =>
      sendGzip(
        res,
        query(req.url).get('page') === '2' ? 'search-advanced-page2.json' : 'search-advanced-page1.json',
      ),
    );
    const ctx = apiContext(
      stackExchangeAdapter,
      { baseUrl: server.url, tagged: ['acmecloud', 'acme-sdk'], credentials: { key: 'SE_KEY' } },
      { env: { SE_KEY: 'not-a-secret-key' } },
    );
    const result = await stackExchangeAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual(['/search/advanced', '/search/advanced']);
    const q = query(server.requests[0]?.url ?? '');
    expect(Object.fromEntries(q)).toMatchObject({
      order: 'desc',
      sort: 'creation',
      q: 'AcmeCloud',
      site: 'stackoverflow',
      // The window start (24 February 12:00) rounded down to the UTC day.
      fromdate: String(Date.parse('2025-02-24T00:00:00Z') / 1000),
      tagged: 'acmecloud;acme-sdk',
      filter: 'withbody',
      pagesize: '100',
      page: '1',
      key: 'not-a-secret-key',
    });
    expect(query(server.requests[1]?.url ?? '').get('page')).toBe('2');
    expect(result.items.map((i) => i.id)).toEqual([
      'stackoverflow:79500001',
      'stackoverflow:79499870',
      'stackoverflow:79498002',
    ]);
    expect(result.cursor).toEqual({ since: '2025-03-10T09:30:00.000Z' });
    expect(result.requests).toBe(2);
  });

  it('reads the whole look-back window whatever the cursor: late questions older than the cursor are kept, older than the window dropped', async () => {
    // Page 2 as the API served it, plus a question dated before the 14-day look-back window (the
    // fromdate asks for none such; the adapter must still drop it).
    const page2 = JSON.parse(fixture('sources/stack-exchange/search-advanced-page2.json').toString('utf8'));
    page2.items.push({
      ...page2.items[0],
      question_id: 79300000,
      link: 'https://stackoverflow.com/questions/79300000/acmecloud-old-question',
      creation_date: Date.parse('2025-02-20T09:00:00Z') / 1000,
      last_activity_date: Date.parse('2025-02-20T09:00:00Z') / 1000,
    });
    server = await startLoopback((req, res) => {
      if (query(req.url).get('page') !== '2') return sendGzip(res, 'search-advanced-page1.json');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(page2)));
    });
    const since = '2025-03-10T09:00:00.000Z';
    const result = await stackExchangeAdapter.fetch(
      apiContext(stackExchangeAdapter, { baseUrl: server.url }, { cursor: { since }, lookbackDays: 14 }),
    );
    // Every request asks from the look-back window's start, not from the cursor.
    const lookbackStart = String(Date.parse('2025-02-24T00:00:00Z') / 1000); // on the UTC day
    expect(server.requests.map((r) => query(r.url).get('fromdate'))).toEqual([lookbackStart, lookbackStart]);
    expect(query(server.requests[0]?.url ?? '').has('key')).toBe(false);
    // 08:15 and 9 March 22:40 are older than the cursor (indexed late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      'stackoverflow:79500001',
      'stackoverflow:79499870',
      'stackoverflow:79498002',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T09:30:00.000Z');
  });

  it('honours backoff: stops, keeps the old cursor, and skips the source until the time has passed', async () => {
    server = await startLoopback((_req, res) => sendGzip(res, 'search-advanced-backoff.json'));
    const previous = { since: '2025-03-10T09:00:00.000Z' };
    const ctx = apiContext(
      stackExchangeAdapter,
      { baseUrl: server.url, site: 'serverfault' },
      { cursor: previous },
    );
    const first = await stackExchangeAdapter.fetch(ctx);
    expect(server.requests).toHaveLength(1);
    expect(first.items.map((i) => i.id)).toEqual(['serverfault:1170001']);
    expect(first.cursor.data).toEqual({ notBefore: '2025-03-10T12:00:30.000Z' });
    expect(first.cursor.since).toBe(previous.since);
    expect(first.warnings?.join('\n')).toMatch(/only 3 API requests left today/);
    expect(ctx.logger.lines.some((l) => l.level === 'info' && /30 s backoff/.test(l.message))).toBe(true);

    const skipped = apiContext(
      stackExchangeAdapter,
      { baseUrl: server.url },
      { cursor: first.cursor, now: new Date('2025-03-10T12:00:10Z') },
    );
    const second = await stackExchangeAdapter.fetch(skipped);
    expect(server.requests).toHaveLength(1);
    expect(second).toMatchObject({ items: [], cursor: first.cursor, requests: 0 });
    expect(
      skipped.logger.lines.some(
        (l) => l.level === 'info' && /back off until 2025-03-10T12:00:30/.test(l.message),
      ),
    ).toBe(true);

    const later = apiContext(
      stackExchangeAdapter,
      { baseUrl: server.url },
      { cursor: first.cursor, now: new Date('2025-03-10T12:01:00Z') },
    );
    await stackExchangeAdapter.fetch(later);
    expect(server.requests).toHaveLength(2);
  });

  it('an exhausted quota skips the source until the next UTC day', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [], has_more: false, quota_max: 300, quota_remaining: 0 }));
    });
    const result = await stackExchangeAdapter.fetch(
      apiContext(stackExchangeAdapter, { baseUrl: server.url }),
    );
    expect(result.cursor.data).toEqual({ notBefore: '2025-03-11T00:00:00.000Z' });
    expect(result.warnings?.join('\n')).toMatch(/quota is used up/);
  });

  it("turns an error wrapper (HTTP 400) into a SourceError with the API's words and no key", async () => {
    server = await startLoopback((_req, res) => sendGzip(res, 'error-throttle.json', 400));
    const ctx = apiContext(
      stackExchangeAdapter,
      { baseUrl: server.url, credentials: { key: 'SE_KEY' } },
      { env: { SE_KEY: 'k3y-value-123' } },
    );
    const error = await stackExchangeAdapter.fetch(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/throttle_violation/);
    expect((error as SourceError).message).not.toContain('k3y-value-123');
  });

  it('a failed request with the key in its URL reports the failure without the key', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('down');
    });
    const ctx = apiContext(
      stackExchangeAdapter,
      { baseUrl: server.url, credentials: { key: 'SE_KEY' } },
      { env: { SE_KEY: 'k3y-value-123' } },
    );
    const error = await stackExchangeAdapter.fetch(ctx).catch((e: unknown) => e);
    expect((error as SourceError).message).toMatch(/503/);
    expect((error as SourceError).message).toContain('key=***');
    expect((error as SourceError).message).not.toContain('k3y-value-123');
  });

  it('answers no validators, so it never sends conditional requests', async () => {
    server = await startLoopback((_req, res) => sendGzip(res, 'search-advanced-empty.json'));
    const result = await stackExchangeAdapter.fetch(
      apiContext(stackExchangeAdapter, { baseUrl: server.url }),
    );
    expect(result.cursor.validators).toBeUndefined();
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
  });

  it('the key is optional', () => {
    expect(stackExchangeAdapter.credentials).toEqual([
      expect.objectContaining({ name: 'key', required: false }),
    ]);
  });

  httpFailureTests({
    adapter: stackExchangeAdapter,
    entry: (base) => ({ baseUrl: base }),
    ok: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fixture('sources/stack-exchange/search-advanced-page2.json'));
    },
  });
});
