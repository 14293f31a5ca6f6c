/**
 * `rss`: any web feed — RSS 0.9x/1.0/1.1/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1 — read by the
 * tolerant feed library (src/platforms/shared/feed/). Google Alerts and Google News feeds are just feeds:
 * their quirks (redirect links, publisher suffixes) are handled by shape. One URL per source entry.
 */
import * as z from 'zod';
import { fetchFeed } from '../shared/feed/fetch-feed.js';
import { feedReader } from '../shared/feed/reader.js';
import { type ParseInput, type SourceAdapter, sourceBaseSchema } from '../source.js';

export const rssSourceSchema = sourceBaseSchema.extend({
  kind: z.literal('rss'),
  url: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL of the feed' })
    .describe('The feed URL (RSS, Atom or JSON Feed; a Google Alerts or Google News feed works too).'),
  maxItems: z
    .number()
    .int()
    .min(1)
    .max(5000)
    .optional()
    .describe('Items kept per run at most (after the cursor window); default: all the feed holds.'),
});
export type RssSource = z.infer<typeof rssSourceSchema>;

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5';

export const rssAdapter: SourceAdapter<RssSource> = {
  kind: 'rss',
  title: 'RSS / Atom / JSON Feed',
  schema: rssSourceSchema,
  credentials: [],
  cursor:
    'date of the newest item + ETag/Last-Modified of the feed URL (304 = nothing new); items older than the look-back window are dropped',
  reach: 'none (feeds carry no audience size); engagement from YouTube views, slash:comments or thr:total',
  limits: 'one conditional GET per run; 10 MiB body, 30 s, 5,000 items per feed',
  keyByUrl: true,
  parse(input: ParseInput, source: RssSource) {
    const items = feedReader().readFeed(input).items;
    return source.maxItems !== undefined ? items.slice(0, source.maxItems) : items;
  },
  fetch(ctx) {
    return fetchFeed(ctx, { url: ctx.source.url, maxItems: ctx.source.maxItems, accept: FEED_ACCEPT });
  },
};
