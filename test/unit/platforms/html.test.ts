import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SourceError } from '../../../src/errors.js';
import { htmlAdapter, parseHtmlPage } from '../../../src/platforms/html/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, NOW, query } from './api-context.js';

const FORUM = {
  item: 'article.post',
  link: 'a.post-link',
  text: '.cooked',
  author: '.username',
  date: 'time',
  dateAttr: 'datetime',
  itemId: ':scope',
  itemIdAttr: 'data-post-id',
  nextPage: 'a[rel="next"]',
};
const REVIEWS = {
  item: '.review',
  title: '.review-title',
  text: '.review-body',
  author: '.reviewer',
  date: '.review-date',
  link: 'a.permalink',
};

const forum = htmlAdapter.schema.parse({
  id: 'forum',
  kind: 'html',
  url: 'https://community.example.com/t/acmecloud-object-storage-slow/55',
  ...FORUM,
});
const reviews = htmlAdapter.schema.parse({
  id: 'reviews',
  kind: 'html',
  url: 'https://reviews.example.org/products/acmecloud',
  ...REVIEWS,
});
const page = (name: string) => fixture(`sources/html/${name}`).toString('utf8');
const FORUM_URL = 'https://community.example.com/t/acmecloud-object-storage-slow/55';

function sendHtml(res: ServerResponse, name: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(fixture(`sources/html/${name}`));
}

describe('html parse', () => {
  it('reads a forum thread: ids from an attribute, relative links, datetime with offsets, the next page', () => {
    const parsed = parseHtmlPage(page('forum-thread-page1.html'), FORUM_URL, forum, NOW.getTime());
    expect(parsed.matched).toBe(4);
    expect(parsed.items.map((i) => i.id)).toEqual([
      'community.example.com:101',
      'community.example.com:102',
      'community.example.com:104',
    ]);
    expect(parsed.items[0]).toEqual({
      id: 'community.example.com:101',
      url: 'https://community.example.com/t/acmecloud-object-storage-slow/55/1',
      author: 'dana_k',
      published: '2025-03-09T08:15:00.000Z',
      text: 'Uploads to AcmeCloud buckets in eu-west take 30 s instead of 2 s since Monday.\n\nAnyone else? Support ticket #4411 has had no answer for two days.',
    });
    expect(parsed.items[1]?.published).toBe('2025-03-09T08:40:12.000Z');
    expect(parsed.items[1]?.text).toContain('Same here & our nightly backup job timed out.');
    expect(parsed.items[2]?.published).toBeUndefined();
    expect(parsed.warnings).toEqual([
      'item 3 skipped: no text and no title (check the "text" and "title" selectors)',
      'item 4: date "yesterday-ish" not understood; left undated',
    ]);
    expect(parsed.nextUrl).toBe('https://community.example.com/t/acmecloud-object-storage-slow/55?page=2');
  });

  it('keeps non-English text and a deleted author as no author; no next link on the last page', () => {
    const parsed = parseHtmlPage(page('forum-thread-page2.html'), `${FORUM_URL}?page=2`, forum);
    expect(parsed.items).toHaveLength(2);
    expect(parsed.items[0]?.text).toBe(
      'Bei uns ist AcmeCloud seit heute früh wieder schnell. Danke für die schnelle Lösung!',
    );
    expect(parsed.items[1]?.author).toBeUndefined();
    expect(parsed.nextUrl).toBeUndefined();
  });

  it('reads a review site: <base href>, dates in words, unsafe links dropped, ids from element id, link or hash', () => {
    const parsed = parseHtmlPage(
      page('review-site.html'),
      'https://reviews.example.org/products/acmecloud',
      reviews,
      NOW.getTime(),
    );
    const [first, second, third] = parsed.items;
    expect(parsed.items).toHaveLength(3);
    expect(first).toMatchObject({
      id: 'https://reviews.example.org/products/acmecloud/review/9001',
      url: 'https://reviews.example.org/products/acmecloud/review/9001',
      title: 'Fast setup, fair price',
      author: 'Priya N.',
      text: 'AcmeCloud had our staging cluster running in ten minutes. Billing is clear.',
    });
    expect(Date.parse(first?.published ?? '')).toBeGreaterThan(Date.parse('2025-03-04T00:00:00Z'));
    expect(second).toMatchObject({
      title: 'Support never called back',
      published: '2025-03-07T00:00:00.000Z',
      url: 'https://reviews.example.org/products/acmecloud',
      text: 'Three tickets about the Acme CLI crashing on login, no callback.\n\nTwo stars for the docs.',
    });
    expect(second?.id).toMatch(/^reviews\.example\.org:h[0-9a-f]{16}$/);
    expect(third).toMatchObject({ title: 'サポートが丁寧', author: '佐藤' });
    expect(third?.id).not.toBe(second?.id);
    expect(parsed.warnings).toEqual([
      'item 2: link "javascript:void(0)" is not an http(s) URL',
      'item 3: date "sometime last spring" not understood; left undated',
      'item 4 skipped: no text and no title (check the "text" and "title" selectors)',
    ]);
  });

  it('uses the element id for an anchored URL when there is no link selector', () => {
    const noLink = htmlAdapter.schema.parse({ ...reviews, link: undefined });
    const items = htmlAdapter.parse(
      { body: page('review-site.html'), url: 'https://reviews.example.org/p' },
      noLink,
    );
    expect(items[0]).toMatchObject({
      id: 'https://reviews.example.org/p#r-9001',
      url: 'https://reviews.example.org/p#r-9001',
    });
  });

  it('decodes a page declared windows-1252 only in a <meta> tag', () => {
    const items = htmlAdapter.parse(
      {
        body: fixture('sources/html/review-site-windows-1252.html'),
        url: 'https://avis.example.fr/acmecloud',
        contentType: 'text/html',
      },
      reviews,
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      title: 'Très déçu – « panne »',
      author: 'Françoise',
      published: '2025-03-08T17:30:00.000Z',
      text: 'L’hébergement AcmeCloud est tombé deux fois cette semaine … coût 49 €.',
    });
  });

  it('returns nothing when the item selector matches nothing', () => {
    const parsed = parseHtmlPage(page('empty-page.html'), 'https://community.example.com/', forum);
    expect(parsed).toMatchObject({ items: [], matched: 0, warnings: [] });
  });

  it('the schema keeps the source id distinct from the item id selector, describes every option, and needs item and url', () => {
    expect(forum.id).toBe('forum');
    expect(forum.maxPages).toBe(3);
    expect(forum.linkAttr).toBe('href');
    expect(htmlAdapter.schema.safeParse({ id: 'x', kind: 'html', url: 'https://a.example' }).success).toBe(
      false,
    );
    expect(htmlAdapter.schema.safeParse({ id: 'x', kind: 'html', item: 'li' }).success).toBe(false);
    expect(htmlAdapter.schema.safeParse({ ...forum, maxPages: 21 }).success).toBe(false);
    const json = z.toJSONSchema(htmlAdapter.schema as unknown as z.ZodObject, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    for (const [name, prop] of Object.entries(json.properties)) {
      expect(prop.description, name).toBeTruthy();
    }
  });
});

describe('html fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const forumServer = () =>
    startLoopback((req, res) => {
      const second = query(req.url).get('page') === '2';
      sendHtml(res, second ? 'forum-thread-page2.html' : 'forum-thread-page1.html', {
        etag: second ? '"p2"' : '"p1"',
      });
    });

  it('follows the next link, drops items older than the window, keeps validators per page', async () => {
    server = await forumServer();
    const url = `${server.url}/t/acmecloud-object-storage-slow/55`;
    const ctx = apiContext(htmlAdapter, { url, ...FORUM }, { lookbackDays: 7 });
    const result = await htmlAdapter.fetch(ctx);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/t/acmecloud-object-storage-slow/55',
      '/t/acmecloud-object-storage-slow/55?page=2',
    ]);
    expect(server.requests[0]?.headers.accept).toMatch(/^text\/html/);
    const host = new URL(server.url).host;
    // Post 106 (2025-03-01) is older than the 7-day window.
    expect(result.items.map((i) => i.id)).toEqual(['101', '102', '104', '105'].map((n) => `${host}:${n}`));
    expect(result.items[0]?.url).toBe(`${server.url}/t/acmecloud-object-storage-slow/55/1`);
    expect(result.cursor).toEqual({
      since: '2025-03-10T07:05:00.000Z',
      validators: { [url]: { etag: '"p1"' }, [`${url}?page=2`]: { etag: '"p2"' } },
    });
    expect(result.requests).toBe(2);
    expect(result.bytes).toBe(
      fixture('sources/html/forum-thread-page1.html').length +
        fixture('sources/html/forum-thread-page2.html').length,
    );
    expect(result.warnings).toContain(`${url}: item 4: date "yesterday-ish" not understood; left undated`);
  });

  it('stops at maxPages with a warning', async () => {
    server = await forumServer();
    const ctx = apiContext(htmlAdapter, { url: `${server.url}/t/x/55`, ...FORUM, maxPages: 1 });
    const result = await htmlAdapter.fetch(ctx);
    expect(server.requests).toHaveLength(1);
    expect(result.warnings?.join('\n')).toMatch(/more than 1 pages; the rest were not read/);
  });

  it('reads the whole look-back window whatever the cursor: late posts are kept, older than the window dropped', async () => {
    server = await forumServer();
    const url = `${server.url}/t/acmecloud-object-storage-slow/55`;
    const ctx = apiContext(
      htmlAdapter,
      { url, ...FORUM },
      {
        cursor: { since: '2025-03-10T07:00:00.000Z', validators: { [url]: { etag: '"p0"' } } },
        lookbackDays: 7,
      },
    );
    const result = await htmlAdapter.fetch(ctx);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/t/acmecloud-object-storage-slow/55',
      '/t/acmecloud-object-storage-slow/55?page=2',
    ]);
    expect(server.requests[0]?.headers['if-none-match']).toBe('"p0"');
    // 101 (9 March 08:15) and 102 (08:40) are older than the cursor (late): kept; 104 is undated;
    // 106 (1 March) is older than the 7-day window: dropped.
    expect(result.items.map((i) => i.id?.split(':').pop())).toEqual(['101', '102', '104', '105']);
    expect(result.cursor.since).toBe('2025-03-10T07:05:00.000Z');
    expect(result.cursor.validators?.[url]).toEqual({ etag: '"p1"' });
  });

  it('sends the stored validators and stops on 304, keeping the cursor', async () => {
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"p1"') {
        res.writeHead(304, { etag: '"p1"' });
        res.end();
        return;
      }
      sendHtml(res, 'forum-thread-page1.html', { etag: '"p1"' });
    });
    const url = `${server.url}/t/x/55`;
    const previous = { since: '2025-03-09T08:15:00.000Z', validators: { [url]: { etag: '"p1"' } } };
    const result = await htmlAdapter.fetch(apiContext(htmlAdapter, { url, ...FORUM }, { cursor: previous }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['if-none-match']).toBe('"p1"');
    expect(result.items).toEqual([]);
    expect(result.cursor).toEqual(previous);
  });

  it('does not follow a next link to another site', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<article class="post" data-post-id="1"><div class="cooked">AcmeCloud rocks</div></article>' +
          '<a rel="next" href="http://10.0.0.1/page2">next</a>',
      );
    });
    const result = await htmlAdapter.fetch(apiContext(htmlAdapter, { url: `${server.url}/`, ...FORUM }));
    expect(server.requests).toHaveLength(1);
    expect(result.items).toHaveLength(1);
    expect(result.warnings).toContain('the next page http://10.0.0.1/page2 is on another site; not followed');
  });

  it('warns when the item selector matches nothing (the page changed)', async () => {
    server = await startLoopback((_req, res) => sendHtml(res, 'empty-page.html'));
    const result = await htmlAdapter.fetch(apiContext(htmlAdapter, { url: `${server.url}/`, ...FORUM }));
    expect(result.items).toEqual([]);
    expect(result.warnings?.[0]).toMatch(/no element matches the item selector "article\.post"/);
  });

  it('a 404 fails the source with the status named', async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
    });
    const error = await htmlAdapter
      .fetch(apiContext(htmlAdapter, { url: `${server.url}/gone`, ...FORUM }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/^Web page \(HTML\): .*404/);
  });

  it('needs no credentials', () => {
    expect(htmlAdapter.credentials).toEqual([]);
  });

  httpFailureTests({
    adapter: htmlAdapter,
    entry: (base) => ({ url: `${base}/t/x/55`, ...FORUM }),
    ok: (_req, res) => sendHtml(res, 'forum-thread-page2.html'),
  });
});
