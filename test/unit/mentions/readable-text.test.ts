/**
 * The company's name inside a URL is not a mention (issue #16, item 4): queries match the text
 * people read, URLs out, unless `match.urls` is set.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { compileQuery } from '../../../src/mentions/match.js';
import { normalize } from '../../../src/mentions/normalize.js';
import { matchInput, withoutUrls } from '../../../src/mentions/readable-text.js';
import { mastodonAdapter } from '../../../src/platforms/mastodon/source.js';
import { runScan } from '../../../src/scan.js';
import { asAdapters, fakeAdapter, keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { fixture } from '../../helpers/loopback.js';

describe('withoutUrls', () => {
  it('takes out scheme URLs, www. hosts and mailto: addresses, keeping the words around them apart', () => {
    expect(withoutUrls('Read more at https://www.globex.com/pricing.')).toBe('Read more at  ');
    expect(withoutUrls('see www.globex.com/x or mailto:sales@globex.com now')).toBe('see   or   now');
    expect(withoutUrls('ftp://globex.example/f.tgz and HTTP://GLOBEX.EXAMPLE')).toBe('  and  ');
    expect(withoutUrls('word<https://globex.com/a>word')).toBe('word< >word');
  });

  it('keeps Markdown link words, bare names and text without URLs', () => {
    expect(withoutUrls('[the Globex docs](https://globex.com/docs)')).toBe('[the Globex docs]( ');
    expect(withoutUrls('I bought it on globex.com yesterday')).toBe('I bought it on globex.com yesterday');
    expect(withoutUrls('Globex: 5 < 6, a://b is not a URL')).toBe('Globex: 5 < 6, a://b is not a URL');
  });

  it('is linear on hostile input', () => {
    const hostile = `${'a'.repeat(20)}:/`.repeat(20_000) + 'www.'.repeat(50_000);
    const started = performance.now();
    withoutUrls(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('matching Mastodon statuses on the text people read', () => {
  const source = mastodonAdapter.schema.parse({ id: 'm', kind: 'mastodon' });
  const fetched = new Date('2025-03-10T12:00:00Z');
  const mentions = mastodonAdapter
    .parse(
      {
        body: fixture('sources/mastodon/search-statuses-links.json'),
        url: 'https://social.example/api/v2/search',
      },
      source,
    )
    .map((item) => normalize(item, { sourceId: 'm', sourceKind: 'mastodon', fetched }));
  const query = compileQuery('AcmeCloud');

  it('the name inside a link does not match; the name in the words does', () => {
    expect(mentions.map((m) => m.text)).toEqual([
      'Pricing changes everywhere this week. Read more at https://www.acmecloud.com/pricing',
      'AcmeCloud doubled its prices again: https://www.acmecloud.com/pricing',
      'Mirror of the release notes: https://mirror.example/acmecloud-notes',
    ]);
    expect(mentions.map((m) => query.matches(matchInput(m, { urls: false })))).toEqual([false, true, false]);
  });

  it('match.urls: true counts links too', () => {
    expect(mentions.map((m) => query.matches(matchInput(m, { urls: true })))).toEqual([true, true, true]);
  });
});

describe('runScan honours match.urls', () => {
  const config = (extra: string) => `company:
  name: Globex
bootstrap:
  backfill: true
${extra}
sources:
  - id: a
    kind: fake
    feed: a
`;
  const items = [
    { id: '1', text: 'Read more at https://www.globex.com/pricing', published: '2026-11-19T10:00:00Z' },
    { id: '2', text: 'Globex raised its prices', published: '2026-11-19T10:00:00Z' },
  ];

  async function scan(extra: string) {
    const adapter = fakeAdapter({ a: items });
    const result = await runScan({
      config: parseConfig(config(extra), 'test.yml', asAdapters(adapter)),
      adapters: asAdapters(adapter),
      tracker: new MemoryTracker(),
      http: createHttpClient(),
      classifier: keywordClassifier,
      env: {},
      now: () => new Date('2026-11-20T12:00:00Z'),
      logger: memoryLogger(),
    });
    return { result };
  }

  it('by default a URL alone is not a mention', async () => {
    const { result } = await scan('');
    expect(result.sources[0]).toMatchObject({ fetched: 2, matched: 1, new: 1 });
  });

  it('with match.urls: true it is', async () => {
    const { result } = await scan('match:\n  urls: true');
    expect(result.sources[0]).toMatchObject({ fetched: 2, matched: 2, new: 2 });
  });
});
