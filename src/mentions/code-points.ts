/** Whole code points around an offset of a UTF-16 string (a surrogate pair is one character). */

/** The code point that ends just before `index`, or '' at the start. */
export function codePointBefore(s: string, index: number): string {
  if (index <= 0) return '';
  const low = s.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = s.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(index - 2, index);
  }
  return s[index - 1]!;
}

/** The code point that starts at `index`, or '' past the end. */
export function codePointAt(s: string, index: number): string {
  const cp = s.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** Built on first use: creating a segmenter loads ICU's break data (~10 ms at start otherwise). */
let segmenter: Intl.Segmenter | undefined;

/** Graphemes: what a reader sees as one character (an emoji with its modifiers is one). */
export function graphemes(text: string): number {
  let n = 0;
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const _ of segmenter.segment(text)) n++;
  return n;
}
