/**
 * HTML fragments from social APIs (Mastodon `content`, Hacker News `comment_text`, Stack Exchange
 * `body` …) → plain text for RawItem.text: block elements become line breaks, entities are decoded,
 * scripts and styles are dropped, runs of blanks are collapsed. Never renders anything.
 */
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';

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

export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  let out = '';
  let skipping = 0;
  let preDepth = 0;
  const breakLine = (blank: boolean) => {
    out = out.replace(/[ \t]+$/, '');
    if (out === '') return;
    const want = blank ? '\n\n' : '\n';
    if (!out.endsWith(want)) out = out.replace(/\n*$/, want);
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipping++;
        else if (name === 'br') out += '\n';
        else if (BLOCK.has(name)) breakLine(name !== 'li' && name !== 'tr');
        if (name === 'pre') preDepth++;
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) breakLine(name !== 'li' && name !== 'tr');
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
      },
      ontext(text) {
        if (skipping > 0) return;
        out += preDepth > 0 ? text : text.replace(/\s+/g, ' ');
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out
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
