/**
 * scan.mentionsPerSecond: feed items per second through parse (RSS XML bytes → items) + normalize
 * (canonical URL, key) + match (the company's queries) + the key kept in a set, on one core, in
 * process (no network, no classification, no filing): the median of 5 passes over 100,000 items —
 * the recorded feeds of test/fixtures/sources/rss/, repeated with fresh ids into 100 feeds of 1,000
 * items each, parsed from their XML bytes every pass.
 * scan.quietRunSecondsAt500Feeds50ms: wall seconds of a quiet run of the bundled action over 500
 * loopback feeds each answering in 50 ms, default settings, pacing on; median of 3 runs
 * (bench/quiet-run.ts says exactly what is run). Needs `npm run build`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseConfig } from '../src/config/load.js';
import { normalize } from '../src/mentions/normalize.js';
import { adapters } from '../src/platforms/index.js';
import { rssAdapter } from '../src/platforms/rss/source.js';
import { compileQueries } from '../src/scan.js';
import { benchQuietRun } from './quiet-run.js';

const DIR = new URL('../test/fixtures/sources/rss/', import.meta.url);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function bigFeeds(count: number, perFeed: number): Uint8Array[] {
  const recorded = readdirSync(DIR)
    .filter((f) => f.endsWith('.xml'))
    .flatMap((f) =>
      rssAdapter.parse(
        { body: readFileSync(new URL(f, DIR)), url: `https://example.com/${f}` },
        { url: 'https://example.com/', kind: 'rss', id: 'x', enabled: true, weight: 1 },
      ),
    );
  const feeds: Uint8Array[] = [];
  let n = 0;
  for (let f = 0; f < count; f++) {
    const items: string[] = [];
    for (let i = 0; i < perFeed; i++, n++) {
      const r = recorded[n % recorded.length]!;
      items.push(
        `<item><title>${escapeXml(r.title ?? '')}</title><link>${escapeXml(`${r.url ?? 'https://example.com/x'}?utm_source=bench&n=${n}`)}</link>` +
          `<guid isPermaLink="false">bench-${n}</guid><pubDate>${new Date(Date.parse(r.published ?? '2026-11-20T00:00:00Z')).toUTCString()}</pubDate>` +
          `<description>${escapeXml(r.text)}</description>${r.author ? `<author>${escapeXml(r.author)}</author>` : ''}</item>`,
      );
    }
    feeds.push(
      new TextEncoder().encode(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench ${f}</title><link>https://example.com/</link>${items.join('')}</channel></rss>`,
      ),
    );
  }
  return feeds;
}

/** One pass over the feeds: parse + normalize + match + key. */
export function mentionsPass(feeds: readonly Uint8Array[]): {
  items: number;
  matched: number;
  keys: number;
  seconds: number;
} {
  const config = parseConfig(
    'company:\n  name: Acme\n  aliases: [Acme Corp]\n  products: [AcmeCloud]\nsources:\n  - id: x\n    kind: rss\n    url: https://example.com/\n',
    'bench',
    adapters,
  );
  const queries = compileQueries(config);
  const fetched = new Date('2026-11-23T12:00:00Z');
  const source = { url: 'https://example.com/', kind: 'rss' as const, id: 'x', enabled: true, weight: 1 };
  let items = 0;
  let matched = 0;
  const keys = new Set<string>();
  const started = performance.now();
  for (const body of feeds) {
    for (const item of rssAdapter.parse({ body, url: 'https://example.com/feed.xml' }, source)) {
      const m = normalize(item, { sourceId: 'x', sourceKind: 'rss', fetched, preferUrl: true });
      keys.add(m.key);
      items++;
      if (queries.match(`${m.title}\n${m.text}`).length > 0) matched++;
    }
  }
  return { items, matched, keys: keys.size, seconds: (performance.now() - started) / 1000 };
}

export const PASSES = 5;

export async function benchScan(): Promise<Record<string, number>> {
  const feeds = bigFeeds(100, 1000);
  const passes = Array.from({ length: PASSES }, () => mentionsPass(feeds));
  const { items, matched, keys } = passes[0]!;
  if (items < 100_000) throw new Error(`only ${items} items parsed`);
  const rates = passes.map((p) => p.items / p.seconds).sort((a, b) => a - b);
  const median = rates[(PASSES - 1) / 2]!;
  process.stderr.write(
    `  scan: ${items} items, ${matched} matched, ${keys} keys; passes: ${passes.map((p) => `${p.seconds.toFixed(2)} s`).join(', ')}\n`,
  );
  const quiet = await benchQuietRun();
  process.stderr.write(
    `  scan: quiet runs over 500 feeds (50 ms each): ${quiet.runs.map((s) => s.toFixed(2)).join(', ')} s\n`,
  );
  return {
    'scan.quietRunSecondsAt500Feeds50ms': Math.round(quiet.seconds * 100) / 100,
    'scan.items': items,
    'scan.mentionsPerSecond': Math.round(median),
    'scan.matchedShare': Math.round((matched / items) * 1000) / 1000,
  };
}
