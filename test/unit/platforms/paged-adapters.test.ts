/**
 * Paging behaviour the adapters keep now that they read through the shared loop
 * (src/platforms/shared/window-fetch.ts), over loopback HTTP: Mastodon's forward and backward paging
 * at maxPages with its own warnings, a first run stopping at the window and an unknown tag skipped
 * without its validators; JSON and HTML paging that ends at a request already made; Reddit's API
 * listings never asked conditionally. Each case passed on the adapters' own loops before too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { htmlAdapter } from '../../../src/platforms/html/source.js';
import { jsonAdapter } from '../../../src/platforms/json/source.js';
import { mastodonAdapter } from '../../../src/platforms/mastodon/source.js';
import { redditAdapter } from '../../../src/platforms/reddit/source.js';
import {
  fixture,
  type Handler,
  type Loopback,
  sendFixture,
  sendJson,
  startLoopback,
} from '../../helpers/loopback.js';
import { apiContext, pathOf, query } from './api-context.js';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
/** Starts this test's loopback server (closed after the test). */
async function serve(handler: Handler): Promise<Loopback> {
  server = await startLoopback(handler);
  return server;
}

describe('mastodon', () => {
  const JSON_TYPE = 'application/json; charset=utf-8';
  const NEWEST = '114137550028801234';
  const OLDEST = '114137137152001234';
  const TIMELINE = fixture('sources/mastodon/tag-timeline-acmecloud.json');
  const TAG = { hashtags: ['acmecloud'], limit: 3, maxPages: 2, search: false };
  /** Every request answers the same full page of three statuses (a busy tag). */
  const busyTag = () =>
    serve((_req, res) => {
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.end(TIMELINE);
    });

  it.each([
    ['a newer status', OLDEST, ['#acmecloud: more than 2 pages new; the rest is read next run']],
    [
      'only the overlap',
      NEWEST,
      [
        '#acmecloud: the 15-minute overlap alone filled maxPages; raise maxPages',
        '#acmecloud: more than 2 pages new; the rest is read next run',
      ],
    ],
  ])(
    'forward paging that fills maxPages (%s): warned, the cursor is where reading stopped',
    async (_what, previous, warnings) => {
      const { url, requests } = await busyTag();
      const cursor = { data: { 'tag:acmecloud': previous } };
      const result = await mastodonAdapter.fetch(
        apiContext(mastodonAdapter, { instance: url, ...TAG }, { cursor }),
      );
      expect(requests.map((r) => query(r.url).get('min_id'))).toEqual([expect.any(String), NEWEST]);
      expect(result.warnings).toEqual(warnings);
      expect(result.cursor.data).toEqual({ 'tag:acmecloud': NEWEST });
    },
  );

  it('a first run pages back with max_id and warns that the oldest were not read', async () => {
    const { url, requests } = await busyTag();
    const result = await mastodonAdapter.fetch(apiContext(mastodonAdapter, { instance: url, ...TAG }));
    expect(requests.map((r) => query(r.url).get('max_id'))).toEqual([null, OLDEST]);
    expect(result.warnings).toEqual([
      '#acmecloud: more than 2 pages in the window; the oldest were not read',
    ]);
    // the same three statuses on both pages: kept once
    expect(result.items).toHaveLength(3);
  });

  it('a first run stops paging back at a page that reaches below the window', async () => {
    const { url, requests } = await busyTag();
    const now = new Date('2025-03-11T09:00:00Z');
    const result = await mastodonAdapter.fetch(
      apiContext(mastodonAdapter, { instance: url, ...TAG }, { now, lookbackDays: 1 }),
    );
    // the window starts at 09:00 on 10 March; the page reaches 08:15: one page only, no warning
    expect(requests).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });

  it('an unknown tag is skipped without keeping its validators; the next tag is read', async () => {
    const { url, requests } = await serve((req, res) => {
      const unknown = req.url.includes('/tag/nope');
      res.writeHead(unknown ? 404 : 200, { 'content-type': JSON_TYPE, etag: unknown ? '"gone"' : '"t1"' });
      res.end(unknown ? '{"error":"Record not found"}' : TIMELINE);
    });
    const result = await mastodonAdapter.fetch(
      apiContext(mastodonAdapter, { instance: url, ...TAG, hashtags: ['nope', 'acmecloud'] }),
    );
    expect(requests).toHaveLength(3);
    expect(result.warnings?.[0]).toMatch(/#nope: not known on .* \(404\)/);
    expect(Object.values(result.cursor.validators ?? {})).toEqual([{ etag: '"t1"' }]);
    expect(result.items).toHaveLength(3);
  });
});

describe('json', () => {
  const ZENDESK = {
    itemsPath: 'results',
    nextPath: 'next_page',
    fields: { id: 'id', title: 'subject', text: 'description', published: 'created_at' },
  };

  it('a next page that points back to a page already read ends the paging, without a warning', async () => {
    const { url, requests } = await serve((req, res) => {
      const page = Number(query(req.url).get('page') ?? 1);
      // page 1 → page 2 → page 1 again
      sendJson(res, 200, {
        results: [{ id: page, subject: `AcmeCloud ${page}` }],
        next_page: `/s?page=${3 - page}`,
      });
    });
    const result = await jsonAdapter.fetch(
      apiContext(jsonAdapter, { ...ZENDESK, url: `${url}/s?page=1`, maxPages: 5 }),
    );
    expect(requests.map((r) => query(r.url).get('page'))).toEqual(['1', '2']);
    expect(result.items.map((i) => i.title)).toEqual(['AcmeCloud 1', 'AcmeCloud 2']);
    expect(result.warnings).toEqual([]);
  });

  it('a cursor that repeats itself in a POST body ends the paging too; POSTs keep no validators', async () => {
    const { url, requests } = await serve((_req, res) =>
      sendJson(
        res,
        200,
        { results: [{ id: 1, subject: 'AcmeCloud' }], next_cursor: 'same' },
        { etag: '"x"' },
      ),
    );
    const entry = {
      ...ZENDESK,
      method: 'POST',
      nextPath: 'next_cursor',
      cursorParam: 'cursor',
      body: { q: 'AcmeCloud' },
    };
    const result = await jsonAdapter.fetch(
      apiContext(jsonAdapter, { ...entry, url: `${url}/search`, maxPages: 5 }),
    );
    expect(requests.map((r) => JSON.parse(r.body))).toEqual([
      { q: 'AcmeCloud' },
      { q: 'AcmeCloud', cursor: 'same' },
    ]);
    expect(result.items).toHaveLength(1);
    expect(result.cursor.validators).toBeUndefined();
  });
});

describe('html', () => {
  it('a next link back to a page already read ends the paging', async () => {
    const { url, requests } = await serve((req, res) => {
      const second = query(req.url).get('page') === '2';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<article class="post" data-post-id="${second ? 2 : 1}"><div class="cooked">AcmeCloud</div></article>` +
          `<a rel="next" href="${second ? '/' : '/?page=2'}">next</a>`,
      );
    });
    const entry = {
      item: 'article.post',
      text: '.cooked',
      itemId: ':scope',
      itemIdAttr: 'data-post-id',
      nextPage: 'a[rel="next"]',
    };
    const result = await htmlAdapter.fetch(
      apiContext(htmlAdapter, { url: `${url}/`, ...entry, maxPages: 5 }),
    );
    expect(requests.map((r) => r.url)).toEqual(['/', '/?page=2']);
    expect(result.items).toHaveLength(2);
    expect(result.warnings).toEqual([]);
  });
});

describe('reddit', () => {
  it('api mode keeps no validators for its listings and sends none, even for the URL asked', async () => {
    const JSON_TYPE = 'application/json; charset=UTF-8';
    const { url, requests } = await serve((req, res) => {
      if (pathOf(req.url) === '/api/v1/access_token')
        return sendFixture(res, 'sources/reddit/access-token.json', JSON_TYPE);
      res.writeHead(200, { 'content-type': JSON_TYPE, etag: '"listing"' });
      res.end(fixture('sources/reddit/search-new-page2.json'));
    });
    const entry = { baseUrl: url, apiUrl: url, credentials: { clientId: 'R_ID', clientSecret: 'R_SECRET' } };
    const env = { env: { R_ID: 'app-id-123', R_SECRET: 'app-secret-456789' } };
    const first = await redditAdapter.fetch(apiContext(redditAdapter, entry, env));
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.cursor.validators).toBeUndefined();
    const searched = `${url}${requests.find((r) => pathOf(r.url) === '/search')?.url}`;
    const cursor = { ...first.cursor, validators: { [searched]: { etag: '"listing"' } } };
    await redditAdapter.fetch(apiContext(redditAdapter, entry, { ...env, cursor }));
    expect(requests.filter((r) => pathOf(r.url) === '/search')).toHaveLength(2);
    expect(requests.every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });
});
