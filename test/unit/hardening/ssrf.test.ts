/**
 * SSRF guard (issue #9.4). Links in mentions are data: today no code fetches them (the scan only
 * requests the configured sources), and the HTTP client's `untrusted: true` — for the day something
 * does (an article's full text, an author's profile) — refuses private, loopback and link-local
 * targets, by literal or by name, on every redirect hop, unless allowPrivateNetworks is set.
 * test/unit/http/client-ssrf.test.ts holds the client's own, finer-grained tests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { HttpError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { addressRange } from '../../../src/http/ssrf.js';
import { silentLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import { runScan } from '../../../src/scan.js';
import { keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

let canary: Loopback;
let source: Loopback;

beforeAll(async () => {
  // The "internal" server: nothing may ever reach it on a mention's behalf.
  canary = await startLoopback((_req, res) => void res.end('internal secret'));
  source = await startLoopback((req, res) => {
    if (req.url.startsWith('/public-redirect')) {
      res.writeHead(302, { location: new URL(req.url, 'http://x').searchParams.get('to') ?? '/' });
      res.end();
      return;
    }
    const link = `${canary.url}/latest/meta-data/`;
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>${link}</link>` +
        `<item><title>Acme outage</title><link>${link}?item=1</link><author>a@example.com (${canary.url}/u)</author>` +
        `<description>&lt;img src="${canary.url}/pixel.gif"&gt; see ${canary.url}/x and http://169.254.169.254/</description>` +
        '<pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>',
    );
  });
});

afterAll(async () => {
  await Promise.all([canary.close(), source.close()]);
});

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  expect((error as HttpError).code).toBe('blocked');
  return error as HttpError;
}

describe('SSRF', () => {
  it('a scan requests only configured sources: links, images and authors in a mention are never fetched', async () => {
    const config = parseConfig(
      `company:\n  name: Acme\nbootstrap:\n  backfill: true\nsources:\n  - id: feed\n    kind: rss\n    url: ${source.url}/feed.xml\n`,
      'ssrf.yml',
      adapters,
    );
    const tracker = new MemoryTracker();
    const http = createHttpClient({ retries: 0 });
    const result = await runScan({
      config,
      adapters,
      tracker,
      http,
      classifier: keywordClassifier,
      env: {},
      now: () => new Date('2026-11-22T12:00:00Z'),
      logger: silentLogger,
    });
    http.close();
    expect(result.new).toBe(1);
    expect(source.requests.map((r) => r.url)).toEqual(['/feed.xml']);
    expect(canary.requests).toEqual([]);
    // The link is rendered as data (a loopback host is a plain host name, so it stays a link).
    expect(tracker.issues[0]?.body).toContain(`${canary.url}/latest/meta-data/?item=1`);
  });

  it('untrusted requests are refused for private, loopback, link-local and other non-public targets, by literal and by name', async () => {
    const literals = [
      'http://127.0.0.1/',
      'http://127.1.2.3/',
      'http://[::1]/',
      'http://0.0.0.0/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://2130706433/',
      'http://0x7f.1/',
    ];
    const http = createHttpClient({ retries: 0 });
    for (const url of literals) {
      const error = await refusal(http.request({ url, untrusted: true }));
      expect(error.message, url).toMatch(/refused to connect/);
    }
    const byName = createHttpClient({
      retries: 0,
      lookup: async (host) => [
        { address: host === 'metadata.test' ? '169.254.169.254' : '10.1.2.3', family: 4 },
      ],
    });
    for (const url of ['http://metadata.test/', 'http://intranet.test:8080/admin']) {
      const error = await refusal(byName.request({ url, untrusted: true }));
      expect(error.message, url).toMatch(/resolves to (169\.254\.169\.254|10\.1\.2\.3)/);
    }
    expect(canary.requests).toEqual([]);
  });

  it('a public page redirecting to a private address is refused at the redirect, by name or literal', async () => {
    // An internal server on 127.0.0.3; the policy treats 127.0.0.1 (the source server) as public,
    // standing in for a public host, and everything else as the default does. Nothing leaves the machine.
    const internal: string[] = [];
    const server = createServer((req, res) => {
      internal.push(req.url ?? '');
      res.end('internal secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve));
    const internalPort = (server.address() as AddressInfo).port;
    const policy = (ip: string) => (ip === '127.0.0.1' ? undefined : addressRange(ip));
    const http = createHttpClient({
      retries: 0,
      addressPolicy: policy,
      lookup: async (host) => [{ address: host === 'internal.test' ? '127.0.0.3' : '127.0.0.1', family: 4 }],
    });
    const port = new URL(source.url).port;
    try {
      for (const to of [
        `http://internal.test:${internalPort}/admin`,
        `http://127.0.0.3:${internalPort}/admin`,
      ]) {
        const before = source.requests.length;
        const error = await refusal(
          http.request({
            url: `http://public.test:${port}/public-redirect?to=${encodeURIComponent(to)}`,
            untrusted: true,
          }),
        );
        expect(error.message, to).toMatch(
          /refused to connect to (internal\.test: it resolves to )?127\.0\.0\.3/,
        );
        expect(source.requests.length, to).toBe(before + 1); // the public hop was made
      }
      expect(internal).toEqual([]); // the private one never was
      // The same redirect, trusted (a configured source): followed.
      const to = `http://127.0.0.3:${internalPort}/admin`;
      const trusted = createHttpClient({ retries: 0 });
      expect(
        (await trusted.request({ url: `${source.url}/public-redirect?to=${encodeURIComponent(to)}` })).text(),
      ).toBe('internal secret');
      trusted.close();
    } finally {
      http.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('allowPrivateNetworks (an explicit opt-in) lets untrusted requests through; configured sources never need it', async () => {
    const http = createHttpClient({ retries: 0, allowPrivateNetworks: true });
    expect((await http.request({ url: `${canary.url}/ok`, untrusted: true })).text()).toBe('internal secret');
    const trusted = createHttpClient({ retries: 0 });
    expect((await trusted.request({ url: `${canary.url}/ok` })).text()).toBe('internal secret');
    http.close();
    trusted.close();
  });
});
