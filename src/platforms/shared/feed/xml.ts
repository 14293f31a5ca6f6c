/**
 * The forgiving XML layer: htmlparser2 in XML mode (sync, never expands DOCTYPE entities, closes
 * what was left open at the end of a truncated document) plus small helpers to walk the tree by
 * local name and namespace, resolve `xml:base`, and tell a complete element from one cut off by
 * the end of the document.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import {
  type DomElement,
  type DomNode,
  decodeEntities,
  isCdataNode,
  isTagNode,
  isTextNode,
  localName,
} from './text.js';

export type { DomElement, DomNode };

export const NS = {
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss11: 'http://purl.org/net/rss1.1#',
  rss09: 'http://my.netscape.com/rdf/simple/0.9/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  slash: 'http://purl.org/rss/1.0/modules/slash/',
  thr: 'http://purl.org/syndication/thread/1.0',
  media: 'http://search.yahoo.com/mrss/',
  yt: 'http://www.youtube.com/xml/schemas/2015',
  feedburner: 'http://rssnamespace.org/feedburner/ext/1.0',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const;

export interface XmlDoc {
  children: DomNode[];
  /** The source text, to check where elements end. */
  source: string;
}

export function parseXml(text: string): XmlDoc {
  const doc = parseDocument(text, {
    xmlMode: true,
    decodeEntities: false,
    recognizeSelfClosing: true,
    withStartIndices: true,
    withEndIndices: true,
  });
  return { children: doc.children, source: text };
}

export function isElement(node: DomNode | null | undefined): node is DomElement {
  return isTagNode(node);
}

export function prefixOf(el: DomElement): string {
  const colon = el.name.indexOf(':');
  return colon >= 0 ? el.name.slice(0, colon) : '';
}

/** The namespace URI of an element, from the xmlns declarations in scope ('' when none). */
export function namespaceOf(el: DomElement): string {
  const prefix = prefixOf(el);
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  for (
    let n: DomElement | null = el;
    n;
    n = isElement(n.parent as DomNode) ? (n.parent as DomElement) : null
  ) {
    const value = n.attribs[attr];
    if (value !== undefined) return value.trim();
  }
  return '';
}

export function attr(el: DomElement, name: string): string | undefined {
  const direct = el.attribs[name];
  if (direct !== undefined) return decodeEntities(direct);
  // Attribute names are case-sensitive in XML; broken feeds write HREF or Rel.
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(el.attribs)) if (k.toLowerCase() === lower) return decodeEntities(v);
  return undefined;
}

export function childElements(el: { children: DomNode[] }): DomElement[] {
  return el.children.filter(isElement);
}

/** Direct children with one of these local names, unprefixed ones first (one pass, no sort unless both). */
export function kids(el: { children: DomNode[] }, ...names: string[]): DomElement[] {
  const plain: DomElement[] = [];
  const prefixed: DomElement[] = [];
  for (const c of el.children) {
    if (!isTagNode(c) || !names.includes(localName(c))) continue;
    if (c.name.indexOf(':') > 0) prefixed.push(c);
    else plain.push(c);
  }
  return prefixed.length > 0 ? plain.concat(prefixed) : plain;
}

/** The first of kids(el, …names): the first unprefixed match, else the first prefixed one. */
export function kid(el: { children: DomNode[] }, ...names: string[]): DomElement | undefined {
  let prefixed: DomElement | undefined;
  for (const c of el.children) {
    if (!isTagNode(c) || !names.includes(localName(c))) continue;
    if (c.name.indexOf(':') <= 0) return c;
    prefixed ??= c;
  }
  return prefixed;
}

/**
 * A direct child in a given namespace (by its declared URI, or by the conventional prefix when the
 * feed forgot to declare it).
 */
export function nsKid(
  el: { children: DomNode[] },
  ns: string,
  local: string,
  prefix: string,
): DomElement | undefined {
  for (const c of el.children) {
    if (!isTagNode(c) || localName(c) !== local) continue;
    if (namespaceOf(c) === ns || prefixOf(c).toLowerCase() === prefix) return c;
  }
  return undefined;
}

/** All descendants (document order) whose local name is one of these. */
export function descendants(root: { children: DomNode[] }, ...names: string[]): DomElement[] {
  return DomUtils.findAll((el) => names.includes(localName(el)), root.children);
}

/** Text content: text nodes with entities decoded, CDATA as is, child elements' text included. */
export function textOf(el: DomElement): string {
  const out: string[] = [];
  const walk = (nodes: readonly DomNode[]) => {
    for (const n of nodes) {
      if (isTextNode(n)) out.push(decodeEntities(n.data));
      else if (isTagNode(n)) walk(n.children);
      else if (isCdataNode(n)) {
        for (const c of n.children) if (isTextNode(c)) out.push(c.data);
      }
    }
  };
  walk(el.children);
  return out.join('');
}

export function hasElementChildren(el: DomElement): boolean {
  return el.children.some((c) => isTagNode(c));
}

/** True when the element's own end tag (or `/>`) is in the source, i.e. it was not cut off. */
export function isComplete(el: DomElement, source: string): boolean {
  const start = el.startIndex ?? 0;
  const end = el.endIndex;
  if (end === null || end === undefined) return false;
  if (
    el.children.length === 0 &&
    source[end] === '>' &&
    source[end - 1] === '/' &&
    source.indexOf('>', start) === end
  ) {
    return true; // `<item/>`
  }
  const tail = source.slice(Math.max(start, end + 1 - 200), end + 1);
  const m = /<\/\s*([^\s<>]+)\s*>$/.exec(tail);
  if (!m) return false;
  const name = m[1]!;
  const colon = name.indexOf(':');
  return (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase() === localName(el);
}

/** Resolves a reference against a base; only http(s) results are kept. */
export function resolveHttpUrl(ref: string, base: string | undefined): string | undefined {
  const trimmed = ref.trim().replace(/[\u0000-\u001f\u007f]/g, '');
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href;
}

/** The base URL in effect at an element: the xml:base chain from the root, over the document URL. */
export function baseOf(el: DomElement, documentUrl: string | undefined): string | undefined {
  const chain: string[] = [];
  for (
    let n: DomElement | null = el;
    n;
    n = isElement(n.parent as DomNode) ? (n.parent as DomElement) : null
  ) {
    const b = n.attribs['xml:base'];
    if (b !== undefined) chain.push(decodeEntities(b));
  }
  let base = documentUrl;
  for (const b of chain.reverse()) {
    try {
      base = base ? new URL(b.trim(), base).href : new URL(b.trim()).href;
    } catch {
      // an unusable xml:base is ignored
    }
  }
  return base;
}

/** The nearest xml:lang in scope. */
export function langOf(el: DomElement): string | undefined {
  for (
    let n: DomElement | null = el;
    n;
    n = isElement(n.parent as DomNode) ? (n.parent as DomElement) : null
  ) {
    const l = n.attribs['xml:lang'];
    if (l?.trim()) return l.trim();
  }
  return undefined;
}
