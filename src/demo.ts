/**
 * `earshot demo` / `npm run demo`: a real scan, through the real adapters, HTTP client, matcher,
 * classifier and local tracker — against recorded payloads (test/fixtures/sources/) served on
 * 127.0.0.1, so it works with no internet at all. The clock is the recordings' time
 * (2026-11-23 12:00 UTC), so their mentions are inside the look-back window whenever it runs.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { scanLocal } from './cli.js';
import { parseConfig } from './config/load.js';
import type { Logger } from './logger.js';
import { adapters } from './platforms/index.js';
import type { ScanResult } from './scan.js';
import { formatScanTable, scanJson } from './scan-format.js';
import { findShipped } from './shipped-files.js';
import { triageLines } from './triage/report-lines.js';

export const DEMO_NOW = new Date('2026-11-23T12:00:00Z');
/** The recorded payloads, shipped in the package (package.json `files`). */
function fixtures(): URL {
  const dir = findShipped('test/fixtures/sources');
  if (!dir) throw new Error('the demo fixtures (test/fixtures/sources/) are not next to Earshot');
  return pathToFileURL(`${dir}/`);
}

/** Which recorded payload answers which request. */
function route(req: IncomingMessage): { file: string; type: string } | undefined {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const page = url.searchParams.get('page') ?? '0';
  const [, area, ...rest] = url.pathname.split('/');
  const name = rest.join('/');
  switch (area) {
    case 'rss': // no charset: the feed's own XML prolog says how it is encoded
      return { file: `rss/${name}`, type: 'application/xml' };
    case 'json-feed':
      return { file: `json-feed/${name}`, type: 'application/feed+json' };
    // The API payloads below are recorded fixtures with their timestamps moved (test/fixtures/demo/).
    case 'hn':
      return { file: `../demo/hacker-news-page${page === '0' ? 0 : 1}.json`, type: 'application/json' };
    case 'mastodon':
      return name.includes('timelines/tag/acmecloud') && !url.searchParams.has('max_id')
        ? { file: '../demo/mastodon-tag-acmecloud.json', type: 'application/json' }
        : { file: 'mastodon/tag-timeline-empty.json', type: 'application/json' };
    case 'se':
      return {
        file: `../demo/stack-exchange-page${page === '1' ? 1 : 2}.json`,
        type: 'application/json; charset=utf-8',
      };
    default:
      return undefined;
  }
}

export function demoConfig(base: string): string {
  const feeds = [
    'google-alerts',
    'google-news',
    'wordpress',
    'blogger',
    'medium',
    'reddit',
    'youtube',
    'windows-1252',
  ];
  return `company:
  name: Acme
  aliases: [Acme Corp]
  products: [AcmeCloud]
  handles: ['@acme']
lookbackDays: 14
bootstrap:
  backfill: true
sources:
${feeds.map((f) => `  - id: ${f}\n    kind: rss\n    url: ${base}/rss/${f}.xml`).join('\n')}
  - id: json-feed
    kind: json-feed
    url: ${base}/json-feed/feed-1.1.json
  - id: hacker-news
    kind: hacker-news
    baseUrl: ${base}/hn
  - id: mastodon
    kind: mastodon
    instance: ${base}/mastodon
    hashtags: [acmecloud]
  - id: stack-exchange
    kind: stack-exchange
    baseUrl: ${base}/se
`;
}

export async function serveRecordings(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const r = route(req);
    if (!r) {
      res.writeHead(404).end();
      return;
    }
    readFile(new URL(r.file, fixtures())).then(
      (body) => res.writeHead(200, { 'content-type': r.type }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function runDemo(args: {
  store?: string | undefined;
  json: boolean;
  logger: Logger;
  out: (s: string) => void;
}): Promise<number> {
  const server = await serveRecordings();
  let result: ScanResult;
  try {
    const config = parseConfig(demoConfig(server.url), 'demo config', adapters);
    args.logger.info(`earshot demo: ${config.sources.length} recorded sources served on ${server.url}`);
    result = await scanLocal({
      config,
      store: args.store,
      dryRun: false,
      logger: args.logger,
      env: {},
      now: () => DEMO_NOW,
    });
  } finally {
    await server.close();
  }
  if (args.json) {
    args.out(scanJson(result));
    return 0;
  }
  args.out(formatScanTable(result));
  for (const f of result.filed) args.out(`  #${f.number} ${f.title}`);
  for (const line of triageLines(result.triage)) args.out(line);
  const where = args.store ?? '.earshot';
  args.out(
    result.new > 0
      ? `\nFiled into ${where}/ (open ${where}/index.md). Run the demo again: it files nothing new.`
      : `\nNothing new: every recorded mention already has its issue in ${where}/.`,
  );
  return 0;
}
