/**
 * TripAdvisor reviews through the Tripadvisor Content API, read only. The API takes its key in
 * the query string (`key=`), so every message is redacted and no request URL is kept in the
 * cursor (no conditional requests: their validators are stored per URL).
 *
 * - Per location: `GET {baseUrl}/location/{locationId}/reviews?key=…&language=…` → `{data[] {id,
 *   lang, location_id, published_date, rating, helpful_votes, rating_image_url, url, text, title,
 *   trip_type, travel_date, user {username, user_location {id, name}, avatar {…}}, owner_response
 *   {…}, subratings, is_machine_translated}}`: the 5 most recent reviews of the location — the
 *   Content API gives no more, and has no paging beyond them.
 * - Cursor: `since` = the newest `published_date`; reviews outside the look-back window are dropped
 *   and the record's ids keep a review seen on two runs from being filed twice.
 * - Reach: none (no follower counts); engagement: `helpful_votes`; rating: 1–5.
 */
import * as z from 'zod';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  isoOrUndefined,
  maxBytesOption,
  parsePayload,
  redact,
  requireCredential,
  timeoutMsOption,
  urlOption,
  validEntries,
} from '../shared/api-source.js';
import { isRefusal, pageOrRefusal, refusalError, refusalWords } from '../shared/refusal.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Tripadvisor';
const KEY_HELP = {
  name: 'apiKey',
  env: 'TRIPADVISOR_API_KEY',
  howTo:
    'Create a Content API key at https://www.tripadvisor.com/developers (a billing card is required) and ' +
    "allow the runner's IP address for it.",
};
/** What to check when the key is refused (401/403). */
const KEY_HINT =
  "check the apiKey credential and that the key allows this runner's IP address (Tripadvisor restricts keys by domain or IP)";

export const tripadvisorSchema = sourceBaseSchema.extend({
  kind: z
    .literal('tripadvisor')
    .describe('The latest Tripadvisor reviews of your locations, through the Content API.'),
  locationIds: z
    .array(z.union([z.string().regex(/^\d{1,12}$/, 'digits'), z.number().int().positive()]))
    .min(1)
    .transform((ids) => ids.map(String))
    .describe('Your locations: the number after -d in their Tripadvisor URL (…-d1234567-Reviews-…).'),
  language: z
    .string()
    .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'a Tripadvisor language code such as en, fr or pt_BR')
    .default('en')
    .describe('Reviews in this language (default en); the Content API returns one language per call.'),
  baseUrl: urlOption('https://api.content.tripadvisor.com/api/v1', 'Root of the Tripadvisor Content API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type TripadvisorSource = z.infer<typeof tripadvisorSchema>;

const idSchema = z.union([z.string().min(1), z.number()]).transform(String);
const reviewsSchema = z.object({ data: z.array(z.unknown()) });
const reviewSchema = z.object({
  id: idSchema,
  lang: z.string().nullish(),
  location_id: idSchema.nullish(),
  published_date: z.string().nullish(),
  // A rating out of range or of the wrong type is no rating; the review is kept.
  rating: z.number().nullish().catch(null),
  helpful_votes: z.union([z.number(), z.string().regex(/^\d+$/)]).nullish(),
  url: z.string().nullish(),
  text: z.string().nullish(),
  title: z.string().nullish(),
  trip_type: z.string().nullish(),
  travel_date: z.string().nullish(),
  user: z
    .object({
      username: z.string().nullish(),
      user_location: z.object({ name: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

export interface TripadvisorPage {
  items: RawItem[];
  warnings: string[];
}

function reviewToItem(r: z.infer<typeof reviewSchema>, locationId: string | undefined): RawItem {
  const location = r.location_id ?? locationId;
  const item: RawItem = {
    id: r.id,
    url:
      r.url && /^https?:\/\//.test(r.url)
        ? r.url
        : `https://www.tripadvisor.com/ShowUserReviews-d${encodeURIComponent(location ?? '')}-r${encodeURIComponent(r.id)}`,
    text: (r.text ?? '').trim(),
    replyTo: { reviewId: r.id, ...(location ? { locationId: location } : {}) },
  };
  if (r.title?.trim()) item.title = r.title.trim();
  if (r.user?.username?.trim()) {
    item.author = r.user.username.trim();
    item.authorUrl = `https://www.tripadvisor.com/Profile/${encodeURIComponent(item.author)}`;
  }
  if (typeof r.rating === 'number' && r.rating >= 1 && r.rating <= 5) item.rating = r.rating;
  if (r.helpful_votes !== null && r.helpful_votes !== undefined) item.engagement = Number(r.helpful_votes);
  if (r.lang) item.lang = r.lang;
  const published = isoOrUndefined(r.published_date);
  if (published) item.published = published;
  return item;
}

/** `/location/{id}/reviews` answer → reviews, with per-review problems as warnings. */
export function parseTripadvisorPage(json: unknown, url: string, locationId?: string): TripadvisorPage {
  // The URL carries the key: never in a message.
  const shown = redact(url, []);
  const body = parsePayload(reviewsSchema, json, TITLE, shown);
  const location = locationId ?? /\/location\/(\d+)\/reviews/.exec(url)?.[1];
  const page: TripadvisorPage = { items: [], warnings: [] };
  page.items.push(
    ...validEntries(body.data, reviewSchema, page.warnings, 'review').map((review) =>
      reviewToItem(review, location),
    ),
  );
  return page;
}

/** The Content API explains refusals as `{"error": {"message", "type", "code"}}` (or `{"message"}` at the gateway). */
const refusalSchema = z.object({
  error: z.object({ message: z.string().optional(), type: z.string().optional() }).optional(),
  message: z.string().optional(),
});

function refusal(res: HttpResponse, locationId: string): Error {
  const said = refusalWords(res, (json) => {
    const b = refusalSchema.safeParse(json);
    return b.success ? (b.data.error?.message ?? b.data.message) : undefined;
  });
  const id = 'check the location id';
  return refusalError(res, `reviews of location ${locationId} were refused`, said, {
    400: id,
    401: KEY_HINT,
    403: KEY_HINT,
    404: id,
  });
}

export const tripadvisorAdapter: SourceAdapter<TripadvisorSource> = {
  kind: 'tripadvisor',
  title: TITLE,
  schema: tripadvisorSchema,
  credentials: [
    credentialSpec(
      KEY_HELP,
      'A Tripadvisor Content API key (sent as the key query parameter, redacted from every message).',
    ),
  ],
  cursor:
    'published_date of the newest review; reviews outside the window dropped (no conditional requests: the URL holds the key)',
  reach: 'none (reviewers have no public counts); engagement: helpful_votes; rating 1–5',
  urlNamesItem: true,
  // Reviews of the company's own business: filed whether they name it or not.
  ownPresence: true,
  limits:
    'the 5 most recent reviews per location and language, one call each; 5,000 free calls a month, then billed per call; 50 calls a second; the key only works from the domains or IP addresses registered for it',

  parse(input: ParseInput): RawItem[] {
    return parseTripadvisorPage(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const key = requireCredential(TITLE, ctx, KEY_HELP);
    return fetchWindow({
      title: TITLE,
      ctx,
      options: { ...source, maxPages: 1 },
      secrets: () => [key],
      authHint: KEY_HINT,
      streams: () =>
        [...new Set(source.locationIds)].map((id) => ({
          label: `location ${id}`,
          first: {
            url: apiUrl(source.baseUrl, `/location/${encodeURIComponent(id)}/reviews`, {
              key,
              language: source.language,
            }),
            headers: { accept: 'application/json' },
            acceptStatus: pageOrRefusal(false),
          },
        })),
      page(res, req, stream) {
        const id = /\/location\/(\d+)\/reviews/.exec(req.url)?.[1] ?? '';
        if (isRefusal(res.status)) throw refusal(res, id);
        const parsed = parseTripadvisorPage(res.json(), req.url, id);
        return { items: parsed.items, warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`) };
      },
    });
  },
};
