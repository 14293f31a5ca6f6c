/**
 * The feed corpus runner: every file in test/fixtures/feeds/ with a sidecar `<name>.expected.json`
 * is read with readFeed and checked against its expectations; the figures feed `npm run bench`
 * (`feeds.wellFormedRead`, `feeds.illFormedItemsRecovered`, …) and the baseline of rss-parser
 * with its defaults on the same XML feeds.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { decodeText } from '../../../http/decode.js';
import { NotAFeedError } from './not-a-feed.js';
import { readFeed } from './read-feed.js';
import { rssParserDefaults } from './strict.js';
import type { FeedResult } from './types.js';

const nullableString = z.string().nullable();

export const corpusExpectationSchema = z.strictObject({
  class: z.enum(['valid', 'broken', 'encoding', 'not-a-feed', 'security']),
  description: z.string(),
  url: z.string().optional(),
  contentType: z.string().optional(),
  kind: z.enum(['rss', 'atom', 'rdf', 'json-feed']).optional(),
  format: z.string().optional(),
  title: z.string().optional(),
  link: z.string().optional(),
  items: z.number().int().min(0).optional(),
  minItems: z.number().int().min(0).optional(),
  first: z
    .strictObject({
      title: z.string().optional(),
      link: z.string().optional(),
      published: z.string().optional(),
      author: z.string().optional(),
      id: z.string().optional(),
    })
    .optional(),
  itemLinks: z.array(nullableString).optional(),
  itemAuthors: z.array(nullableString).optional(),
  itemPublished: z.array(nullableString).optional(),
  textIncludes: z.array(z.string()).optional(),
  textExcludes: z.array(z.string()).optional(),
  warningIncludes: z.array(z.string()).optional(),
  recovered: z.boolean().optional(),
  encoding: z.string().optional(),
  error: z.string().optional(),
  maxMs: z.number().positive().optional(),
});
export type CorpusExpectation = z.infer<typeof corpusExpectationSchema>;

export interface CorpusCase {
  /** File name in the corpus folder. */
  file: string;
  body: Uint8Array;
  url: string;
  expected: CorpusExpectation;
}

export interface CorpusCaseResult {
  file: string;
  class: CorpusExpectation['class'];
  ok: boolean;
  failures: string[];
  ms: number;
  crashed: boolean;
  hung: boolean;
  itemsGot: number;
  itemsExpected: number;
  feed?: FeedResult;
  error?: string;
}

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../../../test/fixtures/feeds/', import.meta.url));
const DEFAULT_MAX_MS = 2000;

export async function loadCorpus(dir: string = DEFAULT_CORPUS_DIR): Promise<CorpusCase[]> {
  const names = (await readdir(dir)).sort();
  const cases: CorpusCase[] = [];
  for (const name of names) {
    if (!name.endsWith('.expected.json')) continue;
    const stem = name.slice(0, -'.expected.json'.length);
    const file = names.find(
      (n) => n !== name && !n.endsWith('.expected.json') && n.replace(/\.[^.]+$/, '') === stem,
    );
    if (!file) throw new Error(`${name}: no payload file named ${stem}.*`);
    const parsed = corpusExpectationSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const buf = await readFile(join(dir, file));
    cases.push({
      file,
      body: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
      url: parsed.data.url ?? `https://feeds.example.com/corpus/${file}`,
      expected: parsed.data,
    });
  }
  return cases;
}

function allText(feed: FeedResult): string {
  return [feed.title, ...feed.items.flatMap((i) => [i.title ?? '', i.text])].join('\n');
}

function compareList(
  failures: string[],
  what: string,
  expected: readonly (string | null)[] | undefined,
  got: readonly (string | undefined)[],
): void {
  if (!expected) return;
  expected.forEach((e, i) => {
    const g = got[i] ?? null;
    if (g !== e) failures.push(`${what}[${i}]: expected ${JSON.stringify(e)}, got ${JSON.stringify(g)}`);
  });
}

/** Checks one case; never throws. */
export function checkCase(c: CorpusCase): CorpusCaseResult {
  const e = c.expected;
  const failures: string[] = [];
  const itemsExpected = e.items ?? e.minItems ?? 0;
  const start = performance.now();
  let feed: FeedResult | undefined;
  let thrown: unknown;
  try {
    feed = readFeed({ body: c.body, url: c.url, ...(e.contentType ? { contentType: e.contentType } : {}) });
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - start;
  const hung = ms > (e.maxMs ?? DEFAULT_MAX_MS);
  if (hung) failures.push(`took ${ms.toFixed(0)} ms (limit ${e.maxMs ?? DEFAULT_MAX_MS})`);
  let crashed = false;

  if (e.class === 'not-a-feed' || e.error !== undefined) {
    // A non-feed must be refused with a NotAFeedError; a hostile feed (security) with a clear Error.
    const wantNotAFeed = e.class === 'not-a-feed';
    const clean =
      thrown instanceof Error && !(thrown instanceof TypeError) && !(thrown instanceof RangeError);
    if (feed)
      failures.push(`expected an error, read a ${feed.format} feed with ${feed.items.length} item(s)`);
    else if (!clean || (wantNotAFeed && !(thrown instanceof NotAFeedError))) {
      crashed = true;
      failures.push(`expected ${wantNotAFeed ? 'a NotAFeedError' : 'an Error'}, got ${String(thrown)}`);
    } else {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      if (e.error && !message.includes(e.error)) {
        failures.push(`error ${JSON.stringify(message)} does not include ${JSON.stringify(e.error)}`);
      }
    }
  } else if (!feed) {
    crashed = !(thrown instanceof NotAFeedError);
    failures.push(`expected a feed, got ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  } else {
    const first = feed.items[0];
    const check = (what: string, want: string | boolean | number | undefined, got: unknown) => {
      if (want !== undefined && got !== want) {
        failures.push(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      }
    };
    check('kind', e.kind, feed.kind);
    check('format', e.format, feed.format);
    check('title', e.title, feed.title);
    check('link', e.link, feed.link);
    check('items', e.items, feed.items.length);
    if (e.minItems !== undefined && feed.items.length < e.minItems) {
      failures.push(`items: expected at least ${e.minItems}, got ${feed.items.length}`);
    }
    check('recovered', e.recovered, feed.recovered);
    check('encoding', e.encoding, feed.encoding);
    if (e.first) {
      check('first.title', e.first.title, first?.title);
      check('first.link', e.first.link, first?.url);
      check('first.published', e.first.published, first?.published);
      check('first.author', e.first.author, first?.author);
      check('first.id', e.first.id, first?.id);
    }
    compareList(
      failures,
      'itemLinks',
      e.itemLinks,
      feed.items.map((i) => i.url),
    );
    compareList(
      failures,
      'itemAuthors',
      e.itemAuthors,
      feed.items.map((i) => i.author),
    );
    compareList(
      failures,
      'itemPublished',
      e.itemPublished,
      feed.items.map((i) => i.published),
    );
    const text = allText(feed);
    for (const s of e.textIncludes ?? [])
      if (!text.includes(s)) failures.push(`text does not include ${JSON.stringify(s)}`);
    for (const s of e.textExcludes ?? [])
      if (text.includes(s)) failures.push(`text includes ${JSON.stringify(s)}`);
    const warnings = feed.warnings.join('\n');
    for (const s of e.warningIncludes ?? []) {
      if (!warnings.includes(s))
        failures.push(`no warning includes ${JSON.stringify(s)} (warnings: ${warnings || 'none'})`);
    }
  }
  return {
    file: c.file,
    class: e.class,
    ok: failures.length === 0,
    failures,
    ms,
    crashed,
    hung,
    itemsGot: feed?.items.length ?? 0,
    itemsExpected,
    ...(feed ? { feed } : {}),
    ...(thrown !== undefined ? { error: thrown instanceof Error ? thrown.message : String(thrown) } : {}),
  };
}

export interface CorpusReport {
  cases: CorpusCaseResult[];
  /** Flat `feeds.<figure>` numbers for `npm run bench`. */
  figures: Record<string, number>;
}

function share(n: number, d: number): number {
  return d === 0 ? 1 : Math.round((n / d) * 1000) / 1000;
}

/** Runs the whole corpus, plus the rss-parser-with-defaults baseline on its XML feeds. */
export async function runFeedCorpus(dir: string = DEFAULT_CORPUS_DIR): Promise<CorpusReport> {
  const cases = await loadCorpus(dir);
  const results = cases.map(checkCase);
  const of = (cls: CorpusExpectation['class']) => results.filter((r) => r.class === cls);
  const passed = (rs: CorpusCaseResult[]) => rs.filter((r) => r.ok).length;
  const broken = of('broken');
  /** Mean over feeds of the share of expected items read. */
  const itemShare = (got: number, want: number) => (want === 0 ? 1 : Math.min(got, want) / want);
  const recoveredShare = broken.reduce((n, r) => n + itemShare(r.itemsGot, r.itemsExpected), 0);

  // Baseline: rss-parser's README usage on the same XML feeds (given correctly decoded text).
  const xmlFeeds = cases.filter(
    (c) =>
      c.expected.class !== 'not-a-feed' && c.expected.kind !== 'json-feed' && c.expected.error === undefined,
  );
  let baselineRead = 0;
  let baselineShare = 0;
  for (const c of xmlFeeds) {
    const contentType = c.expected.contentType;
    const text = decodeText(c.body, { ...(contentType ? { contentType } : {}), xml: true }).text;
    const r = await rssParserDefaults(text);
    if (r.ok) baselineRead++;
    baselineShare += itemShare(r.ok ? r.items : 0, c.expected.items ?? c.expected.minItems ?? 0);
  }
  const ourXml = results.filter((r) => xmlFeeds.some((c) => c.file === r.file));
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const bomb = results.find((r) => r.file.startsWith('entity-bomb'));

  const figures: Record<string, number> = {
    'feeds.corpusCases': results.length,
    'feeds.wellFormedRead': share(passed(of('valid')), of('valid').length),
    'feeds.illFormedRead': share(passed(broken), broken.length),
    'feeds.illFormedItemsRecovered': share(recoveredShare, broken.length),
    'feeds.encodingChecksPassed': share(passed(of('encoding')), of('encoding').length),
    'feeds.nonFeedsRejected': share(passed(of('not-a-feed')), of('not-a-feed').length),
    'feeds.securityChecksPassed': share(passed(of('security')), of('security').length),
    'feeds.crashes': results.filter((r) => r.crashed).length,
    'feeds.hangs': results.filter((r) => r.hung).length,
    'feeds.xmlFeedsRead': share(ourXml.filter((r) => r.itemsGot > 0 || r.ok).length, xmlFeeds.length),
    'feeds.rssParserDefaultsRead': share(baselineRead, xmlFeeds.length),
    'feeds.rssParserDefaultsItemsRecovered': share(baselineShare, xmlFeeds.length),
    'feeds.parseMsMedian': Math.round((ms[Math.floor(ms.length / 2)] ?? 0) * 100) / 100,
    'feeds.parseMsMax': Math.round((ms[ms.length - 1] ?? 0) * 100) / 100,
    ...(bomb ? { 'feeds.entityBombMs': Math.round(bomb.ms * 100) / 100 } : {}),
  };
  return { cases: results, figures };
}

/** A synthetic RSS 2.0 feed of `n` items with HTML descriptions, for throughput figures. */
export function syntheticFeed(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    items.push(
      `<item><title>Acme item ${i} &amp; more</title><link>https://bench.example.com/${i}</link>` +
        `<guid isPermaLink="false">bench-${i}</guid><pubDate>Mon, 16 Nov 2026 10:${String(i % 60).padStart(2, '0')}:00 GMT</pubDate>` +
        `<description>&lt;p&gt;AcmeCloud paragraph ${i} with &lt;b&gt;bold&lt;/b&gt; text, a &lt;a href="https://x.example/${i}"&gt;link&lt;/a&gt; and some words to make it realistic.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example.com/</link>${items.join('')}</channel></rss>`;
}

/** `npm run bench` area `feeds`: the corpus figures plus throughput on a 5,000-item feed. */
export async function benchFeeds(): Promise<Record<string, number>> {
  const { figures } = await runFeedCorpus();
  const body = new TextEncoder().encode(syntheticFeed(5000));
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    const feed = readFeed({ body, url: 'https://bench.example.com/feed.xml' });
    times.push(performance.now() - start);
    if (feed.items.length !== 5000) throw new Error(`bench feed: read ${feed.items.length} of 5000 items`);
  }
  const median = times.sort((a, b) => a - b)[1]!;
  return {
    ...figures,
    'feeds.itemsPerSecond': Math.round(5000 / (median / 1000)),
    'feeds.megabytesPerSecond': Math.round((body.byteLength / 1024 / 1024 / (median / 1000)) * 10) / 10,
  };
}
