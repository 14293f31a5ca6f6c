/**
 * readFeed(): any feed payload → FeedResult. Sync, pure, bounded.
 *
 * 1. Decode (src/http/decode.ts: BOM > UTF-16/32 patterns > HTTP charset > XML prolog > UTF-8,
 *    with the windows-1252 and lying-charset repairs).
 * 2. Detect: JSON Feed, RSS / RDF / Atom by root element, or throw NotAFeedError naming what it is.
 * 3. XML: the strict pass (rss-parser's verdict, predicted by one sax pass when certain: see
 *    strict.ts and strict-fast.ts), then the tolerant pass
 *    (htmlparser2 XML mode, see xml-feed.ts) for the items, always — one extraction path, so the
 *    same feed yields the same items whether or not it is well-formed today.
 *
 * Security: DOCTYPE entities are never expanded (htmlparser2 and sax only know the predefined XML
 * entities; unknown references stay literal text) and external entities are never fetched; the
 * body, the items per feed, and the text per item are capped.
 */
import { decodeText } from '../../../http/decode.js';
import { sniff } from './detect.js';
import { isJsonFeed, readJsonFeed } from './json-feed.js';
import {
  badJsonError,
  emptyError,
  htmlPageError,
  jsonError,
  NotAFeedError,
  opmlError,
  otherXmlError,
  textError,
} from './not-a-feed.js';
import { STRICT_MAX_CHARS, type StrictResult, strictParse } from './strict.js';
import { nestingDepth } from './text.js';
import { DEFAULT_LIMITS, type FeedInput, type FeedLimits, type FeedResult, Warnings } from './types.js';
import { parseXml } from './xml.js';
import { findFeedRoot, readXmlFeed } from './xml-feed.js';

/** Element nesting a feed may have (real feeds stay under 50). */
export const MAX_XML_DEPTH = 1000;

const VOID_OPEN = /<(br|hr|img|wbr)(\s[^<>]*?)?(\/?)>/gi;

/** `<br>` → `<br/>`, `<img src=x>` → `<img src=x/>` (XML would nest everything after them). */
function closeVoidElements(text: string): string {
  if (!/<(br|hr|img|wbr)[\s/>]/i.test(text)) return text;
  return text.replace(VOID_OPEN, (match, name: string, attrs: string | undefined, slash: string) =>
    slash ? match : `<${name}${attrs ?? ''}/>`,
  );
}

/** A DOCTYPE with an internal subset declaring entities: reported, never expanded. */
function doctypeWarning(text: string): string | undefined {
  const head = text.slice(0, 65536);
  const doctype = /<!DOCTYPE[^>[]*(\[)?/i.exec(head);
  if (!doctype) return undefined;
  const entities = (head.match(/<!ENTITY\s/gi) ?? []).length;
  const external = /<!ENTITY\s+%?\s*[\w.:-]+\s+(SYSTEM|PUBLIC)\s/i.test(head);
  if (entities === 0) return undefined;
  return `the DOCTYPE declares ${entities} entit${entities === 1 ? 'y' : 'ies'}${external ? ' (some external)' : ''}: not expanded, references to them are left as written`;
}

export function readFeed(input: FeedInput, limits: FeedLimits = DEFAULT_LIMITS): FeedResult {
  const size = typeof input.body === 'string' ? input.body.length : input.body.byteLength;
  if (size > limits.maxBodyBytes) {
    throw new Error(`feed too large: ${size} bytes (limit ${limits.maxBodyBytes})`);
  }
  const warnings = new Warnings(limits.maxWarnings);
  let text: string;
  let encoding: string;
  if (typeof input.body === 'string') {
    text = input.body;
    encoding = 'string';
  } else {
    const decoded = decodeText(input.body, {
      ...(input.contentType ? { contentType: input.contentType } : {}),
      xml: true,
    });
    text = decoded.text;
    encoding = decoded.encoding;
    for (const note of decoded.notes ?? []) warnings.add(`encoding: ${note}`);
  }

  const sniffed = sniff(text);
  switch (sniffed.type) {
    case 'empty':
      throw emptyError();
    case 'bad-json':
      throw badJsonError(sniffed.error);
    case 'json': {
      if (!isJsonFeed(sniffed.value)) throw jsonError(sniffed.value);
      const feed = readJsonFeed(sniffed.value, { url: input.url, limits, warnings });
      return { kind: 'json-feed', ...feed, warnings: warnings.done(), recovered: false, encoding };
    }
    case 'html':
      throw htmlPageError(text, input.url);
    case 'opml':
      throw opmlError(text, input.url);
    case 'other-xml':
      throw otherXmlError(sniffed.root);
    case 'text':
      throw textError(text);
    case 'xml-feed':
      break;
  }

  if (sniffed.junkBefore > 0) {
    warnings.add(`${sniffed.junkBefore} character(s) of junk before the feed's root element were skipped`);
  }
  const doctype = doctypeWarning(text);
  if (doctype) warnings.add(doctype);

  // Unclosed HTML void elements (<br>, <img …>) in raw descriptions nest in XML: close them. Then
  // refuse pathological nesting, which would make the DOM parser quadratic.
  text = closeVoidElements(text);
  const depth = nestingDepth(text, { html: false, limit: MAX_XML_DEPTH });
  if (depth > MAX_XML_DEPTH) {
    throw new Error(`the feed nests elements more than ${MAX_XML_DEPTH} deep; refusing to parse it`);
  }

  const strictText = sniffed.junkBefore > 0 ? text.slice(sniffed.junkBefore) : text;
  const strict: StrictResult =
    strictText.length > STRICT_MAX_CHARS ? { ok: true, items: -1, title: '' } : strictParse(strictText);
  if (strict.ok && strict.items < 0)
    warnings.add('well-formedness not checked: larger than the strict pass handles');
  const doc = parseXml(text);
  const root = findFeedRoot(doc);
  if (!root) throw new NotAFeedError('expected a feed, got XML without a feed root element', 'xml');
  const feed = readXmlFeed(doc, root, { url: input.url, limits, warnings });

  const recovered = !strict.ok || sniffed.junkBefore > 0;
  if (!strict.ok) warnings.add(`read with the tolerant parser: ${strict.reason}`);
  else if (strict.items >= 0 && strict.items !== feed.itemElements && feed.itemElements <= limits.maxItems) {
    warnings.add(`rss-parser saw ${strict.items} item(s), the tolerant parser ${feed.itemElements}`);
  }
  return {
    kind: feed.kind,
    format: feed.format,
    title: feed.title,
    ...(feed.link ? { link: feed.link } : {}),
    items: feed.items,
    warnings: warnings.done(),
    recovered,
    encoding,
  };
}
