/**
 * The bundle's reader.ts (scripts/build.mjs swaps it in): read-feed.ts is a chunk, loaded by the
 * first loadFeedReader(); feedReader() before that resolves is a programming error and says so.
 */
import type { FeedReader } from './reader.js';

let loaded: FeedReader | undefined;
let loading: Promise<void> | undefined;

export function loadFeedReader(): Promise<void> {
  loading ??= import('./read-feed.js').then((m) => {
    loaded = m;
  });
  return loading;
}

export function feedReader(): FeedReader {
  if (!loaded) throw new Error('the feed reader was used before loadFeedReader() resolved');
  return loaded;
}
