/**
 * The explicit registry of source adapters (DESIGN convention 4). One file per kind in this
 * folder; test/unit/sources/registry.test.ts checks that this list and the folder agree.
 */
import { appStoreAdapter } from './app-store.js';
import { blueskyAdapter } from './bluesky.js';
import { discourseAdapter } from './discourse.js';
import { githubAdapter } from './github.js';
import { hackerNewsAdapter } from './hacker-news.js';
import { htmlAdapter } from './html.js';
import { jsonAdapter } from './json.js';
import { jsonFeedAdapter } from './json-feed.js';
import { lemmyAdapter } from './lemmy.js';
import { mastodonAdapter } from './mastodon.js';
import { redditAdapter } from './reddit.js';
import { rssAdapter } from './rss.js';
import { stackExchangeAdapter } from './stack-exchange.js';
import type { SourceAdapter } from './types.js';
import { youtubeAdapter } from './youtube.js';

export const adapters: readonly SourceAdapter[] = [
  rssAdapter,
  jsonFeedAdapter,
  hackerNewsAdapter,
  redditAdapter,
  mastodonAdapter,
  blueskyAdapter,
  stackExchangeAdapter,
  githubAdapter,
  discourseAdapter,
  lemmyAdapter,
  appStoreAdapter,
  youtubeAdapter,
  htmlAdapter,
  jsonAdapter,
] as unknown as readonly SourceAdapter[];

export interface CatalogueEntry {
  kind: string;
  title: string;
  credentials: string[];
  cursor: string;
  reach: string;
  replies: boolean;
  limits: string;
}

/** `earshot sources --json` (DESIGN §8). */
export function catalogue(): CatalogueEntry[] {
  return adapters.map((a) => ({
    kind: a.kind,
    title: a.title,
    credentials: a.credentials.map((c) => `${c.name}${c.required ? '' : ' (optional)'}`),
    cursor: a.cursor,
    reach: a.reach,
    replies: a.replies,
    limits: a.limits,
  }));
}
