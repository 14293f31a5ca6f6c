/**
 * Reviews of your business's own Google Business Profile locations, through the Business Profile
 * API v4 (`accounts.locations.reviews`), with an OAuth refresh token (scope
 * `https://www.googleapis.com/auth/business.manage`; ../shared/google-auth.ts).
 *
 * - Google grants these APIs only on request: until the project's "Application for Basic API
 *   Access" is approved its quota is 0 and every call fails with 429 (the failure says so).
 * - Request, per location: `GET {baseUrl}/v4/accounts/{accountId}/locations/{locationId}/reviews?
 *   pageSize=50&orderBy=updateTime desc[&pageToken=…]` with `Authorization: Bearer …`. The answer is
 *   `{reviews: [{name, reviewId, reviewer: {displayName, profilePhotoUrl, isAnonymous}, starRating
 *   (ONE…FIVE), comment, createTime, updateTime, reviewReply: {comment, updateTime}}],
 *   averageRating, totalReviewCount, nextPageToken}`; pages are followed by `pageToken`.
 * - A review → RawItem: id = reviewId, rating from the enum, text = comment (empty for a rating
 *   without words), author = displayName, published = updateTime (the order the list is read in; a
 *   new review's updateTime is its createTime), replyTo = {name, reviewId}; the link is the place's
 *   public reviews page when `placeId` is set, else the owners' reviews page.
 * - Cursor: `since` = the newest updateTime. Reach: none.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  requireCredentials,
  timeoutMsOption,
  urlOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { sourceAccessToken } from '../shared/google-access.js';
import { GOOGLE_TOKEN_URL } from '../shared/google-auth.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Google Business Profile reviews';
export const BUSINESS_SCOPE = 'https://www.googleapis.com/auth/business.manage';
export const OWNER_REVIEWS_URL = 'https://business.google.com/reviews';

export const GBP_CREDENTIALS = [
  { name: 'oauthClientId', env: 'GOOGLE_BUSINESS_CLIENT_ID' },
  { name: 'oauthClientSecret', env: 'GOOGLE_BUSINESS_CLIENT_SECRET' },
  { name: 'oauthRefreshToken', env: 'GOOGLE_BUSINESS_REFRESH_TOKEN' },
] as const;
const HOW_TO =
  'Create an OAuth client (Google Cloud console → APIs & Services → Credentials → OAuth client ID) and ' +
  'authorize it once, as an owner or manager of the profile, with the scope ' +
  'https://www.googleapis.com/auth/business.manage to get a refresh token (see docs/sources.md).';

const idSchema = z.union([
  z.string().regex(/^\d{1,30}$/, 'the digits of the id'),
  z.number().int().positive(),
]);

export const googleBusinessSchema = sourceBaseSchema.extend({
  kind: z
    .literal('google-business')
    .describe('Reviews of your own Google Business Profile locations (needs approved API access).'),
  accountId: idSchema.describe('The Business Profile account id (the digits of accounts/{accountId}).'),
  locationIds: z
    .array(idSchema)
    .min(1)
    .max(50)
    .describe('The location ids whose reviews are read (the digits of locations/{locationId}).'),
  placeId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{10,300}$/, 'a Google Maps place id such as ChIJ…')
    .optional()
    .describe(
      "The place id of a single location: links point at its public reviews page instead of the owners' page.",
    ),
  pageSize: z.number().int().min(1).max(50).default(50).describe('Reviews per API page (1–50, default 50).'),
  skipAnswered: z
    .boolean()
    .default(false)
    .describe('Skip reviews your reply already answers (a reply newer than the review).'),
  maxPages: maxPagesOption(5),
  baseUrl: urlOption('https://mybusiness.googleapis.com', 'Root of the Business Profile API (v4)'),
  tokenUrl: urlOption(GOOGLE_TOKEN_URL, "Google's OAuth 2.0 token endpoint"),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type GoogleBusinessSource = z.infer<typeof googleBusinessSchema>;

const STARS: Record<string, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };

const reviewSchema = z.object({
  name: z.string().nullish(),
  reviewId: z.string().min(1),
  reviewer: z
    .object({
      displayName: z.string().nullish(),
      profilePhotoUrl: z.string().nullish(),
      isAnonymous: z.boolean().nullish(),
    })
    .nullish(),
  // A rating out of range or of the wrong type is no rating; the review is kept.
  starRating: z.string().nullish().catch(null),
  comment: z.string().nullish(),
  createTime: z.string().nullish(),
  updateTime: z.string().nullish(),
  reviewReply: z.object({ comment: z.string().nullish(), updateTime: z.string().nullish() }).nullish(),
});
type Review = z.infer<typeof reviewSchema>;

const listSchema = z.object({
  reviews: z.array(z.unknown()).optional(),
  averageRating: z.number().optional(),
  totalReviewCount: z.number().optional(),
  nextPageToken: z.string().nullish(),
});

export interface GoogleBusinessPage {
  items: RawItem[];
  warnings: string[];
  nextPageToken?: string;
}

/** The public reviews page of a place (by its Maps place id). */
export function placeReviewsUrl(placeId: string): string {
  return `https://search.google.com/local/reviews?placeid=${encodeURIComponent(placeId)}`;
}

/** Google's machine-translated reviews carry "(Translated by Google) … (Original) …": kept whole. */
function reviewToItem(r: Review, location: string, link: string, skipAnswered: boolean): RawItem | undefined {
  const published = isoOrUndefined(r.updateTime) ?? isoOrUndefined(r.createTime);
  if (skipAnswered && r.reviewReply) {
    const replied = isoOrUndefined(r.reviewReply.updateTime);
    if (!published || (replied && replied >= published)) return undefined;
  }
  const item: RawItem = {
    id: r.reviewId,
    url: link,
    text: (r.comment ?? '').trim(),
    replyTo: { name: r.name ?? `${location}/reviews/${r.reviewId}`, reviewId: r.reviewId },
  };
  const author = r.reviewer?.displayName?.trim();
  if (author) item.author = author;
  else if (r.reviewer?.isAnonymous) item.author = 'Anonymous';
  const rating = STARS[r.starRating ?? ''];
  if (rating) item.rating = rating;
  if (!item.text && rating) item.title = `${rating}-star rating without a comment`;
  if (published) item.published = published;
  return item;
}

/**
 * One reviews.list answer → items. `location` is `accounts/{a}/locations/{l}` (names a review that
 * lacks its `name`); `link` is the URL every review of it gets.
 */
export function parseGoogleBusinessPage(
  json: unknown,
  url: string,
  location: string,
  options: { link?: string; skipAnswered?: boolean } = {},
): GoogleBusinessPage {
  const page = parsePayload(listSchema, json, TITLE, url);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  (page.reviews ?? []).forEach((raw, i) => {
    const review = validEntry(reviewSchema, raw, warnings, `review ${i}`, 'review');
    if (!review) return;
    const item = reviewToItem(
      review,
      location,
      options.link ?? OWNER_REVIEWS_URL,
      options.skipAnswered === true,
    );
    if (item) items.push(item);
  });
  const result: GoogleBusinessPage = { items, warnings };
  if (page.nextPageToken) result.nextPageToken = page.nextPageToken;
  return result;
}

const ACCESS_HINT =
  "the account may not manage this location, or the project's Business Profile API access is not " +
  'approved yet (until then its quota is 0: apply with the "Application for Basic API Access" form)';
/** Quota 0 answers 429 like a rate limit: what it usually means. */
const QUOTA_HINT =
  'if this source never worked: Google grants the Business Profile APIs only on request, and until the ' +
  'project\'s "Application for Basic API Access" is approved its quota is 0';

export const googleBusinessAdapter: SourceAdapter<GoogleBusinessSource> = {
  kind: 'google-business',
  title: TITLE,
  schema: googleBusinessSchema,
  credentials: [
    {
      name: 'oauthClientId',
      required: true,
      description: 'The OAuth client id (Google Cloud console → Credentials).',
    },
    { name: 'oauthClientSecret', required: true, description: 'That OAuth client’s secret.' },
    {
      name: 'oauthRefreshToken',
      required: true,
      description: `A refresh token of an owner or manager of the profile, scope ${BUSINESS_SCOPE}. ${HOW_TO}`,
    },
  ],
  cursor: 'updateTime of the newest review (the list is read newest update first)',
  reach: 'none (reviewers have no public audience); rating ONE–FIVE → 1–5',
  ownPresence: true,
  limits:
    "free, but only after Google approves the project's API access (quota 0 until then); 300 requests a minute per project; 50 reviews a page",

  parse(input: ParseInput, source: GoogleBusinessSource): RawItem[] {
    const location =
      /\/v4\/(accounts\/[^/]+\/locations\/[^/]+)\/reviews/.exec(input.url)?.[1] ??
      `accounts/${source.accountId}/locations/${source.locationIds[0] ?? ''}`;
    return parseGoogleBusinessPage(inputJson(input, TITLE), input.url, location, {
      ...(source.placeId ? { link: placeReviewsUrl(source.placeId) } : {}),
      skipAnswered: source.skipAnswered,
    }).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const [clientId, clientSecret, refreshToken] = requireCredentials(TITLE, ctx, GBP_CREDENTIALS, HOW_TO);
    const link = source.placeId ? placeReviewsUrl(source.placeId) : OWNER_REVIEWS_URL;
    let accessToken: string | undefined;
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      conditional: false,
      secrets: () => [clientSecret, refreshToken, accessToken],
      authHint: ACCESS_HINT,
      rateLimitHint: QUOTA_HINT,
      async streams(http) {
        accessToken = await sourceAccessToken(
          http,
          { type: 'refresh-token', clientId, clientSecret, refreshToken },
          TITLE,
          ctx,
        );
        return source.locationIds.map((locationId) => {
          const location = `accounts/${source.accountId}/locations/${locationId}`;
          return {
            label: location,
            first: {
              url: apiUrl(source.baseUrl, `/v4/${location}/reviews`, {
                pageSize: source.pageSize,
                orderBy: 'updateTime desc',
              }),
              headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
            },
          };
        });
      },
      page(res, req, stream) {
        const parsed = parseGoogleBusinessPage(res.json(), req.url, stream.label, {
          link,
          skipAnswered: source.skipAnswered,
        });
        return {
          items: parsed.items,
          warnings: parsed.warnings,
          next: parsed.nextPageToken
            ? { ...req, url: withQuery(req.url, { pageToken: parsed.nextPageToken }) }
            : undefined,
        };
      },
    });
  },
};
