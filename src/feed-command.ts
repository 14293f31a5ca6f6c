/**
 * `earshot feed <file-or-url>... [--json]`: reads feeds with the same library the `rss` source
 * uses and shows what Earshot would see — title, items, and every warning — so a user can check a
 * feed before adding it. With --json, one line per input:
 *   {"input","ok","error","title","kind","format","recovered","warnings","items":[{"title","link","published"}]}
 * Each input is bounded: HTTP by a timeout and a size cap (the shared client's, plus a deadline
 * here), files by the same size cap; parsing is linear in the size. Exit code 0 when every input
 * was read as a feed, 1 when any failed.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage } from './errors.js';
import type { HttpClient } from './http/types.js';
import { FEED_ACCEPT } from './platforms/rss/source.js';
import { feedReader, loadFeedReader } from './platforms/shared/feed/reader.js';
import type { FeedResult } from './platforms/shared/feed/types.js';

export interface FeedCommandOptions {
  json: boolean;
  http: HttpClient;
  /** Per input (default 20 s). */
  timeoutMs?: number;
  /** Per input, bytes (default 10 MiB). */
  maxBytes?: number;
  /** Items listed per feed in the readable output (default 10; --json lists all). */
  showItems?: number;
}

export interface FeedLine {
  input: string;
  ok: boolean;
  error: string | null;
  title: string | null;
  kind: string | null;
  format: string | null;
  recovered: boolean;
  warnings: string[];
  items: { title: string | null; link: string | null; published: string | null }[];
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: gave up after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function load(input: string, options: FeedCommandOptions): Promise<FeedResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  await loadFeedReader();
  const { readFeed } = feedReader();
  if (isUrl(input)) {
    const res = await withDeadline(
      options.http.request({ url: input, headers: { accept: FEED_ACCEPT }, timeoutMs, maxBytes, retries: 0 }),
      timeoutMs + 1000,
      input,
    );
    if (res.bytes.byteLength > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    const contentType = res.headers['content-type'];
    return readFeed({ body: res.bytes, url: res.url || input, ...(contentType ? { contentType } : {}) });
  }
  const path = resolve(input);
  const info = await stat(path);
  if (!info.isFile()) throw new Error('not a file');
  if (info.size > maxBytes)
    throw new Error(`file is ${info.size} bytes, larger than the ${maxBytes}-byte cap`);
  const body = await readFile(path);
  return readFeed({
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    url: pathToFileURL(path).href,
  });
}

export async function inspectFeed(input: string, options: FeedCommandOptions): Promise<FeedLine> {
  try {
    const feed = await load(input, options);
    return {
      input,
      ok: true,
      error: null,
      title: feed.title,
      kind: feed.kind,
      format: feed.format,
      recovered: feed.recovered,
      warnings: feed.warnings,
      items: feed.items.map((i) => ({
        title: i.title ?? null,
        link: i.url ?? null,
        published: i.published ?? null,
      })),
    };
  } catch (error) {
    return {
      input,
      ok: false,
      error: errorMessage(error),
      title: null,
      kind: null,
      format: null,
      recovered: false,
      warnings: [],
      items: [],
    };
  }
}

export function formatFeedLine(line: FeedLine, showItems = 10): string[] {
  if (!line.ok) return [`✗ ${line.input}: ${line.error}`];
  const flags = [
    line.format,
    `${line.items.length} item(s)`,
    line.recovered ? 'recovered from broken XML' : null,
  ]
    .filter(Boolean)
    .join(', ');
  const out = [`✓ ${line.input}: ${JSON.stringify(line.title ?? '')} (${flags})`];
  for (const item of line.items.slice(0, showItems)) {
    const date = item.published ? item.published.slice(0, 10) : '(no date) ';
    out.push(`    ${date}  ${item.title ?? '(no title)'}${item.link ? `  <${item.link}>` : ''}`);
  }
  if (line.items.length > showItems) out.push(`    … and ${line.items.length - showItems} more`);
  for (const w of line.warnings.slice(0, 8)) out.push(`  warning: ${w}`);
  if (line.warnings.length > 8) out.push(`  … and ${line.warnings.length - 8} more warning(s)`);
  return out;
}

export async function runFeedCommand(
  inputs: string[],
  options: FeedCommandOptions,
  out: (line: string) => void,
): Promise<number> {
  let failed = 0;
  for (const input of inputs) {
    const line = await inspectFeed(input, options);
    if (!line.ok) failed++;
    if (options.json) out(JSON.stringify(line));
    else for (const l of formatFeedLine(line, options.showItems)) out(l);
  }
  return failed > 0 ? 1 : 0;
}
