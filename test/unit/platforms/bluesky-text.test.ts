/**
 * Bluesky posts as the reader sees them (issue #16, item 3): full URLs from the link facets, link
 * cards and quoted posts — on PostViews shaped like searchPosts answers
 * (test/fixtures/sources/bluesky/search-posts-rich.json, sources in its README).
 */
import { describe, expect, it } from 'vitest';
import { blueskyAdapter } from '../../../src/platforms/bluesky/source.js';
import { expandLinks, postText } from '../../../src/platforms/bluesky/text.js';
import { fixture } from '../../helpers/loopback.js';

const items = blueskyAdapter.parse(
  {
    body: fixture('sources/bluesky/search-posts-rich.json'),
    url: 'https://bsky.social/xrpc/app.bsky.feed.searchPosts',
  },
  blueskyAdapter.schema.parse({ id: 'b', kind: 'bluesky' }),
);
const byAuthor = (handle: string) => items.find((i) => i.author === `@${handle}`)!;

describe('bluesky post text from searchPosts', () => {
  it('replaces shortened link text with the facet URL (byte offsets after an emoji)', () => {
    expect(byAuthor('ravi.bsky.social').text).toBe(
      '🚨 AcmeCloud lost our backups. Logs: https://drive.google.com/file/d/1rporQx7Yb2kLm9/view?usp=sharing and status at https://acmecloud.example/status',
    );
  });

  it('adds a link card: title, description, URL', () => {
    expect(byAuthor('lena.bsky.social').text).toBe(
      'Worth reading before you renew with them.\n\nAcmeCloud raises storage prices by 40%\n' +
        'The cloud provider says the change applies to all plans from April.\n' +
        'https://news.example.com/2025/03/acmecloud-price-rise',
    );
  });

  it("adds a quoted post's text with its own links expanded", () => {
    expect(byAuthor('kim.bsky.social').text).toBe(
      'Not my experience at all 🙄\n\nQuoting @omar.bsky.social: AcmeCloud support answered in 4 minutes and fixed it. Impressed. https://acme.example/help?ref=bsky',
    );
  });

  it('reads a quote with a card (recordWithMedia), and adds nothing for a deleted quote', () => {
    expect(byAuthor('jo.bsky.social').text).toBe(
      'Same thing happened to us, see the thread\n\n' +
        'Quoting @omar.bsky.social: AcmeCloud support answered in 4 minutes and fixed it. Impressed. https://acme.example/help?ref=bsky\n\n' +
        "Outage thread\nEveryone affected by Tuesday's incident, post here.\nhttps://forum.example.org/t/acme-outage/991",
    );
    expect(byAuthor('ada.bsky.social').text).toBe('Gone: the quoted post was deleted');
  });

  it('uses the record embed when the view is missing', () => {
    const text = postText(
      {
        text: 'see this',
        embed: {
          $type: 'app.bsky.embed.external',
          external: { uri: 'https://a.example/x', title: 'T', description: '' },
        },
      },
      undefined,
    );
    expect(text).toBe('see this\n\nT\nhttps://a.example/x');
  });
});

describe('expandLinks on facets that do not fit', () => {
  const link = (byteStart: number, byteEnd: number, uri = 'https://example.com/full') => ({
    index: { byteStart, byteEnd },
    features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
  });

  it('keeps custom link words and adds the URL', () => {
    expect(expandLinks('Go to this site', [link(6, 15)])).toBe('Go to this site (https://example.com/full)');
  });

  it('ignores facets out of range, inverted, overlapping, inside a character or not http(s)', () => {
    const text = 'é example.com/f… end';
    expect(expandLinks(text, [link(0, 999)])).toBe(text);
    expect(expandLinks(text, [link(5, 3)])).toBe(text);
    expect(expandLinks(text, [link(1, 5)])).toBe(text); // byte 1 is inside "é"
    expect(expandLinks(text, [link(3, 18)])).toBe(text); // byte 18 is inside "…"
    expect(expandLinks(text, [link(3, 19, 'javascript:alert(1)')])).toBe(text);
    expect(expandLinks(text, [link(4, 10), link(3, 19)])).toBe('é https://example.com/full end');
    expect(expandLinks(text, 'not facets')).toBe(text);
    expect(expandLinks(text, [{ index: { byteStart: 3 }, features: [] }])).toBe(text);
  });
});
