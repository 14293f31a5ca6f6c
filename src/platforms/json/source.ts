/**
 * Any HTTP JSON API, for everything no other adapter covers: a review platform, a support tool, an
 * internal search — mapped onto mentions with paths.
 *
 * - Request: `url`, `method` (GET/POST), `headers`, `body`. Strings in them may contain templates:
 *   `{{name}}` is the credential `name` (the config maps it to an environment variable:
 *   `credentials: { token: ACME_REVIEWS_TOKEN }` + `Authorization: "Bearer {{token}}"`), and
 *   `{{$since}}` (ISO time the request starts from: the look-back start rounded down to the UTC
 *   day, the same all day), `{{$sinceEpoch}}` (seconds), `{{$sinceMs}}`,
 *   `{{$query}}` (the source's `query`, else the company terms OR-joined). Values are URL-encoded
 *   in the URL and inserted as they are elsewhere.
 * - Answer: `itemsPath` (dot/bracket path, e.g. `data.items`; default the answer itself) names the
 *   array; `fields` maps each mention field to a path inside one item (`text` or `title` needed).
 *   A path that finds nothing fails with the keys that were there instead.
 * - Dates: `dateFormat` auto (ISO 8601, zone-less ISO as UTC, epoch seconds or milliseconds) or forced.
 * - Pages (optional): `nextPath` names the next page — a URL (same site only: credentials never go
 *   to another host) or, with `cursorParam`, a cursor value put into that query parameter (GET) or
 *   body key (POST); `hasMorePath` (a boolean) can say there is none; at most `maxPages`.
 * - Id: `<api host>:<id field>`; without an id field the mention is keyed by its URL, else by content.
 * - Cursor: `since` = the newest `published`; items older than the look-back window are dropped (a
 *   `{{$since}}` in the request lets the API filter too). Conditional requests on the first GET.
 * - Secrets never appear in messages: every credential value (and its URL-encoded form) is redacted.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import { htmlToText } from '../shared/api-html-text.js';
import {
  inputJson,
  maxBytesOption,
  maxPagesOption,
  queryOption,
  requestStart,
  requireCredential,
  termsFor,
  timeoutMsOption,
  withQuery,
} from '../shared/api-source.js';
import { looseDateToIso } from '../shared/loose-date.js';
import { fetchWindow, type PageRequest } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter, SourceContext } from '../source.js';
import { sourceBaseSchema } from '../source.js';
import {
  describeJsonValue,
  explainMissingPath,
  getJsonPath,
  type PathSegment,
  parseJsonPath,
} from './path.js';

const TITLE = 'JSON API';
const MAX_TERMS = 10;

function validPath(path: string): boolean {
  try {
    parseJsonPath(path);
    return true;
  } catch {
    return false;
  }
}

const path = (what: string) =>
  z
    .string()
    .max(300)
    .refine(validPath, 'a path such as data.items, items[0].name or a["odd key"]')
    .describe(what);

const fieldsSchema = z
  .object({
    id: path("The item's stable id (recommended), e.g. id.").optional(),
    url: path('Link to the mention (resolved against the API URL), e.g. links.html.').optional(),
    title: path('Title, e.g. subject.').optional(),
    text: path('Text, e.g. body or content.text.').optional(),
    author: path("Author's name, e.g. user.name.").optional(),
    authorUrl: path("Link to the author's profile.").optional(),
    published: path('Publication time (see dateFormat), e.g. created_at.').optional(),
    reach: path("The author's audience as a number (followers …).").optional(),
    engagement: path("The item's engagement as a number (likes, votes …).").optional(),
    rating: path('A 1–5 star rating (review platforms).').optional(),
  })
  .refine((f) => f.text !== undefined || f.title !== undefined, 'map at least "text" or "title"')
  .describe('Where each mention field is inside one item: a path per field.');

export const jsonSchema = sourceBaseSchema.extend({
  kind: z.literal('json').describe('Any HTTP JSON API, mapped onto mentions with paths.'),
  url: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+\S*$/, 'an http(s) URL')
    .describe(
      'The API URL; may contain {{credential}}, {{$since}}, {{$sinceEpoch}}, {{$sinceMs}}, {{$query}}.',
    ),
  method: z.enum(['GET', 'POST']).default('GET').describe('HTTP method (default GET).'),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string())
    .default({})
    .describe('Request headers; values may contain templates, e.g. Authorization: "Bearer {{token}}".'),
  body: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe('Request body for POST (an object is sent as JSON); strings in it may contain templates.'),
  query: queryOption,
  itemsPath: path('Path to the array of items, e.g. data.items (default: the answer itself).').default(''),
  fields: fieldsSchema,
  textIsHtml: z.boolean().default(false).describe('The text field holds HTML: flatten it to plain text.'),
  dateFormat: z
    .enum(['auto', 'iso', 'epoch-seconds', 'epoch-ms'])
    .default('auto')
    .describe('How published is written: auto (ISO or epoch), iso, epoch-seconds or epoch-ms.'),
  nextPath: path('Path to the next page: its URL, or a cursor value when cursorParam is set.').optional(),
  hasMorePath: path(
    'Path to a boolean that says whether there is another page (e.g. cursor.hasNext).',
  ).optional(),
  cursorParam: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Query parameter (GET) or body key (POST) that carries the cursor found at nextPath.'),
  maxPages: maxPagesOption(3, 20),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type JsonSource = z.infer<typeof jsonSchema>;

// ---------------------------------------------------------------------------------------------
// Parsing

export interface JsonPage {
  items: RawItem[];
  warnings: string[];
  /** The value at nextPath (a URL or a cursor), when there is one and hasMorePath does not say no. */
  next?: string;
}

type FieldName = keyof JsonSource['fields'];

function compileFields(fields: JsonSource['fields']): [FieldName, PathSegment[]][] {
  return (Object.entries(fields) as [FieldName, string | undefined][])
    .filter((entry): entry is [FieldName, string] => entry[1] !== undefined)
    .map(([name, p]) => [name, parseJsonPath(p)]);
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A short preview of a value for a message (no JSON.stringify: a deep value would overflow the stack). */
function previewJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return describeJsonValue(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

function asHttpUrl(value: unknown, base: string): string | undefined {
  const s = asText(value);
  if (!s) return undefined;
  try {
    const url = new URL(s, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** One API answer → items and the next-page value. Throws when itemsPath does not find an array. */
export function parseJsonItems(json: unknown, url: string, source: JsonSource, now = Date.now()): JsonPage {
  const itemsPath = parseJsonPath(source.itemsPath);
  const list = getJsonPath(json, itemsPath);
  const shown = source.itemsPath === '' ? '(the answer itself)' : `"${source.itemsPath}"`;
  if (list === undefined) {
    throw new Error(
      `${TITLE}: itemsPath ${shown} finds nothing in ${url}: ${explainMissingPath(json, itemsPath)}`,
    );
  }
  if (!Array.isArray(list)) {
    throw new Error(`${TITLE}: itemsPath ${shown} in ${url} is ${describeJsonValue(list)}, not an array`);
  }
  const host = new URL(url).host;
  const fields = compileFields(source.fields);
  const page: JsonPage = { items: [], warnings: [] };
  list.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object') {
      page.warnings.push(`item ${i} skipped: ${describeJsonValue(raw)}, not an object`);
      return;
    }
    const v: Partial<Record<FieldName, unknown>> = {};
    for (const [name, segments] of fields) v[name] = getJsonPath(raw, segments);
    const rawText = asText(v.text);
    const text = rawText && source.textIsHtml ? htmlToText(rawText) : (rawText ?? '');
    const title = asText(v.title);
    if (!text && !title) {
      page.warnings.push(`item ${i} skipped: no text and no title at the mapped paths`);
      return;
    }
    const item: RawItem = { text };
    if (title) item.title = title;
    const id = asText(v.id);
    if (id) item.id = `${host}:${id}`;
    const link = asHttpUrl(v.url, url);
    if (link) item.url = link;
    const author = asText(v.author);
    if (author) item.author = author;
    const authorUrl = asHttpUrl(v.authorUrl, url);
    if (authorUrl) item.authorUrl = authorUrl;
    if (v.published !== undefined && v.published !== null) {
      const published = looseDateToIso(v.published, source.dateFormat, now);
      if (published) item.published = published;
      else page.warnings.push(`item ${i}: published ${previewJson(v.published)} is not a date`);
    }
    const reach = asNumber(v.reach);
    if (reach !== undefined) item.reach = reach;
    const engagement = asNumber(v.engagement);
    if (engagement !== undefined) item.engagement = engagement;
    const rating = asNumber(v.rating);
    if (rating !== undefined) {
      if (rating >= 1 && rating <= 5) item.rating = rating;
      else page.warnings.push(`item ${i}: rating ${rating} is outside 1–5, ignored`);
    }
    page.items.push(item);
  });
  const noMore = source.hasMorePath ? getJsonPath(json, parseJsonPath(source.hasMorePath)) === false : false;
  if (source.nextPath && !noMore) {
    const next = getJsonPath(json, parseJsonPath(source.nextPath));
    if (typeof next === 'string' && next.trim() !== '') page.next = next.trim();
    else if (typeof next === 'number' && Number.isFinite(next)) page.next = String(next);
  }
  return page;
}

// ---------------------------------------------------------------------------------------------
// Templates

const TEMPLATE = /\{\{\s*(\$?[A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Every `{{name}}` in the request options (credentials and built-ins alike). */
export function templateNames(source: JsonSource): Set<string> {
  const names = new Set<string>();
  const scan = (value: unknown): void => {
    if (typeof value === 'string') for (const m of value.matchAll(TEMPLATE)) names.add(m[1]!);
    else if (Array.isArray(value)) value.forEach(scan);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(scan);
  };
  scan([source.url, source.headers, source.body]);
  return names;
}

export function expandTemplate(text: string, values: ReadonlyMap<string, string>, encode: boolean): string {
  return text.replace(TEMPLATE, (_m, name: string) => {
    const value = values.get(name) ?? '';
    return encode ? encodeURIComponent(value) : value;
  });
}

function expandDeep(value: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return expandTemplate(value, values, false);
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, values)]));
  }
  return value;
}

const BUILT_INS = ['$since', '$sinceEpoch', '$sinceMs', '$query'];

function templateValues(
  ctx: SourceContext<JsonSource>,
  start: Date,
): { values: Map<string, string>; secrets: string[] } {
  const values = new Map<string, string>([
    ['$since', start.toISOString()],
    ['$sinceEpoch', String(Math.floor(start.getTime() / 1000))],
    ['$sinceMs', String(start.getTime())],
    ['$query', termsFor(ctx, ctx.source.query, MAX_TERMS).join(' OR ')],
  ]);
  const secrets: string[] = [];
  for (const name of templateNames(ctx.source)) {
    if (name.startsWith('$')) {
      if (!BUILT_INS.includes(name)) {
        throw new SourceError(
          `${TITLE}: unknown template {{${name}}}; the built-ins are ${BUILT_INS.map((b) => `{{${b}}}`).join(', ')}`,
          ctx.source.id,
        );
      }
      continue;
    }
    const secret = requireCredential(TITLE, ctx, {
      name,
      env: `API_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
      howTo: `The request uses {{${name}}}: it is the API's key or token, from that API's developer settings.`,
    });
    values.set(name, secret);
    secrets.push(secret, encodeURIComponent(secret));
  }
  return { values, secrets };
}

// ---------------------------------------------------------------------------------------------
// Fetch

export const jsonAdapter: SourceAdapter<JsonSource> = {
  kind: 'json',
  title: TITLE,
  schema: jsonSchema,
  credentials: [
    {
      name: 'token',
      required: false,
      description:
        'Any credential the config maps (credentials: { <name>: <ENV_VAR> }) can be used as {{<name>}} in ' +
        'url, headers or body; every one used there is required. "token" is only the usual name.',
    },
  ],
  cursor:
    'the newest mapped published time (items older than the look-back window are dropped; {{$since}} is its start on the UTC day)',
  reach: 'the mapped fields.reach path, if any; engagement: fields.engagement',
  limits:
    "the API's own; maxPages pages per run (default 3, at most 20); next-page URLs on the same site only",

  parse(input: ParseInput, source: JsonSource): RawItem[] {
    return parseJsonItems(inputJson(input, TITLE), input.url, source).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const start = requestStart(ctx);
    const { values, secrets } = templateValues(ctx, start);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries(source.headers))
      headers[name.toLowerCase()] = expandTemplate(value, values, false);
    const first: PageRequest = {
      url: expandTemplate(source.url, values, true),
      method: source.method,
      headers,
    };
    if (source.method === 'POST' && source.body !== undefined)
      first.body = expandDeep(source.body, values) as string | Record<string, unknown>;
    const origin = new URL(first.url).origin;
    const asked = new Set<string>([askedKey(first)]);
    let page = 0;
    const result = await fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => secrets,
      authHint: 'check the credentials the request uses',
      newestFirst: false,
      // Validators are stored in the state file: keyed by the URL with its secrets masked.
      validatorKey: (url) => redactAll(url, secrets),
      streams: () => [
        {
          label: 'request',
          first,
          conditional: source.method === 'GET',
          maxPagesWarnings: () => [
            `more than ${source.maxPages} pages; the rest were not read (raise maxPages)`,
          ],
        },
      ],
      page(res, req) {
        page++;
        const parsed = parseJsonItems(res.json(), res.url, source, ctx.now.getTime());
        const warnings = parsed.warnings.map((w) => `page ${page}: ${w}`);
        const next =
          parsed.next === undefined
            ? undefined
            : nextRequest(source, req, res.url, parsed.next, origin, warnings);
        if (!next || asked.has(askedKey(next))) return { items: parsed.items, warnings };
        asked.add(askedKey(next));
        return { items: parsed.items, warnings, next };
      },
    });
    return { ...result, warnings: (result.warnings ?? []).map((w) => redactAll(w, secrets)) };
  },
};

/** A request as asked: its URL and body (a next page that repeats one ends the paging). */
function askedKey(req: PageRequest): string {
  return `${req.url}\n${JSON.stringify(req.body ?? null)}`;
}

/**
 * The next page's request: the cursor value put into `cursorParam` (GET query, POST body), else
 * the value read as a URL on the same site. Undefined (with a warning) when it cannot be followed.
 */
function nextRequest(
  source: JsonSource,
  req: PageRequest,
  answeredUrl: string,
  next: string,
  origin: string,
  warnings: string[],
): PageRequest | undefined {
  if (source.cursorParam) {
    if (source.method === 'GET') return { ...req, url: withQuery(req.url, { [source.cursorParam]: next }) };
    if (typeof req.body === 'string' || Array.isArray(req.body)) {
      throw new Error('cursorParam with POST needs an object body (the cursor is put into it)');
    }
    return { ...req, body: { ...req.body, [source.cursorParam]: next } };
  }
  let url: URL;
  try {
    url = new URL(next, answeredUrl);
  } catch {
    warnings.push(`nextPath "${source.nextPath}" is not a URL (set cursorParam if it is a cursor)`);
    return undefined;
  }
  if (url.origin !== origin) {
    warnings.push(`the next page is on another site (${url.origin}); not followed`);
    return undefined;
  }
  return { ...req, url: url.href };
}

function redactAll(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
