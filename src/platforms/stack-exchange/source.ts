/**
 * Stack Exchange (Stack Overflow, Server Fault, Super User …) through the API v2.3:
 * `GET {baseUrl}/search/advanced?order=desc&sort=creation&q=<term>&site=<site>&fromdate=<start>&tagged=<a;b>&filter=withbody&pagesize=<n>&page=<p>[&key=<key>]`
 * — questions only (the API's search does not return answers or comments).
 *
 * - One request stream per term (`q` has no OR syntax), pages followed while `has_more`.
 * - Cursor: `since` = creation_date of the newest question. Every run asks `fromdate` = the look-back
 *   start rounded down to the UTC day and keeps the questions inside the window.
 *   `data.notBefore` honours the API's `backoff` (and an exhausted daily quota): until then the
 *   source is skipped with an info line, its cursor untouched.
 * - No HTTP validators (the API sends none): nothing to answer 304 to.
 * - Reach: `owner.reputation`; engagement: the question's `score`. Responses are always gzip
 *   compressed; the shared HTTP client decompresses them.
 */
import * as z from 'zod';
import type { RawItem } from '../../mentions/mention.js';
import { decodeEntities, htmlToText } from '../shared/api-html-text.js';
import {
  apiUrl,
  epochToIso,
  inputJson,
  maxBytesOption,
  maxPagesOption,
  optionalCredential,
  parsePayload,
  queryOption,
  requestStart,
  timeoutMsOption,
  urlOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { fetchWindow, termStreams } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceCursor } from '../source.js';
import { sourceBaseSchema } from '../source.js';

const TITLE = 'Stack Exchange';
const MAX_TERMS = 5;
/** Below this many requests left today, each run warns. */
const LOW_QUOTA = 20;

export const stackExchangeSchema = sourceBaseSchema.extend({
  kind: z
    .literal('stack-exchange')
    .describe('Stack Overflow and other Stack Exchange sites: question search.'),
  site: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'an API site parameter such as stackoverflow, serverfault or superuser')
    .default('stackoverflow')
    .describe('The Stack Exchange site to search, as the API names it (default stackoverflow).'),
  tagged: z
    .array(z.string().regex(/^[^;\s]+$/, 'one tag, no spaces or semicolons'))
    .optional()
    .describe('Only questions with at least one of these tags (e.g. your product tag).'),
  query: queryOption,
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(100)
    .describe('Questions per API page (1–100, default 100).'),
  maxPages: maxPagesOption(3),
  baseUrl: urlOption('https://api.stackexchange.com/2.3', 'Root of the Stack Exchange API'),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type StackExchangeSource = z.infer<typeof stackExchangeSchema>;

const wrapperSchema = z.object({
  items: z.array(z.unknown()).optional(),
  has_more: z.boolean().optional(),
  quota_max: z.number().optional(),
  quota_remaining: z.number().optional(),
  backoff: z.number().optional(),
  error_id: z.number().optional(),
  error_name: z.string().optional(),
  error_message: z.string().optional(),
});

const questionSchema = z.object({
  question_id: z.number().int(),
  title: z.string().nullish(),
  body: z.string().nullish(),
  link: z.string().nullish(),
  creation_date: z.number().nullish(),
  score: z.number().nullish(),
  answer_count: z.number().nullish(),
  tags: z.array(z.string()).nullish(),
  owner: z
    .object({
      display_name: z.string().nullish(),
      reputation: z.number().nullish(),
      user_type: z.string().nullish(),
      link: z.string().nullish(),
      user_id: z.number().nullish(),
    })
    .nullish(),
});
type Question = z.infer<typeof questionSchema>;

export interface StackExchangePage {
  items: RawItem[];
  warnings: string[];
  hasMore: boolean;
  quotaRemaining?: number;
  /** Seconds the API asks us to wait before calling this method again. */
  backoff?: number;
}

function questionToItem(q: Question, site: string): RawItem {
  const item: RawItem = {
    id: `${site}:${q.question_id}`,
    text: htmlToText(q.body),
    replyTo: { site, questionId: String(q.question_id) },
  };
  if (q.link) item.url = q.link;
  const title = decodeEntities(q.title);
  if (title) item.title = title;
  const owner = q.owner;
  const deleted = owner?.user_type === 'does_not_exist';
  if (owner?.display_name) item.author = decodeEntities(owner.display_name);
  if (owner?.link && !deleted) item.authorUrl = owner.link;
  if (typeof owner?.reputation === 'number' && !deleted) item.reach = owner.reputation;
  if (typeof q.score === 'number') item.engagement = q.score;
  const published = epochToIso(q.creation_date);
  if (published) item.published = published;
  return item;
}

/** One API response (the common wrapper) → items. An error wrapper throws with the API's own words. */
export function parseStackExchangePage(json: unknown, url: string, site: string): StackExchangePage {
  const wrapper = parsePayload(wrapperSchema, json, TITLE, url);
  if (wrapper.error_id !== undefined) {
    throw new Error(
      `${TITLE}: the API answered error ${wrapper.error_id} ${wrapper.error_name ?? ''}: ${wrapper.error_message ?? ''}`.trim(),
    );
  }
  if (!wrapper.items) throw new Error(`${TITLE}: ${url} is not the expected payload: items: missing`);
  const items: RawItem[] = [];
  const warnings: string[] = [];
  wrapper.items.forEach((raw, i) => {
    const q = validEntry(questionSchema, raw, warnings, `item ${i}`, 'item');
    if (q) items.push(questionToItem(q, site));
  });
  const page: StackExchangePage = { items, warnings, hasMore: wrapper.has_more ?? false };
  if (wrapper.quota_remaining !== undefined) page.quotaRemaining = wrapper.quota_remaining;
  if (wrapper.backoff !== undefined) page.backoff = wrapper.backoff;
  return page;
}

function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export const stackExchangeAdapter: SourceAdapter<StackExchangeSource> = {
  kind: 'stack-exchange',
  title: TITLE,
  schema: stackExchangeSchema,
  credentials: [
    {
      name: 'key',
      required: false,
      description:
        'Optional app key: raises the daily quota from 300 to 10,000 requests per IP. Register an app at ' +
        'https://stackapps.com/apps/oauth/register and copy its "Key" (not the client secret).',
    },
  ],
  cursor:
    'creation_date of the newest question (every run: fromdate = the look-back start on its UTC day); data.notBefore honours backoff',
  reach: "owner.reputation (none for deleted users); engagement: the question's score",
  urlNamesItem: true,
  limits:
    '300 requests a day per IP without a key, 10,000 with one; `backoff` seconds are honoured; questions only',

  parse(input: ParseInput, source: StackExchangeSource): RawItem[] {
    return parseStackExchangePage(inputJson(input, TITLE), input.url, source.site).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const previous: SourceCursor = ctx.cursor ?? {};
    const notBefore =
      typeof previous.data?.notBefore === 'string' ? Date.parse(previous.data.notBefore) : Number.NaN;
    if (!Number.isNaN(notBefore) && notBefore > ctx.now.getTime()) {
      ctx.logger.info(
        `${source.id}: Stack Exchange asked us to back off until ${new Date(notBefore).toISOString()}; skipped this run`,
      );
      return { items: [], cursor: previous, warnings: [], requests: 0, bytes: 0 };
    }
    const key = optionalCredential(ctx, 'key');
    const start = requestStart(ctx);
    let waitUntil: Date | undefined;
    let quotaRemaining: number | undefined;
    const result = await fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [key],
      authHint: 'check the optional app key (credential "key")',
      // The API sends no validators, and the key is in the URL: nothing to keep per URL.
      conditional: false,
      streams: () =>
        termStreams(ctx, source.query, MAX_TERMS, (term) => ({
          url: apiUrl(source.baseUrl, '/search/advanced', {
            order: 'desc',
            sort: 'creation',
            q: term,
            site: source.site,
            fromdate: Math.floor(start.getTime() / 1000),
            tagged: source.tagged?.join(';'),
            filter: 'withbody',
            pagesize: source.pageSize,
            page: 1,
            key,
          }),
          headers: { accept: 'application/json' },
          // Errors come back as the wrapper with error_id (HTTP 400): read them for a clear message.
          acceptStatus: (s) => (s >= 200 && s < 300) || (s >= 400 && s < 500 && s !== 429),
        })),
      page(res, req) {
        const parsed = parseStackExchangePage(res.json(), req.url, source.site);
        const page = Number(new URL(req.url).searchParams.get('page'));
        const next = parsed.hasMore ? { ...req, url: withQuery(req.url, { page: page + 1 }) } : undefined;
        if (parsed.quotaRemaining !== undefined) quotaRemaining = parsed.quotaRemaining;
        const warnings = [...parsed.warnings];
        if (parsed.backoff !== undefined) {
          waitUntil = new Date(ctx.now.getTime() + parsed.backoff * 1000);
          ctx.logger.info(
            `${source.id}: Stack Exchange asked for a ${parsed.backoff} s backoff; stopping here`,
          );
        } else if (quotaRemaining === 0) {
          waitUntil = nextUtcMidnight(ctx.now);
          warnings.push(`the daily API quota is used up; skipping until ${waitUntil.toISOString()}`);
        }
        const stop = waitUntil ? { stop: 'all' as const, stopReason: 'backoff or quota' } : {};
        return { items: parsed.items, warnings, next, ...stop };
      },
      cursorData: () => (waitUntil ? { notBefore: waitUntil.toISOString() } : undefined),
    });
    if (quotaRemaining !== undefined && quotaRemaining > 0 && quotaRemaining < LOW_QUOTA) {
      result.warnings?.push(
        `only ${quotaRemaining} API requests left today${key ? '' : ' (an app key raises the quota: credential "key")'}`,
      );
    }
    return result;
  },
};
