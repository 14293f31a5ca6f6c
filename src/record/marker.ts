/**
 * Every hidden marker Earshot writes, in one codec: an HTML comment carrying base64url JSON (or a
 * period id). Untrusted text is neutralized so it can never contain `<!--`, and base64url has no
 * `-->`, so a marker can be neither forged nor broken by the text around it.
 *
 * | marker | where | form |
 * | --- | --- | --- |
 * | mention | a mention issue's body | `<!-- earshot:v1 <json> -->` (key, ids, source …) |
 * | special | a crisis or first-run summary issue's body | `<!-- earshot-special:v1 <json> -->` |
 * | comment | the very start of a bot comment | `<!-- earshot:<type> v1 <json> -->` (draft, approval …) |
 * | report | a report issue's body | `<!-- earshot-report:v1 <period> -->` |
 *
 * Whose markers count is decided by the readers: the record keeps only issues the bot opened,
 * respond only comments the bot wrote (src/respond/markers.ts).
 */

/** JSON → the payload of a marker. */
export function encodePayload(data: unknown): string {
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/** A marker's payload → a JSON object, or undefined when it is not one. */
export function decodePayload(payload: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// ---- mention marker -------------------------------------------------------------------------

export interface MarkerData {
  key: string;
  /** The mention's other ids (a guid scoped to its source, a URL …): any of them finds the issue. */
  ids?: string[];
  source: string;
  kind: string;
  published: string;
  category: string;
  confidence: number;
  priority: string;
  url?: string;
  secondary?: string;
  /** The author as the source names them (for reply drafts). */
  author?: string;
  /** What a reply publisher needs to answer in place (status id, post uri + cid …). */
  replyTo?: Record<string, string>;
}

const PREFIX = '<!-- earshot:v1 ';
const PATTERN = /<!-- earshot:v1 ([A-Za-z0-9_-]+) -->/;

export function renderMarker(data: MarkerData): string {
  return `${PREFIX}${encodePayload(data)} -->`;
}

/** The marker's data, or undefined when the body has none (or a damaged one). */
export function parseMarker(body: string | null | undefined): MarkerData | undefined {
  const m = body ? PATTERN.exec(body) : null;
  const data = m?.[1] ? (decodePayload(m[1]) as Partial<MarkerData> | undefined) : undefined;
  if (typeof data?.key !== 'string' || data.key.length === 0) return undefined;
  if (data.ids !== undefined && !(Array.isArray(data.ids) && data.ids.every((i) => typeof i === 'string')))
    delete data.ids;
  return data as MarkerData;
}

// ---- special issues (crisis, first-run summary) ---------------------------------------------

const SPECIAL_PATTERN = /<!-- earshot-special:v1 ([A-Za-z0-9_-]+) -->/;

export interface SpecialData {
  id: string;
  [field: string]: unknown;
}

export function renderSpecialMarker(data: SpecialData): string {
  return `<!-- earshot-special:v1 ${encodePayload(data)} -->`;
}

export function parseSpecialMarker(body: string | null | undefined): SpecialData | undefined {
  const m = body ? SPECIAL_PATTERN.exec(body) : null;
  const data = m?.[1] ? decodePayload(m[1]) : undefined;
  return typeof data?.id === 'string' && data.id.length > 0 ? (data as SpecialData) : undefined;
}

// ---- comment markers (respond's record on an issue) ------------------------------------------

const COMMENT_PATTERN = /^<!-- earshot:([a-z-]+) v1 ([A-Za-z0-9_-]*) -->/;

export function renderCommentMarkerOf(type: string, data: unknown): string {
  return `<!-- earshot:${type} v1 ${encodePayload(data)} -->`;
}

export interface ParsedMarker {
  type: string;
  data: Record<string, unknown>;
}

/** The marker at the very start of a comment body (text quoted further down never counts). */
export function parseCommentMarker(body: string): ParsedMarker | undefined {
  const m = COMMENT_PATTERN.exec(body);
  if (!m?.[1] || m[2] === undefined) return undefined;
  const data = decodePayload(m[2]);
  return data ? { type: m[1], data } : undefined;
}

// ---- report issues ---------------------------------------------------------------------------

const REPORT_PATTERN = /<!-- earshot-report:v1 ([\w-]+) -->/;

export function reportMarker(period: string): string {
  return `<!-- earshot-report:v1 ${period} -->`;
}

export function reportPeriodOf(body: string | null | undefined): string | undefined {
  return body ? REPORT_PATTERN.exec(body)?.[1] : undefined;
}
