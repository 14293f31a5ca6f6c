/**
 * Markup → plain text for feed titles and bodies: block elements become line breaks, scripts and
 * styles vanish, whitespace collapses, entities are decoded once. Used for RSS descriptions
 * (HTML by convention), Atom `type="html"` (escaped) and `type="xhtml"` (inline DOM) content, and
 * JSON Feed `content_html`.
 */
import { decodeHTML, decodeHTMLStrict } from 'entities';
import { DomUtils, parseDocument } from 'htmlparser2';

/** A node of an htmlparser2 DOM (XML or HTML mode). */
export type DomNode = ReturnType<typeof parseDocument>['children'][number];
/** An element of an htmlparser2 DOM. */
export type DomElement = Parameters<typeof DomUtils.getAttributeValue>[0];
/** A text (or comment) node: has `data`. */
export type DomData = Extract<DomNode, { data: string }>;

// Type guards on the node's `type` string (domutils 4 no longer re-exports domhandler's guards).
export function isTagNode(node: DomNode | null | undefined): node is DomElement {
  const t = node?.type as string | undefined;
  return t === 'tag' || t === 'script' || t === 'style';
}
export function isTextNode(node: DomNode): node is DomData {
  return (node.type as string) === 'text';
}
/** A CDATA section: its text is in its children, never entity-decoded. */
export function isCdataNode(node: DomNode): node is Extract<DomNode, { children: DomNode[] }> {
  return (node.type as string) === 'cdata';
}

/** Elements that stand apart from their neighbours by a blank line. */
const PARAGRAPH = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'dl',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);
/** Elements that start on a new line. */
const LINE = new Set(['dd', 'div', 'dt', 'figcaption', 'li', 'summary', 'tr', 'caption']);
const CELL = new Set(['td', 'th']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'svg', 'math']);

/** Decodes XML and HTML named/numeric entities that end with `;` (never custom DOCTYPE ones). */
export function decodeEntities(s: string): string {
  return s.includes('&') ? decodeHTMLStrict(s) : s;
}

/** Local names of the element names seen so far (feeds use a few dozen; bounded all the same). */
const LOCAL_NAMES = new Map<string, string>();
const MAX_LOCAL_NAMES = 4096;

/** The local (unprefixed) lower-case name of an element: `atom:Link` → `link`. */
export function localName(el: DomElement): string {
  const name = el.name;
  const known = LOCAL_NAMES.get(name);
  if (known !== undefined) return known;
  const colon = name.indexOf(':');
  const local = (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase();
  if (LOCAL_NAMES.size < MAX_LOCAL_NAMES) LOCAL_NAMES.set(name, local);
  return local;
}

/**
 * Flattens DOM nodes to text. `decode` is applied to text nodes (XML DOMs are parsed without
 * entity decoding; HTML DOMs already decoded theirs, so they pass the identity).
 */
export function flattenNodes(
  nodes: readonly DomNode[],
  decode: (s: string) => string = decodeEntities,
): string {
  const out: string[] = [];
  const walk = (list: readonly DomNode[], inPre: boolean) => {
    for (const node of list) {
      if (isTextNode(node)) {
        out.push(inPre ? decode(node.data) : decode(node.data).replace(/\s+/g, ' '));
      } else if (isTagNode(node)) {
        const name = localName(node);
        if (SKIP.has(name)) continue;
        // In XML mode an unclosed <br> or <img> swallows what follows: always walk the children.
        if (name === 'br') out.push('\n');
        else if (name === 'img') {
          const alt = DomUtils.getAttributeValue(node, 'alt');
          if (alt?.trim()) out.push(` ${decode(alt).trim()} `);
        }
        const para = PARAGRAPH.has(name);
        if (para) out.push('\n\n');
        else if (LINE.has(name)) out.push('\n');
        if (CELL.has(name)) out.push(' ');
        walk(node.children, inPre || name === 'pre');
        if (para) out.push('\n\n');
        else if (LINE.has(name) && name === 'div') out.push('\n');
      } else if (isCdataNode(node)) {
        for (const child of node.children) if (isTextNode(child)) out.push(child.data);
      }
    }
  };
  walk(nodes, false);
  return tidy(out.join(''));
}

/** Collapses spaces within lines and runs of blank lines; trims. */
/** Removes C0/C1 control characters other than tab and newlines. */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
}

export function tidy(text: string): string {
  const flat = stripControls(text.replace(/\r\n?/g, '\n'))
    .replace(/[\u200b\u2060\ufeff]/g, '')
    .replace(/[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ');
  // One line: trimming it is all the line-wise pass would do.
  if (!flat.includes('\n')) return flat.trim();
  return flat
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** HTML elements whose start tag ends an open element of the same name (implied end tags). */
const SELF_CLOSING = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th']);

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const TAG_NAME = /<\/?\s*([A-Za-z_][\w.:-]*)/y;
/** A tag's name is read within this many characters of its `<`. */
const TAG_WINDOW = 80;

/**
 * The lower-case name of the tag at `<` index `at`, read within TAG_WINDOW characters (a longer
 * name is cut there; none when the name does not start within them) — without copying the window.
 */
function tagNameAt(text: string, at: number): string | undefined {
  TAG_NAME.lastIndex = at;
  const m = TAG_NAME.exec(text);
  if (!m) return undefined;
  const name = m[1] as string;
  const nameStart = at + m[0].length - name.length;
  const end = at + TAG_WINDOW;
  if (nameStart >= end) return undefined;
  return (nameStart + name.length > end ? name.slice(0, end - nameStart) : name).toLowerCase();
}

/**
 * How deep elements nest, by a linear scan of the tags (comments, CDATA, PIs and declarations
 * skipped; `html` leaves void elements out). Stops counting past `limit`. htmlparser2 keeps its
 * stack of open elements with `unshift`, so parsing is quadratic in the depth: a document nested
 * 100,000 deep takes seconds — callers check the depth first.
 */
export function nestingDepth(text: string, options: { html: boolean; limit: number }): number {
  const stack: string[] = [];
  let max = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    let next: number;
    if (text.startsWith('<!--', i)) next = text.indexOf('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) next = text.indexOf(']]>', i + 9);
    else if (text[i + 1] === '?' || text[i + 1] === '!') next = text.indexOf('>', i + 2);
    else {
      const close = text[i + 1] === '/';
      const name = tagNameAt(text, i);
      next = text.indexOf('>', i + 1);
      if (name && close) {
        // like the parsers: a close tag pops everything above its open tag (or nothing)
        const at = stack.lastIndexOf(name);
        if (at >= 0) stack.length = at;
      } else if (name && next >= 0 && text[next - 1] !== '/' && !(options.html && VOID.has(name))) {
        // <p>a<p>b: an open <p> (li, dt, dd, option, tr, td, th) ends the one before it
        if (options.html && SELF_CLOSING.has(name) && stack[stack.length - 1] === name) stack.pop();
        stack.push(name);
        if (stack.length > max) max = stack.length;
        if (max > options.limit) return max;
      }
    }
    if (next < 0) break;
    i = text.indexOf('<', next + 1);
  }
  return max;
}

/** HTML nested deeper than this is flattened by stripping tags instead of parsing. */
export const MAX_HTML_DEPTH = 500;

/** HTML (a string, entities still encoded) → plain text. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return tidy(html);
  // Entities but no markup: the HTML parser would make one text node, decoded as HTML text is.
  if (!html.includes('<')) return tidy(decodeHTML(html).replace(/\s+/g, ' '));
  if (nestingDepth(html, { html: true, limit: MAX_HTML_DEPTH }) > MAX_HTML_DEPTH) {
    return tidy(decodeEntities(html.replace(/<[^<>]*>/g, ' ')));
  }
  const doc = parseDocument(html, { decodeEntities: true });
  return flattenNodes(doc.children, (s) => s);
}

/** True when a string looks like it carries HTML markup (tags or entities). */
export function looksLikeHtml(s: string): boolean {
  return (
    /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>/.test(s) || /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i.test(s)
  );
}

/**
 * Inline formatting elements: the only tags a title of undeclared type (RSS) is stripped of. A title
 * is one line, so anything else in angle brackets (`File "<stdin>"`, `Unmanaged<AnyObject>!`, a
 * quoted `<div class="x">`) is more likely text the author quoted than markup.
 */
const TITLE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'big',
  'br',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

/** `<name` of an element outside `keep` is escaped (`&lt;name`), so the HTML parser reads it as text. */
function escapeTagsExcept(html: string, keep: ReadonlySet<string>): string {
  return html.replace(/<(\/?)([A-Za-z][A-Za-z0-9-]*)/g, (whole, slash: string, name: string) =>
    keep.has(name.toLowerCase()) ? whole : `&lt;${slash}${name}`,
  );
}

/**
 * A title of undeclared type as plain text, on one line: inline formatting tags stripped and
 * entities decoded (once, as HTML); a double-escaped title (`&amp;quot;`) is decoded once more, but
 * what that second decoding turns into a tag stays text — tags are never stripped after decoding.
 */
export function plainTitle(s: string): string {
  let t = looksLikeHtml(s) ? htmlToText(escapeTagsExcept(s, TITLE_TAGS)) : s;
  if (/&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i.test(t)) t = decodeEntities(t);
  return stripControls(t).replace(/\s+/g, ' ').trim();
}

/** Cuts a string to at most `max` characters on a word boundary, with an ellipsis. */
export function cap(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > 0 && max - space < 40 ? cut.slice(0, space) : cut}…`;
}
