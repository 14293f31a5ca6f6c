/**
 * App Store customer reviews of one app, per country, from Apple's public customer-reviews feed
 * (JSON flavour of the iTunes RSS): `GET {baseUrl}/{country}/rss/customerreviews/page={n}/id={appId}/sortby=mostrecent/json`.
 *
 * - The feed is `{ feed: { entry, link[], … } }` where every value is `{ label, attributes? }`.
 *   `entry` is missing when there are no reviews and an object (not an array) when there is one;
 *   older feed versions put the app itself first (it has `im:name`, no `im:rating`): skipped.
 * - Newest first, 50 reviews a page, at most 10 pages (Apple's limit): pages are read until one is
 *   empty, reaches below the window, or the feed's `last` link; at most `maxPages` per country.
 * - A review → RawItem with `rating` (1–5, feeds severity), `engagement` = `im:voteSum` (people who
 *   found it helpful), author name and profile link, `published` = `updated`. Id: `<appId>:<review id>`.
 *   Link: the app's review page on apps.apple.com for that country (reviews have no page of their own).
 * - Cursor: `since` = the newest review time over all countries; conditional requests per first page;
 *   and per country the newest review id (`data["newestId:<country>"]`): Apple's review ids are
 *   numbers that grow with each new review, and reviews often come without `updated`, so on later
 *   runs a review whose id is not above it is not new, and paging stops at a page that ends in one
 *   (an old review edited back to the top does not stop it).
 * - No credentials. Reach: none (reviewers have no public audience). Replies: no — answering reviews
 *   needs the App Store Connect API with its own team key (a separate publisher), so the issue
 *   offers a copy-ready reply and a link.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import {
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  timeoutMsOption,
  urlOption,
  validEntry,
  windowStart,
} from '../shared/api-source.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceCursor } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'App Store reviews';
/** Apple serves at most 10 pages of 50 reviews. */
const APPLE_MAX_PAGES = 10;

export const appStoreSchema = sourceBaseSchema.extend({
  kind: z.literal('app-store').describe("Customer reviews of your iOS/macOS app on Apple's App Store."),
  appId: z
    .union([
      z.string().regex(/^(id)?\d{5,12}$/, 'the numeric App Store id (from the app URL …/id123456789)'),
      z.number().int().positive(),
    ])
    .describe('The app id: the digits in its App Store URL (https://apps.apple.com/us/app/…/id123456789).'),
  countries: z
    .array(z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as us, gb, de'))
    .min(1)
    .max(60)
    .default(['us'])
    .describe('Storefronts to read, as two-letter country codes (default ["us"]); each has its own reviews.'),
  maxPages: maxPagesOption(3, APPLE_MAX_PAGES),
  baseUrl: urlOption('https://itunes.apple.com', "Root of Apple's iTunes RSS feeds"),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type AppStoreSource = z.infer<typeof appStoreSchema>;

const label = z.object({ label: z.string() }).loose();
const linkSchema = z.object({
  attributes: z.object({ rel: z.string().optional(), href: z.string().optional() }).loose(),
});

const entrySchema = z
  .object({
    id: label.optional(),
    title: label.optional(),
    content: z
      .union([
        label,
        z.array(label.extend({ attributes: z.object({ type: z.string() }).loose().optional() })),
      ])
      .optional(),
    author: z.object({ name: label.optional(), uri: label.optional() }).loose().optional(),
    updated: label.optional(),
    'im:rating': label.optional(),
    'im:version': label.optional(),
    'im:voteSum': label.optional(),
    'im:voteCount': label.optional(),
    'im:name': label.optional(),
  })
  .loose();
type Entry = z.infer<typeof entrySchema>;

const feedSchema = z.object({
  feed: z
    .object({
      entry: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
      link: z.union([linkSchema, z.array(linkSchema)]).optional(),
    })
    .loose(),
});

export interface AppStorePage {
  items: RawItem[];
  warnings: string[];
  /** Review entries on the page (the app entry not counted). */
  reviews: number;
  /** The page number of the feed's `last` link, when it has one. */
  lastPage?: number;
  oldest?: string;
}

export function normalizeAppId(appId: string | number): string {
  return String(appId).replace(/^id/, '');
}

export function reviewsUrl(baseUrl: string, country: string, appId: string | number, page: number): string {
  const root = baseUrl.replace(/\/+$/, '');
  return `${root}/${country.toLowerCase()}/rss/customerreviews/page=${page}/id=${normalizeAppId(appId)}/sortby=mostrecent/json`;
}

/** Country and app id from a feed URL (…/{country}/rss/customerreviews/…/id={appId}/…). */
function fromFeedUrl(url: string): { country?: string; appId?: string } {
  const country = /\/([a-z]{2})\/rss\/customerreviews\//i.exec(url)?.[1]?.toLowerCase();
  const appId = /\/id=(\d+)/.exec(url)?.[1];
  return { ...(country ? { country } : {}), ...(appId ? { appId } : {}) };
}

function text(entry: Entry): string {
  const content = entry.content;
  if (!content) return '';
  if (Array.isArray(content)) {
    const plain = content.find((c) => c.attributes?.type === 'text') ?? content[0];
    return (plain?.label ?? '').trim();
  }
  return content.label.trim();
}

function entryToItem(
  entry: Entry,
  reviewId: string,
  rating: number,
  appId: string,
  country: string,
): RawItem {
  const item: RawItem = {
    id: `${appId}:${reviewId}`,
    url: `https://apps.apple.com/${country}/app/id${appId}?see-all=reviews`,
    text: text(entry),
    rating,
    replyTo: { appId, reviewId, country },
  };
  const title = entry.title?.label.trim();
  if (title) item.title = title;
  const name = entry.author?.name?.label.trim();
  if (name) item.author = name;
  const uri = entry.author?.uri?.label.trim();
  if (uri && /^https?:\/\//.test(uri)) item.authorUrl = uri;
  const votes = Number(entry['im:voteSum']?.label);
  if (entry['im:voteSum'] && Number.isFinite(votes)) item.engagement = votes;
  const published = isoOrUndefined(entry.updated?.label);
  if (published) item.published = published;
  return item;
}

/**
 * One feed page → reviews. `appId` and `country` default to the ones in the feed URL (the feed's
 * entries do not name them).
 */
export function parseAppStorePage(
  json: unknown,
  url: string,
  defaults: { appId?: string; country?: string } = {},
): AppStorePage {
  const { feed } = parsePayload(feedSchema, json, TITLE, url);
  const fromUrl = fromFeedUrl(url);
  const appId = fromUrl.appId ?? defaults.appId ?? 'unknown';
  const country = fromUrl.country ?? defaults.country ?? 'us';
  const page: AppStorePage = { items: [], warnings: [], reviews: 0 };
  const links = feed.link === undefined ? [] : Array.isArray(feed.link) ? feed.link : [feed.link];
  const last = links.find((l) => l.attributes.rel === 'last')?.attributes.href;
  const lastPage = last ? Number(/page=(\d+)/.exec(last)?.[1]) : Number.NaN;
  if (Number.isInteger(lastPage) && lastPage > 0) page.lastPage = lastPage;

  const entries = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
  entries.forEach((raw, i) => {
    const entry = validEntry(entrySchema, raw, page.warnings, `entry ${i}`, 'entry');
    if (!entry) return;
    if (entry['im:rating'] === undefined) {
      // The app's own entry (older feed versions list it first): not a review.
      if (entry['im:name'] === undefined) page.warnings.push(`entry ${i} skipped: no im:rating`);
      return;
    }
    page.reviews++;
    const rating = Number(entry['im:rating'].label);
    const reviewId = entry.id?.label.trim();
    if (!reviewId || !Number.isInteger(rating) || rating < 1 || rating > 5) {
      page.warnings.push(
        `review ${i} skipped: ${reviewId ? `rating "${entry['im:rating'].label}"` : 'no id'}`,
      );
      return;
    }
    const item = entryToItem(entry, reviewId, rating, appId, country);
    if (item.published && (!page.oldest || item.published < page.oldest)) page.oldest = item.published;
    page.items.push(item);
  });
  return page;
}

/** Review ids are decimal numbers; compared as BigInt (they exceed no limit, but stay exact). */
const DIGITS = /^\d{1,30}$/;

function reviewNumber(item: RawItem): bigint | undefined {
  const id = item.replyTo?.reviewId;
  return id && DIGITS.test(id) ? BigInt(id) : undefined;
}

const newestIdKey = (country: string) => `newestId:${country}`;

/** The newest review id a previous run saw in this country, when it recorded one. */
function newestIdOf(data: SourceCursor['data'], country: string): bigint | undefined {
  const value = data?.[newestIdKey(country)];
  return typeof value === 'string' && DIGITS.test(value) ? BigInt(value) : undefined;
}

export const appStoreAdapter: SourceAdapter<AppStoreSource> = {
  kind: 'app-store',
  title: TITLE,
  schema: appStoreSchema,
  credentials: [],
  cursor:
    'updated time of the newest review over all countries (reviews older than the look-back window are dropped) + the newest review id per country (reviews without updated)',
  reach: 'none (reviewers have no public audience); engagement: im:voteSum (helpful votes); rating 1–5',
  limits:
    'Apple serves the 500 most recent reviews per country (10 pages of 50); undocumented throttling; replies need the App Store Connect API',

  parse(input: ParseInput, source: AppStoreSource): RawItem[] {
    return parseAppStorePage(inputJson(input, TITLE), input.url, {
      appId: normalizeAppId(source.appId),
      ...(source.countries[0] ? { country: source.countries[0].toLowerCase() } : {}),
    }).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const appId = normalizeAppId(source.appId);
    const start = windowStart(ctx);
    /** Per country: the newest review id seen (the previous run's until a newer one is read). */
    const newest = new Map<string, bigint | undefined>();
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      streams: () =>
        [...new Set(source.countries.map((c) => c.toLowerCase()))].map((country) => {
          newest.set(country, newestIdOf(ctx.cursor?.data, country));
          return {
            label: country,
            first: {
              url: reviewsUrl(source.baseUrl, country, appId, 1),
              headers: { accept: 'application/json' },
            },
          };
        }),
      page(res, req, stream) {
        const country = stream.label;
        const page = Number(/\/page=(\d+)\//.exec(req.url)?.[1]);
        const parsed = parseAppStorePage(res.json(), req.url, { appId, country });
        const known = newestIdOf(ctx.cursor?.data, country);
        /** The page ends in a review a previous run saw: everything after it is older. */
        let reachedKnown = false;
        const items = parsed.items.filter((item) => {
          const n = reviewNumber(item);
          const top = newest.get(country);
          if (n !== undefined && (top === undefined || n > top)) newest.set(country, n);
          reachedKnown = known !== undefined && n !== undefined && n <= known;
          return !reachedKnown;
        });
        const olderThanWindow = parsed.oldest !== undefined && Date.parse(parsed.oldest) < start.getTime();
        const lastPage = parsed.lastPage !== undefined && page >= parsed.lastPage;
        const more = parsed.reviews > 0 && !olderThanWindow && !lastPage && !reachedKnown;
        return {
          items,
          warnings: parsed.warnings.map((w) => `${country} page ${page}: ${w}`),
          next: more ? { ...req, url: reviewsUrl(source.baseUrl, country, appId, page + 1) } : undefined,
        };
      },
      cursorData: () => {
        const data: Record<string, string> = {};
        for (const [country, id] of newest) if (id !== undefined) data[newestIdKey(country)] = id.toString();
        return data;
      },
    });
  },
};
