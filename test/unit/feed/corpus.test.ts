/**
 * The table-driven corpus test: every test/fixtures/feeds/<name>.<ext> with a sidecar
 * <name>.expected.json is read and checked (title, item count, first item, links, dates, text,
 * warnings, errors for non-feeds, time bound). Plus a check that the checker itself catches wrong
 * expectations, and that the figures for `npm run bench` add up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CorpusCase,
  checkCase,
  loadCorpus,
  runFeedCorpus,
} from '../../../src/platforms/shared/feed/corpus.js';

const cases = await loadCorpus();

describe('feed corpus', () => {
  it('has cases of every class', () => {
    const classes = new Set(cases.map((c) => c.expected.class));
    expect([...classes].sort()).toEqual(['broken', 'encoding', 'not-a-feed', 'security', 'valid']);
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const result = checkCase(c);
    expect(result.failures).toEqual([]);
    expect(result.crashed).toBe(false);
  });
});

describe('the corpus checker', () => {
  const byName = (name: string): CorpusCase => {
    const c = cases.find((x) => x.file === name);
    if (!c) throw new Error(`no corpus case ${name}`);
    return c;
  };

  it('reports a wrong title, count, link and missing text', () => {
    const c = byName('rss-2.0.xml');
    const result = checkCase({
      ...c,
      expected: {
        ...c.expected,
        title: 'Wrong',
        items: 7,
        first: { link: 'https://wrong.example/' },
        textIncludes: ['not in the feed'],
      },
    });
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([
      'title: expected "Wrong", got "Shop Talk"',
      'items: expected 7, got 2',
      'first.link: expected "https://wrong.example/", got "https://shoptalk.example.com/t/acmecloud-checkout-slow/881"',
      'text does not include "not in the feed"',
    ]);
  });

  it('reports a feed where an error was expected, and the wrong error', () => {
    const feed = byName('rss-2.0.xml');
    expect(checkCase({ ...feed, expected: { class: 'not-a-feed', description: 'x' } }).failures[0]).toMatch(
      /expected an error, read a RSS 2.0 feed/,
    );
    const html = byName('html-page.html');
    expect(checkCase({ ...html, expected: { ...html.expected, error: 'an OPML' } }).ok).toBe(false);
  });

  it('reports a time limit overrun as a hang', () => {
    const c = byName('rss-2.0.xml');
    const result = checkCase({ ...c, expected: { ...c.expected, maxMs: 0.000001 } });
    expect(result.hung).toBe(true);
    expect(result.ok).toBe(false);
  });
});

describe('corpus figures', () => {
  let figures: Record<string, number>;
  beforeAll(async () => {
    figures = (await runFeedCorpus()).figures;
  });

  it('reads every case as expected, with no crash or hang', () => {
    expect(figures).toMatchObject({
      'feeds.wellFormedRead': 1,
      'feeds.illFormedRead': 1,
      'feeds.illFormedItemsRecovered': 1,
      'feeds.encodingChecksPassed': 1,
      'feeds.nonFeedsRejected': 1,
      'feeds.securityChecksPassed': 1,
      'feeds.crashes': 0,
      'feeds.hangs': 0,
    });
    expect(figures['feeds.corpusCases']).toBe(cases.length);
  });

  it('shows what rss-parser with its defaults misses on the same feeds', () => {
    expect(figures['feeds.rssParserDefaultsRead']).toBeLessThan(0.8);
    expect(figures['feeds.rssParserDefaultsRead']).toBeGreaterThan(0.3);
    expect(figures['feeds.rssParserDefaultsItemsRecovered']).toBeLessThan(
      figures['feeds.illFormedItemsRecovered']!,
    );
  });

  it('keeps the entity bomb fast', () => {
    expect(figures['feeds.entityBombMs']).toBeLessThan(500);
  });
});
