/**
 * Checkers for the other places untrusted titles are rendered: the job summary (HTML blocks in
 * GitHub-flavoured Markdown) and the local tracker's index.md (a Markdown table).
 */
import { Parser } from 'htmlparser2';
import { findUnsafe } from '../../../src/issue/neutralize.js';

/** What GitHub links or pings in a text node (outside a, code and pre). */
export const TEXT_HAZARDS: { name: string; re: RegExp }[] = [
  { name: 'an @-mention', re: /[@\uFF20\uFE6B][\p{L}\p{N}\p{M}_]/u },
  { name: 'an issue reference', re: /[#\uFF03\uFE5F]\p{N}/u },
  { name: 'a GH- reference', re: /gh-\p{N}/iu },
  { name: 'a URL', re: /[A-Za-z0-9+.-]:\/\// },
  { name: 'a www autolink', re: /(?<![\p{L}\p{N}])www\./iu },
];

/** The elements the summary builds itself; anything else came from a value. */
const SUMMARY_TAGS = new Set(['h2', 'h3', 'table', 'tr', 'th', 'td', 'ul', 'li', 'a', 'code', 'p', 'br']);
const IGNORED_PARENTS = new Set(['a', 'code', 'pre']);

/**
 * Problems with a job summary's HTML: an element it does not build itself, a link it did not make
 * (href must be one of `links`), a comment, or a ping / reference / autolink in a text node GitHub
 * would scan (entities decoded, as GitHub sees them).
 */
export function summaryProblems(html: string, links: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  // The parser hands text over in pieces (an entity is a piece of its own): check whole text nodes.
  let text = '';
  const flush = () => {
    if (text !== '' && !open.some((t) => IGNORED_PARENTS.has(t))) {
      for (const h of TEXT_HAZARDS)
        if (h.re.test(text)) problems.push(`${h.name} in ${JSON.stringify(text.slice(0, 60))}`);
    }
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        flush();
        if (!SUMMARY_TAGS.has(name)) problems.push(`an element <${name}> from a value`);
        if (name === 'a' && !links.has(attributes.href ?? '')) problems.push(`a link to ${attributes.href}`);
        open.push(name);
      },
      onclosetag() {
        flush();
        open.pop();
      },
      ontext(piece) {
        text += piece;
      },
      oncomment() {
        problems.push('an HTML comment');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return problems;
}

/** Problems with one row of index.md: pipes that split it, or a title cell Markdown would act on. */
export function indexRowProblems(row: string): string[] {
  const cells =
    /^\| \[#\d+\]\(issues\/\d{5}\.md\) \| (open|closed) \| [a-z]* \| [a-z]* \| [^|]* \| ([^|]*) \|$/.exec(
      row,
    );
  if (!cells) return [`not a row of the index: ${JSON.stringify(row.slice(0, 100))}`];
  const problem = findUnsafe(`x ${cells[2]!.trim()}`, 'inline');
  return problem ? [`title cell: ${problem}`] : [];
}
