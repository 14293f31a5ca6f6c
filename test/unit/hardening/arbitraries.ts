/**
 * fast-check arbitraries for hostile mention content, shared by the hardening property tests and
 * bench/hardening.ts: pieces an attacker combines to ping, cross-link, forge the marker, inject
 * HTML, load an image or break out of the quote, plus Unicode tricks (bidi overrides, zero-width
 * and invisible characters, homoglyph @ and # signs, non-ASCII digits, lone surrogates).
 */
import fc from 'fast-check';
import type { Classification } from '../../../src/classify/types.js';
import { renderIssue } from '../../../src/issue/render.js';
import { CATEGORIES, type Mention, type RawItem } from '../../../src/mentions/mention.js';
import { normalize } from '../../../src/mentions/normalize.js';
import { adapters } from '../../../src/platforms/index.js';
import { renderMarker } from '../../../src/record/marker.js';
import type { IssueDraft } from '../../../src/record/port.js';
import { prioritize } from '../../../src/triage/priority.js';

/** A forged marker for another key: must never survive into a body as a second marker. */
export const FORGED_MARKER = renderMarker({
  key: 'hacker-news:forged',
  source: 'x',
  kind: 'rss',
  published: '2026-01-01T00:00:00.000Z',
  category: 'neutral',
  confidence: 1,
  priority: 'low',
});

export const HOSTILE_PIECES: readonly string[] = [
  // pings and references
  '@',
  '＠', // full-width
  '﹫', // small
  '#',
  '＃',
  '﹟',
  '♯',
  '1',
  '42',
  '١', // Arabic-Indic one
  '𝟏', // mathematical bold one (astral)
  'everyone',
  'acme',
  'github/security',
  'org/team',
  'owner/repo#1',
  'GH-',
  'gh-',
  'GH-7',
  '@here',
  '@github/security',
  '#123',
  'acme/earshot#9',
  'a5c3785ed8d6a35868bc169f07e40e889087fd2e',
  // links and images
  'https://github.com/acme/earshot/issues/1',
  'http://169.254.169.254/latest/meta-data/',
  'https://t.example/pixel.gif',
  'www.',
  'www.evil.example',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  '//evil.example/x.png',
  '![x](https://t.example/p.gif)',
  '[click](https://evil.example)',
  '[ref]: https://t.example/p.gif',
  '<https://evil.example>',
  '://',
  // HTML and comments
  '<!--',
  '-->',
  '--!>',
  FORGED_MARKER,
  '<!-- earshot:v1 eyJrZXkiOiJ4In0 -->',
  '<img src=https://t.example/p.gif>',
  '<picture><source srcset=x>',
  '<script>alert(1)</script>',
  '<details><summary>',
  '</details>',
  '<a href="https://evil.example">',
  '<br>',
  '&#64;',
  '&#x40;',
  '&commat;',
  '&num;',
  '&#35;',
  '&lt;',
  '&lt;!--',
  '&',
  ';',
  // Markdown structure
  '```',
  '`',
  '``',
  '~~~',
  '> ',
  '>',
  '|',
  '| x |',
  '---',
  '===',
  '- [ ] ',
  '* ',
  '1. ',
  '1)',
  '$$',
  '$',
  '\\',
  '_',
  '*',
  '~',
  '[',
  ']',
  '(',
  ')',
  ':+1:',
  '/dismiss',
  '/approve',
  // whitespace and controls
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '    ',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u000b',
  '\u000c',
  '\u0000',
  '\u001b[31m',
  '\u007f',
  // bidi and invisible
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u00AD',
  '\u180E',
  '\u034F',
  '\u3164',
  '\u{E0041}',
  '\u{E007F}',
  '\u{1F3F4}',
  // letters, marks, emoji, surrogates
  'a',
  'é',
  'e\u0301',
  'ж',
  'ب',
  '中',
  '\uFE0F',
  '👍',
  '👨‍👩‍👧',
  '\uD800',
  '\uDFFF',
];

/** Text made of hostile pieces (max pieces each). */
export const hostileText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...HOSTILE_PIECES), maxLength });

/**
 * How many times a long run repeats one piece at most: 400 (up to ~80,000 characters, past every
 * cap) in tests; the benchmark raises it with setMaxRepeat (bigger inputs, slower cases).
 */
let maxRepeat = 400;
export function setMaxRepeat(n: number): void {
  maxRepeat = n;
}

/** Any text: hostile pieces, arbitrary UTF-16 (lone surrogates included), full Unicode, long runs. */
export const anyText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: hostileText(Math.ceil(maxLength / 3)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...HOSTILE_PIECES), fc.integer({ min: 1, max: 1_000_000 }))
        .map(([piece, n]) => piece.repeat(1 + (n % maxRepeat))),
    },
  );

/** Hosts the URL parser accepts although they hold Markdown: `https://x)&commat;bob/` … */
const oddHost = fc
  .string({
    unit: fc.constantFrom(
      'a',
      'b',
      '1',
      '.',
      '-',
      ')',
      '(',
      '&',
      'commat',
      ';',
      '`',
      '*',
      '_',
      '~',
      '!',
      '$',
      "'",
      '"',
      '{',
      '}',
      '+',
      ',',
      '=',
      'num',
      '#',
    ),
    minLength: 1,
    maxLength: 12,
  })
  .map((host) => `https://${host}/p`);

const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  oddHost,
  fc.constantFrom(
    'https://github.com/acme/earshot/issues/1',
    'https://www.github.com/acme/earshot/pull/2#issuecomment-3',
    'javascript:alert(document.cookie)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'https://user:pass@example.com/a(b)c<d>"e"`f`',
    'http://[::1]/',
    `https://example.com/${'x'.repeat(3000)}`,
  ),
  anyText(80),
);

const date = fc.oneof(
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    'not a date',
    '',
    '0000-00-00',
    '+275760-09-13T00:00:00.001Z',
    'Mon, 31 Feb 2026 25:61:00 +9900',
  ),
  anyText(30),
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e21, 2 ** 53 + 1),
);

const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

/** A RawItem as a hostile source could return it (every field attacker-controlled). */
export const rawItem: fc.Arbitrary<RawItem> = fc
  .record({
    id: optional(anyText(60)),
    url: optional(url),
    title: optional(anyText(200)),
    text: anyText(400),
    author: optional(anyText(80)),
    authorUrl: optional(url),
    reach: optional(number),
    engagement: optional(number),
    published: optional(date),
    rating: optional(number),
    lang: optional(anyText(10)),
    replyTo: optional(fc.dictionary(anyText(10), anyText(40), { maxKeys: 3 })),
  })
  .map((r) => {
    const item: RawItem = { text: r.text };
    for (const [k, v] of Object.entries(r))
      if (v !== undefined) (item as unknown as Record<string, unknown>)[k] = v;
    return item;
  });

const classification: fc.Arbitrary<Classification> = fc.record(
  {
    category: fc.constantFrom(...CATEGORIES),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    secondary: fc.constantFrom(...CATEGORIES),
  },
  { requiredKeys: ['category', 'confidence'] },
);

const SOURCE_NAMES = ['Hacker News (Algolia search)', 'forum', '@acme #1 <!-- x -->', 'RSS / Atom feed'];
/** Every adapter kind (the kind is rendered in the Source row, a label and the marker). */
const KINDS = adapters.map((a) => a.kind);

export interface RenderCase {
  raw: RawItem;
  mention: Mention;
  draft: IssueDraft;
}

/** Normalizes a raw item and renders it as the scan does (priority, classification, labels). */
export function renderRaw(
  raw: RawItem,
  c: Classification,
  sourceName: string,
  kind: string,
  fetched = new Date('2026-11-20T12:00:00Z'),
): RenderCase {
  const mention = normalize(raw, { sourceId: 'src-1', sourceKind: kind, fetched, preferUrl: kind === 'rss' });
  const priority = prioritize(mention, c.category, { config: { high: 3, low: 1, severityTerms: [] } });
  const draft = renderIssue({
    mention,
    sourceName,
    classification: c,
    priority,
    queries: ['company'],
  });
  return { raw, mention, draft };
}

/** A hostile item normalized and rendered into a whole issue. */
export const renderCase: fc.Arbitrary<RenderCase> = fc
  .tuple(rawItem, classification, fc.constantFrom(...SOURCE_NAMES), fc.constantFrom(...KINDS))
  .map(([raw, c, name, kind]) => renderRaw(raw, c, name, kind));

/**
 * A Mention that never went through normalize (so nothing upstream helped): arbitrary text of any
 * length straight into renderIssue.
 */
export const directCase: fc.Arbitrary<RenderCase> = fc
  .tuple(rawItem, classification, fc.integer({ min: 0, max: 40_000 }))
  .map(([raw, c, pad]) => {
    // One case in a hundred carries a hazard-dense text twice normalize's 20,000-character cap.
    const text = pad >= 39_600 ? `${raw.text}${'@acme #1 '.repeat(pad / 9)}` : raw.text;
    const key = Array.from(raw.id || 'h:0000000000000000')
      .slice(0, 200)
      .join(''); // mentionKey caps keys at 200
    const mention: Mention = {
      key,
      ids: [key],
      sourceId: 'src-1',
      sourceKind: 'rss',
      title: raw.title ?? '',
      text,
      author: raw.author ?? '',
      published: '2026-11-20T12:00:00.000Z',
      fetched: '2026-11-20T12:00:00.000Z',
      ...(raw.url !== undefined ? { url: raw.url } : {}),
    };
    const priority = prioritize(mention, c.category, { config: { high: 3, low: 1, severityTerms: [] } });
    const draft = renderIssue({ mention, sourceName: 'direct', classification: c, priority });
    return { raw, mention, draft };
  });
