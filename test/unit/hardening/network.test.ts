/**
 * Network faults (issue #9.3), end to end: real adapters fetch through the real HTTP client from
 * 127.0.0.1 servers that misbehave — no answer, a body that drips, a reset mid-body, a redirect
 * loop, a failed DNS lookup, TLS to a plain port, 500s, HTML where JSON belongs, a 100 MB body
 * (with and without Content-Length) and a gzip bomb. One runScan: every faulty source is reported
 * failed with its cause, its cursor does not move, the healthy source still files, memory stays
 * bounded. Nothing leaves the machine.
 */
import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import type { SourceCursor } from '../../../src/platforms/source.js';
import { emptyState } from '../../../src/record/port.js';
import { runScan, type ScanResult } from '../../../src/scan.js';
import { keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';
import { type RawServer, startRaw } from '../http/raw-server.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const OK_FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ok</title>
<item><title>Acme support was great</title><link>https://blog.example.com/1</link><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Is Acme down?</title><link>https://blog.example.com/2</link><pubDate>Sat, 21 Nov 2026 11:00:00 GMT</pubDate></item>
</channel></rss>`;
const MB = 1024 * 1024;

/** Streams `total` bytes of `chunk` with backpressure; stops when the client goes away. */
function stream(res: ServerResponse, total: number, chunk: Buffer): void {
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return;
    }
    if (sent >= total) res.end();
  };
  res.on('drain', pump);
  pump();
}

let server: Loopback;
let raw: RawServer;
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = await startLoopback((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const item = Buffer.from(
      '<item><title>Acme</title><description>filler filler filler</description></item>'.repeat(200),
    );
    switch (path) {
      case '/ok.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(OK_FEED);
        return;
      case '/silent/search_by_date':
        held.push(res); // never answers
        return;
      case '/drip/search_by_date': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"hits": [');
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 40);
        return;
      }
      case '/error/search_by_date':
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message": "internal error"}');
        return;
      case '/html/search_by_date':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><title>Just a moment...</title></html>');
        return;
      case '/loop-a.xml':
        res.writeHead(302, { location: '/loop-b.xml' });
        res.end();
        return;
      case '/loop-b.xml':
        res.writeHead(302, { location: '/loop-a.xml' });
        res.end();
        return;
      case '/big.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<rss version="2.0"><channel><title>big</title>');
        stream(res, 100 * MB, item);
        return;
      case '/big-declared.xml':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(100 * MB) });
        stream(res, 100 * MB, item);
        return;
      case '/bomb.xml': {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
        const gzip = createGzip();
        gzip.pipe(res);
        const zeros = Buffer.alloc(MB);
        let left = 100;
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            left--;
            if (!gzip.write(zeros)) return;
          }
          if (left === 0) gzip.end();
        };
        gzip.on('drain', pump);
        res.on('close', () => gzip.destroy());
        pump();
        return;
      }
      default:
        res.writeHead(404);
        res.end();
    }
  });
  // Headers and half a body, then the connection is reset.
  raw = await startRaw((socket) => {
    socket.once('data', () => {
      socket.write(
        'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<rss version="2.0"><channel><item><title>Ac',
      );
      setTimeout(() => socket.resetAndDestroy(), 20);
    });
  });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await Promise.all([server.close(), raw.close()]);
});

/** The faulty sources: id → [config entry, expected cause in the error]. */
function faults(): Record<string, [Record<string, unknown>, RegExp]> {
  const hn = (path: string, extra: Record<string, unknown> = {}) => ({
    kind: 'hacker-news',
    baseUrl: `${server.url}/${path}`,
    ...extra,
  });
  const rss = (url: string) => ({ kind: 'rss', url });
  const tlsPort = new URL(server.url).port;
  return {
    'no-answer': [hn('silent', { timeoutMs: 400 }), /timed out|timeout|within/i],
    'slow-drip': [hn('drip', { timeoutMs: 600 }), /timed out|timeout|within/i],
    'server-error': [hn('error'), /answered 500/],
    'html-not-json': [hn('html'), /JSON/],
    'reset-mid-body': [rss(`${raw.url}/feed.xml`), /reset|closed|ECONNRESET|socket/i],
    'redirect-loop': [rss(`${server.url}/loop-a.xml`), /redirect loop/],
    'dns-failure': [rss('http://feeds.invalid/feed.xml'), /DNS|ENOTFOUND/],
    'tls-error': [rss(`https://127.0.0.1:${tlsPort}/feed.xml`), /TLS|SSL|EPROTO|wrong version/i],
    'body-100mb': [rss(`${server.url}/big.xml`), /10 MiB|too large|larger|cap/i],
    'body-100mb-declared': [
      rss(`${server.url}/big-declared.xml`),
      /10 MiB|too large|larger|cap|Content-Length/i,
    ],
    'gzip-bomb': [rss(`${server.url}/bomb.xml`), /10 MiB|too large|larger|cap/i],
  };
}

function cursorOf(id: string): SourceCursor {
  return {
    since: '2026-11-20T00:00:00.000Z',
    validators: { [`https://example.com/${id}`]: { etag: `"${id}"` } },
    data: { marker: `keep-${id}` },
  };
}

describe('network faults through runScan (real adapters, real HTTP client, loopback servers)', () => {
  let result: ScanResult;
  let tracker: MemoryTracker;
  let logger: ReturnType<typeof memoryLogger>;
  let peakRssGrowthMb = 0;
  let scanMs = 0;

  beforeAll(async () => {
    const entries = Object.entries(faults());
    const yaml = [
      'company:',
      '  name: Acme',
      'bootstrap:',
      '  backfill: true',
      'sources:',
      '  - id: healthy',
      '    kind: rss',
      `    url: ${server.url}/ok.xml`,
      ...entries.flatMap(([id, [entry]]) => [
        `  - id: ${id}`,
        ...Object.entries(entry).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
      ]),
    ].join('\n');
    const config = parseConfig(yaml, 'network.yml', adapters);
    tracker = new MemoryTracker();
    tracker.states.set('default', {
      ...emptyState(),
      sources: Object.fromEntries(entries.map(([id]) => [id, cursorOf(id)])),
    });
    logger = memoryLogger();
    const http = createHttpClient({
      retries: 1,
      sleep: async () => undefined,
      lookup: async (host) => {
        if (host.endsWith('.invalid'))
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const started = performance.now();
    try {
      result = await runScan({
        config,
        adapters,
        tracker,
        http,
        classifier: keywordClassifier,
        env: {},
        now: () => NOW,
        logger,
      });
    } finally {
      clearInterval(sampler);
      http.close();
    }
    scanMs = performance.now() - started;
    peakRssGrowthMb = (Math.max(peak, process.memoryUsage().rss) - before) / MB;
  }, 60_000);

  it('reports every faulty source failed, naming the cause, and goes on', () => {
    const reports = new Map(result.sources.map((s) => [s.id, s]));
    for (const [id, [, cause]] of Object.entries(faults())) {
      const report = reports.get(id);
      expect(report?.error, id).toMatch(cause);
      expect(report?.fetched, id).toBe(0);
      expect(
        logger.lines.some((l) => l.level === 'warn' && l.message.startsWith(`${id} (`)),
        id,
      ).toBe(true);
    }
    expect(reports.get('healthy')?.error).toBeNull();
    expect(result.new).toBe(2);
    expect(tracker.issues.length).toBe(result.new);
  });

  it('leaves the cursor of every failed source exactly where it was; the healthy one moves', () => {
    const state = tracker.states.get('default')!;
    for (const id of Object.keys(faults())) expect(state.sources[id], id).toEqual(cursorOf(id));
    expect(state.sources.healthy?.since).toBeDefined();
  });

  it('keeps memory bounded while 100 MB bodies and a 100 MB gzip bomb are offered, and takes seconds, not minutes', () => {
    // Without the 10 MiB cap, one 100 MB body alone would add at least 100 MB.
    expect(peakRssGrowthMb).toBeLessThan(100);
    expect(scanMs).toBeLessThan(20_000);
  });
});
