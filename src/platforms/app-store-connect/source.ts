/**
 * Customer reviews of your own app through the App Store Connect API, signed with a team API key
 * (./auth.ts: ES256 JWT, node:crypto). For apps that are not yours, the `app-store` kind reads
 * Apple's public review feed instead (no key, 500 reviews per country, no replies).
 *
 * - Request: `GET {baseUrl}/v1/apps/{appId}/customerReviews?sort=-createdDate&limit=…
 *   [&filter[territory]=USA,GBR][&filter[rating]=1,2][&exists[publishedResponse]=false]` with
 *   `Authorization: Bearer <JWT>`. The answer is JSON:API: `{data: [{type: customerReviews, id,
 *   attributes: {rating, title, body, reviewerNickname, createdDate, territory}, relationships:
 *   {response: {links}}}], links: {self, next?}, meta: {paging: {total, limit}}}`, newest first;
 *   pages are followed by `links.next`, always on the configured API root (the token never goes to
 *   another host).
 * - A review → RawItem: id = the review id, rating, title, text = body, author = reviewerNickname,
 *   published = createdDate, replyTo = {appId, reviewId, territory}; the link is the app's public
 *   App Store page (reviews have no page of their own).
 * - Cursor: `since` = the newest createdDate. Reach: none. Apple's `X-Rate-Limit` header
 *   (`user-hour-lim:3600;user-hour-rem:…`) is read: a warning when less than a tenth is left.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  optionalCredential,
  parsePayload,
  requireCredentials,
  timeoutMsOption,
  urlOption,
  validEntries,
} from '../shared/api-source.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';
import { ASC_KEY_HOW_TO, type AscKey, ascKey, ascToken, rateLimitRemaining } from './auth.js';

const TITLE = 'App Store Connect reviews';

export const ASC_CREDENTIALS = [
  { name: 'issuerId', env: 'APP_STORE_CONNECT_ISSUER_ID' },
  { name: 'keyId', env: 'APP_STORE_CONNECT_KEY_ID' },
  { name: 'privateKey', env: 'APP_STORE_CONNECT_PRIVATE_KEY' },
] as const;

export const appStoreConnectSchema = sourceBaseSchema.extend({
  kind: z
    .literal('app-store-connect')
    .describe(
      'Customer reviews of your own iOS/macOS app through the App Store Connect API (needs a team API key).',
    ),
  appId: z
    .union([z.string().regex(/^\d{5,12}$/, 'the numeric Apple ID of the app'), z.number().int().positive()])
    .describe(
      'The Apple ID of the app: App Store Connect → the app → App Information → Apple ID (the digits in its App Store URL).',
    ),
  territories: z
    .array(z.string().regex(/^[A-Z]{3}$/, 'a three-letter territory code such as USA, GBR, DEU'))
    .min(1)
    .optional()
    .describe(
      'Only reviews from these App Store territories (ISO 3166-1 alpha-3: USA, GBR …). Default: all.',
    ),
  ratings: z
    .array(z.number().int().min(1).max(5))
    .min(1)
    .optional()
    .describe('Only reviews with these star ratings, e.g. [1, 2]. Default: all.'),
  unanswered: z
    .boolean()
    .default(false)
    .describe('Only reviews without a published developer response (exists[publishedResponse]=false).'),
  limit: z.number().int().min(1).max(200).default(200).describe('Reviews per API page (1–200, default 200).'),
  maxPages: maxPagesOption(5),
  baseUrl: urlOption('https://api.appstoreconnect.apple.com', 'Root of the App Store Connect API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type AppStoreConnectSource = z.infer<typeof appStoreConnectSchema>;

const reviewSchema = z.object({
  type: z.literal('customerReviews'),
  id: z.string().min(1),
  attributes: z.object({
    // A rating out of range or of the wrong type is no rating; the review is kept.
    rating: z.number().int().nullish().catch(null),
    title: z.string().nullish(),
    body: z.string().nullish(),
    reviewerNickname: z.string().nullish(),
    createdDate: z.string().nullish(),
    territory: z.string().nullish(),
  }),
});
type Review = z.infer<typeof reviewSchema>;

const listSchema = z.object({
  data: z.array(z.unknown()),
  links: z.object({ self: z.string().optional(), next: z.string().nullish() }).loose().optional(),
  meta: z.unknown().optional(),
});

export interface AppStoreConnectPage {
  items: RawItem[];
  warnings: string[];
  next?: string;
}

/** The app's public App Store page (it opens the reader's own storefront). */
export function appPageUrl(appId: string): string {
  return `https://apps.apple.com/app/id${appId}`;
}

function reviewToItem(r: Review, appId: string): RawItem {
  const a = r.attributes;
  const item: RawItem = {
    id: r.id,
    url: appPageUrl(appId),
    text: (a.body ?? '').trim(),
    replyTo: { appId, reviewId: r.id, ...(a.territory ? { territory: a.territory } : {}) },
  };
  const title = a.title?.trim();
  if (title) item.title = title;
  const author = a.reviewerNickname?.trim();
  if (author) item.author = author;
  if (typeof a.rating === 'number' && a.rating >= 1 && a.rating <= 5) item.rating = a.rating;
  const published = isoOrUndefined(a.createdDate);
  if (published) item.published = published;
  return item;
}

/** One customerReviews answer → items (a resource that is not a review is skipped with a warning). */
export function parseAppStoreConnectPage(json: unknown, url: string, appId: string): AppStoreConnectPage {
  const page = parsePayload(listSchema, json, TITLE, url);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  items.push(
    ...validEntries(page.data, reviewSchema, warnings, 'review').map((review) => reviewToItem(review, appId)),
  );
  const result: AppStoreConnectPage = { items, warnings };
  if (page.links?.next) result.next = page.links.next;
  return result;
}

/** A next-page link read on the configured API root: its path and query, never its host. */
export function onApiRoot(baseUrl: string, next: string): string {
  const u = new URL(next, baseUrl);
  return baseUrl.replace(/\/+$/, '') + u.pathname + u.search;
}

/** Reads the three key credentials, or fails naming each missing one and its `env:` line. */
function requireAscKey(ctx: Parameters<typeof optionalCredential>[0], title: string): AscKey {
  const [issuerId, keyId, p8] = requireCredentials(title, ctx, ASC_CREDENTIALS, ASC_KEY_HOW_TO);
  try {
    return ascKey(issuerId, keyId, p8);
  } catch (error) {
    throw new SourceError(
      `${title}: ${error instanceof Error ? error.message : String(error)}`,
      ctx.source.id,
    );
  }
}

export const appStoreConnectAdapter: SourceAdapter<AppStoreConnectSource> = {
  kind: 'app-store-connect',
  title: TITLE,
  schema: appStoreConnectSchema,
  credentials: [
    {
      name: 'issuerId',
      required: true,
      description: `The Issuer ID of your team's API keys. ${ASC_KEY_HOW_TO}`,
    },
    { name: 'keyId', required: true, description: 'The Key ID of the team API key.' },
    {
      name: 'privateKey',
      required: true,
      description: 'The content of the AuthKey_<KeyID>.p8 file (PEM, or base64 of it).',
    },
  ],
  cursor: 'createdDate of the newest review (newest first, read until the window start)',
  reach: 'none (reviewers have no public audience); rating 1–5',
  ownPresence: true,
  limits:
    'free with an Apple Developer Program membership; about 3,600 requests an hour per key (X-Rate-Limit header); 200 reviews a page',

  parse(input: ParseInput, source: AppStoreConnectSource): RawItem[] {
    const fromUrl = /\/v1\/apps\/(\d+)\/customerReviews/.exec(input.url)?.[1];
    return parseAppStoreConnectPage(inputJson(input, TITLE), input.url, fromUrl ?? String(source.appId))
      .items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const key = requireAscKey(ctx, TITLE);
    const appId = String(source.appId);
    const p8 = optionalCredential(ctx, 'privateKey');
    let token: string | undefined;
    let rateWarned = false;
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      conditional: false,
      secrets: () => [p8, token],
      authHint:
        'check issuerId, keyId and privateKey, and that the key is active and its role can see customer reviews (Customer Support, App Manager or Admin)',
      streams() {
        token = ascToken(key, ctx.now);
        return [
          {
            label: `app ${appId}`,
            first: {
              url: apiUrl(source.baseUrl, `/v1/apps/${appId}/customerReviews`, {
                sort: '-createdDate',
                limit: source.limit,
                'filter[territory]': source.territories?.join(','),
                'filter[rating]': source.ratings?.join(','),
                'exists[publishedResponse]': source.unanswered ? 'false' : undefined,
              }),
              headers: { accept: 'application/json', authorization: `Bearer ${token}` },
            },
          },
        ];
      },
      page(res, req) {
        const parsed = parseAppStoreConnectPage(res.json(), req.url, appId);
        const warnings = [...parsed.warnings];
        const rate = rateLimitRemaining(res.headers['x-rate-limit']);
        if (!rateWarned && rate.limit && rate.remaining !== undefined && rate.remaining < rate.limit / 10) {
          rateWarned = true;
          warnings.push(
            `only ${rate.remaining} of ${rate.limit} App Store Connect API requests left this hour for this key`,
          );
        }
        return {
          items: parsed.items,
          warnings,
          next: parsed.next ? { ...req, url: onApiRoot(source.baseUrl, parsed.next) } : undefined,
        };
      },
    });
  },
};
