import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, SourceError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import type { RawItem } from '../../../src/mentions/mention.js';
import { type RssSource, rssAdapter } from '../../../src/platforms/rss/source.js';
import type { SourceContext, SourceCursor } from '../../../src/platforms/source.js';
import { fixture, type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const source = (extra: Record<string, unknown> = {}): RssSource =>
  rssAdapter.schema.parse({ id: 'feed', kind: 'rss', url: 'https://feeds.example.com/x.xml', ...extra });

function parse(name: string, extra: Record<string, unknown> = {}): RawItem[] {
  return rssAdapter.parse(
    { body: fixture(`sources/rss/${name}`), url: `https://feeds.example.com/${name}` },
    source(extra),
  );
}

function context(
  url: string,
  cursor?: SourceCursor,
  extra: Record<string, unknown> = {},
): SourceContext<RssSource> {
  return {
    source: source({ url, ...extra }),
    http: createHttpClient({ userAgent: 'earshot-test' }),
    cursor,
    credential: () => undefined,
    searchTerms: ['Acme'],
    now: NOW,
    lookbackDays: 14,
    logger: memoryLogger(),
  };
}

describe('rss parse: publisher formats', () => {
  it('Google Alerts: unwraps redirect links and flattens <b> titles', () => {
    const items = parse('google-alerts.xml');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: 'tag:google.com,2013:googlealerts/feed:5810392010449201771',
      url: 'https://techdaily.example.com/2026/11/20/acmecloud-price-change/',
      title: 'AcmeCloud raises prices for small teams, customers push back',
      text: 'AcmeCloud will charge teams of five or fewer 40% more from January. Several long-time customers said they are looking at alternatives & asked for a grandfathered plan ...',
      published: '2026-11-20T14:05:00.000Z',
    });
    expect(items[1]?.title).toBe("Review: Acme Corp's new backup service is fast and simple");
    expect(items[2]?.url).toBe(
      'https://sysadmin-notes.example.org/posts/migrate-from-acmecloud?utm_source=feed',
    );
  });

  it('Google News: publisher from <source>, " - Publisher" dropped, redirect link kept', () => {
    const [first] = parse('google-news.xml');
    expect(first).toMatchObject({
      title: 'Acme Corp names Dana Whitfield chief executive',
      author: 'Northwind Business Daily',
      text: 'Acme Corp names Dana Whitfield chief executive',
      published: '2026-11-21T16:20:00.000Z',
      lang: 'en-US',
    });
    expect(first?.url).toMatch(/^https:\/\/news\.google\.com\/rss\/articles\/CBMi.*\?oc=5$/);
    expect(first?.id).toMatch(/^CBMi/);
  });

  it('WordPress: content:encoded over the excerpt, dc:creator, slash:comments', () => {
    const [first, second] = parse('wordpress.xml');
    expect(first).toMatchObject({
      id: 'https://smallshopnotes.example.com/?p=412',
      title: 'AcmeCloud billing charged me twice, terrible',
      author: 'Priya Raman',
      engagement: 14,
      published: '2026-11-21T18:05:11.000Z',
    });
    expect(first?.text).toContain('Terrible experience so far — I’ve asked for a refund three times.');
    expect(first?.text).toContain(
      'What I tried\n\nOpened ticket #88123 on the 14th\nReplied to the auto-close e-mail',
    );
    expect(first?.text).not.toContain('[…]');
    expect(second?.engagement).toBe(3);
  });

  it('Blogger: the alternate link, not the replies link; thr:total', () => {
    const [first] = parse('blogger.xml');
    expect(first).toMatchObject({
      url: 'https://marcosworkshop.blogspot.com/2026/11/acme-corp-support-was-amazing.html',
      author: 'Marco Bellini',
      authorUrl: 'http://www.blogger.com/profile/10293847561029384756',
      engagement: 5,
      published: '2026-11-21T18:58:00.003Z',
    });
  });

  it('Medium: CDATA title, dc:creator, content without the tracking pixel', () => {
    const [first] = parse('medium.xml');
    expect(first).toMatchObject({
      title: 'Three months with AcmeCloud: the good, the bad and the invoices',
      author: 'Lena Okafor',
      id: 'https://medium.com/p/7c1d2e3f4a5b',
    });
    expect(first?.text).toContain('The bad: the invoices are confusing');
    expect(first?.text).not.toContain('stat?event');
  });

  it('Reddit: u/ authors with their profile, footer dropped', () => {
    const items = parse('reddit.xml');
    expect(items[0]).toMatchObject({
      id: 't3_1k2x9qa',
      author: 'u/throwaway_shopowner',
      authorUrl: 'https://www.reddit.com/user/throwaway_shopowner',
      text: "After last night's update half of my product photos are gone. Support says they cannot see anything wrong. Has AcmeCloud deleted anyone else's files?",
    });
    expect(items.every((i) => !i.text.includes('submitted by'))).toBe(true);
  });

  it('YouTube: media:description as text, views as engagement', () => {
    const [first, second] = parse('youtube.xml');
    expect(first).toMatchObject({
      id: 'yt:video:Ac3Cl0udRv1',
      url: 'https://www.youtube.com/watch?v=Ac3Cl0udRv1',
      author: 'Cloud Tools Weekly',
      engagement: 48211,
      published: '2026-11-19T15:00:06.000Z',
    });
    expect(first?.text).toMatch(/^We ran a small online shop on AcmeCloud for a month/);
    expect(second?.engagement).toBe(9120);
  });

  it('windows-1252 and ISO-8859-1 bytes', () => {
    const [w] = parse('windows-1252.xml');
    expect(w?.title).toBe('Acme’s “Pro” plan costs €12 — is it worth it?');
    const [l, fr] = parse('iso-8859-1.xml');
    expect(l).toMatchObject({
      title: 'Acme Corp: Kündigung unmöglich, schlechter Service',
      author: 'Jürgen Weiß',
      lang: 'de-DE',
    });
    expect(fr?.text).toContain('le support répond en français');
  });

  it('items without date or guid are kept, undated', () => {
    const items = parse('no-date-no-guid.xml');
    expect(items).toHaveLength(2);
    for (const i of items) {
      expect(i.published).toBeUndefined();
      expect(i.id).toBeUndefined();
      expect(i.url).toMatch(/^https:\/\/riverside-news\.example\.org\//);
    }
  });

  it('the demo fixtures hold at least 15 items that mention Acme', () => {
    const files = [
      'google-alerts.xml',
      'google-news.xml',
      'wordpress.xml',
      'blogger.xml',
      'medium.xml',
      'reddit.xml',
      'youtube.xml',
      'windows-1252.xml',
      'iso-8859-1.xml',
      'no-date-no-guid.xml',
    ];
    const mentions = files.flatMap((f) => parse(f)).filter((i) => /acme/i.test(`${i.title} ${i.text}`));
    expect(mentions.length).toBeGreaterThanOrEqual(15);
  });

  it('applies maxItems', () => {
    expect(parse('reddit.xml', { maxItems: 2 })).toHaveLength(2);
  });

  it('throws a clear error for a page that is not a feed', () => {
    expect(() =>
      rssAdapter.parse(
        { body: '<html><head><title>Acme</title></head></html>', url: 'https://acme.example/' },
        source(),
      ),
    ).toThrow('expected a feed, got an HTML page (title: "Acme")');
  });
});

describe('rss config', () => {
  it('requires an http(s) url', () => {
    expect(rssAdapter.schema.safeParse({ id: 'x', kind: 'rss' }).success).toBe(false);
    expect(rssAdapter.schema.safeParse({ id: 'x', kind: 'rss', url: 'file:///etc/passwd' }).success).toBe(
      false,
    );
    expect(
      rssAdapter.schema.safeParse({ id: 'x', kind: 'rss', url: 'https://a.example/feed', maxItems: 0 })
        .success,
    ).toBe(false);
    expect(source()).toMatchObject({ enabled: true, weight: 1 });
  });
});

describe('rss fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends validators, stores them per URL, and treats 304 as nothing new', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/atom+xml; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Sun, 22 Nov 2026 09:00:00 GMT',
      });
      res.end(fixture('sources/rss/reddit.xml'));
    });
    const url = `${server.url}/r/acmecloud/.rss`;
    const first = await rssAdapter.fetch(context(url));
    expect(first.items.map((i) => i.id)).toEqual(['t3_1k2x9qa', 't3_1k2v3mb', 't3_1k2q7zc']);
    expect(first.cursor).toEqual({
      since: '2026-11-22T08:57:10.000Z',
      validators: { [url]: { etag: '"v1"', lastModified: 'Sun, 22 Nov 2026 09:00:00 GMT' } },
    });
    expect(first.requests).toBe(1);
    expect(server.requests[0]?.headers.accept).toMatch(/application\/rss\+xml/);

    const second = await rssAdapter.fetch(context(url, first.cursor));
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Sun, 22 Nov 2026 09:00:00 GMT');
    expect(second.items).toEqual([]);
    expect(second.cursor).toEqual(first.cursor);
  });

  it('reads the whole look-back window whatever the cursor: keeps a late item older than the cursor, drops items older than the window, keeps undated ones', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v2"' });
      res.end(
        `<rss version="2.0"><channel><title>T</title>
        <item><title>new</title><link>https://e.example/new</link><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate></item>
        <item><title>late</title><link>https://e.example/late</link><pubDate>Wed, 11 Nov 2026 10:00:00 GMT</pubDate></item>
        <item><title>old</title><link>https://e.example/old</link><pubDate>Sat, 07 Nov 2026 10:00:00 GMT</pubDate></item>
        <item><title>undated</title><link>https://e.example/undated</link></item>
        <item><title>future</title><link>https://e.example/future</link><pubDate>Fri, 01 Jan 2027 00:00:00 GMT</pubDate></item>
        </channel></rss>`,
      );
    });
    const url = `${server.url}/feed`;
    // The look-back window (14 days before 23 November) starts on 9 November; the cursor is recent.
    const result = await rssAdapter.fetch(
      context(url, { since: '2026-11-20T00:00:00.000Z', validators: { [url]: { etag: '"v1"' } } }),
    );
    expect(server.requests[0]?.headers['if-none-match']).toBe('"v1"');
    // "late" (11 November) is nine days older than the cursor, inside the window: kept.
    expect(result.items.map((i) => i.title)).toEqual(['new', 'late', 'undated', 'future']);
    // the cursor never moves past the run's clock
    expect(result.cursor.since).toBe(NOW.toISOString());
    expect(result.cursor.validators).toEqual({ [url]: { etag: '"v2"' } });
  });

  it('on a first run looks back lookbackDays, and honours maxItems', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'sources/rss/wordpress.xml', 'application/rss+xml'),
    );
    const ctx = { ...context(`${server.url}/feed/`), lookbackDays: 3 };
    const recent = await rssAdapter.fetch(ctx);
    expect(recent.items.map((i) => i.published)).toEqual(['2026-11-21T18:05:11.000Z']);
    expect(recent.cursor.since).toBe('2026-11-21T18:05:11.000Z');
    const capped = await rssAdapter.fetch(context(`${server.url}/feed/`, undefined, { maxItems: 1 }));
    expect(capped.items).toHaveLength(1);
    expect(capped.warnings).toContain('2 new item(s): only the first 1 were kept (maxItems)');
  });

  it('decodes with the charset of the Content-Type header', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=windows-1252' });
      res.end(
        Buffer.from(
          fixture('sources/rss/windows-1252.xml')
            .toString('latin1')
            .replace(/<\?xml[^>]*>/, ''),
          'latin1',
        ),
      );
    });
    const result = await rssAdapter.fetch(context(`${server.url}/feed`));
    expect(result.items[0]?.title).toBe('Acme’s “Pro” plan costs €12 — is it worth it?');
  });

  it('fails the source with the reason when the URL serves a page, not a feed', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Acme</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>',
      );
    });
    const url = `${server.url}/blog`;
    const error = await rssAdapter.fetch(context(url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).sourceId).toBe('feed');
    expect((error as Error).message).toBe(
      `${url}: expected a feed, got an HTML page (title: "Acme"); it advertises a feed at ${server.url}/feed.xml`,
    );
  });

  it('passes HTTP failures through', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(404);
      res.end('gone');
    });
    await expect(rssAdapter.fetch(context(`${server.url}/missing`))).rejects.toBeInstanceOf(HttpError);
  });
});
