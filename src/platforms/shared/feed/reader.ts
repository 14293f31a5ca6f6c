/**
 * The feed reader (read-feed.ts and what it loads: htmlparser2's DOM, sax, rss-parser, cheerio for
 * the "not a feed" diagnosis) behind a loader, so that a scan loads it on first use rather than at
 * start. Callers `await loadFeedReader()` in their async path (a fetch: the load runs while the
 * request is in flight) and then call `feedReader().readFeed(…)` synchronously.
 *
 * This file is the sources' view: the reader is imported statically and the loader has nothing to
 * do, so tests and scripts call `parse()` directly. In the bundle, scripts/build.mjs puts
 * reader.lazy.ts in its place: the reader becomes a chunk loaded by the first loadFeedReader().
 */
import * as reader from './read-feed.js';

export type FeedReader = typeof reader;

export function loadFeedReader(): Promise<void> {
  return Promise.resolve();
}

export function feedReader(): FeedReader {
  return reader;
}
