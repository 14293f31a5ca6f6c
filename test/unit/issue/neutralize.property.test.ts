import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findUnsafe,
  isSafeBlock,
  isSafeInline,
  isSafeTitle,
  MIN_BLOCK_LENGTH,
  MIN_INLINE_LENGTH,
  neutralizeBlock,
  neutralizeInline,
  neutralizeTitle,
  neutralizeUrl,
} from '../../../src/issue/neutralize.js';

/** Runs per property (at least 10,000, issue #9; about 2 s in all); EARSHOT_PROPERTY_RUNS raises it. */
const RUNS = Math.max(10_000, Number(process.env.EARSHOT_PROPERTY_RUNS) || 0);
const params = { numRuns: RUNS };

/** Pieces an attacker would combine to ping, cross-link, inject HTML or hide from the rules. */
const HOSTILE = [
  '@',
  '＠',
  '﹫',
  '#',
  '＃',
  '﹟',
  '1',
  '42',
  'a',
  'user',
  'org/team',
  'GH-',
  'gh-',
  '<',
  '>',
  '> ',
  '!',
  '[',
  ']',
  '(',
  ')',
  '![x](',
  '`',
  '``',
  '```',
  '~~~',
  '-',
  '--',
  '=',
  '+',
  '1.',
  '|',
  '$',
  '*',
  '_',
  '~',
  '\\',
  '&',
  '&#64;',
  '&lt;',
  '&#x23;',
  ':',
  '/',
  '.',
  'http://',
  'https://x.y/',
  'www.',
  '://',
  '<!--',
  '-->',
  '<script>',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '    ',
  '\t',
  '\u00a0',
  '\u2028',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u00AD',
  '\u0000',
  '\u0085',
  '\u{E0041}',
  '\u{1F3F4}',
  '\u{E007F}',
  '\u{1F44D}',
  'é',
  '\u0301',
  '\uFE0F',
  '\uD800',
  'ж',
];

const hostile = fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 80 });
const arbitrary = fc.string({ unit: 'binary', maxLength: 200 });
const texts = fc.oneof(hostile, arbitrary);

/** Undoes the Markdown escaping: what a reader would see, code spans shown without backticks. */
function visible(markdown: string, kind: 'inline' | 'block'): string {
  const lines = kind === 'block' ? markdown.split('\n').map((l) => l.slice(2)) : [markdown];
  const entities: Record<string, string> = {
    '&amp;': '&',
    '&lt;': '<',
    '&gt;': '>',
    '&#124;': '|',
    '&#36;': '$',
  };
  return lines
    .map((line) =>
      line.replace(
        /`([^`]*)`|\\([!-/:-@[-`{-~])|&(?:amp|lt|gt|#124|#36);/g,
        (m, code?: string, esc?: string) =>
          code !== undefined ? code : esc !== undefined ? esc : (entities[m] ?? m),
      ),
    )
    .join('\n');
}

/** The reader-visible characters of an input, ignoring layout (whitespace) and invisibles. */
function essence(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\s\p{Cc}\p{Cf}]/gu, '');
}

describe('neutralization (property-based)', () => {
  it('block output is always safe and within the limit', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: MIN_BLOCK_LENGTH, max: 400 }), (text, max) => {
        const out = neutralizeBlock(text, max);
        expect(findUnsafe(out.text, 'block', max)).toBeUndefined();
        expect(out.text.split('\n').every((line) => line.startsWith('> '))).toBe(true);
        expect(out.text).not.toContain('<!--');
        expect(out.text).not.toContain('-->');
      }),
      params,
    );
  });

  it('inline output is always safe, on one line and within the limit', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: MIN_INLINE_LENGTH, max: 200 }), (text, max) => {
        const out = neutralizeInline(text, max);
        expect(findUnsafe(out, 'inline', max)).toBeUndefined();
        expect(out).not.toMatch(/[\n\r]/);
      }),
      params,
    );
  });

  it('title output is always safe, on one line and within the limit', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: MIN_INLINE_LENGTH, max: 200 }), (text, max) => {
        const out = neutralizeTitle(text, max);
        expect(isSafeTitle(out, max)).toBe(true);
        expect(out).not.toMatch(/[\n\r]/);
      }),
      params,
    );
  });

  it('loses nothing a reader could see when nothing is truncated', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const out = neutralizeBlock(text, 100_000);
        expect(out.truncated).toBe(false);
        const expected = essence(text) === '' ? '(notext)' : essence(text);
        expect(essence(visible(out.text, 'block'))).toBe(expected);
        expect(essence(visible(neutralizeInline(text, 100_000), 'inline'))).toBe(essence(text));
      }),
      params,
    );
  });

  it('marks truncation exactly when the limit cut the text', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: MIN_BLOCK_LENGTH, max: 120 }), (text, max) => {
        const out = neutralizeBlock(text, max);
        const full = neutralizeBlock(text, 100_000);
        expect(out.truncated).toBe(full.text.length > max);
        if (!out.truncated) expect(out.text).toBe(full.text);
        else expect(out.text.endsWith('(truncated)')).toBe(true);
      }),
      params,
    );
  });

  it('neutralizeUrl returns only http(s) URLs without Markdown-breaking characters', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), arbitrary),
        (url) => {
          const out = neutralizeUrl(url);
          if (out === undefined) return;
          expect(out).toMatch(/^https?:\/\/[^\s()<>"'`\\]+$/);
          expect(new URL(out).protocol).toMatch(/^https?:$/);
        },
      ),
      params,
    );
  });

  it('the checker is not vacuous: raw hostile text is usually unsafe', () => {
    const samples = fc.sample(
      hostile.filter((s) => /[@#<`[|]/.test(s)),
      200,
    );
    const unsafe = samples.filter((s) => !isSafeBlock(`> ${s}`) || !isSafeInline(s));
    expect(unsafe.length).toBeGreaterThan(150);
  });
});
