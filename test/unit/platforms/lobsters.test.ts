import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { platformFor } from '../../../src/platforms/index.js';
import { lobstersAdapter, parseLobstersPage } from '../../../src/platforms/lobsters/source.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf } from './api-context.js';

const json = (name: string): unknown => JSON.parse(fixture(`sources/lobsters/${name}`).toString('utf8'));
const TERMS = { searchTerms: ['AcmeCloud', 'Acme CLI'] };

function send(res: ServerResponse, name: string): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(fixture(`sources/lobsters/${name}`));
}

const FILES: Record<string, string> = {
  '/newest.json': 'newest-page1.json',
  '/newest/page/2.json': 'newest-page2.json',
  '/s/acm3cl.json': 'story-acm3cl.json',
  '/s/k2cli9.json': 'story-k2cli9.json',
  '/t/devops.json': 'newest-page2.json',
};

describe('lobsters parse', () => {
  it('reads a list of stories: link, text, tags for matching, score; a malformed entry is skipped', () => {
    const page = parseLobstersPage(json('newest-page1.json'), 'https://lobste.rs/newest.json');
    expect(page.stories.map((s) => s.shortId)).toEqual(['acm3cl', 'zq8rtu', 'k2cli9']);
    expect(page.warnings).toEqual(['story 3 skipped: title is not valid']);
    expect(page.stories[0]?.item).toEqual({
      id: 'https://lobste.rs/s/acm3cl',
      url: 'https://lobste.rs/s/acm3cl',
      title: 'AcmeCloud outage post-mortem: a config push took down object storage',
      text: '',
      author: 'jcs_fan',
      authorUrl: 'https://lobste.rs/~jcs_fan',
      engagement: 31,
      published: '2025-03-10T09:41:07.000Z',
      replyTo: { storyId: 'acm3cl' },
    });
    expect(page.stories[2]?.item.text).toBe(
      'I’ve been using the Acme CLI but its `--recursive` flag is <weird>.',
    );
    expect(page.stories[2]?.haystack).toContain('acme cli');
  });

  it('reads a story page: the story and its comments, deleted ones skipped; old-style user objects', () => {
    const page = parseLobstersPage(json('story-acm3cl.json'), 'https://lobste.rs/s/acm3cl.json');
    expect(page.comments.map((c) => c.id)).toEqual([
      'https://lobste.rs/c/c1acme',
      'https://lobste.rs/c/c3rply',
    ]);
    expect(page.comments[0]).toEqual({
      id: 'https://lobste.rs/c/c1acme',
      url: 'https://lobste.rs/c/c1acme',
      title: 'AcmeCloud outage post-mortem: a config push took down object storage',
      text: 'Refreshingly honest write-up. We lost an hour of AcmeCloud uploads & nobody told us.',
      author: 'ops_dana',
      authorUrl: 'https://lobste.rs/~ops_dana',
      engagement: 14,
      published: '2025-03-10T10:05:12.000Z',
      replyTo: { storyId: 'acm3cl', commentId: 'c1acme' },
    });
    expect(page.warnings).toEqual(['1 deleted or moderated comment(s) of acm3cl skipped']);
    expect(parseLobstersPage(json('newest-page2.json'), 'x').stories[0]?.item.author).toBe('oldformat');
    expect(() =>
      lobstersAdapter.parse(
        { body: '{"error": "not found"}', url: 'https://lobste.rs/s/x.json' },
        {} as never,
      ),
    ).toThrow(/Lobsters: .* is not the expected payload: short_id/);
  });
});

describe('lobsters fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const site = () =>
    startLoopback((req, res) => {
      const f = FILES[pathOf(req.url)];
      if (f) return send(res, f);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    });

  it('reads the newest pages, and the comments of stories that name a term, down to the window', async () => {
    server = await site();
    const ctx = apiContext(lobstersAdapter, { baseUrl: server.url, requestIntervalMs: 0 }, TERMS);
    const result = await lobstersAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/newest.json',
      '/s/acm3cl.json',
      '/s/k2cli9.json',
      '/newest/page/2.json',
    ]);
    expect(result.items.map((i) => i.id)).toEqual([
      'https://lobste.rs/s/acm3cl',
      'https://lobste.rs/s/zq8rtu',
      'https://lobste.rs/s/k2cli9',
      'https://lobste.rs/c/c1acme',
      'https://lobste.rs/c/c3rply',
      'https://lobste.rs/c/k9rep1',
      'https://lobste.rs/s/p2ok11',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T11:30:00.000Z');
    expect(result.cursor.data?.watch).toBe(
      `acm3cl:${Date.parse('2025-03-10T09:41:07Z') / 1000} k2cli9:${Date.parse('2025-03-10T03:15:00Z') / 1000}`,
    );
    expect(result.warnings).toContain('newest stories: story 3 skipped: title is not valid');
  });

  it('the next run stops at the page it read before and re-reads the watched stories for new comments', async () => {
    server = await site();
    const first = await lobstersAdapter.fetch(
      apiContext(lobstersAdapter, { baseUrl: server.url, requestIntervalMs: 0 }, TERMS),
    );
    const before = server.requests.length;
    // The next run: the watched stories have left the newest page.
    const later = await startLoopback((req, res) => {
      if (pathOf(req.url) === '/newest.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify((json('newest-page1.json') as unknown[]).slice(1, 2)));
      }
      const f = FILES[pathOf(req.url)];
      if (f) return send(res, f);
      res.writeHead(404);
      res.end();
    });
    try {
      const second = await lobstersAdapter.fetch(
        apiContext(
          lobstersAdapter,
          { baseUrl: later.url, requestIntervalMs: 0 },
          { ...TERMS, cursor: first.cursor },
        ),
      );
      expect(later.requests.map((r) => pathOf(r.url))).toEqual([
        '/newest.json',
        '/s/acm3cl.json',
        '/s/k2cli9.json',
      ]);
      expect(second.items.map((i) => i.id)).toContain('https://lobste.rs/c/k9rep1');
      expect(second.cursor.data?.watch).toBe(first.cursor.data?.watch);
    } finally {
      await later.close();
    }
    expect(server.requests.length).toBe(before);
  });

  it('forgets a watched story that is gone (404) and keeps the others', async () => {
    server = await site();
    const at = Date.parse('2025-03-09T10:00:00Z') / 1000;
    const result = await lobstersAdapter.fetch(
      apiContext(
        lobstersAdapter,
        { baseUrl: server.url, requestIntervalMs: 0, maxPages: 1 },
        {
          ...TERMS,
          cursor: { since: '2025-03-10T11:30:00.000Z', data: { watch: `gone42:${at} old999:1000` } },
        },
      ),
    );
    const paths = server.requests.map((r) => pathOf(r.url));
    expect(paths).toContain('/s/gone42.json');
    // a watched story older than the window is dropped without a request
    expect(paths).not.toContain('/s/old999.json');
    expect(result.warnings).toContain('story gone42 is gone (404)');
    expect(String(result.cursor.data?.watch)).not.toContain('gone42');
  });

  it('pages under a site root with a path of its own (a mirror)', async () => {
    server = await startLoopback((req, res) => {
      const f = FILES[pathOf(req.url).replace(/^\/mirror/, '')];
      if (f && pathOf(req.url).startsWith('/mirror/')) return send(res, f);
      res.writeHead(404);
      res.end();
    });
    await lobstersAdapter.fetch(
      apiContext(lobstersAdapter, { baseUrl: `${server.url}/mirror`, requestIntervalMs: 0 }, TERMS),
    );
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/mirror/newest.json',
      '/mirror/s/acm3cl.json',
      '/mirror/s/k2cli9.json',
      '/mirror/newest/page/2.json',
    ]);
  });

  it('waits requestIntervalMs between requests (one a second by default)', async () => {
    server = await site();
    const started = Date.now();
    await lobstersAdapter.fetch(
      apiContext(lobstersAdapter, { baseUrl: server.url, requestIntervalMs: 150, maxPages: 1 }, TERMS),
    );
    // newest, two stories: at least two pauses before the story requests
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(lobstersAdapter.schema.parse({ id: 'l', kind: 'lobsters' }).requestIntervalMs).toBe(1000);
  });

  it('reads tags too, and every story’s comments with comments: true; needs no credentials', async () => {
    server = await site();
    const result = await lobstersAdapter.fetch(
      apiContext(
        lobstersAdapter,
        { baseUrl: server.url, requestIntervalMs: 0, tags: ['devops'], comments: true, maxPages: 1 },
        { searchTerms: ['nothing-matches'] },
      ),
    );
    const paths = server.requests.map((r) => pathOf(r.url));
    expect(paths[0]).toBe('/newest.json');
    expect(paths).toContain('/t/devops.json');
    expect(paths).toContain('/s/zq8rtu.json');
    expect(result.warnings).toContain('story zq8rtu is gone (404): its comments were not read');
    expect(lobstersAdapter.credentials).toEqual([]);
  });

  it('is read only: the manual reply opens the comment or the story', () => {
    const p = platformFor('lobsters');
    expect(p?.publisher).toBeUndefined();
    expect(
      p?.manualReply?.({ kind: 'lobsters', replyTo: { storyId: 'acm3cl', commentId: 'c1acme' } } as never)
        .url,
    ).toBe('https://lobste.rs/c/c1acme');
    expect(p?.manualReply?.({ kind: 'lobsters', replyTo: { storyId: 'acm3cl' } } as never).url).toBe(
      'https://lobste.rs/s/acm3cl',
    );
  });

  httpFailureTests({
    adapter: lobstersAdapter,
    entry: (base) => ({ baseUrl: base, requestIntervalMs: 0, maxPages: 1 }),
    ok: (_req, res) => send(res, 'newest-page2.json'),
  });
});
