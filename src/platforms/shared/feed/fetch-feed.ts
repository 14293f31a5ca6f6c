/**
 * The fetch half shared by the `rss` and `json-feed` adapters: one conditional GET, readFeed, the
 * cursor window, the cursor update.
 *
 * Cursor: `validators[url]` holds the ETag / Last-Modified of the last 200 (a 304 returns no items
 * and leaves the cursor as it was); `since` is the newest item date seen (never later than the
 * run's clock). Items dated before the look-back window are dropped; an item a feed publishes late
 * with an earlier date is kept (the record's id index dedupes what was filed before). Undated items
 * are always returned: their ids dedupe them.
 */
import { errorMessage, HttpError, SourceError } from '../../../errors.js';
import type { RawItem } from '../../../mentions/mention.js';
import type { FetchResult, SourceBase, SourceContext, SourceCursor } from '../../source.js';
import { windowStart } from '../api-source.js';
import { feedReader, loadFeedReader } from './reader.js';
import type { FeedResult } from './types.js';

export const FEED_TIMEOUT_MS = 30_000;
export const FEED_MAX_BYTES = 10 * 1024 * 1024;

export interface FetchFeedOptions {
  url: string;
  maxItems?: number | undefined;
  accept: string;
  /** Checks the feed is of the expected kind (throws a clear Error otherwise). */
  expect?: (feed: FeedResult) => void;
}

export async function fetchFeed<S extends SourceBase>(
  ctx: SourceContext<S>,
  options: FetchFeedOptions,
): Promise<FetchResult> {
  const { url } = options;
  const sourceId = ctx.source.id;
  const validators = ctx.cursor?.validators?.[url];
  // The reader loads (first use) while the request is in flight.
  const reader = loadFeedReader();
  reader.catch(() => {}); // awaited below
  let res: Awaited<ReturnType<typeof ctx.http.request>>;
  try {
    res = await ctx.http.request({
      url,
      headers: { accept: options.accept },
      timeoutMs: FEED_TIMEOUT_MS,
      maxBytes: FEED_MAX_BYTES,
      ...(validators ? { validators } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new SourceError(`${url}: ${errorMessage(error)}`, sourceId, { cause: error });
  }
  if (res.notModified) {
    ctx.logger.debug(`${sourceId}: ${url} not modified (304)`);
    return { items: [], cursor: ctx.cursor ?? {}, requests: 1, bytes: 0 };
  }

  await reader;
  let feed: FeedResult;
  try {
    const contentType = res.headers['content-type'];
    feed = feedReader().readFeed({
      body: res.bytes,
      url: res.url || url,
      ...(contentType ? { contentType } : {}),
    });
    options.expect?.(feed);
  } catch (error) {
    throw new SourceError(`${url}: ${errorMessage(error)}`, sourceId, { cause: error });
  }

  const start = windowStart(ctx).getTime();
  const nowMs = ctx.now.getTime();
  let newest = ctx.cursor?.since ? Date.parse(ctx.cursor.since) : Number.NEGATIVE_INFINITY;
  if (!Number.isFinite(newest)) newest = Number.NEGATIVE_INFINITY;
  const kept: RawItem[] = [];
  let old = 0;
  for (const item of feed.items) {
    const t = item.published ? Date.parse(item.published) : Number.NaN;
    if (Number.isFinite(t)) {
      newest = Math.max(newest, Math.min(t, nowMs));
      if (t < start) {
        old++;
        continue;
      }
    }
    kept.push(item);
  }
  const max = options.maxItems;
  const items = max !== undefined && kept.length > max ? kept.slice(0, max) : kept;
  const warnings = [...feed.warnings];
  if (items.length < kept.length)
    warnings.push(`${kept.length} new item(s): only the first ${max} were kept (maxItems)`);
  if (old > 0) ctx.logger.debug(`${sourceId}: ${old} item(s) older than the look-back window skipped`);

  const cursor: SourceCursor = {};
  if (Number.isFinite(newest)) cursor.since = new Date(newest).toISOString();
  if (res.validators.etag || res.validators.lastModified) cursor.validators = { [url]: res.validators };
  if (ctx.cursor?.data) cursor.data = ctx.cursor.data;
  return { items, cursor, warnings, requests: 1, bytes: res.bytes.byteLength };
}
