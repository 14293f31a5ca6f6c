import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, NotAFeedError, readFeed } from '../../../src/platforms/shared/feed/index.js';
import { strictParse } from '../../../src/platforms/shared/feed/strict.js';

const URL_ = 'https://feeds.example.com/feed.xml';
const rss = (items: string, channelExtra = '') =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.com/</link>${channelExtra}${items}</channel></rss>`;
const item = (i: number, extra = '') =>
  `<item><title>Item ${i}</title><link>https://example.com/${i}</link>${extra}</item>`;

describe('readFeed: per item, never per feed', () => {
  it('names the item (index and title) and the reason in each warning', () => {
    const feed = readFeed({
      body: rss(
        `${item(1)}${item(2, '<pubDate>32 Smarch 2024</pubDate>')}<item><link>javascript:alert(1)</link></item>`,
      ),
      url: URL_,
    });
    expect(feed.items.map((i) => i.title ?? null)).toEqual(['Item 1', 'Item 2']);
    expect(feed.items[1]?.published).toBeUndefined();
    expect(feed.warnings).toEqual([
      'item 2 ("Item 2"): invalid date "32 Smarch 2024" in <pubDate> (unknown month "Smarch"); kept without a date',
      'item 3: link "javascript:alert(1)" is not an http(s) URL; kept without a link',
      'item 3: no link, id, title or text; dropped',
    ]);
  });

  it('falls back to the next date field when the first is broken', () => {
    const feed = readFeed({
      body: `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>E</title><id>urn:e</id><published>garbage</published><updated>2026-11-01T00:00:00Z</updated></entry></feed>`,
      url: URL_,
    });
    expect(feed.items[0]?.published).toBe('2026-11-01T00:00:00.000Z');
    expect(feed.warnings[0]).toMatch(/invalid date "garbage" in <published> .*; used <updated> instead/);
  });

  it('keeps undated items and items with only a guid', () => {
    const feed = readFeed({
      body: rss('<item><guid isPermaLink="false">only-guid</guid></item>'),
      url: URL_,
    });
    expect(feed.items).toEqual([{ id: 'only-guid', text: '' }]);
  });

  it('uses a permalink guid as the link when there is no <link>', () => {
    const feed = readFeed({
      body: rss('<item><title>G</title><guid>https://example.com/g</guid></item>'),
      url: URL_,
    });
    expect(feed.items[0]).toMatchObject({ url: 'https://example.com/g', id: 'https://example.com/g' });
  });

  it('prefers feedburner:origLink over the proxied link', () => {
    const feed = readFeed({
      body: rss(
        '<item xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>F</title><link>https://feeds.feedburner.example/~r/x/~3/abc/</link><feedburner:origLink>https://blog.example.com/real</feedburner:origLink></item>',
      ),
      url: URL_,
    });
    expect(feed.items[0]?.url).toBe('https://blog.example.com/real');
  });
});

describe('readFeed: Atom links', () => {
  it('prefers feedburner:origLink in Atom too', () => {
    const feed = readFeed({
      body: `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><title>A</title><entry><title>E</title><id>urn:e</id><link rel="alternate" href="https://feeds.feedburner.example/~r/a/~3/x/"/><feedburner:origLink>https://blog.example.com/e</feedburner:origLink></entry></feed>`,
      url: URL_,
    });
    expect(feed.items[0]?.url).toBe('https://blog.example.com/e');
  });
});

describe('readFeed: bounds', () => {
  it('caps items per feed and says so', () => {
    const body = rss(Array.from({ length: 30 }, (_, i) => item(i)).join(''));
    const feed = readFeed({ body, url: URL_ }, { ...DEFAULT_LIMITS, maxItems: 10 });
    expect(feed.items).toHaveLength(10);
    expect(feed.warnings).toContain('30 items: only the first 10 were read');
  });

  it('caps item text and warnings', () => {
    const long = 'word '.repeat(5000);
    const body = rss(
      Array.from({ length: 20 }, (_, i) => item(i, `<description>${long}</description>`)).join(''),
    );
    const feed = readFeed({ body, url: URL_ }, { ...DEFAULT_LIMITS, maxTextChars: 1000, maxWarnings: 5 });
    expect(Math.max(...feed.items.map((i) => i.text.length))).toBeLessThanOrEqual(1000);
    expect(feed.warnings).toHaveLength(6);
    expect(feed.warnings[5]).toBe('… and 15 more warning(s)');
  });

  it('refuses a body above the size cap', () => {
    expect(() =>
      readFeed({ body: new Uint8Array(2048), url: URL_ }, { ...DEFAULT_LIMITS, maxBodyBytes: 1024 }),
    ).toThrow(/feed too large: 2048 bytes/);
  });

  // How fast is a benchmark's question (scan.mentionsPerSecond), not a test's: a loaded CI machine
  // made a 3 s bound here fail at random.
  it('reads every one of 5,000 items', () => {
    const body = rss(
      Array.from({ length: 5000 }, (_, i) => item(i, '<description>&lt;p&gt;x&lt;/p&gt;</description>')).join(
        '',
      ),
    );
    const feed = readFeed({ body, url: URL_ });
    expect(feed.items).toHaveLength(5000);
    expect(feed.items[4999]?.text).toBe('x');
  });

  it('never expands DOCTYPE entities, even nested ones used many times', () => {
    const defs = ['<!ENTITY a "aaaaaaaaaa">'];
    for (let i = 1; i <= 12; i++) defs.push(`<!ENTITY a${i} "${`&a${i === 1 ? '' : i - 1};`.repeat(20)}">`);
    const body = `<?xml version="1.0"?><!DOCTYPE rss [${defs.join('')}]>${rss(item(1, `<description>${'&a12;'.repeat(1000)}</description>`))}`;
    const start = performance.now();
    const feed = readFeed({ body, url: URL_ });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(feed.items[0]?.text.length).toBeLessThan(10_000);
    expect(feed.items[0]?.text).toContain('&a12;');
    expect(feed.warnings.join()).toMatch(/DOCTYPE declares 13 entities: not expanded/);
  });
});

describe('readFeed: recovered and the strict pass', () => {
  it('is not "recovered" for a well-formed feed, and is for a broken one, with the strict reason', () => {
    expect(readFeed({ body: rss(item(1)), url: URL_ })).toMatchObject({ recovered: false, warnings: [] });
    const broken = readFeed({ body: rss(item(1)).replace('</channel></rss>', ''), url: URL_ });
    expect(broken.recovered).toBe(true);
    expect(broken.warnings).toEqual([
      expect.stringMatching(/^read with the tolerant parser: not well-formed XML: Unclosed root tag/),
    ]);
  });

  it('strictParse reports what rss-parser refuses', () => {
    expect(strictParse(rss(item(1)))).toEqual({ ok: true, items: 1, title: 'T' });
    expect(strictParse('<rss><channel><title>x</title></channel></rss>')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not recognise'),
    });
    expect(strictParse('<rss version="2.0"><item><title>x</title></item></rss>')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('rss-parser failed'),
    });
    expect(
      strictParse(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><published>nope</published></entry></feed>',
      ),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('Invalid time value') });
    expect(
      strictParse(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></title></feed>',
      ),
    ).toMatchObject({ ok: false, reason: 'rss-parser returned a feed title that is not a string' });
  });

  it('accepts a string body (already decoded)', () => {
    expect(readFeed({ body: rss(item(1)), url: URL_ })).toMatchObject({ encoding: 'string', title: 'T' });
  });
});

describe('readFeed: not a feed', () => {
  it('throws NotAFeedError naming what it found', () => {
    const html =
      '<!doctype html><html><head><title>Shop</title><link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>';
    try {
      readFeed({ body: html, url: 'https://shop.example.com/blog/' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotAFeedError);
      expect((error as NotAFeedError).found).toBe('html');
      expect((error as NotAFeedError).feeds).toEqual(['https://shop.example.com/blog/atom.xml']);
      expect((error as Error).message).toBe(
        'expected a feed, got an HTML page (title: "Shop"); it advertises a feed at https://shop.example.com/blog/atom.xml',
      );
    }
  });

  it('names truncated JSON and arrays', () => {
    expect(() =>
      readFeed({ body: '{"version": "https://jsonfeed.org/version/1.1", "items": [', url: URL_ }),
    ).toThrow(/got JSON that does not parse/);
    expect(() => readFeed({ body: '[1, 2]', url: URL_ })).toThrow(/an array of 2 value\(s\)/);
  });
});
