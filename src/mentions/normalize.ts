/**
 * normalize(): one RawItem as a source described it → a Mention (DESIGN §1: sources → normalize).
 *
 * - Text: taken as plain text, as the adapter hands it over — never stripped of tags or decoded
 *   again (`File "<stdin>"`, `Unmanaged<AnyObject>!` and a quoted `<div>` stay as written; the
 *   adapters flatten the fields that are HTML, once: src/platforms/shared/api-html-text.ts,
 *   src/platforms/shared/feed/text.ts); control characters removed, line endings unified, spaces collapsed
 *   within lines, at most one blank line between paragraphs, trimmed, capped at
 *   {@link MAX_TEXT_LENGTH} characters (cut at a word boundary, ending in `…`).
 * - Title: the item's title on one line (capped at {@link MAX_GIVEN_TITLE_LENGTH}); else the first
 *   words of the text, at most {@link MAX_TITLE_LENGTH} characters, cut at a word boundary (`…`).
 * - Author: one line, or `unknown`.
 * - Published: the item's date as ISO 8601; when it is missing, unparseable or more than a day in
 *   the future, the fetch time with `publishedEstimated: true`.
 * - canonicalUrl, key and ids computed (src/mentions/canonical-url.ts, src/record/identity.ts): ids[0]
 *   is the key.
 *
 * The text stays untrusted: render it only through src/issue/neutralize.ts.
 */

import { mentionIds } from '../record/identity.js';
import { canonicalUrl } from './canonical-url.js';
import type { Mention, RawItem } from './mention.js';

export const MAX_TEXT_LENGTH = 20_000;
export const MAX_TITLE_LENGTH = 120;
export const MAX_GIVEN_TITLE_LENGTH = 300;
export const MAX_AUTHOR_LENGTH = 200;
const FUTURE_TOLERANCE_MS = 86_400_000;

export interface NormalizeContext {
  sourceId: string;
  sourceKind: string;
  fetched: Date;
  /** Key by canonical URL even when the item has an id (the adapter's `keyByUrl`). */
  preferUrl?: boolean | undefined;
  /**
   * The item's URL is its permalink: add the `url:` id, so another source's copy is the same
   * mention (always so with `preferUrl`). Not for sources whose items can share a URL.
   */
  urlNamesItem?: boolean | undefined;
}

/** The author of a mention whose source names none: shown as is, never addressed in a reply. */
export const UNKNOWN_AUTHOR = 'unknown';

const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n?|[\u000B\u000C\u2028\u2029\u0085]/g;

/** Multi-line text: line endings unified, controls removed, spaces collapsed, ≤ 1 blank line. */
export function cleanText(text: string): string {
  return text
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line: every run of whitespace (line breaks included) becomes one space. */
export function cleanLine(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/gu, ' ').trim();
}

/** Cuts at a word boundary so that the result plus `…` fits in max characters (code points kept whole). */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/u);
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

function published(value: string | undefined, fetched: Date): { published: string; estimated: boolean } {
  const t = value ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isFinite(t) && t <= fetched.getTime() + FUTURE_TOLERANCE_MS) {
    return { published: new Date(t).toISOString(), estimated: false };
  }
  return { published: fetched.toISOString(), estimated: true };
}

function finite(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

export function normalize(item: RawItem, ctx: NormalizeContext): Mention {
  const text = truncateAtWord(cleanText(item.text ?? ''), MAX_TEXT_LENGTH);
  const givenTitle = truncateAtWord(cleanLine(item.title ?? ''), MAX_GIVEN_TITLE_LENGTH);
  const title = givenTitle || truncateAtWord(cleanLine(text), MAX_TITLE_LENGTH);
  const author = truncateAtWord(cleanLine(item.author ?? ''), MAX_AUTHOR_LENGTH) || UNKNOWN_AUTHOR;
  const url = nonEmpty(item.url);
  const canonical = url ? canonicalUrl(url) : undefined;
  const nativeId = nonEmpty(item.id);
  const date = published(item.published, ctx.fetched);
  const ids = mentionIds({
    sourceKind: ctx.sourceKind,
    sourceId: ctx.sourceId,
    nativeId,
    canonicalUrl: canonical,
    text,
    title,
    author,
    preferUrl: ctx.preferUrl ?? false,
    urlNamesItem: ctx.urlNamesItem ?? false,
  });

  const mention: Mention = {
    key: ids[0]!,
    ids,
    sourceId: ctx.sourceId,
    sourceKind: ctx.sourceKind,
    title,
    text,
    author,
    published: date.published,
    fetched: ctx.fetched.toISOString(),
  };
  if (nativeId !== undefined) mention.nativeId = nativeId;
  if (url !== undefined) mention.url = url;
  if (canonical !== undefined) mention.canonicalUrl = canonical;
  const authorUrl = nonEmpty(item.authorUrl);
  if (authorUrl !== undefined) mention.authorUrl = authorUrl;
  const reach = finite(item.reach);
  if (reach !== undefined) mention.authorReach = reach;
  const engagement = finite(item.engagement);
  if (engagement !== undefined) mention.engagement = engagement;
  const rating = finite(item.rating);
  if (rating !== undefined) mention.rating = rating;
  const lang = nonEmpty(item.lang);
  if (lang !== undefined) mention.lang = lang;
  if (date.estimated) mention.publishedEstimated = true;
  if (item.replyTo !== undefined) mention.replyTo = { ...item.replyTo };
  return mention;
}
