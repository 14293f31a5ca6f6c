import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/mentions/canonical-url.js';
import { parsePostUrl } from '../../../src/platforms/x/post-url.js';
import {
  encodeKeyPart,
  guidId,
  KEY_CHARSET,
  MAX_KEY_LENGTH,
  mentionIds,
  mentionKey,
  urlId,
} from '../../../src/record/identity.js';

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

describe('mentionKey (the keys stored in existing issues)', () => {
  // Computed by mentionKey before item fragments and ids existed: these must never change.
  it.each([
    [
      {
        sourceKind: 'rss',
        nativeId: 'guid-1',
        canonicalUrl: canonicalUrl('https://Blog.example.com/p?utm_medium=rss#comments'),
        preferUrl: true,
      },
      'url:https://blog.example.com/p',
    ],
    [{ sourceKind: 'rss', nativeId: 'urn:uuid:42', preferUrl: true }, 'rss:urn:uuid:42'],
    [
      {
        sourceKind: 'Hacker-News',
        nativeId: ' 123 ',
        canonicalUrl: 'https://news.ycombinator.com/item?id=123',
      },
      'hacker-news:123',
    ],
    [{ sourceKind: 'json', author: 'Ann', title: 'Acme is down', text: 'Really down' }, 'h:b8d05a6e98b81070'],
    [
      {
        sourceKind: 'discourse',
        nativeId: 'forum.example.com:991',
        canonicalUrl: canonicalUrl('https://forum.example.com/t/acme/2144/30'),
      },
      'discourse:forum.example.com:991',
    ],
    [
      {
        sourceKind: 'json-feed',
        nativeId: 'x',
        canonicalUrl: canonicalUrl('https://example.com/ü path?b=2&a=1'),
        preferUrl: true,
      },
      'url:https://example.com/%C3%BC%20path?a=1&b=2',
    ],
    [
      {
        sourceKind: 'rss',
        canonicalUrl: canonicalUrl(`https://example.com/${'long-'.repeat(60)}`),
        preferUrl: true,
      },
      `url:https://example.com/${'long-'.repeat(32).slice(0, -1)}~5956a81a76bd105d`,
    ],
    [
      { sourceKind: 'html', nativeId: 'https://example.com/page#comment-5' },
      'html:https://example.com/page%23comment-5',
    ],
  ])('%j → %s', (input, key) => {
    expect(mentionKey(input)).toBe(key);
    expect(mentionIds(input)[0]).toBe(key);
  });

  it('gives each post on one page its own key (the item fragment is kept, its # encoded)', () => {
    const page = 'https://forum.example.com/t/topic/2144?page=2';
    const key = (n: number) =>
      mentionKey({ sourceKind: 'rss', canonicalUrl: canonicalUrl(`${page}#post_${n}`), preferUrl: true });
    expect(key(30)).toBe(`url:${page}%23post_30`);
    expect(key(31)).toBe(`url:${page}%23post_31`);
  });
});

describe('mentionIds', () => {
  const page = 'https://forum.example.com/t/topic/2144?page=2';
  const feedPost = (n: number, sourceId = 'forum-posts') => ({
    sourceKind: 'rss',
    sourceId,
    nativeId: `forum.example.com-post-${n}`,
    canonicalUrl: canonicalUrl(`${page}#post_${n}`),
    preferUrl: true,
  });
  const shared = (a: string[], b: string[]) => a.filter((id) => b.includes(id));

  it('lists the key, then the guid scoped to its source, then the canonical URL', () => {
    expect(mentionIds(feedPost(30))).toEqual([
      `url:${page}%23post_30`,
      'guid:forum-posts:forum.example.com-post-30',
    ]);
    // A feed item without a link: the (legacy) key by guid, then the scoped guid.
    expect(
      mentionIds({ sourceKind: 'rss', sourceId: 'blog', nativeId: 'urn:uuid:42', preferUrl: true }),
    ).toEqual(['rss:urn:uuid:42', 'guid:blog:urn:uuid:42']);
    // An API item: its own id; its URL only when the source says the URL is the item's permalink.
    const hn = {
      sourceKind: 'hacker-news',
      sourceId: 'hn',
      nativeId: '123',
      canonicalUrl: 'https://news.ycombinator.com/item?id=123',
    };
    expect(mentionIds(hn)).toEqual(['hacker-news:123']);
    expect(mentionIds({ ...hn, urlNamesItem: true })).toEqual([
      'hacker-news:123',
      'url:https://news.ycombinator.com/item?id=123',
    ]);
    // Neither id nor URL: the content hash alone.
    expect(mentionIds({ sourceKind: 'json', text: 'Acme is down' })).toEqual([
      mentionKey({ sourceKind: 'json', text: 'Acme is down' }),
    ]);
    // No source id: no guid id (an unscoped guid could be another feed's).
    expect(mentionIds({ ...feedPost(30), sourceId: undefined })).toEqual([`url:${page}%23post_30`]);
  });

  it('shares no id between two posts on one page', () => {
    expect(shared(mentionIds(feedPost(30)), mentionIds(feedPost(31)))).toEqual([]);
  });

  it('keeps the guid id when a feed item changes its link', () => {
    const before = mentionIds({ ...feedPost(30), canonicalUrl: 'https://forum.example.com/t/old-slug/2144' });
    const after = mentionIds({ ...feedPost(30), canonicalUrl: 'https://forum.example.com/t/new-slug/2144' });
    expect(before[0]).not.toBe(after[0]);
    expect(shared(before, after)).toEqual(['guid:forum-posts:forum.example.com-post-30']);
  });

  it('shares the URL id between two sources of the same article, never the guid id', () => {
    const url = 'https://blog.example.com/2026/launch';
    const a = mentionIds({
      sourceKind: 'rss',
      sourceId: 'feed-a',
      nativeId: '1',
      canonicalUrl: url,
      preferUrl: true,
    });
    const b = mentionIds({
      sourceKind: 'json-feed',
      sourceId: 'feed-b',
      nativeId: '1',
      canonicalUrl: url,
      preferUrl: true,
    });
    expect(shared(a, b)).toEqual([`url:${url}`]);
    const mastodonStatus = 'https://mastodon.social/@acme/110';
    const feed = mentionIds({
      sourceKind: 'rss',
      sourceId: 'acme-toots',
      nativeId: mastodonStatus,
      canonicalUrl: mastodonStatus,
      preferUrl: true,
    });
    const api = mentionIds({
      sourceKind: 'mastodon',
      sourceId: 'fediverse',
      nativeId: 'https://mastodon.social/users/acme/statuses/110',
      canonicalUrl: mastodonStatus,
      urlNamesItem: true,
    });
    expect(shared(feed, api)).toEqual(['url:https://mastodon.social/%40acme/110']);
  });

  it('knows an X post by its id however its address is written, and the x source keys it so', () => {
    const api = mentionIds({
      sourceKind: 'x',
      sourceId: 'x-search',
      nativeId: '1790000000000000001',
      canonicalUrl: canonicalUrl('https://x.com/acme_fan/status/1790000000000000001'),
      urlNamesItem: true,
    });
    expect(api[0]).toBe('x:1790000000000000001');
    // An issue filed from a feed before x: ids existed is keyed by the post's twitter.com address
    // alone: the X API's copy is known by it too.
    const filedBefore = urlId(canonicalUrl('https://twitter.com/acme_fan/status/1790000000000000001') ?? '');
    expect(api).toContain(filedBefore);
    expect(
      mentionIds({
        sourceKind: 'x',
        nativeId: '5',
        canonicalUrl: 'https://x.com/i/web/status/5',
        urlNamesItem: true,
      }),
    ).toEqual(['x:5', 'url:https://x.com/i/web/status/5']);
    for (const link of [
      'https://twitter.com/acme_fan/status/1790000000000000001',
      'https://mobile.twitter.com/Acme_Fan/status/1790000000000000001?s=20',
      'https://www.x.com/renamed_handle/status/1790000000000000001/photo/1',
      'https://twitter.com/i/web/status/1790000000000000001',
    ]) {
      const feed = mentionIds({
        sourceKind: 'rss',
        sourceId: 'nitter',
        nativeId: link,
        canonicalUrl: canonicalUrl(link),
        preferUrl: true,
      });
      expect(feed[0]).toBe(urlId(canonicalUrl(link) ?? link)); // the key is unchanged: issues on record keep theirs
      expect(shared(feed, api)).toContain('x:1790000000000000001');
    }
    // Not posts: a profile, another site's /status/ path, a longer id, a URL that is not the item's.
    for (const link of [
      'https://x.com/acme_fan',
      'https://status.example.com/x.com/a/status/1',
      'https://x.com/acme_fan/status/12345678901234567890',
      'https://notx.com/a/status/1',
    ])
      expect(parsePostUrl(canonicalUrl(link) ?? link)).toBeUndefined();
    expect(
      mentionIds({ sourceKind: 'json', nativeId: '7', canonicalUrl: 'https://x.com/a/status/1' }),
    ).toEqual(['json:7']);
  });

  it('encodes and caps every id like the key; the helpers give the same ids', () => {
    const long = `https://example.com/${'a'.repeat(300)}#comment-7`;
    const ids = mentionIds({
      sourceKind: 'rss',
      sourceId: 'blog',
      nativeId: `é${'x'.repeat(300)}`,
      canonicalUrl: long,
      preferUrl: true,
    });
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect(id).toMatch(KEY_CHARSET);
      expect(id.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    }
    expect(ids[0]).toBe(urlId(long));
    expect(ids[1]).toBe(guidId('blog', `é${'x'.repeat(300)}`));
    expect(guidId('a:b', 'c')).toBe('guid:a%3Ab:c');
    expect(guidId('a', 'b:c')).not.toBe(guidId('a:b', 'c'));
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
