/**
 * The failure policy with real adapters, over loopback HTTP (issue #4): a failing source is a
 * warning with its cause, the other sources go on, the failing source's cursor does not move — and
 * when it answers again, its cursor catches up on what was published while it was down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import { runScan } from '../../../src/scan.js';
import { keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';

interface FeedItem {
  title: string;
  date: string;
}

const rss = (items: FeedItem[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Ops notes</title><link>https://ops-notes.example.com/</link>${items
    .map(
      (i, n) =>
        `<item><title>${i.title}</title><link>https://ops-notes.example.com/${n}-${encodeURIComponent(i.title)}</link><description>${i.title}</description><pubDate>${new Date(i.date).toUTCString()}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

describe('a failing source, with real adapters', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is a warning with its cause, the others go on, its cursor stays, and it catches up later, backdated items included', async () => {
    let blog: FeedItem[] | 'down' = [{ title: 'AcmeCloud is terrible today', date: '2026-11-21T10:00:00Z' }];
    server = await startLoopback((req, res) => {
      if (req.url.startsWith('/json-feed')) {
        sendFixture(res, 'sources/json-feed/feed-1.1.json', 'application/feed+json');
        return;
      }
      if (blog === 'down') {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('maintenance');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(blog));
    });
    const config = parseConfig(
      `company:\n  name: Acme\n  products: [AcmeCloud]\nsources:\n` +
        `  - id: blog\n    kind: rss\n    url: ${server.url}/blog.xml\n` +
        `  - id: indie\n    kind: json-feed\n    url: ${server.url}/json-feed/feed.json\n`,
      'test.yml',
      adapters,
    );
    const tracker = new MemoryTracker();
    const logger = memoryLogger();
    let now = new Date('2026-11-22T00:00:00Z');
    const deps = {
      config,
      adapters,
      tracker,
      http: createHttpClient({ userAgent: 'earshot-test', retryBaseMs: 5, retryMaxMs: 10 }),
      classifier: keywordClassifier,
      env: {},
      now: () => now,
      logger,
    };

    const first = await runScan(deps);
    expect(first.sources.map((s) => [s.id, s.error, s.new])).toEqual([
      ['blog', null, 1],
      ['indie', null, 2],
    ]);
    const cursorBefore = (await tracker.loadState('default')).state.sources.blog;
    expect(cursorBefore?.since).toBe('2026-11-21T10:00:00.000Z');

    // The blog is down: a warning with the cause, the JSON Feed is still read, the cursor stays.
    blog = 'down';
    now = new Date('2026-11-22T06:00:00Z');
    const second = await runScan(deps);
    expect(second.sources[0]?.id).toBe('blog');
    expect(second.sources[0]?.error).toMatch(/503/);
    // (read again: both its items are inside the look-back window, whatever the cursor, and both
    // are already filed)
    expect(second.sources[1]).toMatchObject({ id: 'indie', error: null, fetched: 2, new: 0 });
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: expect.stringMatching(/^blog \(rss\) failed, skipped; its cursor stays where it was: .*503/),
    });
    expect((await tracker.loadState('default')).state.sources.blog).toEqual(cursorBefore);

    // Back days later (scheduled runs were missed): what it published meanwhile is filed once —
    // including a post it backdated to before its cursor (inside the look-back window).
    blog = [
      { title: 'AcmeCloud is terrible today', date: '2026-11-21T10:00:00Z' },
      { title: 'Acme support fixed it, thanks', date: '2026-11-23T09:00:00Z' },
      { title: 'Does Acme have an EU region?', date: '2026-11-25T15:00:00Z' },
      { title: 'Acme outage recap, backdated', date: '2026-11-19T08:00:00Z' },
    ];
    now = new Date('2026-11-26T00:00:00Z');
    const third = await runScan(deps);
    expect(third.sources[0]).toMatchObject({ id: 'blog', error: null, fetched: 4, new: 3 });
    expect((await tracker.loadState('default')).state.sources.blog?.since).toBe('2026-11-25T15:00:00.000Z');
    // (whether a first run files what it finds or only records it is the scan's bootstrap policy)
    const titles = tracker.issues.map((i) => i.title);
    expect(titles.some((t) => t.includes('EU region'))).toBe(true);
    expect(titles.some((t) => t.includes('fixed it'))).toBe(true);
    expect(titles.some((t) => t.includes('outage recap'))).toBe(true);
    const keys = tracker.issues.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
