/**
 * Neutralization of untrusted mention text before it is rendered into a GitHub issue (DESIGN §3).
 *
 * GitHub renders an issue body as GitHub-flavoured Markdown and then runs filters over the text
 * nodes of the result: @-mentions (a ping), issue references (`#1`, `GH-1`, `owner/repo#1`, full
 * issue URLs: a cross-link event in the other issue) and URL autolinks. Backslash escapes do not
 * survive to those filters (`\@user` renders as the text "@user" and still pings), but code spans
 * do: GitHub never looks inside `<code>`. So the approach is:
 *
 * 1. Clean: lone surrogates → U+FFFD; C0/C1 control characters removed (line breaks unified,
 *    tabs → spaces); every format character (`\p{Cf}`: bidi embeddings/overrides/isolates and
 *    marks, zero-width space, word joiner, BOM, soft hyphen, invisible operators, tag characters …)
 *    removed, except a zero-width joiner/non-joiner between two letters or emoji (Persian, Indic
 *    scripts, emoji sequences) and tag characters inside a subdivision flag emoji. What remains is
 *    what a reader sees, so nothing can hide between `@` and a name.
 * 2. Hazards in code spans: a word's tail starting at any of these is wrapped in a single-backtick
 *    code span (stopping before a backtick, `<`, `>`, `|` or trailing punctuation):
 *    an at-sign (`@`, full-width `＠` U+FF20, small `﹫` U+FE6B) followed by a letter, digit, mark
 *    or `_`; a number sign (`#`, `＃` U+FF03, `﹟` U+FE5F) followed by a digit; `GH-` + digit (any
 *    case); a URL (`scheme://…`, or `www.` not glued to a letter or digit).
 *    E.g. `thanks @acme, see #12 and https://github.com/o/r/issues/3` renders as
 *    ``thanks `@acme`, see `#12` and `https://github.com/o/r/issues/3` `` — readable, never a ping,
 *    a cross-link or a link.
 * 3. Escape everything else that Markdown could interpret: `\` `` ` `` `*` `_` `[` `]` `~` get a
 *    backslash; `&` `<` `>` `|` `$` become `&amp;` `&lt;` `&gt;` `&#124;` `&#36;` (so no raw HTML,
 *    no `<!--`/`-->`, no entity that decodes to `@` or `#`, no table, no math); a line's first
 *    character `#` `-` `+` `=` or an `1.`/`1)` list marker gets a backslash; lines are trimmed
 *    (no indented code). Links and images cannot form because `[` is always escaped.
 *
 * The result renders as the cleaned text, character for character. {@link findUnsafe} checks all of
 * the above on any output independently (tests and the benchmark use it).
 *
 * Titles are different: GitHub shows an issue title as plain text (only code spans are rendered), so
 * Markdown escapes would show as backslashes and `&amp;`. Use {@link neutralizeTitle} there.
 */

import { codePointAt, codePointBefore } from '../mentions/code-points.js';

const AT_SIGNS = '@\uFF20\uFE6B';
const HASH_SIGNS = '#\uFF03\uFE5F';
/** Characters that end a hazard code span (a code span cannot hold them safely). */
const SPAN_STOP = '`<>|';
const TRAILING_PUNCT = /[.,;:!?'")\]}*_~]/;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const AFTER_AT = /^[\p{L}\p{N}\p{M}_]/u;
const DIGIT = /^\p{N}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export const TRUNCATION_NOTE = ' … (truncated)';
/** The smallest maxLength neutralizeBlock accepts. */
export const MIN_BLOCK_LENGTH = 24;
/** The smallest maxLength neutralizeInline and neutralizeTitle accept. */
export const MIN_INLINE_LENGTH = 8;

// ---------------------------------------------------------------------------------------------
// 1. Cleaning

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAK = /\r\n?|[\u000B\u000C\u0085\u2028\u2029]/g;
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
const FLAG_OR_FORMAT = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|\p{Cf}/gu;
const JOINS_BEFORE = /[\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}]$/u;
const JOINS_AFTER = /^[\p{L}\p{M}\p{Extended_Pictographic}]/u;

/** Whether a format character at this offset is one a reader needs (a joiner in a word or emoji). */
function allowedFormat(s: string, offset: number, match: string): boolean {
  if (match.codePointAt(0) === 0x1f3f4) return true; // a subdivision flag's tag sequence
  if (match !== '\u200C' && match !== '\u200D') return false;
  return JOINS_BEFORE.test(codePointBefore(s, offset)) && JOINS_AFTER.test(codePointAt(s, offset + 1));
}

/**
 * Removes a joiner that rendering left next to something it does not join (a code span's backtick
 * after it, or the cut of a truncation): only joiners between two letters or emoji may remain.
 */
function dropStrandedJoiners(s: string): string {
  return s.replace(/[\u200C\u200D]/g, (m, offset: number, whole: string) =>
    allowedFormat(whole, offset, m) ? m : '',
  );
}

function clean(text: string, multiline: boolean): string {
  const s = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAK, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(FLAG_OR_FORMAT, (m, offset: number, whole: string) =>
      allowedFormat(whole, offset, m) ? m : '',
    );
  return multiline ? s : s.replace(/\n/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// 2. Hazards

/** Length of the shortest hazard starting at i (and where it really starts), or undefined. */
function hazardAt(word: string, i: number, from: number): { start: number; min: number } | undefined {
  const c = word[i]!;
  if (AT_SIGNS.includes(c)) {
    const next = codePointAt(word, i + 1);
    return AFTER_AT.test(next) ? { start: i, min: 1 + next.length } : undefined;
  }
  if (HASH_SIGNS.includes(c)) {
    const next = codePointAt(word, i + 1);
    return DIGIT.test(next) ? { start: i, min: 1 + next.length } : undefined;
  }
  if ((c === 'g' || c === 'G') && word.slice(i, i + 3).toLowerCase() === 'gh-') {
    const next = codePointAt(word, i + 3);
    return DIGIT.test(next) ? { start: i, min: 3 + next.length } : undefined;
  }
  if ((c === 'w' || c === 'W') && word.slice(i, i + 4).toLowerCase() === 'www.') {
    return LETTER_OR_DIGIT.test(codePointBefore(word, i)) ? undefined : { start: i, min: 4 };
  }
  if (c === ':' && word.startsWith('://', i) && i > from && SCHEME_CHAR.test(word[i - 1]!)) {
    let start = i - 1;
    while (start > from && SCHEME_CHAR.test(word[start - 1]!)) start--;
    return { start, min: i + 3 - start };
  }
  return undefined;
}

interface Piece {
  text: string;
  code: boolean;
}

/** Where hazardAt can find something: a cheap pre-scan so most characters are never visited. */
const TRIGGER = /[@\uFF20\uFE6B#\uFF03\uFE5F]|gh-|www\.|:\/\//gi;

/** A whitespace-free word → plain and code pieces (code = hazard spans). */
function splitHazards(word: string): Piece[] {
  const pieces: Piece[] = [];
  let pos = 0;
  let i = 0;
  while (i < word.length) {
    // Jump to the next place a hazard could start; hazardAt decides.
    TRIGGER.lastIndex = i;
    const candidate = TRIGGER.exec(word);
    if (!candidate) break;
    i = candidate.index;
    const hazard = hazardAt(word, i, pos);
    if (!hazard) {
      i++;
      continue;
    }
    let end = hazard.start + hazard.min;
    while (end < word.length && !SPAN_STOP.includes(word[end]!)) end++;
    while (end > hazard.start + hazard.min && TRAILING_PUNCT.test(word[end - 1]!)) end--;
    if (hazard.start > pos) pieces.push({ text: word.slice(pos, hazard.start), code: false });
    pieces.push({ text: word.slice(hazard.start, end), code: true });
    pos = end;
    i = end;
  }
  if (pos < word.length) pieces.push({ text: word.slice(pos), code: false });
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// 3. Rendering

const MARKDOWN_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '[': '\\[',
  ']': '\\]',
  '~': '\\~',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  $: '&#36;',
};
const MARKDOWN_SPECIAL = /[\\`*_[\]~&<>|$]/g;
const LINE_START_MARKER = /^(?:[#\-+=]|\d+[.)])/;

function escapeMarkdown(s: string, lineStart: boolean): string {
  let out = s.replace(MARKDOWN_SPECIAL, (c) => MARKDOWN_ESCAPES[c] ?? c);
  if (lineStart) {
    const m = LINE_START_MARKER.exec(out);
    if (m) out = `${m[0].slice(0, -1)}\\${m[0].slice(-1)}${out.slice(m[0].length)}`;
  }
  return out;
}

type Mode = 'markdown' | 'title';

function renderWord(word: string, lineStart: boolean, mode: Mode): string {
  return splitHazards(word)
    .map((p, index) => {
      if (p.code) return `\`${p.text}\``;
      if (mode === 'title') return p.text.replace(/`/g, "'");
      return escapeMarkdown(p.text, lineStart && index === 0);
    })
    .join('');
}

/** The longest rendering of a prefix of the word that fits in room (the word is cut mid-way). */
function hardCut(word: string, lineStart: boolean, mode: Mode, room: number): string {
  const cps = Array.from(word);
  let lo = 0;
  let hi = cps.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (renderWord(cps.slice(0, mid).join(''), lineStart, mode).length <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? renderWord(cps.slice(0, lo).join(''), lineStart, mode) : '';
}

interface Layout {
  /** Text before each line (the first line's has no newline). */
  linePrefix: (index: number) => string;
  mode: Mode;
  note: string;
}

/** Renders lines of words within maxLength, cutting at a word boundary and appending the note. */
function layout(lines: string[][], maxLength: number, opts: Layout): { text: string; truncated: boolean } {
  const render = (budget: number): { text: string; complete: boolean } => {
    let out = '';
    for (const [li, words] of lines.entries()) {
      const prefix = opts.linePrefix(li);
      if (out.length + prefix.length > budget) return { text: out, complete: false };
      out += prefix;
      const lineStartLength = out.length;
      for (const [wi, word] of words.entries()) {
        const sep = wi === 0 ? '' : ' ';
        const rendered = renderWord(word, wi === 0, opts.mode);
        if (out.length + sep.length + rendered.length > budget) {
          if (out.length === lineStartLength && li === 0) {
            out += hardCut(word, true, opts.mode, budget - out.length);
          }
          return { text: out, complete: false };
        }
        out += sep + rendered;
      }
    }
    return { text: out, complete: true };
  };
  // Dropping stranded joiners can only shorten the text, by at most one character per joiner, so
  // rendering stops early once even that could not bring it within maxLength.
  const joiners = lines.reduce(
    (n, line) => n + line.reduce((m, w) => m + (w.match(/[\u200C\u200D]/g)?.length ?? 0), 0),
    0,
  );
  const first = render(maxLength + joiners);
  const full = first.complete ? dropStrandedJoiners(first.text) : undefined;
  if (full !== undefined && full.length <= maxLength) return { text: full, truncated: false };
  let text = dropStrandedJoiners(render(maxLength - opts.note.length).text);
  // Do not leave an empty last line (or a trailing blank one) before the note.
  const emptyTail = opts.linePrefix(1);
  while (emptyTail !== '' && text.length > emptyTail.length && text.endsWith(emptyTail)) {
    text = text.slice(0, -emptyTail.length);
  }
  return { text: `${text}${opts.note}`, truncated: true };
}

function words(line: string): string[] {
  const t = line.replace(/\s+/gu, ' ').trim();
  return t === '' ? [] : t.split(' ');
}

/**
 * For one line of Markdown (a table cell, an author, a reason): cleaned, on one line, hazards in
 * code spans, Markdown escaped; cut at a word boundary with `…` to at most maxLength characters.
 */
export function neutralizeInline(text: string, maxLength = 200): string {
  if (maxLength < MIN_INLINE_LENGTH) throw new RangeError(`maxLength must be at least ${MIN_INLINE_LENGTH}`);
  return layout([words(clean(text, false))], maxLength, { linePrefix: () => '', mode: 'markdown', note: '…' })
    .text;
}

/**
 * For the quoted mention: a blockquote whose every line starts with `> `, hazards in code spans,
 * Markdown escaped, blank lines kept (at most one in a row); at most maxLength characters, cut at
 * a word boundary with ` … (truncated)` when it does not fit (`truncated: true`).
 */
export function neutralizeBlock(text: string, maxLength: number): { text: string; truncated: boolean } {
  if (maxLength < MIN_BLOCK_LENGTH) throw new RangeError(`maxLength must be at least ${MIN_BLOCK_LENGTH}`);
  const lines: string[][] = [];
  for (const line of clean(text, true).split('\n')) {
    const w = words(line);
    if (w.length === 0 && (lines.length === 0 || lines[lines.length - 1]!.length === 0)) continue;
    lines.push(w);
  }
  while (lines.length > 0 && lines[lines.length - 1]!.length === 0) lines.pop();
  if (lines.length === 0) lines.push(['(no', 'text)']);
  return layout(lines, maxLength, {
    linePrefix: (i) => (i === 0 ? '> ' : '\n> '),
    mode: 'markdown',
    note: TRUNCATION_NOTE,
  });
}

/**
 * For an issue title (plain text on GitHub, where only code spans render): cleaned, one line,
 * hazards in code spans, other backticks → `'`, `<!--`/`-->` broken up (‹ ›), no Markdown escapes;
 * at most maxLength characters, cut at a word boundary with `…`.
 */
export function neutralizeTitle(text: string, maxLength = 120): string {
  if (maxLength < MIN_INLINE_LENGTH) throw new RangeError(`maxLength must be at least ${MIN_INLINE_LENGTH}`);
  const line = clean(text, false).replace(/<!--/g, '‹!--').replace(/-->/g, '--›');
  return layout([words(line)], maxLength, { linePrefix: () => '', mode: 'title', note: '…' }).text;
}

/** Longest URL neutralizeUrl returns (longer ones are refused: they would bloat the issue). */
export const MAX_URL_LENGTH = 2048;
const URL_UNSAFE = /[()<>"'`\\[\]{}|^\s]/g;

/**
 * An http(s) URL made safe for a Markdown link destination `[text](url)` or `<url>`: undefined
 * for anything else (`javascript:`, `data:`, relative, unparseable, longer than
 * {@link MAX_URL_LENGTH}, a host with anything but letters, digits, `.`, `-`, `_` or an IP literal).
 * User name and password are dropped; characters that could end the
 * destination or be read as Markdown (parentheses, angle brackets, quotes, backticks, spaces …)
 * are percent-encoded. Links to github.com go through redirect.github.com, which GitHub documents
 * as the way to link an issue without creating a backlink (cross-reference) in it.
 */
export function neutralizeUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  // The URL parser allows ( ) ` ' " * & ; ! ~ { } in a host and a host cannot be percent-encoded:
  // `https://x)&commat;bob/` would close the link and ping. Only plain host names and IP literals.
  if (!/^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])$/.test(u.hostname)) return undefined;
  if (u.hostname === 'github.com' || u.hostname === 'www.github.com') u.hostname = 'redirect.github.com';
  const rest = `${u.pathname}${u.search}${u.hash}`.replace(
    URL_UNSAFE,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  const safe = `${u.protocol}//${u.host}${rest}`;
  return safe.length <= MAX_URL_LENGTH ? safe : undefined;
}

// ---------------------------------------------------------------------------------------------
// The checker

export type NeutralizedKind = 'inline' | 'block' | 'title';

const HAZARDS: { name: string; re: RegExp }[] = [
  { name: 'an @-mention', re: /[@\uFF20\uFE6B][\p{L}\p{N}\p{M}_]/u },
  { name: 'an issue reference', re: /[#\uFF03\uFE5F]\p{N}/u },
  { name: 'a GH- reference', re: /gh-\p{N}/iu },
  { name: 'a URL', re: /[A-Za-z0-9+.-]:\/\// },
  { name: 'a www autolink', re: /(?<![\p{L}\p{N}])www\./iu },
];
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
/** The entities neutralization writes (and nothing else), at the start of a string; and their text. */
export const ENTITY = /^&(?:amp|lt|gt|#124|#36);/;
export const ENTITY_TEXT: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&#124;': '|',
  '&#36;': '$',
};
const RAW_MARKDOWN = '<>|[]*_~$';
const CHECK_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;
const CHECK_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** One line's rendered text (code spans as U+FFFC), or the reason it is unsafe. */
function renderedLine(line: string, kind: NeutralizedKind): { text: string } | { problem: string } {
  if (/^\s/u.test(line)) return { problem: 'a line starts with whitespace (indented code)' };
  if (kind !== 'title' && LINE_START_MARKER.test(line)) return { problem: 'a line starts a Markdown block' };
  let text = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '`') {
      const j = line.indexOf('`', i + 1);
      if (j === -1) return { problem: 'an unclosed code span' };
      if (j === i + 1 || line[j + 1] === '`') return { problem: 'a backtick run longer than one' };
      if (/[<>]/.test(line.slice(i + 1, j))) return { problem: 'angle brackets in a code span' };
      text += '\uFFFC';
      i = j + 1;
    } else if (kind === 'title') {
      text += c;
      i++;
    } else if (c === '\\') {
      const next = line[i + 1];
      if (next !== undefined && ASCII_PUNCT.test(next)) {
        text += next;
        i += 2;
      } else {
        text += c;
        i++;
      }
    } else if (c === '&') {
      const m = ENTITY.exec(line.slice(i, i + 6));
      if (!m) return { problem: 'a raw "&" (an entity could decode to anything)' };
      text += ENTITY_TEXT[m[0]] ?? '';
      i += m[0].length;
    } else if (RAW_MARKDOWN.includes(c)) {
      return { problem: `a raw "${c}"` };
    } else {
      text += c;
      i++;
    }
  }
  return { text };
}

/**
 * Why a neutralized string is unsafe, or undefined when it is safe: the independent check of every
 * rule in the module comment (used by the property tests and the benchmark).
 */
export function findUnsafe(s: string, kind: NeutralizedKind, maxLength?: number): string | undefined {
  if (maxLength !== undefined && s.length > maxLength) return `longer than ${maxLength}`;
  if (s.includes('<!--') || s.includes('-->')) return 'an HTML comment delimiter';
  if (CHECK_SURROGATE.test(s)) return 'a lone surrogate';
  if (CHECK_CONTROL.test(s)) return 'a control character';
  if (kind !== 'block' && s.includes('\n')) return 'a newline';
  for (const m of s.matchAll(FLAG_OR_FORMAT)) {
    if (!allowedFormat(s, m.index, m[0])) {
      return `an invisible format character U+${m[0].codePointAt(0)!.toString(16).toUpperCase()}`;
    }
  }
  const lines = kind === 'block' ? s.split('\n') : [s];
  for (const line of lines) {
    if (kind === 'block' && !line.startsWith('> ')) return 'a line outside the blockquote';
    const rendered = renderedLine(kind === 'block' ? line.slice(2) : line, kind);
    if ('problem' in rendered) return rendered.problem;
    for (const h of HAZARDS) if (h.re.test(rendered.text)) return `${h.name} outside a code span`;
  }
  return undefined;
}

export function isSafeInline(s: string, maxLength?: number): boolean {
  return findUnsafe(s, 'inline', maxLength) === undefined;
}

export function isSafeBlock(s: string, maxLength?: number): boolean {
  return findUnsafe(s, 'block', maxLength) === undefined;
}

export function isSafeTitle(s: string, maxLength?: number): boolean {
  return findUnsafe(s, 'title', maxLength) === undefined;
}
