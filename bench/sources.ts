/**
 * The source catalogue and what a re-scan costs (issue #4).
 *
 * - sources.kinds: adapters in the registry.
 * - A steady-state re-scan of 50 sources: a mix of the 12 kinds that make conditional requests
 *   (rss, json-feed, html, hacker-news, reddit in rss mode, mastodon hashtags, github issues/PRs,
 *   discourse, lemmy, app-store, youtube videos, json GET), all pointed at one loopback server that
 *   serves the recorded payloads of test/fixtures/sources/ with an ETag and a Last-Modified, and
 *   answers 304 when a request carries the validators it sent. runScan (the real pipeline, with the
 *   in-memory tracker and the keyword classifier) runs three times, an hour apart:
 *   1. the first run (no cursors): everything is read and filed;
 *   2. the first re-scan: the mastodon timelines are asked once more, now forward from the newest
 *      id in their cursors (`min_id`) — new URLs, so no validators yet; everything else already
 *      answers 304, the search APIs whose URL carries the window start (hacker-news, github,
 *      discourse) included: they carry it rounded down to the UTC day (requestStart in
 *      src/platforms/shared/api-source.ts), so their URLs stay the same all day (the three runs,
 *      12:00 to 14:00 UTC, fall on one day; the first run after midnight UTC reads each of their
 *      first pages once more);
 *   3. the steady state: every request carries validators and every source answers 304.
 *   Requests and body bytes are counted by the server (bytes as sent, uncompressed) and checked
 *   against the client's own counters; the bench fails if the steady state is not all 304s.
 * Bluesky and Stack Exchange are left out: their APIs send no validators (every run re-reads the
 * first page of each search); so is the youtube `channelId` option (its playlistItems call is
 * unconditional) and the json kind's POST requests.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../src/config/load.js';
import { createHttpClient } from '../src/http/client.js';
import { memoryLogger } from '../src/logger.js';
import { adapters } from '../src/platforms/index.js';
import { runScan, type ScanResult } from '../src/scan.js';
import { keywordClassifier, MemoryTracker } from '../test/helpers/fakes.js';

const FIXTURES = new URL('../test/fixtures/sources/', import.meta.url);
const APP_ID = '1444444444';
const YT_KEY = 'AIzaSyBENCH-not-a-real-key-0000000000000';
const LAST_MODIFIED = 'Mon, 10 Mar 2025 11:00:00 GMT';
const RSS_FILES = [
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

const cache = new Map<string, Buffer>();
function load(path: string): Buffer {
  let body = cache.get(path);
  if (!body) {
    body = readFileSync(new URL(path, FIXTURES));
    cache.set(path, body);
  }
  return body;
}

/** Which recorded payload answers a request: `/<area>/<n>/<the API's own path>`. */
function route(url: URL): { file: string; type: string } | undefined {
  const [, area, n = '0', ...rest] = url.pathname.split('/');
  const path = `/${rest.join('/')}`;
  const q = url.searchParams;
  const json = 'application/json; charset=utf-8';
  switch (area) {
    case 'rss':
      return {
        file: `rss/${RSS_FILES[Number(n) % RSS_FILES.length]}`,
        type: 'application/xml; charset=utf-8',
      };
    case 'jf':
      return { file: `json-feed/feed-1.${Number(n) % 2}.json`, type: 'application/feed+json' };
    case 't': // html: forum threads; the fixture's next link is /t/…?page=2 on the same host
      return {
        file: `html/forum-thread-page${q.get('page') === '2' ? 2 : 1}.html`,
        type: 'text/html; charset=utf-8',
      };
    case 'hn':
      return { file: `hacker-news/search-by-date-page${q.get('page') === '0' ? 0 : 1}.json`, type: json };
    case 'reddit':
      return {
        file: path === '/search.rss' ? 'reddit/search.rss' : 'reddit/comments.rss',
        type: 'application/atom+xml; charset=UTF-8',
      };
    case 'masto':
      return {
        file: `mastodon/tag-timeline-${q.get('max_id') || q.get('min_id') ? 'empty' : 'acmecloud'}.json`,
        type: json,
      };
    case 'gh': {
      const name = (q.get('q') ?? '').includes('is:pr')
        ? 'search-prs'
        : q.get('page') === '2'
          ? 'search-issues-page2'
          : 'search-issues-page1';
      return { file: `github/${name}.json`, type: json };
    }
    case 'disc':
      return { file: `discourse/search-page${q.get('page') === '2' ? 2 : 1}.json`, type: json };
    case 'lemmy':
      return { file: `lemmy/search-all-page${q.get('page') === '2' ? 2 : 1}.json`, type: json };
    case 'as': {
      const m = /^\/([a-z]{2})\/rss\/customerreviews\/page=(\d+)\/id=\d+\/sortby=mostrecent\/json$/.exec(
        path,
      );
      if (!m) return undefined;
      const file = `app-store/reviews-${m[1]}-page${m[2]}.json`;
      try {
        load(file);
        return { file, type: 'text/javascript; charset=utf-8' };
      } catch {
        return { file: 'app-store/reviews-empty.json', type: 'text/javascript; charset=utf-8' };
      }
    }
    case 'yt': {
      const video = q.get('videoId');
      const file =
        video === 'acmeVideo01'
          ? q.get('pageToken')
            ? 'comment-threads-video1-page2'
            : 'comment-threads-video1'
          : video === 'acmeVideo02'
            ? 'comment-threads-video2'
            : 'comment-threads-empty';
      return { file: `youtube/${file}.json`, type: json };
    }
    case 'json':
      return { file: 'json/forem-articles.json', type: json };
    default:
      return undefined;
  }
}

interface Counts {
  requests: number;
  bytes: number;
  notModified: number;
  /** Requests answered 200 (or 404), by the first path segment: which kinds re-read. */
  readByArea: Record<string, number>;
}

const zero = (): Counts => ({ requests: 0, bytes: 0, notModified: 0, readByArea: {} });

/** One server for every source; counts what it is asked and what it sends. */
async function startServer(): Promise<{
  url: string;
  counts: () => Counts;
  reset: () => void;
  close: () => Promise<void>;
}> {
  let counts = zero();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const area = url.pathname.split('/')[1] ?? '';
    counts.requests++;
    const target = route(url);
    if (!target) {
      counts.readByArea[area] = (counts.readByArea[area] ?? 0) + 1;
      res.writeHead(404);
      res.end();
      return;
    }
    const body = load(target.file);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    if (inm !== undefined ? inm === etag : ims === LAST_MODIFIED) {
      counts.notModified++;
      res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED });
      res.end();
      return;
    }
    counts.readByArea[area] = (counts.readByArea[area] ?? 0) + 1;
    counts.bytes += body.byteLength;
    res.writeHead(200, {
      'content-type': target.type,
      'content-length': String(body.byteLength),
      etag,
      'last-modified': LAST_MODIFIED,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => structuredClone(counts),
    reset: () => {
      counts = zero();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FORUM_SELECTORS = `    item: article.post
    link: a.post-link
    text: .cooked
    author: .username
    date: time
    dateAttr: datetime
    itemId: ':scope'
    itemIdAttr: data-post-id
    nextPage: 'a[rel="next"]'`;

/** The 50 sources: [kind, how many, entry lines after id/kind]. */
function sourcesYaml(base: string): { yaml: string; count: number; kinds: number } {
  const mix: [string, number, (n: number) => string][] = [
    ['rss', 10, (n) => `    url: ${base}/rss/${n}/feed.xml`],
    ['json-feed', 4, (n) => `    url: ${base}/jf/${n}/feed.json`],
    ['html', 4, (n) => `    url: ${base}/t/acmecloud-object-storage-slow/${55 + n}\n${FORUM_SELECTORS}`],
    ['hacker-news', 4, (n) => `    baseUrl: ${base}/hn/${n}`],
    ['reddit', 3, (n) => `    mode: rss\n    baseUrl: ${base}/reddit/${n}\n    subreddits: [AcmeCloud]`],
    ['mastodon', 4, (n) => `    instance: ${base}/masto/${n}\n    hashtags: [acmecloud]\n    search: false`],
    ['github', 4, (n) => `    baseUrl: ${base}/gh/${n}`],
    ['discourse', 4, (n) => `    baseUrl: ${base}/disc/${n}`],
    ['lemmy', 4, (n) => `    instance: ${base}/lemmy/${n}`],
    ['app-store', 3, (n) => `    baseUrl: ${base}/as/${n}\n    appId: '${APP_ID}'\n    countries: [us, de]`],
    [
      'youtube',
      3,
      (n) =>
        `    baseUrl: ${base}/yt/${n}\n    videoIds: [acmeVideo01, acmeVideo02]\n    credentials: { apiKey: BENCH_YT_KEY }`,
    ],
    [
      'json',
      3,
      (n) =>
        `    url: ${base}/json/${n}/api/articles?tag=acmecloud\n    fields: { id: id, url: url, title: title, text: description, author: user.name, published: published_at, engagement: public_reactions_count }`,
    ],
  ];
  const entries: string[] = [];
  for (const [kind, count, lines] of mix) {
    for (let n = 0; n < count; n++) entries.push(`  - id: ${kind}-${n}\n    kind: ${kind}\n${lines(n)}`);
  }
  return { yaml: entries.join('\n'), count: entries.length, kinds: mix.length };
}

interface RunFigures {
  server: Counts;
  client: { requests: number; bytes: number; notModified: number };
  result: ScanResult;
}

export async function benchSources(): Promise<Record<string, number>> {
  const server = await startServer();
  const http = createHttpClient({ userAgent: 'earshot-bench', retries: 0 });
  try {
    const { yaml, count, kinds } = sourcesYaml(server.url);
    const config = parseConfig(
      `company:\n  name: Acme\n  aliases: [Acme Corp]\n  products: [AcmeCloud, Acme CLI]\n` +
        `lookbackDays: 30\nbudgets:\n  maxNewIssues: 500\nsources:\n${yaml}\n`,
      'bench/sources.ts',
      adapters,
    );
    const tracker = new MemoryTracker();
    let now = new Date('2025-03-10T12:00:00Z');
    const deps = {
      config,
      adapters,
      tracker,
      http,
      classifier: keywordClassifier,
      env: { BENCH_YT_KEY: YT_KEY },
      now: () => now,
      logger: memoryLogger(),
    };

    const run = async (): Promise<RunFigures> => {
      server.reset();
      const before = http.stats;
      const result = await runScan(deps);
      const after = http.stats;
      const failed = result.sources.filter((s) => s.error);
      if (failed.length > 0) {
        throw new Error(`bench sources: ${failed.map((s) => `${s.id}: ${s.error}`).join('; ')}`);
      }
      now = new Date(now.getTime() + 60 * 60_000);
      return {
        server: server.counts(),
        client: {
          requests: after.requests - before.requests,
          bytes: after.bytesReceived - before.bytesReceived,
          notModified: after.notModified - before.notModified,
        },
        result,
      };
    };

    const first = await run();
    const second = await run();
    const steady = await run();
    for (const r of [first, second, steady]) {
      if (r.client.requests !== r.server.requests || r.client.bytes !== r.server.bytes) {
        throw new Error(
          `bench sources: client and server disagree (${JSON.stringify(r.client)} vs ${r.server.requests} requests, ${r.server.bytes} bytes)`,
        );
      }
    }
    if (steady.server.notModified !== steady.server.requests || steady.server.bytes !== 0) {
      throw new Error(
        `bench sources: the steady state is not all 304 (${steady.server.notModified} of ${steady.server.requests}; read: ${JSON.stringify(steady.server.readByArea)})`,
      );
    }
    process.stderr.write(
      `  sources: ${count} sources of ${kinds} kinds; first run ${first.server.requests} requests / ${first.server.bytes} B ` +
        `(${first.result.new} issues), first re-scan ${second.server.requests} / ${second.server.bytes} B ` +
        `(${second.server.notModified} × 304; read again: ${JSON.stringify(second.server.readByArea)}), steady ${steady.server.requests} / ${steady.server.bytes} B ` +
        `(${steady.server.notModified} × 304)\n`,
    );
    return {
      'sources.kinds': adapters.length,
      'sources.steadyStateSources': count,
      'sources.steadyStateKinds': kinds,
      'sources.requestsFirstRun': first.server.requests,
      'sources.bytesFirstRun': first.server.bytes,
      'sources.requestsSecondRun': second.server.requests,
      'sources.bytesSecondRun': second.server.bytes,
      'sources.requestsSteadyState': steady.server.requests,
      'sources.bytesSteadyState': steady.server.bytes,
      'sources.notModifiedSteadyState': steady.server.notModified,
    };
  } finally {
    http.close();
    await server.close();
  }
}
