/**
 * `json-feed`: a JSON Feed 1.0/1.1 (https://www.jsonfeed.org/version/1.1/). Items: `id`, `url`
 * (else `external_url`), `title`, `content_text` (else `content_html` flattened, else `summary`),
 * `date_published` (else `date_modified`), `authors[0]` (1.1) or `author` (1.0), `language`.
 * The `rss` kind reads JSON Feeds too; this kind insists on one and says so when it gets XML.
 */
import * as z from 'zod';
import { fetchFeed } from '../shared/feed/fetch-feed.js';
import { feedReader } from '../shared/feed/reader.js';
import type { FeedResult } from '../shared/feed/types.js';
import { type ParseInput, type SourceAdapter, sourceBaseSchema } from '../source.js';

export const jsonFeedSourceSchema = sourceBaseSchema.extend({
  kind: z.literal('json-feed'),
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL of the feed' }).describe('The JSON Feed URL.'),
  maxItems: z
    .number()
    .int()
    .min(1)
    .max(5000)
    .optional()
    .describe('Items kept per run at most (after the cursor window); default: all the feed holds.'),
});
export type JsonFeedSource = z.infer<typeof jsonFeedSourceSchema>;

function expectJsonFeed(feed: FeedResult): void {
  if (feed.kind !== 'json-feed') {
    throw new Error(`expected a JSON Feed, got ${feed.format}; use kind: rss, which reads every feed format`);
  }
}

export const jsonFeedAdapter: SourceAdapter<JsonFeedSource> = {
  kind: 'json-feed',
  title: 'JSON Feed',
  schema: jsonFeedSourceSchema,
  credentials: [],
  cursor:
    'date_published of the newest item + ETag/Last-Modified (304 = nothing new); items older than the look-back window are dropped',
  reach: 'none (JSON Feed carries no audience size)',
  limits: 'one conditional GET per run; 10 MiB body, 30 s, 5,000 items per feed',
  keyByUrl: true,
  parse(input: ParseInput, source: JsonFeedSource) {
    const feed = feedReader().readFeed(input);
    expectJsonFeed(feed);
    return source.maxItems !== undefined ? feed.items.slice(0, source.maxItems) : feed.items;
  },
  fetch(ctx) {
    return fetchFeed(ctx, {
      url: ctx.source.url,
      maxItems: ctx.source.maxItems,
      accept: 'application/feed+json, application/json;q=0.9, */*;q=0.5',
      expect: expectJsonFeed,
    });
  },
};
