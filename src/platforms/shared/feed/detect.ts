/**
 * What kind of payload is this? A feed (XML root rss / feed / RDF / Channel, or a JSON Feed), or
 * something else that deserves a clear error: an HTML page, an OPML list, JSON that is not a JSON
 * Feed, an empty body, other XML, plain text.
 */

export type Sniffed =
  | { type: 'empty' }
  | { type: 'json'; value: unknown }
  | { type: 'bad-json'; error: string }
  | { type: 'xml-feed'; root: string; junkBefore: number }
  | { type: 'html' }
  | { type: 'opml' }
  | { type: 'other-xml'; root: string }
  | { type: 'text' };

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf', 'channel']);
const HTML_TAGS = new Set([
  'html',
  'head',
  'body',
  'meta',
  'title',
  'link',
  'script',
  'style',
  'div',
  'p',
  'span',
  'table',
  'a',
  'br',
  'h1',
  'h2',
  'header',
  'main',
  'nav',
  'center',
  'font',
  'b',
  'pre',
]);

/** The first start tag: skips the XML declaration, PIs, comments, DOCTYPE and CDATA. */
function firstTag(text: string, from = 0, limit = 65536): { name: string; index: number } | undefined {
  const end = Math.min(text.length, from + limit);
  let i = from;
  while (i < end) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= end) return undefined;
    const next = text[lt + 1];
    if (next === '?') {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) return undefined;
      i = close + 2;
    } else if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0) return undefined;
      i = close + 3;
    } else if (next === '!') {
      // DOCTYPE, possibly with an internal subset in [ … ]
      const bracket = text.indexOf('[', lt);
      const gt = text.indexOf('>', lt);
      if (gt < 0) return undefined;
      if (bracket >= 0 && bracket < gt) {
        const closeSubset = text.indexOf(']', bracket);
        const after = closeSubset >= 0 ? text.indexOf('>', closeSubset) : -1;
        i = after >= 0 ? after + 1 : gt + 1;
      } else {
        i = gt + 1;
      }
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
      if (m) return { name: m[1]!, index: lt };
      i = lt + 1;
    }
  }
  return undefined;
}

function local(name: string): string {
  const colon = name.indexOf(':');
  return (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
}

export function sniff(text: string): Sniffed {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { type: 'empty' };
  const c = trimmed[0];
  if (c === '{' || c === '[') {
    try {
      return { type: 'json', value: JSON.parse(trimmed) as unknown };
    } catch (error) {
      if (c === '{')
        return { type: 'bad-json', error: error instanceof Error ? error.message : String(error) };
    }
  }
  const tag = firstTag(trimmed);
  if (!tag) return trimmed.includes('<') ? { type: 'other-xml', root: '?' } : { type: 'text' };
  const root = local(tag.name);
  if (FEED_ROOTS.has(root)) return { type: 'xml-feed', root, junkBefore: 0 };
  if (root === 'opml') return { type: 'opml' };
  if (/^<!doctype\s+html/i.test(trimmed) || root === 'html') return { type: 'html' };
  // Junk before the root (a PHP warning, a stray <br />): look further for a feed root.
  const found = /<(?:[\w.-]+:)?(rss|feed|RDF|rdf)[\s>/]/.exec(trimmed.slice(0, 1024 * 1024));
  if (found && !/<(?:html|body)[\s>]/i.test(trimmed.slice(0, found.index))) {
    return { type: 'xml-feed', root: local(found[1]!), junkBefore: found.index };
  }
  if (HTML_TAGS.has(root)) return { type: 'html' };
  return { type: 'other-xml', root: tag.name };
}
