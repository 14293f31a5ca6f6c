/**
 * The one hidden, machine-readable marker in each issue body: an HTML comment carrying the mention
 * key and metadata as base64url JSON. Mention text is neutralized so it can never contain `<!--`,
 * and base64url has no `-->`, so a marker can be neither forged nor broken by the text around it.
 */

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
  return `${PREFIX}${Buffer.from(JSON.stringify(data), 'utf8').toString('base64url')} -->`;
}

/** The marker's data, or undefined when the body has none (or a damaged one). */
export function parseMarker(body: string | null | undefined): MarkerData | undefined {
  const m = body ? PATTERN.exec(body) : null;
  if (!m?.[1]) return undefined;
  try {
    const data = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as Partial<MarkerData>;
    if (typeof data.key !== 'string' || data.key.length === 0) return undefined;
    if (data.ids !== undefined && !(Array.isArray(data.ids) && data.ids.every((i) => typeof i === 'string')))
      delete data.ids;
    return data as MarkerData;
  } catch {
    return undefined;
  }
}
