/**
 * Reviews of your own Android app through the Google Play Developer API v3 ("Reply to Reviews"),
 * signed in as a service account (no SDK: ../shared/google-auth.ts).
 *
 * - Token: the service account's JSON key signs a JWT (RS256, scope
 *   `https://www.googleapis.com/auth/androidpublisher`) exchanged at the OAuth token endpoint; the
 *   access token is kept in memory for the run, never in the state.
 * - Request: `GET {baseUrl}/androidpublisher/v3/applications/{packageName}/reviews?maxResults=…
 *   [&translationLanguage=…][&token=…]` with `Authorization: Bearer …`. The answer is
 *   `{reviews: [{reviewId, authorName, comments: [{userComment: {text, lastModified: {seconds,
 *   nanos}, starRating, reviewerLanguage, device, androidOsVersion, appVersionName, thumbsUpCount …}},
 *   {developerComment: {text, lastModified}}]}], tokenPagination: {nextPageToken}, pageInfo}`, the
 *   most recently created or modified review first; pages are followed by `token`.
 * - Only reviews created or modified in the last week are returned (Google's documentation), and
 *   only reviews with a text. A run that comes after a gap of more than a week has lost what fell
 *   out of that week: the fetch warns, and the docs say to run the scan at least daily.
 * - A review → RawItem: id = reviewId, rating = starRating, engagement = thumbsUpCount, lang =
 *   reviewerLanguage, published = the user comment's lastModified; text = the review (a title, when
 *   the reviewer wrote one, comes before a tab: it becomes the title); link = the app's public Play
 *   page with the review id; replyTo = {packageName, reviewId}. `skipAnswered` drops reviews whose
 *   developer reply is newer than the review.
 * - Cursor: `since` = the newest lastModified. Reach: none (reviewers have no audience).
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  requireCredential,
  timeoutMsOption,
  urlOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { sourceAccessToken } from '../shared/google-access.js';
import { GOOGLE_TOKEN_URL, parseServiceAccountKey } from '../shared/google-auth.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Google Play reviews';
export const ANDROID_PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
/** Google's Reply to Reviews API returns reviews created or modified in the last 7 days. */
const API_HORIZON_MS = 7 * 86_400_000;

export const SERVICE_ACCOUNT_HELP = {
  name: 'serviceAccountKey',
  env: 'GOOGLE_PLAY_SERVICE_ACCOUNT',
  howTo:
    'Create a service account in Google Cloud (IAM & Admin → Service accounts), enable the Google Play ' +
    'Android Developer API, add a JSON key and paste the whole file into the secret; then invite the ' +
    "account's e-mail in Play Console → Users and permissions, with View app information and Reply to reviews for the app.",
};

export const googlePlaySchema = sourceBaseSchema.extend({
  kind: z
    .literal('google-play')
    .describe('Reviews of your own Android app on Google Play (needs a service account key).'),
  packageName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/, 'a package name such as com.acme.cloud')
    .describe('The app’s package name (the id in its Play URL: …/details?id=com.acme.cloud).'),
  translationLanguage: z
    .string()
    .regex(/^[a-z]{2,3}([_-][A-Za-z0-9]+)*$/, 'a language code such as en or pt_BR')
    .optional()
    .describe('Have Google translate reviews into this language (the original is kept after the text).'),
  maxResults: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(100)
    .describe('Reviews per API page (1–100, default 100).'),
  skipAnswered: z
    .boolean()
    .default(false)
    .describe('Skip reviews your developer reply already answers (a reply newer than the review).'),
  maxPages: maxPagesOption(5),
  baseUrl: urlOption('https://androidpublisher.googleapis.com', 'Root of the Google Play Developer API'),
  tokenUrl: urlOption(GOOGLE_TOKEN_URL, "Google's OAuth 2.0 token endpoint"),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type GooglePlaySource = z.infer<typeof googlePlaySchema>;

/** Protobuf Timestamp in JSON: `seconds` is an int64, written as a string (or a number). */
const timestampSchema = z.object({
  seconds: z.union([z.string().regex(/^-?\d+$/), z.number()]).optional(),
  nanos: z.number().int().optional(),
});
const userCommentSchema = z.object({
  text: z.string().nullish(),
  originalText: z.string().nullish(),
  lastModified: timestampSchema.nullish(),
  // A rating out of range or of the wrong type is no rating; the review is kept.
  starRating: z.number().int().nullish().catch(null),
  reviewerLanguage: z.string().nullish(),
  device: z.string().nullish(),
  androidOsVersion: z.number().nullish(),
  appVersionCode: z.number().nullish(),
  appVersionName: z.string().nullish(),
  thumbsUpCount: z.number().nullish(),
  thumbsDownCount: z.number().nullish(),
});
const reviewSchema = z.object({
  reviewId: z.string().min(1),
  authorName: z.string().nullish(),
  comments: z.array(
    z.object({
      userComment: userCommentSchema.optional(),
      developerComment: z
        .object({ text: z.string().nullish(), lastModified: timestampSchema.nullish() })
        .optional(),
    }),
  ),
});
type Review = z.infer<typeof reviewSchema>;

const listSchema = z.object({
  reviews: z.array(z.unknown()).optional(),
  tokenPagination: z.object({ nextPageToken: z.string().nullish() }).nullish(),
  pageInfo: z.unknown().optional(),
});

export interface GooglePlayPage {
  items: RawItem[];
  warnings: string[];
  nextPageToken?: string;
}

/** A protobuf Timestamp → ISO, or undefined. */
export function timestampToIso(t: z.infer<typeof timestampSchema> | null | undefined): string | undefined {
  if (!t || t.seconds === undefined) return undefined;
  const seconds = Number(t.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  const ms = seconds * 1000 + Math.floor((t.nanos ?? 0) / 1_000_000);
  return ms <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

/** The app's public Play page, carrying the review id (each review's link is its own). */
export function reviewUrl(packageName: string, reviewId: string): string {
  return `https://play.google.com/store/apps/details?id=${encodeURIComponent(packageName)}&reviewId=${encodeURIComponent(reviewId)}`;
}

function reviewToItem(r: Review, packageName: string, skipAnswered: boolean): RawItem | undefined {
  const user = r.comments.find((c) => c.userComment)?.userComment;
  if (!user) return undefined;
  const published = timestampToIso(user.lastModified);
  if (skipAnswered) {
    const reply = r.comments.find((c) => c.developerComment)?.developerComment;
    const replied = timestampToIso(reply?.lastModified);
    if (reply && (!published || (replied && replied >= published))) return undefined;
  }
  const full = (user.text ?? '').trim();
  // "In some cases … the title and body are concatenated and separated by a tab character."
  const tab = full.indexOf('\t');
  const title = tab > 0 ? full.slice(0, tab).trim() : '';
  let text = tab > 0 ? full.slice(tab + 1).trim() : full;
  const original = user.originalText?.trim();
  if (original && original !== full) text = `${text}\n\nOriginal: ${original.replace(/\t/, ' — ')}`;
  const item: RawItem = {
    id: r.reviewId,
    url: reviewUrl(packageName, r.reviewId),
    text,
    replyTo: { packageName, reviewId: r.reviewId },
  };
  if (title) item.title = title;
  const author = r.authorName?.trim();
  if (author) item.author = author;
  if (typeof user.starRating === 'number' && user.starRating >= 1 && user.starRating <= 5)
    item.rating = user.starRating;
  if (typeof user.thumbsUpCount === 'number') item.engagement = user.thumbsUpCount;
  if (user.reviewerLanguage) item.lang = user.reviewerLanguage.replace(/_/g, '-');
  if (published) item.published = published;
  return item;
}

/** One reviews.list answer → items (a review without a user comment is skipped with a warning). */
export function parseGooglePlayPage(
  json: unknown,
  url: string,
  packageName: string,
  options: { skipAnswered?: boolean } = {},
): GooglePlayPage {
  const page = parsePayload(listSchema, json, TITLE, url);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  (page.reviews ?? []).forEach((raw, i) => {
    const review = validEntry(reviewSchema, raw, warnings, `review ${i}`, 'review');
    if (!review) return;
    const hasUser = review.comments.some((c) => c.userComment);
    const item = reviewToItem(review, packageName, options.skipAnswered === true);
    if (item) items.push(item);
    else if (!hasUser) warnings.push(`review ${review.reviewId} skipped: no user comment`);
  });
  const result: GooglePlayPage = { items, warnings };
  const next = page.tokenPagination?.nextPageToken;
  if (next) result.nextPageToken = next;
  return result;
}

/** The package name from a reviews URL (…/applications/{packageName}/reviews). */
function packageFromUrl(url: string): string | undefined {
  return /\/applications\/([^/?#]+)\/reviews/.exec(url)?.[1];
}

export const googlePlayAdapter: SourceAdapter<GooglePlaySource> = {
  kind: 'google-play',
  title: TITLE,
  schema: googlePlaySchema,
  credentials: [
    credentialSpec(SERVICE_ACCOUNT_HELP, 'The JSON key of a service account with access to the app.'),
  ],
  cursor:
    'lastModified of the newest review; the API only returns the last 7 days, so a gap of more than a week between runs loses reviews (run at least daily)',
  reach: 'none (reviewers have no audience); engagement: thumbsUpCount; rating 1–5',
  ownPresence: true,
  urlNamesItem: true,
  limits:
    'free; per app 200 review reads an hour and 2,000 replies a day (more on request); only reviews with text from the last 7 days, production track only',

  parse(input: ParseInput, source: GooglePlaySource): RawItem[] {
    return parseGooglePlayPage(
      inputJson(input, TITLE),
      input.url,
      packageFromUrl(input.url) ?? source.packageName,
      { skipAnswered: source.skipAnswered },
    ).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const keyText = requireCredential(TITLE, ctx, SERVICE_ACCOUNT_HELP);
    let key: ReturnType<typeof parseServiceAccountKey>;
    try {
      key = parseServiceAccountKey(keyText, 'the serviceAccountKey credential');
    } catch (error) {
      throw new SourceError(`${TITLE}: ${error instanceof Error ? error.message : String(error)}`, source.id);
    }
    const horizon: string[] = [];
    const last = ctx.cursor?.since ? Date.parse(ctx.cursor.since) : Number.NaN;
    if (Number.isFinite(last) && ctx.now.getTime() - last > API_HORIZON_MS) {
      horizon.push(
        `the last review read was ${new Date(last).toISOString()}, more than a week ago: Google Play's API only ` +
          'returns the last 7 days, so reviews in between can only be seen in Play Console (run the scan at least daily)',
      );
    }
    let accessToken: string | undefined;
    const result = await fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      conditional: false,
      secrets: () => [keyText, accessToken],
      authHint: `invite ${key.clientEmail} in Play Console → Users and permissions, with View app information and Reply to reviews for ${source.packageName}`,
      async streams(http) {
        accessToken = await sourceAccessToken(
          http,
          { type: 'service-account', key, scope: ANDROID_PUBLISHER_SCOPE },
          TITLE,
          ctx,
        );
        return [
          {
            label: source.packageName,
            first: {
              url: apiUrl(
                source.baseUrl,
                `/androidpublisher/v3/applications/${encodeURIComponent(source.packageName)}/reviews`,
                { maxResults: source.maxResults, translationLanguage: source.translationLanguage },
              ),
              headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
            },
          },
        ];
      },
      page(res, req) {
        const parsed = parseGooglePlayPage(res.json(), req.url, source.packageName, {
          skipAnswered: source.skipAnswered,
        });
        return {
          items: parsed.items,
          warnings: parsed.warnings,
          next: parsed.nextPageToken
            ? { ...req, url: withQuery(req.url, { token: parsed.nextPageToken }) }
            : undefined,
        };
      },
    });
    return { ...result, warnings: [...horizon, ...(result.warnings ?? [])] };
  },
};
