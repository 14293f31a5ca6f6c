/**
 * HTML fragments from social APIs (Mastodon `content`, Hacker News `comment_text`, Stack Exchange
 * `body` …) → plain text for RawItem.text: block elements become line breaks, entities are decoded,
 * scripts and styles are dropped, runs of blanks are collapsed, and a link whose text is its own
 * address shortened (Hacker News shows `github.com/acme/x/issues...`) becomes the full href.
 * Never renders anything.
 */
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { nestingDepth } from './feed/text.js';
import { httpUrl, showsUrl } from './link-text.js';

const BLOCK = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'hr',
]);
const SKIP = new Set(['script', 'style', 'template', 'noscript']);

/** HTML nested deeper than this is flattened by stripping its tags (parsing it would be quadratic). */
export const MAX_HTML_DEPTH = 500;

/**
 * The text is built in linear time: pieces are appended to a list and only the count of trailing
 * line breaks is tracked (rewriting the text at every block, as a regex on the whole string did,
 * was quadratic: 200 KB of `<p>` took 40 s).
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  if (nestingDepth(html, { html: true, limit: MAX_HTML_DEPTH }) > MAX_HTML_DEPTH) {
    return tidyLines(decodeHTML(html.replace(/<[^<>]*>/g, ' ')));
  }
  const parts: string[] = [];
  /** Line breaks at the end of the text so far, blanks (spaces, tabs) after them ignored. */
  let trailingBreaks = 0;
  /** Nothing but blanks so far. */
  let blank = true;
  const append = (text: string) => {
    if (text === '') return;
    parts.push(text);
    // By hand: a regex anchored at the end (/[ \t]+$/) backtracks quadratically on long blank runs.
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    if (end === 0) return;
    blank = false;
    let start = end;
    while (start > 0 && text.charCodeAt(start - 1) === 10) start--;
    trailingBreaks = start === 0 ? trailingBreaks + end : end - start;
  };
  const breakLine = (blankLine: boolean) => {
    if (blank) return;
    const want = blankLine ? 2 : 1;
    if (trailingBreaks < want) append('\n'.repeat(want - trailingBreaks));
  };
  let skipping = 0;
  let preDepth = 0;
  /** The open `<a>`: its text is held until it closes, then replaced by its href if it shows a shortened form of it. */
  let anchor: { href: string | undefined; parts: string[] } | undefined;
  const closeAnchor = () => {
    if (!anchor) return;
    const text = anchor.parts.join('');
    append(anchor.href && showsUrl(text, anchor.href) ? anchor.href : text);
    anchor = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'a' || name === 'br' || BLOCK.has(name)) closeAnchor();
        if (SKIP.has(name)) skipping++;
        else if (name === 'a') anchor = { href: httpUrl(attributes.href?.trim()), parts: [] };
        else if (name === 'br') append('\n');
        else if (BLOCK.has(name)) breakLine(name !== 'li' && name !== 'tr');
        if (name === 'pre') preDepth++;
      },
      onclosetag(name) {
        if (name === 'a' || BLOCK.has(name)) closeAnchor();
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) breakLine(name !== 'li' && name !== 'tr');
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
      },
      ontext(text) {
        if (skipping > 0) return;
        const piece = preDepth > 0 ? text : text.replace(/\s+/g, ' ');
        if (anchor) anchor.parts.push(piece);
        else append(piece);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  closeAnchor();
  return tidyLines(parts.join(''));
}

/** Blanks collapsed and trimmed per line, at most one blank line in a row, trimmed. */
function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Decodes HTML entities in a plain string (titles and names that APIs return HTML-encoded). */
export function decodeEntities(text: string | null | undefined): string {
  return text ? decodeHTML(text) : '';
}
