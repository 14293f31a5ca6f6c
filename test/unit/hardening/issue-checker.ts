/**
 * An independent checker for a WHOLE rendered issue (title + body), used by the rendering property
 * tests and by bench/hardening.ts. It does not trust render.ts: it parses the body against the
 * template line by line and applies neutralize.ts's own checker (findUnsafe) to every piece that
 * holds mention text.
 *
 * Invariants (issue #9, rendering safety):
 * - exactly one `<!--` and one `-->` in the body: the marker, on the last line; it parses back to
 *   the mention's key, author, source and URL;
 * - the quote is a blockquote (every line `> `) that findUnsafe accepts (no ping, cross-link, HTML,
 *   comment, image, link, table, list or code block can form);
 * - the only link is `[Read it where it was said](<http(s) URL>)`, never to github.com (a link to an
 *   issue there would cross-reference it); no image anywhere;
 * - every table row is `| Key | value |` with exactly its three pipes and a value findUnsafe accepts;
 * - the body is at most 20,000 characters (GitHub's limit is 65,536);
 * - the title is at most 120 characters, findUnsafe('title') accepts it, and when the mention's
 *   words did not fit it ends with `…`.
 */

import { findUnsafe, MAX_URL_LENGTH } from '../../../src/issue/neutralize.js';
import { MAX_MARKER_AUTHOR, MAX_MARKER_JSON, MAX_QUOTE, MAX_TITLE } from '../../../src/issue/render.js';
import type { Mention } from '../../../src/mentions/mention.js';
import { parseMarker } from '../../../src/record/marker.js';
import type { IssueDraft } from '../../../src/record/port.js';

/** GitHub's limit for an issue body. */
export const GITHUB_BODY_LIMIT = 65_536;
/** What render.ts promises ("far below" GitHub's limit). */
export const BODY_LIMIT = 20_000;

const ROW_KEYS = new Set([
  'Title',
  'Category',
  'Priority',
  'Source',
  'Author',
  'Published',
  'Matched',
  'Rating',
]);
const NEXT_STEPS = [
  '### Next steps',
  '- [ ] Reply publicly where they spoke (`/draft` posts a draft from the playbook)',
  '- [ ] Follow up privately (`/followup <note>`)',
  '- [ ] Resolve (`/resolve`) or dismiss (`/dismiss`)',
];
const LINK_LINE = /^\*\*\[Read it where it was said\]\((https?:\/\/[^\s()<>"'`\\]+)\)\*\*$/;
const NO_LINK_LINE = '**no link (the source gave none)**';
const MARKER_LINE = /^<!-- earshot:v1 [A-Za-z0-9_-]+ -->$/;

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** What a reader sees of a title: code spans unwrapped, the substitutions neutralizeTitle makes undone. */
function titleEssence(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[`'‹›<>\s\p{Cc}\p{Cf}…\uFFFD]/gu, '');
}

/** Problems with a rendered issue; empty when every invariant holds. */
export function issueProblems(draft: IssueDraft, mention: Mention): string[] {
  const problems: string[] = [];
  const { body, title } = draft;

  // Title
  if (title.length > MAX_TITLE) problems.push(`title longer than ${MAX_TITLE} (${title.length})`);
  const titleIssue = findUnsafe(title, 'title');
  if (titleIssue) problems.push(`title: ${titleIssue}`);
  const words = (mention.title || mention.text).replace(/\s+/g, ' ').trim();
  if (!title.endsWith('…') && !titleEssence(title).includes(titleEssence(words))) {
    problems.push('title: the words were cut without "…"');
  }

  // Size and comments
  if (body.length > GITHUB_BODY_LIMIT) problems.push(`body over GitHub's limit (${body.length})`);
  if (body.length > BODY_LIMIT) problems.push(`body longer than ${BODY_LIMIT} (${body.length})`);
  if (count(body, '<!--') !== 1)
    problems.push(`${count(body, '<!--')} "<!--" in the body (only the marker may open one)`);
  if (count(body, '-->') !== 1) problems.push(`${count(body, '-->')} "-->" in the body`);

  // Marker
  const lines = body.split('\n');
  const last = lines.at(-1) ?? '';
  if (!MARKER_LINE.test(last)) problems.push('the last line is not the marker');
  const marker = parseMarker(body);
  if (!marker) problems.push('the marker does not parse');
  else {
    if (marker.key !== mention.key) problems.push('the marker carries another key');
    // Past MAX_MARKER_JSON the marker drops the link and shortens the author (render-limits.test.ts
    // checks that ordinary ones are kept whole).
    const author = Array.from(mention.author);
    if (
      marker.author !== author.slice(0, MAX_MARKER_AUTHOR).join('') &&
      marker.author !== author.slice(0, 20).join('')
    )
      problems.push('the marker carries another author');
    if (marker.source !== mention.sourceId || marker.kind !== mention.sourceKind)
      problems.push('the marker carries another source');
    const url = mention.url && mention.url.length <= MAX_URL_LENGTH ? mention.url : undefined;
    if (marker.url !== url && marker.url !== undefined) problems.push('the marker carries another URL');
    if (Buffer.byteLength(JSON.stringify(marker), 'utf8') > MAX_MARKER_JSON)
      problems.push('the marker is too big');
  }

  // Quote: every line up to the first blank line
  let i = 0;
  const quote: string[] = [];
  while (i < lines.length && lines[i] !== '') quote.push(lines[i++]!);
  const quoteIssue = findUnsafe(quote.join('\n'), 'block', MAX_QUOTE);
  if (quote.length === 0) problems.push('no quote');
  else if (quoteIssue) problems.push(`quote: ${quoteIssue}`);
  const expect = (want: string | RegExp, what: string): RegExpExecArray | undefined => {
    const line = lines[i] ?? '';
    const m =
      typeof want === 'string'
        ? line === want
          ? ([line] as unknown as RegExpExecArray)
          : null
        : want.exec(line);
    if (!m) problems.push(`line ${i + 1}: expected ${what}, got ${JSON.stringify(line.slice(0, 80))}`);
    else i++;
    return m ?? undefined;
  };
  expect('', 'a blank line after the quote');

  // The one link
  const link = LINK_LINE.exec(lines[i] ?? '');
  if (link) {
    const url = new URL(link[1]!);
    if (url.hostname === 'github.com' || url.hostname === 'www.github.com')
      problems.push('a link to github.com (would cross-reference)');
    if (link[1]!.length > MAX_URL_LENGTH) problems.push('a link longer than the URL cap');
    if (!mention.url) problems.push('a link although the mention has no URL');
    i++;
  } else expect(NO_LINK_LINE, 'the link line');
  expect('', 'a blank line');
  expect('| | |', 'the table head');
  expect('|---|---|', 'the table rule');

  // Table rows
  while (i < lines.length && lines[i] !== '') {
    const row = /^\| ([A-Za-z]+) \| ([^|]*) \|$/.exec(lines[i]!);
    if (!row || !ROW_KEYS.has(row[1]!)) {
      problems.push(
        `line ${i + 1}: not a table row of the template: ${JSON.stringify(lines[i]!.slice(0, 80))}`,
      );
    } else {
      // A cell is inline content: GitHub trims it and no block (list, heading) can start in it.
      const cell = findUnsafe(`x ${row[2]!.trim()}`, 'inline');
      if (cell) problems.push(`row ${row[1]}: ${cell}`);
    }
    i++;
  }
  expect('', 'a blank line after the table');
  for (const line of NEXT_STEPS) expect(line, 'the next steps');
  expect('', 'a blank line before the marker');
  if (i !== lines.length - 1) problems.push(`${lines.length - 1 - i} unexpected line(s) before the marker`);

  // Belt and braces: no raw HTML tag anywhere (a `<` cannot even sit inside a hazard code span).
  const free = lines.filter((l) => !NEXT_STEPS.includes(l) && !MARKER_LINE.test(l)).join('\n');
  if (/<[A-Za-z/!?]/.test(free)) problems.push('raw HTML');
  return problems;
}
