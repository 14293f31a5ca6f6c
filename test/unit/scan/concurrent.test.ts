/**
 * Sources are fetched concurrently (budgets.concurrentSources) and used in config order (issue #19).
 * Nothing here asserts on wall-clock time: the loopback servers count the requests in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { EarshotConfig } from '../../../src/config/schema.js';
import { createHttpClient } from '../../../src/http/client.js';
import { inOrder } from '../../../src/http/in-order.js';
import type { HttpClient } from '../../../src/http/types.js';
import { memoryLogger } from '../../../src/logger.js';
import type { RawItem } from '../../../src/mentions/mention.js';
import { adapters } from '../../../src/platforms/index.js';
import { hostOf, runScan } from '../../../src/scan.js';
import { asAdapters, fakeAdapter, keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inOrder', () => {
  it('hands outcomes over in the items’ order whatever order the work finishes in', async () => {
    const used: number[] = [];
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    await inOrder(
      items,
      5,
      async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay((20 - i) % 7); // later items often finish first
        inFlight--;
        return i * 10;
      },
      (outcome, item, index) => {
        expect(outcome).toBe(item * 10);
        used.push(index);
      },
    );
    expect(used).toEqual(items);
    expect(most).toBe(5);
  });

  it('with a limit of 1 runs one at a time; an empty list does nothing', async () => {
    let inFlight = 0;
    let most = 0;
    await inOrder(
      [1, 2, 3],
      1,
      async () => {
        most = Math.max(most, ++inFlight);
        await delay(1);
        inFlight--;
      },
      () => {},
    );
    expect(most).toBe(1);
    await inOrder(
      [],
      4,
      async () => 1,
      () => {
        throw new Error('never');
      },
    );
    await expect(
      inOrder(
        [1],
        0,
        async () => 1,
        () => {},
      ),
    ).rejects.toThrow(RangeError);
  });

  it('per key: the first item whose key has room starts next, so one key never holds every slot', async () => {
    const keys = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'c'];
    const started: number[] = [];
    const used: number[] = [];
    const running = new Map<string, number>();
    let most = 0;
    await inOrder(
      keys,
      4,
      async (key, i) => {
        started.push(i);
        running.set(key, (running.get(key) ?? 0) + 1);
        most = Math.max(most, running.get(key) ?? 0);
        await delay(5);
        running.set(key, (running.get(key) ?? 0) - 1);
        return i;
      },
      (_outcome, _key, i) => {
        used.push(i);
      },
      { key: (k) => k, perKey: 2 },
    );
    expect(started.slice(0, 4)).toEqual([0, 1, 6, 7]); // a, a, then b, b: not a third a
    expect(most).toBe(2);
    expect(used).toEqual(keys.map((_, i) => i));
  });

  it('a failing `use` stops it starting more work and rejects', async () => {
    const started: number[] = [];
    const run = inOrder(
      Array.from({ length: 10 }, (_, i) => i),
      2,
      async (i) => {
        started.push(i);
        await delay(1);
        return i;
      },
      (i) => {
        if (i === 1) throw new Error('boom');
      },
    );
    await expect(run).rejects.toThrow('boom');
    await delay(10);
    expect(started.length).toBeLessThan(10);
  });
});

describe('runScan fetches sources concurrently', () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** `hosts` loopback servers (each its own host:port), counting requests in flight overall and per host. */
  async function feedHosts(hosts: number, answerMs: number) {
    const seen = { inFlight: 0, most: 0, mostPerHost: 0 };
    for (let h = 0; h < hosts; h++) {
      let here = 0;
      servers.push(
        await startLoopback(async (req, res) => {
          seen.inFlight++;
          here++;
          seen.most = Math.max(seen.most, seen.inFlight);
          seen.mostPerHost = Math.max(seen.mostPerHost, here);
          await delay(answerMs);
          seen.inFlight--;
          here--;
          const n = req.url.replace(/\D/g, '');
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          res.end(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>f${n}</title>` +
              `<item><title>Acme post ${n}</title><link>https://example.com/p/${n}</link>` +
              `<pubDate>Thu, 19 Nov 2026 10:00:00 GMT</pubDate><description>About Acme</description></item>` +
              `</channel></rss>`,
          );
        }),
      );
    }
    return seen;
  }

  function config(feeds: number, concurrentSources?: number) {
    const lines = ['company:\n  name: Acme', 'bootstrap:\n  backfill: true'];
    if (concurrentSources) lines.push(`budgets:\n  concurrentSources: ${concurrentSources}`);
    lines.push('sources:');
    for (let i = 0; i < feeds; i++) {
      const host = servers[i % servers.length]!.url;
      lines.push(`  - id: feed-${i}\n    kind: rss\n    url: ${host}/feed-${i}.xml`);
    }
    return parseConfig(`${lines.join('\n')}\n`, 'test.yml', adapters);
  }

  /** One scan of these feeds through the given HTTP client. */
  const scanFeeds = (cfg: EarshotConfig, http: HttpClient, logger = memoryLogger()) =>
    runScan({
      config: cfg,
      adapters,
      tracker: new MemoryTracker(),
      http,
      classifier: keywordClassifier,
      env: {},
      now: () => NOW,
      logger,
    });

  it('60 feeds answering in 100 ms over 12 hosts: more than one in flight, never more than the limit', async () => {
    const seen = await feedHosts(12, 100);
    const http = createHttpClient({ retries: 0 });
    try {
      const logger = memoryLogger();
      const result = await scanFeeds(config(60), http, logger);
      expect(result.sources.map((s) => s.id)).toEqual(Array.from({ length: 60 }, (_, i) => `feed-${i}`));
      expect(result.sources.every((s) => s.error === null && s.new === 1)).toBe(true);
      expect(result.new).toBe(50); // budgets.maxNewIssues; 10 deferred
      expect(seen.most).toBeGreaterThan(1);
      expect(seen.most).toBeLessThanOrEqual(8); // the default budgets.concurrentSources
      expect(seen.mostPerHost).toBeLessThanOrEqual(4); // the HTTP client's per-host limit
      // One progress line and one result line per source; result lines in config order.
      const lines = logger.lines.map((l) => l.message);
      const results = lines.filter((l) => /^ {4}feed-\d+: fetched/.test(l));
      expect(results.map((l) => l.trim().split(':')[0])).toEqual(result.sources.map((s) => s.id));
      expect(lines.filter((l) => /^\[\d+\/60\] feed-\d+ \(rss\) …$/.test(l))).toHaveLength(60);
    } finally {
      http.close();
    }
  });

  it('all feeds on one host: the per-host limit holds whatever budgets.concurrentSources says', async () => {
    const seen = await feedHosts(1, 50);
    const http = createHttpClient({ retries: 0 });
    try {
      await scanFeeds(config(20, 16), http);
      expect(seen.most).toBeGreaterThan(1);
      expect(seen.mostPerHost).toBeLessThanOrEqual(4);
    } finally {
      http.close();
    }
  });

  it('budgets.concurrentSources: 1 fetches one source at a time', async () => {
    const seen = await feedHosts(4, 20);
    const http = createHttpClient({ retries: 0 });
    try {
      await scanFeeds(config(8, 1), http);
      expect(seen.most).toBe(1);
    } finally {
      http.close();
    }
  });
});

describe('runScan uses results in config order', () => {
  it('reports, credit for a shared mention, filing order and cursors do not depend on who answers first', async () => {
    const item = (id: string, text: string, published = '2026-11-19T10:00:00Z'): RawItem => ({
      id,
      url: `https://example.com/${id}`,
      text,
      author: `user${id}`,
      published,
    });
    const shared = item('shared', 'Acme is down again');
    const feeds: Record<string, RawItem[]> = {
      a: [shared, item('a1', 'Acme rocks')],
      b: [item('b1', 'Acme rocks too')],
      c: [shared, item('c1', 'Acme again')],
      d: [item('d1', 'Acme, once more')],
    };
    const base = fakeAdapter(feeds);
    // The first source answers last, the last first.
    const answerMs: Record<string, number> = { a: 60, b: 40, c: 20, d: 0 };
    const finished: string[] = [];
    const slow = {
      ...base,
      async fetch(ctx: Parameters<typeof base.fetch>[0]) {
        const feed = (ctx.source as unknown as { feed: string }).feed;
        await delay(answerMs[feed]!);
        finished.push(feed);
        return base.fetch(ctx);
      },
    };
    const run = async (adapter: typeof base, concurrentSources: number) => {
      const tracker = new MemoryTracker();
      const text = `company:\n  name: Acme\nbootstrap:\n  backfill: true\nbudgets:\n  concurrentSources: ${concurrentSources}\nsources:\n${['a', 'b', 'c', 'd'].map((f) => `  - id: ${f}\n    kind: fake\n    feed: ${f}\n`).join('')}`;
      const result = await runScan({
        config: parseConfig(text, 'test.yml', asAdapters(adapter)),
        adapters: asAdapters(adapter),
        tracker,
        http: createHttpClient(),
        classifier: keywordClassifier,
        env: {},
        now: () => NOW,
        logger: memoryLogger(),
      });
      return { result, tracker };
    };
    const concurrent = await run(slow, 4);
    expect(finished).toEqual(['d', 'c', 'b', 'a']); // they did overlap, in reverse
    const sequential = await run(base, 1);
    for (const { result } of [concurrent, sequential]) {
      expect(result.sources.map((s) => [s.id, s.new])).toEqual([
        ['a', 2],
        ['b', 1],
        ['c', 1], // the shared mention is a's: a comes first in the config
        ['d', 1],
      ]);
    }
    expect(concurrent.result.filed.map((f) => f.title)).toEqual(sequential.result.filed.map((f) => f.title));
    expect(concurrent.tracker.issues.map((i) => i.title)).toEqual(
      sequential.tracker.issues.map((i) => i.title),
    );
    const cursors = (t: MemoryTracker) => JSON.stringify([...t.states.values()].map((s) => s.sources));
    expect(cursors(concurrent.tracker)).toContain('"d"');
    expect(cursors(concurrent.tracker)).toBe(cursors(sequential.tracker));
  });
});

describe('hostOf', () => {
  it('is the host of a url, baseUrl or instance, else the kind', () => {
    const config = parseConfig(
      `company:\n  name: Acme\nsources:\n  - id: a\n    kind: rss\n    url: https://www.google.com/alerts/feeds/1/2\n  - id: b\n    kind: mastodon\n    instance: https://fosstodon.org\n  - id: c\n    kind: hacker-news\n`,
      'test.yml',
      adapters,
    );
    expect(config.sources.map(hostOf)).toEqual(['www.google.com', 'fosstodon.org', 'hn.algolia.com']);
    expect(hostOf({ id: 'x', kind: 'fake', enabled: true, weight: 1 } as never)).toBe('kind:fake');
  });
});
