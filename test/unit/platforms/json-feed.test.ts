import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { type JsonFeedSource, jsonFeedAdapter } from '../../../src/platforms/json-feed/source.js';
import type { SourceContext } from '../../../src/platforms/source.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';

const source = (extra: Record<string, unknown> = {}): JsonFeedSource =>
  jsonFeedAdapter.schema.parse({
    id: 'jf',
    kind: 'json-feed',
    url: 'https://indiecommerce.example.net/feed.json',
    ...extra,
  });

const parse = (name: string, extra: Record<string, unknown> = {}) =>
  jsonFeedAdapter.parse(
    { body: fixture(name), url: 'https://indiecommerce.example.net/feed.json' },
    source(extra),
  );

describe('json-feed parse', () => {
  it('reads JSON Feed 1.1: authors[], content_html flattened, language', () => {
    const items = parse('sources/json-feed/feed-1.1.json');
    expect(items).toEqual([
      {
        id: 'https://indiecommerce.example.net/2026/11/acmecloud-status-page',
        url: 'https://indiecommerce.example.net/2026/11/acmecloud-status-page',
        title: "AcmeCloud's status page is finally honest",
        text: "After last week's outage, AcmeCloud rebuilt its status page. It now shows incidents within minutes. Nice work, Acme.",
        author: 'Sam Ortega',
        authorUrl: 'https://indiecommerce.example.net/authors/sam',
        published: '2026-11-21T17:00:00.000Z',
        lang: 'en',
      },
      {
        id: '2026-11-acme-q3',
        url: 'https://indiecommerce.example.net/2026/11/acme-corp-quarterly-results',
        title: 'Acme Corp quarterly results: revenue up 12%',
        text: 'Acme Corp reported third-quarter revenue up 12% year over year, driven by AcmeCloud subscriptions.',
        author: 'Indie Commerce Weekly',
        published: '2026-11-18T21:30:00.000Z',
        lang: 'en',
      },
    ]);
  });

  it('reads JSON Feed 1.0: the author object', () => {
    expect(parse('sources/json-feed/feed-1.0.json')).toEqual([
      {
        id: '1042',
        url: 'https://devtools-digest.example.com/posts/1042',
        title: 'Acme Corp open-sources its AcmeCloud CLI',
        text: 'The AcmeCloud command-line tool is now open source under the Apache 2.0 licence.',
        author: 'Ravi Menon',
        published: '2026-11-16T10:00:00.000Z',
      },
    ]);
  });

  it('says what it got instead of a JSON Feed', () => {
    expect(() => parse('sources/json-feed/not-a-json-feed.json')).toThrow(
      'expected a feed, got JSON that is not a JSON Feed (top-level keys: status, articles;',
    );
    expect(() => parse('sources/rss/wordpress.xml')).toThrow(
      'expected a JSON Feed, got RSS 2.0; use kind: rss, which reads every feed format',
    );
  });

  it('honours maxItems', () => {
    expect(parse('sources/json-feed/feed-1.1.json', { maxItems: 1 })).toHaveLength(1);
  });
});

describe('json-feed fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const context = (url: string, cursor?: SourceContext['cursor']): SourceContext<JsonFeedSource> => ({
    source: source({ url }),
    http: createHttpClient({ userAgent: 'earshot-test' }),
    cursor,
    credential: () => undefined,
    searchTerms: ['Acme'],
    now: new Date('2026-11-23T00:00:00Z'),
    lookbackDays: 14,
    logger: memoryLogger(),
  });

  it('fetches with Last-Modified, then gets 304', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-modified-since']) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.setHeader('last-modified', 'Sat, 21 Nov 2026 18:00:00 GMT');
      sendFixture(res, 'sources/json-feed/feed-1.1.json', 'application/feed+json');
    });
    const url = `${server.url}/feed.json`;
    const first = await jsonFeedAdapter.fetch(context(url));
    expect(first.items).toHaveLength(2);
    expect(first.cursor).toEqual({
      since: '2026-11-21T17:00:00.000Z',
      validators: { [url]: { lastModified: 'Sat, 21 Nov 2026 18:00:00 GMT' } },
    });
    expect(server.requests[0]?.headers.accept).toMatch(/^application\/feed\+json/);
    const second = await jsonFeedAdapter.fetch(context(url, first.cursor));
    expect(second).toMatchObject({ items: [], cursor: first.cursor });
  });

  it('fails the source when the URL serves RSS', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/rss/medium.xml', 'application/rss+xml'),
    );
    await expect(jsonFeedAdapter.fetch(context(`${server.url}/feed`))).rejects.toThrow(SourceError);
  });
});
