/**
 * Trustpilot service reviews of one business unit, through the public Business Units API with an
 * API key (sent in the `apikey` header, never in a URL).
 *
 * - Which business: `businessUnitId`, or `businessName` (the domain the profile is known by, e.g.
 *   acme.example) looked up once with `GET {baseUrl}/business-units/find?name=…` (the id is kept in
 *   the cursor).
 * - Reviews: `GET {baseUrl}/business-units/{id}/reviews?perPage=100&page=N&orderBy=createdat.desc[&language=…]`,
 *   newest first; a page links the next one (`links[] {rel: "next-page"}`), followed up to
 *   `maxPages` and until a review is older than the window. Every review is a mention (the company
 *   named itself by being reviewed); the query filter still applies (`queries:`).
 * - Dates: `createdAt` is ISO 8601; the documented examples omit the zone, which is read as UTC.
 * - Reach: the reviewer's `consumer.numberOfReviews`; engagement: `numberOfLikes`; rating: `stars`.
 * - Replies: the business API (./publisher.ts) with a business user's OAuth token.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  credentialSpec,
  inputJson,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  parsePayload,
  requireCredential,
  timeoutMsOption,
  urlOption,
  validEntries,
  withQuery,
} from '../shared/api-source.js';
import { looseDateToIso } from '../shared/loose-date.js';
import { isRefusal, pageOrRefusal, refusalError, refusalWords } from '../shared/refusal.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Trustpilot';
export const TRUSTPILOT_API = 'https://api.trustpilot.com/v1';
const REVIEW_URL = 'https://www.trustpilot.com/reviews/';
const USER_URL = 'https://www.trustpilot.com/users/';
export const TRUSTPILOT_KEY_HELP = {
  name: 'apiKey',
  env: 'TRUSTPILOT_API_KEY',
  howTo:
    'In Trustpilot Business: Integrations → Developers → APIs → Create application; copy its API key ' +
    '(API access needs the API module add-on).',
};

export const trustpilotSchema = sourceBaseSchema.extend({
  kind: z.literal('trustpilot').describe('Trustpilot reviews of your business unit (needs an API key).'),
  businessUnitId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'a business unit id: 24 hexadecimal characters')
    .optional()
    .describe('The business unit whose reviews are read (its id, 24 hex characters).'),
  businessName: z
    .string()
    .min(3)
    .max(200)
    .optional()
    .describe(
      'Instead of businessUnitId: the name the profile is found by (its domain, e.g. acme.example), looked up once.',
    ),
  language: z
    .string()
    .regex(/^([a-z]{2}|all)$/, 'a two-letter language code, or all')
    .optional()
    .describe('Only reviews in this language (two letters), or all (default: the API default).'),
  perPage: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(100)
    .describe('Reviews per API page (1–100, default 100).'),
  maxPages: maxPagesOption(3),
  baseUrl: urlOption(TRUSTPILOT_API, 'Root of the Trustpilot API'),
  businessUserId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'a business user id: 24 hexadecimal characters')
    .optional()
    .describe('Replies only: the id of the business user who signs replies (authorBusinessUserId).'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type TrustpilotSource = z.infer<typeof trustpilotSchema>;

const linkSchema = z.object({ href: z.string().nullish(), rel: z.string().nullish() });
const reviewsSchema = z.object({
  reviews: z.array(z.unknown()),
  links: z.array(linkSchema).nullish(),
});
const reviewSchema = z
  .object({
    id: z.string().min(1),
    consumer: z
      .object({
        id: z.string().nullish(),
        displayName: z.string().nullish(),
        numberOfReviews: z.number().nullish(),
      })
      .nullish(),
    // Out of range or not a number: the review is kept without a rating (never lost for it).
    stars: z.number().int().min(1).max(5).nullish().catch(null),
    title: z.string().nullish(),
    text: z.string().nullish(),
    language: z.string().nullish(),
    createdAt: z.string().nullish(),
    updatedAt: z.string().nullish(),
    numberOfLikes: z.number().nullish(),
    companyReply: z.object({ text: z.string().nullish(), createdAt: z.string().nullish() }).nullish(),
  })
  // A review with neither title nor text is no review to answer (Trustpilot requires the text).
  .refine((r) => Boolean(r.text?.trim() || r.title?.trim()), { path: ['text'], message: 'no title or text' });
const findSchema = z.object({ id: z.string().min(1), displayName: z.string().nullish() });

export interface TrustpilotPage {
  items: RawItem[];
  warnings: string[];
  /** The page links a next page (`rel: next-page`). */
  hasNext: boolean;
}

function reviewToItem(r: z.infer<typeof reviewSchema>, businessUnitId: string | undefined): RawItem {
  const item: RawItem = {
    id: r.id,
    url: REVIEW_URL + encodeURIComponent(r.id),
    text: (r.text ?? '').trim(),
    replyTo: { reviewId: r.id, ...(businessUnitId ? { businessUnitId } : {}) },
  };
  if (r.title?.trim()) item.title = r.title.trim();
  const name = r.consumer?.displayName?.trim();
  if (name) item.author = name;
  if (r.consumer?.id) item.authorUrl = USER_URL + encodeURIComponent(r.consumer.id);
  if (typeof r.consumer?.numberOfReviews === 'number') item.reach = r.consumer.numberOfReviews;
  if (typeof r.numberOfLikes === 'number') item.engagement = r.numberOfLikes;
  if (typeof r.stars === 'number') item.rating = r.stars;
  if (r.language) item.lang = r.language;
  const published = looseDateToIso(r.createdAt);
  if (published) item.published = published;
  return item;
}

/** One business-unit reviews answer → reviews, with per-review problems as warnings. */
export function parseTrustpilotPage(json: unknown, url: string, businessUnitId?: string): TrustpilotPage {
  const body = parsePayload(reviewsSchema, json, TITLE, url);
  const unit = businessUnitId ?? /\/business-units\/([^/?#]+)\/reviews/.exec(url)?.[1];
  const page: TrustpilotPage = {
    items: [],
    warnings: [],
    hasNext: (body.links ?? []).some((l) => l.rel === 'next-page'),
  };
  page.items.push(
    ...validEntries(body.reviews, reviewSchema, page.warnings, 'review').map((review) =>
      reviewToItem(review, unit),
    ),
  );
  return page;
}

/** Trustpilot explains refusals as `{"message": "…"}` (or `{"fault": {"faultstring": "…"}}` at the gateway). */
const refusalSchema = z.object({
  message: z.string().optional(),
  fault: z.object({ faultstring: z.string().optional() }).optional(),
});

function refusal(res: HttpResponse, what: string): Error {
  const said = refusalWords(res, (json) => {
    const b = refusalSchema.safeParse(json);
    return b.success ? (b.data.message ?? b.data.fault?.faultstring) : undefined;
  });
  const key = 'check the apiKey credential';
  return refusalError(res, `${what} was refused`, said, {
    401: key,
    403: key,
    404: 'check businessUnitId / businessName',
  });
}

async function findBusinessUnit(
  http: MeteredHttp,
  base: string,
  name: string,
  headers: Record<string, string>,
): Promise<string> {
  const url = apiUrl(base, '/business-units/find', { name });
  const res = await http.request({
    url,
    headers,
    acceptStatus: pageOrRefusal(false),
  });
  if (isRefusal(res.status)) throw refusal(res, `looking up the business unit "${name}"`);
  return parsePayload(findSchema, res.json(), TITLE, url).id;
}

export const trustpilotAdapter: SourceAdapter<TrustpilotSource> = {
  kind: 'trustpilot',
  title: TITLE,
  schema: trustpilotSchema,
  credentials: [
    credentialSpec(
      TRUSTPILOT_KEY_HELP,
      'The API key of a Trustpilot application, sent as the apikey header.',
    ),
  ],
  cursor:
    'createdAt of the newest review (next run: reviews older than the window dropped); business unit id cached',
  reach: "the reviewer's consumer.numberOfReviews; engagement: numberOfLikes; rating: stars 1–5",
  urlNamesItem: true,
  // Reviews of the company's own business: filed whether they name it or not.
  ownPresence: true,
  limits:
    'at most 833 calls per 5 minutes and 10,000 an hour; 100 reviews per page; the paid API module allows 200,000 (tier 1) or 1,000,000 (tier 2) calls a year, or unlimited (tier 3)',

  parse(input: ParseInput, source: TrustpilotSource): RawItem[] {
    return parseTrustpilotPage(inputJson(input, TITLE), input.url, source.businessUnitId).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    if (!source.businessUnitId && !source.businessName) {
      throw new SourceError(
        `${TITLE} source "${source.id}" needs businessUnitId or businessName (the domain of your Trustpilot profile)`,
        source.id,
      );
    }
    const key = requireCredential(TITLE, ctx, TRUSTPILOT_KEY_HELP);
    const headers = { accept: 'application/json', apikey: key };
    const cachedName = ctx.cursor?.data?.businessName;
    const cachedId = ctx.cursor?.data?.businessUnitId;
    let unitId =
      source.businessUnitId ??
      (cachedName === source.businessName && typeof cachedId === 'string' ? cachedId : undefined);
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [key],
      authHint: 'check the apiKey credential (a Trustpilot application key with API access)',
      async streams(http) {
        if (!unitId && source.businessName)
          unitId = await findBusinessUnit(http, source.baseUrl, source.businessName, headers);
        const id = unitId ?? '';
        return [
          {
            label: `business unit ${id}`,
            first: {
              url: apiUrl(source.baseUrl, `/business-units/${encodeURIComponent(id)}/reviews`, {
                perPage: source.perPage,
                page: 1,
                orderBy: 'createdat.desc',
                language: source.language,
              }),
              headers,
              acceptStatus: pageOrRefusal(true),
            },
          },
        ];
      },
      page(res, req) {
        if (isRefusal(res.status)) throw refusal(res, 'reading the reviews');
        const parsed = parseTrustpilotPage(res.json(), req.url, unitId);
        const page = Number(new URL(req.url).searchParams.get('page') ?? '1');
        return {
          items: parsed.items,
          warnings: parsed.warnings,
          next:
            parsed.hasNext && parsed.items.length > 0
              ? { ...req, url: withQuery(req.url, { page: page + 1 }) }
              : undefined,
        };
      },
      cursorData: () =>
        source.businessName && unitId && !source.businessUnitId
          ? { businessName: source.businessName, businessUnitId: unitId }
          : undefined,
    });
  },
};
