import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../../src/mentions/canonical-url.js';
import { KEY_CHARSET, MAX_KEY_LENGTH, mentionIds, mentionKey } from '../../../src/record/identity.js';

/** Runs per property; a benchmark can raise it with EARSHOT_PROPERTY_RUNS. */
const RUNS = Number(process.env.EARSHOT_PROPERTY_RUNS) || 1000;
const params = { numRuns: RUNS };

const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(fc.webUrl(), fc.constantFrom('post_', 'comment-', 'c', 'p', ''), fc.nat())
    .map(([u, label, n]) => `${u}#${label}${n}`),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `https://example.com/${s}`),
);

const input = fc.record(
  {
    sourceKind: fc.oneof(
      fc.constantFrom('rss', 'json-feed', 'hacker-news', 'mastodon', 'app-store'),
      fc.string(),
    ),
    sourceId: fc.oneof(
      fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
      fc.string({ unit: 'binary', maxLength: 30 }),
    ),
    nativeId: fc.string({ unit: 'binary', maxLength: 300 }),
    canonicalUrl: url.map((u) => canonicalUrl(u)),
    text: fc.string({ maxLength: 50 }),
    title: fc.string({ maxLength: 20 }),
    author: fc.string({ maxLength: 10 }),
    preferUrl: fc.boolean(),
    urlNamesItem: fc.boolean(),
  },
  { requiredKeys: ['sourceKind'] },
);

describe('mentionIds (property-based)', () => {
  it('starts with the key, is deterministic, has no repeats, and every id is marker-safe and bounded', () => {
    fc.assert(
      fc.property(input, (i) => {
        const ids = mentionIds(i);
        expect(ids[0]).toBe(mentionKey(i));
        expect(mentionIds({ ...i })).toEqual(ids);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          expect(id).toMatch(KEY_CHARSET);
          expect(id.length).toBeGreaterThan(0);
          expect(id.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
          expect(id).not.toContain('<!--');
          expect(id).not.toContain('-->');
        }
      }),
      params,
    );
  });

  const guid = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
  const page = fc.webUrl({ withQueryParameters: true, withFragments: false });
  const post = fc.tuple(fc.constantFrom('post_', 'comment-', 'c', 'p', 'reply-'), fc.nat());

  it('two items of one feed with different guids and different item fragments share no id', () => {
    fc.assert(
      fc.property(page, post, post, guid, guid, (p, [la, na], [lb, nb], ga, gb) => {
        fc.pre(`${la}${na}` !== `${lb}${nb}` && ga.trim() !== gb.trim());
        const item = (fragment: string, g: string) =>
          mentionIds({
            sourceKind: 'rss',
            sourceId: 'forum',
            nativeId: g,
            canonicalUrl: canonicalUrl(`${p}#${fragment}`),
            preferUrl: true,
          });
        const a = item(`${la}${na}`, ga);
        const b = item(`${lb}${nb}`, gb);
        expect(a.filter((id) => b.includes(id))).toEqual([]);
      }),
      params,
    );
  });

  it('a feed item keeps an id when its link changes, and two feeds of one article share one', () => {
    fc.assert(
      fc.property(page, page, guid, guid, (u1, u2, g1, g2) => {
        const feed = (sourceId: string, g: string, u: string) =>
          mentionIds({
            sourceKind: 'rss',
            sourceId,
            nativeId: g,
            canonicalUrl: canonicalUrl(u),
            preferUrl: true,
          });
        // Same guid, same feed, new link.
        const before = feed('blog', g1, u1);
        const after = feed('blog', g1, u2);
        expect(after.some((id) => before.includes(id))).toBe(true);
        // Same article, two feeds, unrelated guids.
        const a = feed('feed-a', g1, u1);
        const b = feed('feed-b', g2, u1);
        expect(b).toContain(a[0]);
        // The same guid in two feeds is not, by itself, the same mention.
        fc.pre(canonicalUrl(u1) !== canonicalUrl(u2));
        const c = feed('feed-b', g1, u2);
        expect(a.filter((id) => c.includes(id))).toEqual([]);
      }),
      params,
    );
  });
});
