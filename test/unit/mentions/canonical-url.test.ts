import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalUrl,
  isTrackingParam,
  itemFragment,
  TRACKING_PARAMS,
} from '../../../src/mentions/canonical-url.js';

const RUNS = Number(process.env.EARSHOT_PROPERTY_RUNS) || 1000;
const params = { numRuns: RUNS };

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://Example.COM:443/A/b/?b=2&a=1#frag', 'https://example.com/A/b/?a=1&b=2'],
    ['http://example.com:80', 'http://example.com/'],
    ['http://example.com:8080/x', 'http://example.com:8080/x'],
    ['https://example.com/?', 'https://example.com/'],
    ['https://example.com/path/', 'https://example.com/path/'],
    ['https://example.com/path', 'https://example.com/path'],
    ['https://example.com/a/./b/../c', 'https://example.com/a/c'],
    ['https://user:secret@example.com./x', 'https://example.com/x'],
    ['  https://example.com/x  ', 'https://example.com/x'],
    ['https://bücher.example/ä', 'https://xn--bcher-kva.example/%C3%A4'],
    [
      'https://example.com/%7euser/%2f%3a?q=%41%2b%e2%82%ac',
      'https://example.com/~user/%2F%3A?q=A%2B%E2%82%AC',
    ],
    ['https://example.com/a b?q=a b', 'https://example.com/a%20b?q=a%20b'],
    ['https://example.com/?a=1&&b=2&', 'https://example.com/?a=1&b=2'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('drops tracking parameters, whatever their case', () => {
    const url =
      'https://example.com/post?id=7&utm_source=x&UTM_Medium=y&utm_campaign=z&fbclid=1&gclid=2&dclid=3&msclkid=4' +
      '&mc_cid=5&mc_eid=6&igshid=7&yclid=8&_hsenc=9&_hsmi=10&ref_src=11&ref_url=12&page=2';
    expect(canonicalUrl(url)).toBe('https://example.com/post?id=7&page=2');
  });

  it('drops si only where it is a share id (YouTube, Spotify)', () => {
    expect(canonicalUrl('https://youtu.be/abc?si=XYZ&t=10')).toBe('https://youtu.be/abc?t=10');
    expect(canonicalUrl('https://www.youtube.com/watch?v=abc&si=XYZ')).toBe(
      'https://www.youtube.com/watch?v=abc',
    );
    expect(canonicalUrl('https://example.com/search?si=1')).toBe('https://example.com/search?si=1');
    expect(isTrackingParam('si', 'open.spotify.com')).toBe(true);
    expect(isTrackingParam('ref', 'example.com')).toBe(false);
  });

  it('unwraps Google redirect links (Google Alerts) but not Google News articles', () => {
    const alert =
      'https://www.google.com/url?rct=j&sa=t&url=https://news.example.org/story%3Fid%3D1%26utm_medium%3Dfeed&ct=ga&cd=CAIyGg&usg=AOvVaw';
    expect(canonicalUrl(alert)).toBe('https://news.example.org/story?id=1');
    expect(canonicalUrl('https://google.co.uk/url?q=https://example.com/a#x')).toBe('https://example.com/a');
    const news = 'https://news.google.com/rss/articles/CBMiK2h0dHBz?oc=5';
    expect(canonicalUrl(news)).toBe(news);
    // Not a web URL inside: keep the wrapper itself.
    expect(canonicalUrl('https://www.google.com/url?url=javascript:alert(1)')).toBe(
      'https://www.google.com/url?url=javascript:alert(1)',
    );
    expect(canonicalUrl('https://www.google.com/search?q=https://example.com')).toBe(
      'https://www.google.com/search?q=https://example.com',
    );
  });

  it('keeps a fragment that names an item, after the query, and drops navigation', () => {
    const page = 'https://forum.example.com/t/topic/2144?page=2';
    expect(canonicalUrl(`${page}#post_30`)).toBe(`${page}#post_30`);
    expect(canonicalUrl(`${page}#post_31`)).toBe(`${page}#post_31`);
    expect(canonicalUrl(`${page}#post_30`)).not.toBe(canonicalUrl(`${page}#post_31`));
    expect(canonicalUrl('https://Blog.example.com/p/?utm_source=x&b=1#comment-123')).toBe(
      'https://blog.example.com/p/?b=1#comment-123',
    );
    expect(canonicalUrl('https://blog.example.com/p/#comment-123:~:text=acme')).toBe(
      'https://blog.example.com/p/#comment-123',
    );
    for (const nav of ['#comments', '#respond', '#', '#:~:text=acme', '#fn1', '#more-123'])
      expect(canonicalUrl(`https://blog.example.com/p/${nav}`)).toBe('https://blog.example.com/p/');
    // The item fragment of an unwrapped Google Alerts target is the target's own.
    expect(
      canonicalUrl('https://www.google.com/url?url=https://blog.example.com/p%23comment-5&ct=ga#c9'),
    ).toBe('https://blog.example.com/p#comment-5');
  });

  it('refuses what is not an absolute http(s) URL', () => {
    for (const bad of [
      '',
      'example.com',
      '/relative',
      'ftp://example.com/x',
      'javascript:alert(1)',
      'mailto:a@b.c',
      'http://',
    ]) {
      expect(canonicalUrl(bad)).toBeUndefined();
    }
  });
});

describe('itemFragment', () => {
  it.each([
    // An item on the page: a label and the run of digits that ends the fragment.
    ['#post_30', 'post_30'],
    ['post_31', 'post_31'],
    ['#comment-123', 'comment-123'],
    ['#c12345', 'c12345'],
    ['#p42', 'p42'],
    ['#reply-9', 'reply-9'],
    ['#li-comment-5', 'li-comment-5'],
    ['#div-comment-5', 'div-comment-5'],
    ['#issuecomment-123456', 'issuecomment-123456'],
    ['#discussion_r12', 'discussion_r12'],
    ['#note_77', 'note_77'],
    ['#Post_30', 'Post_30'],
    ['#4567', '4567'],
    ['#comment-123:~:text=acme', 'comment-123'],
    // Navigation: no digits, text fragments, empty.
    ['#comments', undefined],
    ['#respond', undefined],
    ['#main', undefined],
    ['#top', undefined],
    ['#content', undefined],
    ['#:~:text=acme%20is%20down', undefined],
    ['#', undefined],
    ['', undefined],
    // Navigation with a number: footnotes, sections, code lines, "read more".
    ['#fn1', undefined],
    ['#fnref-2', undefined],
    ['#footnote-3', undefined],
    ['#cite_note-5', undefined],
    ['#section-2', undefined],
    ['#h2', undefined],
    ['#step-4', undefined],
    ['#page-2', undefined],
    ['#L10', undefined],
    ['#more-123', undefined],
    // Not a label and a number: parameters, ranges, tokens, hex ids, other characters.
    ['#t=30', undefined],
    ['#page=2', undefined],
    ['#xtor=RSS-3', undefined],
    ['#L10-L20', undefined],
    ['#ixzz2KXxYz9Ab', undefined],
    ['#comment-4f3a', undefined],
    ['#post 30', undefined],
    ['#post%2030', undefined],
    ['#_30', undefined],
    ['#30a', undefined],
  ])('%s → %s', (fragment, expected) => {
    expect(itemFragment(fragment)).toBe(expected);
  });
});

const nonTrackingName = fc
  .stringMatching(/^[a-z][a-z0-9]{0,7}$/)
  .filter((n) => !isTrackingParam(n, 'example.com'));
const value = fc.stringMatching(/^[A-Za-z0-9~._-]{0,8}$/);
const pair = fc.tuple(nonTrackingName, value).map(([n, v]) => `${n}=${v}`);
const trackingName = fc.oneof(
  fc.constantFrom(...TRACKING_PARAMS),
  fc.stringMatching(/^[a-z]{1,8}$/).map((s) => `utm_${s}`),
  fc.constantFrom('UTM_SOURCE', 'Utm_Medium', 'FBCLID', 'GClid'),
);
const base = fc.webUrl({ withQueryParameters: false, withFragments: false });
/** Fragments that only navigate (itemFragment drops them). */
const navigationFragment = fc.oneof(
  fc.stringMatching(/^[a-z_-]{0,8}$/),
  fc.constantFrom('comments', 'respond', ':~:text=acme', 'fn1', 'section-2', 'L10', 't=30', 'more-12'),
);
/** Fragments that name an item (itemFragment keeps them). */
const itemFragmentArb = fc
  .tuple(fc.constantFrom('post_', 'comment-', 'c', 'p', 'reply-', 'issuecomment-', ''), fc.nat())
  .map(([label, n]) => `${label}${n}`);

describe('canonicalUrl (property-based)', () => {
  it('is idempotent on web URLs and on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicalUrl(url);
        expect(once).toBeDefined();
        expect(canonicalUrl(once!)).toBe(once);
      }),
      params,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (tail) => {
        const once = canonicalUrl(`https://example.com/${tail}`);
        if (once !== undefined) expect(canonicalUrl(once)).toBe(once);
      }),
      params,
    );
  });

  it('never lets a tracking parameter survive', () => {
    fc.assert(
      fc.property(
        base,
        fc.array(pair, { maxLength: 4 }),
        fc.array(fc.tuple(trackingName, value), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (url, keep, tracking, seed) => {
          const all = [...keep];
          for (const [i, [n, v]] of tracking.entries())
            all.splice((seed + i) % (all.length + 1), 0, `${n}=${v}`);
          const out = canonicalUrl(`${url}?${all.join('&')}`);
          expect(out).toBeDefined();
          const names = [...new URL(out!).searchParams.keys()];
          expect(names.filter((n) => isTrackingParam(n, new URL(out!).hostname))).toEqual([]);
          expect(names).toHaveLength(keep.length);
        },
      ),
      params,
    );
  });

  it('does not depend on the order of query parameters, the host case or a navigation fragment', () => {
    fc.assert(
      fc.property(
        base,
        fc
          .array(pair, { maxLength: 6 })
          .chain((pairs) =>
            fc.tuple(
              fc.constant(pairs),
              fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }),
            ),
          ),
        navigationFragment,
        (url, [pairs, shuffled], fragment) => {
          const a = canonicalUrl(`${url}?${pairs.join('&')}`);
          const u = new URL(url);
          const b = canonicalUrl(
            `${u.protocol}//${u.host.toUpperCase()}${u.pathname}?${shuffled.join('&')}#${fragment}`,
          );
          expect(b).toBe(a);
        },
      ),
      params,
    );
  });
  it('keeps an item fragment exactly, and drops any other: the rest of the URL decides alone', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const u = new URL(url);
        const fragment = u.hash;
        u.hash = '';
        const bare = canonicalUrl(u.href);
        const item = itemFragment(fragment);
        expect(canonicalUrl(url)).toBe(item === undefined ? bare : `${bare}#${item}`);
      }),
      params,
    );
  });

  it('tells two items on one page apart', () => {
    fc.assert(
      fc.property(base, itemFragmentArb, itemFragmentArb, (url, a, b) => {
        const ca = canonicalUrl(`${url}#${a}`);
        const cb = canonicalUrl(`${url}#${b}`);
        expect(ca).toBe(`${canonicalUrl(url)}#${a}`);
        expect(ca === cb).toBe(a === b);
      }),
      params,
    );
  });
});
