/**
 * The one loop every paged API source runs: request streams (one per search term, endpoint or
 * country), each read page by page inside the look-back window, validators kept for first pages,
 * items outside the window dropped, items seen twice kept once, the newest time remembered as the
 * cursor, a warning when a stream had more pages than `maxPages`, and any failure turned into a
 * SourceError without secrets. A platform's source says only what is its own: which requests, how
 * a page answer becomes items and where the next page is — and, when it needs them, per-stream
 * overrides, an early stop (one stream, or everything with the old cursor kept) and a follow-up
 * read after a stream (comment threads).
 */

import type { HttpRequest, HttpResponse } from '../../http/types.js';
import type { RawItem } from '../../mentions/mention.js';
import type { FetchResult, SourceContext, SourceCursor } from '../source.js';
import {
  type CommonApiOptions,
  inWindow,
  type MeteredHttp,
  meteredHttp,
  newerIso,
  redact,
  sourceFailure,
  termsFor,
  ValidatorJar,
  windowStart,
} from './api-source.js';

/** A request of a stream: what the HTTP client takes, minus what the loop sets (validators, signal). */
export type PageRequest = Omit<HttpRequest, 'validators' | 'signal'>;

export interface PageStream {
  /** Names the stream in warnings: the search term, the endpoint, the country. */
  label: string;
  first: PageRequest;
  /** Overrides `WindowFetch.conditional` for this stream (e.g. feeds keep validators, API calls do not). */
  conditional?: boolean;
  /** Overrides `WindowFetch.newestFirst` for this stream (e.g. a search paged by offset, not by time). */
  newestFirst?: boolean;
  /**
   * The warnings when the stream still had pages after `maxPages`, instead of the default "the
   * oldest were not read" (e.g. forward paging: "the rest is read next run"). Called at that moment.
   */
  maxPagesWarnings?(): string[];
  /**
   * Runs once the stream's pages are read (not after a `stop: 'all'`): further items its results
   * point to, e.g. the comments of the issues it found. They are kept once (deduplicated with the
   * rest) but not filtered by the window nor counted for the cursor's `since`: the follow-up picks them.
   */
  followUp?(http: MeteredHttp, warnings: string[]): Promise<RawItem[]>;
}

export interface Page {
  items: RawItem[];
  warnings?: string[];
  /** The request for the next (older) page; undefined when this page was the last. */
  next?: PageRequest | undefined;
  /**
   * Ends reading early (the page's items are still kept).
   * - 'stream': the answer was a refusal, not a page (comments disabled, a tag the server does not
   *   know): this stream ends and its validators are not kept; the next streams are read.
   * - 'all': nothing further is read (a backoff, a used-up quota). When that leaves pages or streams
   *   unread, the cursor keeps its previous `since` so the next run reads them, and a warning says so.
   */
  stop?: 'stream' | 'all' | undefined;
  /** Why a `stop: 'all'` happened, named in that warning (e.g. "backoff or quota"). */
  stopReason?: string | undefined;
}

export interface WindowFetch {
  /** The source's title, first in every failure message. */
  title: string;
  ctx: SourceContext;
  options: CommonApiOptions & { maxPages: number };
  /**
   * The streams to read, built once the metered client exists (a source that signs in first does it
   * here). Runs inside the failure handling.
   */
  streams(http: MeteredHttp): Promise<PageStream[]> | PageStream[];
  /** One answer → a page. Throws a clear Error when the answer is not the expected payload. */
  page(res: HttpResponse, req: PageRequest, stream: PageStream): Page | Promise<Page>;
  /**
   * Pages come newest first (the default): a page that reaches past the window start is the last
   * one read. False for APIs that sort otherwise; they are read to their last page or `maxPages`.
   */
  newestFirst?: boolean;
  /** Send and keep HTTP validators for first pages (default true; false where the API's answers depend on a per-run session). */
  conditional?: boolean;
  /**
   * With `conditional`, send and keep validators for every page, not only first ones (default false):
   * for pages whose URLs stay put, like a web page's next links. A 304 on any page ends its stream.
   */
  everyPageConditional?: boolean;
  /**
   * The key a page's validators are kept under in the cursor (default: its URL with `secrets` and
   * well-known secret query parameters masked). The cursor is written to the state file.
   */
  validatorKey?(url: string): string;
  /** The fresh items of a page (inside the window, not seen before): reach lookups and the like. */
  enrich?(items: RawItem[], http: MeteredHttp, warnings: string[]): Promise<void>;
  /** Values to keep out of every message (tokens, passwords), read when a failure is reported. */
  secrets?(): readonly (string | undefined)[];
  /** What to tell the user when access is refused (401/403). */
  authHint?: string;
  /** What to tell the user when the API still answers 429 after the client's waits (its limits). */
  rateLimitHint?: string;
  /** Source-specific cursor data to keep for the next run. */
  cursorData?(): SourceCursor['data'];
}

export async function fetchWindow(spec: WindowFetch): Promise<FetchResult> {
  const { ctx } = spec;
  const http = meteredHttp(ctx, spec.options);
  const jar = new ValidatorJar(ctx.cursor?.validators);
  const start = windowStart(ctx);
  const maxPages = spec.options.maxPages;
  const items: RawItem[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  /** True the first time an item (by id) is met; items without an id are always new. */
  const firstSeen = (item: RawItem): boolean => {
    if (item.id === undefined) return true;
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  };
  let since = ctx.cursor?.since;
  /** Set when a `stop: 'all'` left something unread: why (possibly empty). */
  let cutShort: { reason: string | undefined } | undefined;
  try {
    const streams = await spec.streams(http);
    reading: for (const [s, stream] of streams.entries()) {
      const keepsValidators = (stream.conditional ?? spec.conditional) !== false;
      const newestFirst = (stream.newestFirst ?? spec.newestFirst) !== false;
      let req: PageRequest = stream.first;
      for (let page = 0; page < maxPages; page++) {
        const conditional = keepsValidators && (page === 0 || spec.everyPageConditional === true);
        // The cursor is written to the state file: a URL carrying a secret is never its key.
        const key = spec.validatorKey?.(req.url) ?? redact(req.url, spec.secrets?.() ?? []);
        const validators = conditional ? jar.get(key) : undefined;
        const res = await http.request({ ...req, ...(validators ? { validators } : {}) });
        if (res.notModified) {
          if (conditional) jar.keep(key, res.validators);
          break;
        }
        const parsed = await spec.page(res, req, stream);
        if (conditional && parsed.stop !== 'stream') jar.keep(key, res.validators);
        warnings.push(...(parsed.warnings ?? []));
        const fresh: RawItem[] = [];
        let older = false;
        for (const item of parsed.items) {
          if (!inWindow(item.published, start)) older = true;
          else if (firstSeen(item)) fresh.push(item);
        }
        if (spec.enrich && fresh.length > 0) await spec.enrich(fresh, http, warnings);
        for (const item of fresh) {
          items.push(item);
          since = newerIso(since, item.published, ctx.now);
        }
        if (parsed.stop === 'all') {
          if (parsed.next || s < streams.length - 1) cutShort = { reason: parsed.stopReason };
          break reading;
        }
        if (parsed.stop === 'stream' || !parsed.next || (older && newestFirst)) break;
        if (page + 1 === maxPages) {
          warnings.push(
            ...(stream.maxPagesWarnings?.() ?? [
              `${stream.label}: more than ${maxPages} pages since ${start.toISOString()}; the oldest were not ` +
                'read (raise maxPages)',
            ]),
          );
        }
        req = parsed.next;
      }
      if (stream.followUp) items.push(...(await stream.followUp(http, warnings)).filter(firstSeen));
    }
  } catch (error) {
    throw sourceFailure(spec.title, ctx, error, spec.secrets?.() ?? [], {
      ...(spec.authHint ? { auth: spec.authHint } : {}),
      ...(spec.rateLimitHint ? { rateLimit: spec.rateLimitHint } : {}),
    });
  }
  if (cutShort) {
    since = ctx.cursor?.since;
    const why = cutShort.reason ? ` (${cutShort.reason})` : '';
    warnings.push(`stopped early${why}; the cursor stays so the rest is read next run`);
  }
  const validators = jar.toCursor();
  const data = spec.cursorData?.();
  return {
    items,
    cursor: {
      ...(since ? { since } : {}),
      ...(validators ? { validators } : {}),
      ...(data && Object.keys(data).length > 0 ? { data } : {}),
    },
    warnings,
    requests: http.requests,
    bytes: http.bytes,
  };
}

/**
 * One stream per search term — the source's own `query`, else the company's terms (at most `max`)
 * — labelled with the term in quotes; a clear error when there are none.
 */
export function termStreams(
  ctx: SourceContext,
  query: string | undefined,
  max: number,
  first: (term: string) => PageRequest,
): PageStream[] {
  return requireTerms(termsFor(ctx, query, max)).map((term) => ({ label: `"${term}"`, first: first(term) }));
}

/** The terms a search source sends, or a clear error when there are none. */
export function requireTerms(terms: readonly string[]): readonly string[] {
  if (terms.length === 0)
    throw new Error('no search terms: set the company name or the source option "query"');
  return terms;
}
