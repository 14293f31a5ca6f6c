/**
 * How long a reply is, counted the way each platform counts, and how long it may be.
 *
 * - Bluesky: 300 graphemes (what a reader sees as one character: an emoji with modifiers is one).
 * - Mastodon: 500 characters by default, every URL counts as 23 and a mention `@user@domain`
 *   counts as `@user` only.
 * - Others: characters (code points).
 */

/** Default limits per source kind. A playbook's `limits:` overrides them. */
export const PLATFORM_LIMITS: Readonly<Record<string, number>> = {
  bluesky: 300,
  mastodon: 500,
  'stack-exchange': 600,
  'app-store': 5970,
  reddit: 10_000,
  lemmy: 10_000,
  youtube: 10_000,
  discourse: 32_000,
  github: 65_536,
};

/** GitHub's own cap on a comment: a draft must fit into one. */
export const MAX_DRAFT = 20_000;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemes(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const MASTODON_MENTION = /@([A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export function measure(kind: string, text: string): number {
  if (kind === 'bluesky') return graphemes(text);
  if (kind === 'mastodon') {
    const counted = text.replace(URL_PATTERN, 'x'.repeat(23)).replace(MASTODON_MENTION, '@$1');
    return [...counted].length;
  }
  return [...text].length;
}

export function limitFor(kind: string, overrides?: Readonly<Record<string, number>>): number | undefined {
  return overrides?.[kind] ?? PLATFORM_LIMITS[kind];
}

/** The unit a platform counts in, for messages ("300 graphemes"). */
export function unitFor(kind: string): string {
  return kind === 'bluesky' ? 'graphemes' : 'characters';
}
