/** The reply publishers, by source kind (an explicit registry, like the sources'). */
import { blueskyPublisher } from './bluesky.js';
import { discoursePublisher } from './discourse.js';
import { githubPublisher } from './github.js';
import { lemmyPublisher } from './lemmy.js';
import { mastodonPublisher } from './mastodon.js';
import { redditPublisher } from './reddit.js';
import type { Publisher } from './types.js';
import { youtubePublisher } from './youtube.js';

export const publishers: readonly Publisher[] = [
  mastodonPublisher,
  blueskyPublisher,
  githubPublisher,
  redditPublisher,
  discoursePublisher,
  lemmyPublisher,
  youtubePublisher,
];

export const publisherRegistry: ReadonlyMap<string, Publisher> = new Map(publishers.map((p) => [p.kind, p]));

export type { Publisher, PublishRequest, PublishResult } from './types.js';
export { PublishError } from './types.js';
