import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/mentions/canonical-url.js';
import { encodeKeyPart, KEY_CHARSET, MAX_KEY_LENGTH, mentionKey } from '../../../src/mentions/key.js';

const RUNS = Number(process.env.EARSHOT_PROPERTY_RUNS) || 1000;
const params = { numRuns: RUNS };

describe('mentionKey', () => {
  it('uses the source id with the kind as prefix', () => {
    expect(mentionKey({ sourceKind: 'hacker-news', nativeId: '123' })).toBe('hacker-news:123');
    expect(
      mentionKey({
        sourceKind: 'mastodon',
        nativeId: 'https://mastodon.social/users/alice/statuses/110',
        canonicalUrl: 'https://mastodon.social/@alice/110',
      }),
    ).toBe('mastodon:https://mastodon.social/users/alice/statuses/110');
  });

  it('falls back to the canonical URL, so copies from different sources collapse', () => {
    const url = canonicalUrl('https://Example.com/post?utm_source=x#top')!;
    const a = mentionKey({ sourceKind: 'rss', canonicalUrl: url });
    const b = mentionKey({ sourceKind: 'html', canonicalUrl: canonicalUrl('https://example.com/post')! });
    expect(a).toBe('url:https://example.com/post');
    expect(b).toBe(a);
  });

  it('prefers the URL over a guid when asked (feeds), so two feeds with the same article collapse', () => {
    const url = 'https://blog.example.com/2026/launch';
    const feedA = mentionKey({
      sourceKind: 'rss',
      nativeId: 'tag:feed-a,2026:1',
      canonicalUrl: url,
      preferUrl: true,
    });
    const feedB = mentionKey({
      sourceKind: 'rss',
      nativeId: 'urn:uuid:42',
      canonicalUrl: url,
      preferUrl: true,
    });
    expect(feedA).toBe(`url:${url}`);
    expect(feedB).toBe(feedA);
    // Without a URL, the guid still works.
    expect(mentionKey({ sourceKind: 'rss', nativeId: 'urn:uuid:42', preferUrl: true })).toBe(
      'rss:urn:uuid:42',
    );
  });

  it('hashes the content when there is neither id nor URL, ignoring case and spacing', () => {
    const a = mentionKey({ sourceKind: 'json', author: 'Ann', title: 'Acme  is down', text: 'Really\ndown' });
    const b = mentionKey({ sourceKind: 'json', author: 'ann', title: 'ACME is down', text: 'really down ' });
    const c = mentionKey({ sourceKind: 'json', author: 'Bob', title: 'Acme is down', text: 'Really down' });
    const d = mentionKey({ sourceKind: 'other', author: 'Ann', title: 'Acme is down', text: 'Really down' });
    expect(a).toMatch(/^h:[0-9a-f]{16}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
  });

  it('percent-encodes characters that are not marker-safe', () => {
    expect(mentionKey({ sourceKind: 'x', nativeId: 'a b<!--c-->@ü' })).toBe('x:a%20b%3C%21--c--%3E%40%C3%BC');
    expect(mentionKey({ sourceKind: 'x', nativeId: 'already%2fencoded 100%' })).toBe(
      'x:already%2Fencoded%20100%25',
    );
    expect(mentionKey({ sourceKind: 'x', nativeId: '  ', canonicalUrl: 'https://a.example/' })).toBe(
      'url:https://a.example/',
    );
  });

  it('caps long keys with a hash of the whole key', () => {
    const long = `https://example.com/${'a'.repeat(300)}`;
    const key = mentionKey({ sourceKind: 'rss', canonicalUrl: long });
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(key).toMatch(/^url:https:\/\/example\.com\/a+~[0-9a-f]{16}$/);
    expect(mentionKey({ sourceKind: 'rss', canonicalUrl: `${long}b` })).not.toBe(key);
    // An escape is never cut in half.
    const escaped = mentionKey({ sourceKind: 'x', nativeId: 'é'.repeat(100) });
    expect(escaped).toMatch(/^x:(%C3%A9)+~[0-9a-f]{16}$/);
  });
});

const wellFormed = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('mentionKey (property-based)', () => {
  const input = fc.record(
    {
      sourceKind: fc.constantFrom('rss', 'hacker-news', 'mastodon', 'reddit'),
      nativeId: fc.string({ unit: 'binary', maxLength: 300 }),
      canonicalUrl: fc.webUrl({ withQueryParameters: true }),
      text: fc.string({ maxLength: 50 }),
      title: fc.string({ maxLength: 20 }),
      author: fc.string({ maxLength: 10 }),
      preferUrl: fc.boolean(),
    },
    { requiredKeys: ['sourceKind'] },
  );

  it('is deterministic, bounded and marker-safe', () => {
    fc.assert(
      fc.property(input, (i) => {
        const key = mentionKey(i);
        expect(mentionKey({ ...i })).toBe(key);
        expect(key).toMatch(KEY_CHARSET);
        expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
        expect(key).not.toContain('<!--');
        expect(key).not.toContain('-->');
      }),
      params,
    );
  });

  it('encodes injectively enough: distinct safe ids keep distinct keys', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (a, b) => {
          fc.pre(a !== b && !a.includes('%') && !b.includes('%') && wellFormed(a) && wellFormed(b));
          expect(encodeKeyPart(a)).not.toBe(encodeKeyPart(b));
        },
      ),
      params,
    );
  });
});
