/**
 * json-feed: more recorded payloads (an empty feed; a sparse, non-English one) and HTTP failures
 * against a loopback server (429 + Retry-After, 5xx, timeout, oversized body).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { type JsonFeedSource, jsonFeedAdapter } from '../../../src/platforms/json-feed/source.js';
import { readFeed } from '../../../src/platforms/shared/feed/read-feed.js';
import type { SourceContext, SourceCursor } from '../../../src/platforms/source.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';
import { feedFailureTests } from './feed-failures.js';

const URL_ = 'https://cloud-notizen.example.de/feed.json';
const source = (url = URL_): JsonFeedSource =>
  jsonFeedAdapter.schema.parse({ id: 'jf', kind: 'json-feed', url });
const parse = (name: string) =>
  jsonFeedAdapter.parse({ body: fixture(`sources/json-feed/${name}`), url: URL_ }, source());

describe('json-feed parse: edge cases', () => {
  it('an empty feed (no items) is nothing, not an error', () => {
    expect(parse('feed-empty.json')).toEqual([]);
  });

  it('a sparse German/French feed: no titles, date_modified only, no date, numeric id, external_url', () => {
    const items = parse('feed-sparse.json');
    expect(items).toHaveLength(3);
    const [frankfurt, forum, short] = items;
    // content_html flattened, no title, date from date_modified, feed language.
    expect(frankfurt).toMatchObject({
      id: 'https://cloud-notizen.example.de/2026/11/acmecloud-frankfurt',
      url: 'https://cloud-notizen.example.de/2026/11/acmecloud-frankfurt',
      text: 'AcmeCloud eröffnet eine Region in Frankfurt. Endlich bleiben unsere Daten in Deutschland – größter Wunsch erfüllt!',
      authorUrl: 'https://cloud-notizen.example.de/autoren/lena',
      published: '2026-11-20T08:30:00.000Z',
      lang: 'de',
    });
    expect(frankfurt?.title).toBeUndefined();
    // A numeric id is coerced to a string (the spec says readers must); external_url is the link;
    // no date at all: kept undated; the item's own language wins; the feed's authors apply.
    expect(forum).toEqual({
      id: '20261119',
      url: 'https://forum.exemple.fr/sujet/acme-corp-facturation',
      text: "Quelqu'un a reçu une double facture d'Acme Corp ce mois-ci ?",
      author: 'Redaktion Cloud-Notizen',
      lang: 'fr',
    });
    // No url at all: the item is kept with its id, title and text.
    expect(short).toMatchObject({ title: 'Kurz notiert: Acme', published: '2026-11-18T08:00:00.000Z' });
    expect(short?.url).toBeUndefined();
    expect(readFeed({ body: fixture('sources/json-feed/feed-sparse.json'), url: URL_ }).warnings).toEqual([]);
  });
});

describe('json-feed fetch: cursor', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const context = (url: string, now: string, cursor?: SourceCursor): SourceContext<JsonFeedSource> => ({
    source: source(url),
    http: createHttpClient({ userAgent: 'earshot-test' }),
    cursor,
    credential: () => undefined,
    searchTerms: ['Acme'],
    now: new Date(now),
    lookbackDays: 14,
    logger: memoryLogger(),
  });

  it('reads the whole look-back window whatever the cursor: after missed runs, and a late item older than the cursor; older than the window dropped', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/json-feed/feed-1.1.json', 'application/feed+json'),
    );
    const url = `${server.url}/feed.json`;
    // The last successful run saw items up to 2026-11-15; the scheduled runs since were dropped.
    const late = await jsonFeedAdapter.fetch(
      context(url, '2026-11-23T00:00:00Z', { since: '2026-11-15T00:00:00.000Z' }),
    );
    expect(late.items.map((i) => i.published)).toEqual([
      '2026-11-21T17:00:00.000Z',
      '2026-11-18T21:30:00.000Z',
    ]);
    expect(late.cursor.since).toBe('2026-11-21T17:00:00.000Z');
    // A cursor past the older item: it still comes back (a feed may publish it late, backdated),
    // since it is inside the 14-day look-back window (from 9 November); the cursor stays the newest.
    const next = await jsonFeedAdapter.fetch(
      context(url, '2026-11-23T00:00:00Z', { since: '2026-11-20T00:00:00.000Z' }),
    );
    expect(next.items.map((i) => i.published)).toEqual([
      '2026-11-21T17:00:00.000Z',
      '2026-11-18T21:30:00.000Z',
    ]);
    expect(next.cursor.since).toBe('2026-11-21T17:00:00.000Z');
    // A run on 3 December looks back to 19 November: the 18 November item is dropped.
    const later = await jsonFeedAdapter.fetch(
      context(url, '2026-12-03T00:00:00Z', { since: '2026-11-21T17:00:00.000Z' }),
    );
    expect(later.items.map((i) => i.published)).toEqual(['2026-11-21T17:00:00.000Z']);
    expect(later.cursor.since).toBe('2026-11-21T17:00:00.000Z');
  });

  it('an empty feed keeps the cursor where it was', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/json-feed/feed-empty.json', 'application/feed+json'),
    );
    const since = '2026-11-21T17:00:00.000Z';
    const result = await jsonFeedAdapter.fetch(
      context(`${server.url}/feed.json`, '2026-11-23T00:00:00Z', { since }),
    );
    expect(result.items).toEqual([]);
    expect(result.cursor.since).toBe(since);
  });
});

describe('json-feed fetch failures', () => {
  feedFailureTests({
    adapter: jsonFeedAdapter,
    ok: (res) => sendFixture(res, 'sources/json-feed/feed-1.1.json', 'application/feed+json'),
    now: new Date('2026-11-23T00:00:00Z'),
  });
});
