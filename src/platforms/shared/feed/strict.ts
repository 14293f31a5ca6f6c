/**
 * The strict pass: rss-parser (xml2js over sax in strict mode).
 *
 * rss-parser's `parseString` is async only because it wraps xml2js's callback in a Promise; xml2js
 * itself calls back synchronously. We call the same steps synchronously (its xml2js parser, then
 * its build functions for the detected format), so `readFeed` — and every adapter's `parse` — stays
 * sync.
 *
 * What it is used for: a well-formedness verdict with a precise reason (line/column), which sets
 * `recovered` and the warning that says why the tolerant pass was needed, and a cross-check of the
 * item count on well-formed feeds. The RawItems themselves always come from the tolerant DOM pass,
 * so a feed that is well-formed one day and broken the next yields the very same items (ids,
 * links, text) — a second extraction path would change keys and file duplicates.
 */
import Parser from 'rss-parser';
import { quickStrict } from './strict-fast.js';

export type StrictResult =
  | { ok: true; items: number; title: string }
  | { ok: false; reason: string; items?: number };

interface ParsedFeed {
  title?: unknown;
  items?: { title?: unknown }[];
}

interface RssParserInternals {
  xmlParser: { parseString(xml: string, cb: (err: Error | null, result: unknown) => void): void };
  buildAtomFeed(x: unknown): ParsedFeed;
  buildRSS2(x: unknown): ParsedFeed;
  buildRSS1(x: unknown): ParsedFeed;
  buildRSS0_9(x: unknown): ParsedFeed;
}

/** Documents above this size skip the strict pass (xml2js builds a large object tree). */
export const STRICT_MAX_CHARS = 4 * 1024 * 1024;

function firstLine(message: string): string {
  return message
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .slice(0, 200);
}

export function strictParse(text: string): StrictResult {
  if (text.length > STRICT_MAX_CHARS) return { ok: false, reason: 'too large for the strict pass' };
  return quickStrict(text) ?? rssParserVerdict(text);
}

/** rss-parser's own verdict (xml2js builds the object tree, rss-parser its feed object). */
export function rssParserVerdict(text: string): StrictResult {
  const parser = new Parser() as unknown as RssParserInternals;
  let error: Error | null = null;
  let result: unknown;
  let called = false;
  try {
    parser.xmlParser.parseString(text, (err, res) => {
      if (called) return;
      called = true;
      error = err;
      result = res;
    });
  } catch (thrown) {
    error = thrown instanceof Error ? thrown : new Error(String(thrown));
  }
  if (error) return { ok: false, reason: `not well-formed XML: ${firstLine((error as Error).message)}` };
  if (!called) return { ok: false, reason: 'the XML parser did not finish' };
  if (!result || typeof result !== 'object') return { ok: false, reason: 'Unable to parse XML.' };
  const r = result as Record<string, { $?: Record<string, string> } | undefined>;
  let feed: ParsedFeed;
  try {
    const version = r.rss?.$?.version ?? '';
    if (r.feed) feed = parser.buildAtomFeed(r);
    else if (r.rss && /^2/.test(version)) feed = parser.buildRSS2(r);
    else if (r['rdf:RDF']) feed = parser.buildRSS1(r);
    else if (r.rss && /0\.9/.test(version)) feed = parser.buildRSS0_9(r);
    else
      return {
        ok: false,
        reason: 'rss-parser does not recognise this root (Feed not recognized as RSS 1 or 2.)',
      };
  } catch (thrown) {
    return {
      ok: false,
      reason: `rss-parser failed: ${firstLine(thrown instanceof Error ? thrown.message : String(thrown))}`,
    };
  }
  return judge(feed);
}

/** "Returns junk": titles that are objects (XHTML), items that are not objects. */
function judge(feed: ParsedFeed): StrictResult {
  const items = Array.isArray(feed.items) ? feed.items : [];
  if (feed.title !== undefined && typeof feed.title !== 'string') {
    return {
      ok: false,
      reason: 'rss-parser returned a feed title that is not a string',
      items: items.length,
    };
  }
  const bad = items.findIndex(
    (i) => !i || typeof i !== 'object' || (i.title !== undefined && typeof i.title !== 'string'),
  );
  if (bad >= 0) {
    return {
      ok: false,
      reason: `rss-parser returned item ${bad + 1} with a title that is not a string`,
      items: items.length,
    };
  }
  return { ok: true, items: items.length, title: typeof feed.title === 'string' ? feed.title : '' };
}

/**
 * rss-parser exactly as its README uses it (`new Parser().parseString(xml)`, defaults), for the
 * corpus baseline: did it read the feed, and how many items.
 */
export async function rssParserDefaults(
  text: string,
): Promise<{ ok: boolean; items: number; error?: string }> {
  try {
    const feed = await new Parser().parseString(text);
    return { ok: true, items: feed.items.length };
  } catch (error) {
    return { ok: false, items: 0, error: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}
