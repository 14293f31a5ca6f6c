/**
 * Yelp reviews through the Yelp Fusion (Places) API, read only, with an API key sent as
 * `Authorization: Bearer <key>`.
 *
 * - Per business (id or alias): `GET {baseUrl}/businesses/{id}/reviews[?limit=N&offset=M&locale=…]`
 *   → `{total, possible_languages, reviews[] {id, url, text, rating, time_created, user {id,
 *   profile_url, image_url, name}}}`. The standard plans return at most 3 review excerpts per
 *   business (the most recent Yelp chooses to show, cut to about 160 characters); only plans with
 *   full review access accept `limit` above 3 and page with `offset` (option `limit`).
 * - Dates: `time_created` is "YYYY-MM-DD HH:MM:SS" in Pacific time (Yelp writes "PST"; the
 *   business's clock follows daylight saving) — converted to UTC with the America/Los_Angeles rules.
 * - Cursor: `since` = the newest review; reviews outside the look-back window are dropped. The
 *   first page of each business is conditional (an unchanged answer costs a 304, if Yelp sends
 *   validators).
 * - Reach: none (the API gives reviewers no counts); rating: 1–5.
 */
import * as z from 'zod';
import type { HttpResponse } from '../../http/types.js';
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
  validEntries,
  withQuery,
} from '../shared/api-source.js';
import { isRefusal, pageOrRefusal, refusalError, refusalWords } from '../shared/refusal.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Yelp';
const BASE_PLAN_REVIEWS = 3;
const KEY_HELP = {
  name: 'apiKey',
  env: 'YELP_API_KEY',
  howTo:
    'Create an app at https://www.yelp.com/developers/v3/manage_app (Yelp Places API) and copy its API Key.',
};

export const yelpSchema = sourceBaseSchema.extend({
  kind: z.literal('yelp').describe('Yelp review excerpts of your businesses, through the Yelp Fusion API.'),
  businesses: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,200}$/, 'a Yelp business id or alias (e.g. acme-cafe-san-francisco)'),
    )
    .min(1)
    .describe('Your businesses on Yelp: ids or aliases (the part after /biz/ in the Yelp URL).'),
  locale: z
    .string()
    .regex(/^[a-z]{2}_[A-Z]{2}$/, 'a Yelp locale such as en_US or fr_FR')
    .optional()
    .describe('Reviews in this locale (e.g. en_US, fr_FR); default: Yelp’s (en_US).'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(BASE_PLAN_REVIEWS)
    .describe(
      'Reviews per request (default 3, what the standard plans return). Above 3 only with a plan that has full review access; then pages follow by offset.',
    ),
  maxPages: maxPagesOption(1, 10),
  baseUrl: urlOption('https://api.yelp.com/v3', 'Root of the Yelp Fusion API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type YelpSource = z.infer<typeof yelpSchema>;

const reviewsSchema = z.object({
  reviews: z.array(z.unknown()),
  total: z.number().int().nullish(),
  possible_languages: z.array(z.string()).nullish(),
});
const reviewSchema = z.object({
  id: z.string().min(1),
  url: z.string().nullish(),
  text: z.string().nullish(),
  // A rating out of range or of the wrong type is no rating; the review is kept.
  rating: z.number().min(0).max(5).nullish().catch(null),
  time_created: z.string().nullish(),
  user: z
    .object({
      id: z.string().nullish(),
      profile_url: z.string().nullish(),
      image_url: z.string().nullish(),
      name: z.string().nullish(),
    })
    .nullish(),
});

const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The offset of Pacific time from UTC at an instant, in minutes (−480 in winter, −420 in summer). */
function pacificOffset(ms: number): number {
  const p = Object.fromEntries(PACIFIC.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - ms) / 60_000);
}

/**
 * Yelp's "YYYY-MM-DD HH:MM:SS" Pacific wall-clock time → ISO 8601 UTC; undefined when it is not
 * that shape. An ISO time with a zone is taken as written.
 */
export function yelpTimeToIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) {
    const t = /(Z|[+-]\d{2}:?\d{2})$/.test(value.trim()) ? Date.parse(value) : Number.NaN;
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(wall)) return undefined;
  // Date.UTC rolls impossible fields over (month 13, day 45, hour 99 became a real time): refused.
  const d = new Date(wall);
  const read = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  if (read.some((v, i) => v !== +m[i + 1]!) || d.getUTCSeconds() !== +(m[6] ?? 0)) return undefined;
  // Two passes: the offset at the guessed instant, then at the corrected one (DST edges).
  let utc = wall - pacificOffset(wall + 8 * 3_600_000) * 60_000;
  utc = wall - pacificOffset(utc) * 60_000;
  return new Date(utc).toISOString();
}

function reviewToItem(r: z.infer<typeof reviewSchema>, business: string): RawItem {
  const item: RawItem = {
    id: r.id,
    text: (r.text ?? '').trim(),
    replyTo: { business, reviewId: r.id },
  };
  if (r.url && /^https?:\/\//.test(r.url)) item.url = r.url;
  else item.url = `https://www.yelp.com/biz/${encodeURIComponent(business)}?hrid=${encodeURIComponent(r.id)}`;
  const name = r.user?.name?.trim();
  if (name) item.author = name;
  if (r.user?.profile_url && /^https?:\/\//.test(r.user.profile_url)) item.authorUrl = r.user.profile_url;
  if (typeof r.rating === 'number' && r.rating >= 1) item.rating = r.rating;
  const published = yelpTimeToIso(r.time_created);
  if (published) item.published = published;
  return item;
}

export interface YelpPage {
  items: RawItem[];
  warnings: string[];
  total?: number;
}

/** `/businesses/{id}/reviews` answer → reviews, with per-review problems as warnings. */
export function parseYelpPage(json: unknown, url: string, business?: string): YelpPage {
  const body = parsePayload(reviewsSchema, json, TITLE, url);
  const biz = business ?? decodeURIComponent(/\/businesses\/([^/?#]+)\/reviews/.exec(url)?.[1] ?? '');
  const page: YelpPage = { items: [], warnings: [] };
  if (typeof body.total === 'number') page.total = body.total;
  page.items.push(
    ...validEntries(body.reviews, reviewSchema, page.warnings, 'review').map((review) =>
      reviewToItem(review, biz),
    ),
  );
  return page;
}

/** Yelp explains failures as `{"error": {"code": "BUSINESS_NOT_FOUND", "description": "…"}}`. */
const refusalSchema = z.object({
  error: z.object({ code: z.string().optional(), description: z.string().optional() }),
});

function refusal(res: HttpResponse, business: string): Error {
  const said = refusalWords(res, (json) => {
    const b = refusalSchema.safeParse(json);
    return b.success ? [b.data.error.code, b.data.error.description].filter(Boolean).join(': ') : undefined;
  });
  const key = 'check the apiKey credential';
  return refusalError(res, `reviews of "${business}" were refused`, said, {
    401: key,
    403: key,
    404: 'check the id or alias in businesses',
  });
}

export const yelpAdapter: SourceAdapter<YelpSource> = {
  kind: 'yelp',
  title: TITLE,
  schema: yelpSchema,
  credentials: [credentialSpec(KEY_HELP, 'A Yelp Fusion (Places API) key, sent as a bearer token.')],
  cursor:
    'time_created of the newest review (Pacific time, converted to UTC); reviews outside the window dropped',
  reach: 'none (reviewers have no public counts in the API); rating 1–5',
  urlNamesItem: true,
  // Reviews of the company's own business: filed whether they name it or not.
  ownPresence: true,
  limits:
    'standard plans return at most 3 review excerpts per business (full reviews and paging need a plan with full review access); daily call limit by plan (Starter trial: 300 a day), RateLimit-* headers',

  parse(input: ParseInput): RawItem[] {
    return parseYelpPage(inputJson(input, TITLE), input.url).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const key = requireCredential(TITLE, ctx, KEY_HELP);
    const headers = { accept: 'application/json', authorization: `Bearer ${key}` };
    const paged = source.limit > BASE_PLAN_REVIEWS;
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [key],
      authHint: 'check the apiKey credential (a Yelp Fusion API key)',
      newestFirst: false,
      streams: () =>
        [...new Set(source.businesses)].map((business) => ({
          label: `business "${business}"`,
          first: {
            url: apiUrl(source.baseUrl, `/businesses/${encodeURIComponent(business)}/reviews`, {
              locale: source.locale,
              ...(paged ? { limit: source.limit, offset: 0 } : {}),
            }),
            headers,
            acceptStatus: pageOrRefusal(true),
          },
        })),
      page(res, req, stream) {
        const business = decodeURIComponent(/\/businesses\/([^/?#]+)\/reviews/.exec(req.url)?.[1] ?? '');
        if (isRefusal(res.status)) throw refusal(res, business);
        const parsed = parseYelpPage(res.json(), req.url, business);
        const offset = Number(new URL(req.url).searchParams.get('offset') ?? '0') + parsed.items.length;
        const more = paged && parsed.items.length > 0 && parsed.total !== undefined && offset < parsed.total;
        return {
          items: parsed.items,
          warnings: parsed.warnings.map((w) => `${stream.label}: ${w}`),
          next: more ? { ...req, url: withQuery(req.url, { offset }) } : undefined,
        };
      },
    });
  },
};
