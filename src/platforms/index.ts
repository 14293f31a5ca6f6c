/**
 * The explicit registry of platforms: one folder each under src/platforms/ (its source, its
 * publisher, its reply rules and reach); test/unit/platforms/registry.test.ts checks that this list
 * and the folders agree. Adding a platform is adding a folder and a line here. Every per-kind
 * question (which adapter, which publisher, how long a reply, what reach is typical, how a person
 * answers by hand) is answered here from the platforms, never from a table elsewhere.
 */
import type { MarkerData } from '../record/marker.js';
import { appStorePlatform } from './app-store/index.js';
import { appStoreConnectPlatform } from './app-store-connect/index.js';
import { blueskyPlatform } from './bluesky/index.js';
import { devPlatform } from './dev/index.js';
import { discoursePlatform } from './discourse/index.js';
import { facebookPlatform } from './facebook/index.js';
import { githubPlatform } from './github/index.js';
import { googleBusinessPlatform } from './google-business/index.js';
import { googlePlayPlatform } from './google-play/index.js';
import { hackerNewsPlatform } from './hacker-news/index.js';
import { htmlPlatform } from './html/index.js';
import { instagramPlatform } from './instagram/index.js';
import { jsonPlatform } from './json/index.js';
import { jsonFeedPlatform } from './json-feed/index.js';
import { lemmyPlatform } from './lemmy/index.js';
import { lobstersPlatform } from './lobsters/index.js';
import { onItemPage } from './manual-reply.js';
import { mastodonPlatform } from './mastodon/index.js';
import type { ManualTarget, Platform, SourceOf } from './platform.js';
import { productHuntPlatform } from './product-hunt/index.js';
import type { Publisher } from './publisher.js';
import { redditPlatform } from './reddit/index.js';
import { rssPlatform } from './rss/index.js';
import type { SourceAdapter } from './source.js';
import { stackExchangePlatform } from './stack-exchange/index.js';
import { tripadvisorPlatform } from './tripadvisor/index.js';
import { trustpilotPlatform } from './trustpilot/index.js';
import { xPlatform } from './x/index.js';
import { yelpPlatform } from './yelp/index.js';
import { youtubePlatform } from './youtube/index.js';

/** In the order `earshot sources` lists them, each with its own source type. */
const registry = [
  rssPlatform,
  jsonFeedPlatform,
  hackerNewsPlatform,
  redditPlatform,
  mastodonPlatform,
  blueskyPlatform,
  stackExchangePlatform,
  githubPlatform,
  discoursePlatform,
  lemmyPlatform,
  appStorePlatform,
  youtubePlatform,
  xPlatform,
  htmlPlatform,
  jsonPlatform,
  facebookPlatform,
  instagramPlatform,
  googlePlayPlatform,
  appStoreConnectPlatform,
  googleBusinessPlatform,
  trustpilotPlatform,
  yelpPlatform,
  tripadvisorPlatform,
  lobstersPlatform,
  devPlatform,
  productHuntPlatform,
] as const;

/**
 * A validated source entry of any registered kind: the union of every platform's own config type,
 * so code that reads a kind's options narrows on `kind` instead of casting.
 */
export type SourceConfig = SourceOf<(typeof registry)[number]>;

/**
 * The platforms with their source types erased — the one place the registry widens: the scan and
 * respond hand each platform only entries its own schema produced.
 */
export const platforms: readonly Platform[] = registry as unknown as readonly Platform[];

const byKind: ReadonlyMap<string, Platform> = new Map(platforms.map((p) => [p.source.kind, p]));

export function platformFor(kind: string): Platform | undefined {
  return byKind.get(kind);
}

/** Every source adapter, in registry order. */
export const adapters: readonly SourceAdapter[] = platforms.map((p) => p.source);

/** The reply publishers by kind: platforms whose API accepts replies. */
export const publisherRegistry: ReadonlyMap<string, Publisher> = new Map(
  platforms.flatMap((p) => (p.publisher ? [[p.source.kind, p.publisher] as const] : [])),
);

/** How a sentence names the platform of a kind ("Mastodon", "the App Store"); the kind itself if unknown. */
export function platformName(kind: string): string {
  return byKind.get(kind)?.name ?? kind;
}

/** Where and how a person replies where Earshot cannot post (no write API or no credentials). */
export function manualTarget(marker: MarkerData): ManualTarget {
  const platform = byKind.get(marker.kind);
  return (
    platform?.manualReply?.(marker) ??
    onItemPage(
      marker,
      `Earshot cannot post on ${platformName(marker.kind)}: reply where it was said, or by email if the author gave one.`,
    )
  );
}

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
  return platforms.map(({ source: a, publisher }) => ({
    kind: a.kind,
    title: a.title,
    credentials: a.credentials.map((c) => `${c.name}${c.required ? '' : ' (optional)'}`),
    cursor: a.cursor,
    reach: a.reach,
    replies: publisher !== undefined,
    limits: a.limits,
  }));
}

export type { ManualTarget, Platform } from './platform.js';
