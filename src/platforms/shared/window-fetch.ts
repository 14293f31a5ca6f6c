/**
 * The one loop every paged API source runs: request streams (one per search term, endpoint or
 * country), each read page by page inside the look-back window, validators kept for first pages,
 * items outside the window dropped, items seen twice kept once, the newest time remembered as the
 * cursor, a warning when a stream had more pages than `maxPages`, and any failure turned into a
 * SourceError without secrets. A platform's source says only what is its own: which requests, how
 * a page answer becomes items and where the next page is.
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
  sourceFailure,
  ValidatorJar,
  windowStart,
} from './api-source.js';

/** A request of a stream: what the HTTP client takes, minus what the loop sets (validators, signal). */
export type PageRequest = Omit<HttpRequest, 'validators' | 'signal'>;

export interface PageStream {
  /** Names the stream in warnings: the search term, the endpoint, the country. */
  label: string;
  first: PageRequest;
}

export interface Page {
  items: RawItem[];
  warnings?: string[];
  /** The request for the next (older) page; undefined when this page was the last. */
  next?: PageRequest | undefined;
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
  let since = ctx.cursor?.since;
  try {
    for (const stream of await spec.streams(http)) {
      let req: PageRequest = stream.first;
      for (let page = 0; page < maxPages; page++) {
        const conditional = page === 0 && spec.conditional !== false;
        const validators = conditional ? jar.get(req.url) : undefined;
        const res = await http.request({ ...req, ...(validators ? { validators } : {}) });
        if (conditional) jar.keep(req.url, res.validators);
        if (res.notModified) break;
        const parsed = await spec.page(res, req, stream);
        warnings.push(...(parsed.warnings ?? []));
        const fresh: RawItem[] = [];
        let older = false;
        for (const item of parsed.items) {
          if (!inWindow(item.published, start)) {
            older = true;
            continue;
          }
          if (item.id !== undefined) {
            if (seen.has(item.id)) continue;
            seen.add(item.id);
          }
          fresh.push(item);
        }
        if (spec.enrich && fresh.length > 0) await spec.enrich(fresh, http, warnings);
        for (const item of fresh) {
          items.push(item);
          since = newerIso(since, item.published, ctx.now);
        }
        if (!parsed.next || (older && spec.newestFirst !== false)) break;
        if (page + 1 === maxPages) {
          warnings.push(
            `${stream.label}: more than ${maxPages} pages since ${start.toISOString()}; the oldest were not ` +
              'read (raise maxPages)',
          );
        }
        req = parsed.next;
      }
    }
  } catch (error) {
    throw sourceFailure(spec.title, ctx, error, spec.secrets?.() ?? [], {
      ...(spec.authHint ? { auth: spec.authHint } : {}),
      ...(spec.rateLimitHint ? { rateLimit: spec.rateLimitHint } : {}),
    });
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

/** The terms a search source sends, or a clear error when there are none. */
export function requireTerms(terms: readonly string[]): readonly string[] {
  if (terms.length === 0)
    throw new Error('no search terms: set the company name or the source option "query"');
  return terms;
}
