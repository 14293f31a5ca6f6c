/**
 * An independent checker for the comments and follow-up records the bot writes in respond mode
 * (issue #16): untrusted text (a mention's link and author, a platform's reply URL or error, a
 * note) must never ping, cross-reference, link, load an image, inject HTML or forge a marker there.
 * It does not trust neutralize.ts: it models GitHub's rendering the way the other checkers do —
 * hidden markers are whole lines of base64url JSON; code spans and fenced blocks are inert; an
 * autolinked URL runs to the next blank or `<` (GFM) and is inert inside; entities are decoded
 * before the mention and reference filters — and then looks for live hazards in what is left.
 */
import { decodeHTML } from 'entities';

const MARKER_LINE = /^<!-- earshot:[a-z-]+ v1 [A-Za-z0-9_-]+ -->$/;

/** What the bot may write on purpose: the people it pings, the issues it references, the links it forms. */
export interface BotTextAllowance {
  logins: ReadonlySet<string>;
  /** References as written: `#501`, `acme/followups#1`. */
  refs: ReadonlySet<string>;
  /** Link texts of the bot's own `[text](url)` links. */
  linkTexts: ReadonlySet<string>;
  /** The bot's own HTML tags, exactly as written (`<details>`, `<summary>` …). */
  tags: ReadonlySet<string>;
}

/** Removes fenced code blocks (``` or ~~~, closed by a fence of the same character at least as long). */
function withoutFences(lines: string[]): string[] {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  for (const line of lines) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence.char && m[1]!.length >= fence.length && line.trim() === m[1])
        fence = undefined;
      continue;
    }
    if (m && !(m[1]![0] === '`' && line.slice(m.index + m[1]!.length).includes('`'))) {
      fence = { char: m[1]![0]!, length: m[1]!.length };
      continue;
    }
    out.push(line);
  }
  return out;
}

/** Removes code spans: a run of n backticks up to the next run of exactly n (CommonMark); backslash escapes first. */
function withoutCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      out += ' '; // a backslash escape: the character is literal, never a code span's backtick
      i += 2;
      continue;
    }
    if (text[i] !== '`') {
      out += text[i];
      i++;
      continue;
    }
    let n = 0;
    while (text[i + n] === '`') n++;
    const opener = '`'.repeat(n);
    let close = -1;
    for (let j = text.indexOf(opener, i + n); j !== -1; j = text.indexOf(opener, j + 1)) {
      if (text[j - 1] !== '`' && text[j + n] !== '`') {
        close = j;
        break;
      }
    }
    if (close === -1) {
      out += opener;
      i += n;
    } else {
      out += ' ';
      i = close + n;
    }
  }
  return out;
}

/** Problems with one body the bot wrote; empty when it is safe. */
export function botTextProblems(body: string, allow: BotTextAllowance): string[] {
  const problems: string[] = [];
  const lines = body.split('\n').filter((line) => !MARKER_LINE.test(line));
  let text = withoutCodeSpans(withoutFences(lines).join('\n'));
  if (/<!--|-->|--!>/.test(text)) problems.push('an HTML comment outside the hidden markers');
  // The bot's own links: [text](http(s) URL) with a known text.
  text = text.replace(/\[([^\]\n]*)\]\((<?)(https?:\/\/[^\s()<>]+)\2\)/g, (_whole, label: string) => {
    if (!allow.linkTexts.has(label)) problems.push(`a link "${label}"`);
    return ' ';
  });
  text = text.replace(/<\/?[a-z]+>/g, (tag) => (allow.tags.has(tag) ? ' ' : tag));
  // Autolinks (GFM): from the scheme to the next blank or "<"; inert inside.
  text = text.replace(/https?:\/\/[^\s<]*/gi, ' ');
  // Structure forms on the raw text (an entity such as `&lt;img` shows as text, never as a tag).
  if (/!\[/.test(text)) problems.push('an image');
  if (/\[[^\]\n]*\]\(|^\s{0,3}\[[^\]\n]+\]:/m.test(text)) problems.push('a Markdown link');
  if (/<[A-Za-z!/?]/.test(text)) problems.push('raw HTML');
  if (/(?<![\p{L}\p{N}_.-])www\./iu.test(text)) problems.push('a www autolink');
  if (/[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text))
    problems.push('a URL with another scheme, or a broken autolink');
  // Mentions and references are found after entities are decoded (`&#64;team` pings).
  for (const t of [text, decodeHTML(text)]) {
    if (/(?<![\p{L}\p{N}_])gh-\p{N}/iu.test(t)) problems.push('a GH- reference');
    for (const m of t.matchAll(
      /(?<![\p{L}\p{N}_`])[@\uFF20\uFE6B]([\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?)(\/[\p{L}\p{N}_-]+)?/gu,
    )) {
      if (m[2] || !allow.logins.has(m[1]!.toLowerCase())) problems.push(`a ping "${m[0]}"`);
    }
    for (const m of t.matchAll(/((?:[\p{L}\p{N}_.-]+\/[\p{L}\p{N}_.-]+)?)[#\uFF03\uFE5F](\p{N}+)/gu)) {
      const before = t[m.index - 1] ?? ' ';
      if (!m[1] && /[\p{L}\p{N}_&]/u.test(before)) continue; // a#1 or &#35; is no reference
      if (!allow.refs.has(m[0])) problems.push(`a reference "${m[0]}"`);
    }
  }
  return [...new Set(problems)];
}
