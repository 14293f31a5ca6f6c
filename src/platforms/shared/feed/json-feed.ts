/**
 * JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) → RawItems.
 * The feed object is validated with zod; each item is validated on its own, so one bad item costs
 * only itself (with a warning naming it and the field).
 */
import * as z from 'zod';
import type { RawItem } from '../../../mentions/mention.js';
import { parseFeedDate } from './dates.js';
import { cleanAuthor, unwrapGoogleRedirect } from './quirks.js';
import { cap, htmlToText, plainTitle, tidy } from './text.js';
import { type FeedLimits, itemLabel, type Warnings } from './types.js';
import { resolveHttpUrl } from './xml.js';

const authorSchema = z.looseObject({
  name: z.string().optional(),
  url: z.string().optional(),
  avatar: z.string().optional(),
});

const itemSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
  external_url: z.string().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  date_published: z.string().optional(),
  date_modified: z.string().optional(),
  author: authorSchema.optional(),
  authors: z.array(authorSchema).optional(),
  language: z.string().optional(),
});

const feedSchema = z.looseObject({
  version: z.string(),
  title: z.string().optional(),
  home_page_url: z.string().optional(),
  feed_url: z.string().optional(),
  language: z.string().optional(),
  author: authorSchema.optional(),
  authors: z.array(authorSchema).optional(),
  items: z.array(z.unknown()),
});

/** True for an object that declares itself a JSON Feed, or has its shape (title + items array). */
export function isJsonFeed(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.version === 'string' && /^https?:\/\/jsonfeed\.org\/version\//.test(v.version)) return true;
  return Array.isArray(v.items) && typeof v.title === 'string' && ('home_page_url' in v || 'feed_url' in v);
}

export interface JsonFeedOutput {
  format: string;
  title: string;
  link?: string;
  items: RawItem[];
}

function issuePath(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.join('.') || '(item)'}: ${issue.message}`;
}

export function readJsonFeed(
  value: unknown,
  options: { url: string; limits: FeedLimits; warnings: Warnings },
): JsonFeedOutput {
  const { warnings, limits } = options;
  const parsed = feedSchema.safeParse({ version: 'unknown', ...(value as object) });
  if (!parsed.success) throw new Error(`not a valid JSON Feed: ${issuePath(parsed.error)}`);
  const feed = parsed.data;
  const version = /version\/([\d.]+)/.exec(feed.version)?.[1];
  const format = version ? `JSON Feed ${version === '1' ? '1.0' : version}` : 'JSON Feed';
  const docBase = /^https?:/i.test(options.url) ? options.url : undefined;
  const link = feed.home_page_url ? resolveHttpUrl(feed.home_page_url, docBase) : undefined;
  const base = docBase ?? link;
  const feedAuthor = cleanAuthor(feed.authors?.[0]?.name ?? feed.author?.name);

  if (feed.items.length > limits.maxItems) {
    warnings.add(`${feed.items.length} items: only the first ${limits.maxItems} were read`);
  }
  const items: RawItem[] = [];
  feed.items.slice(0, limits.maxItems).forEach((raw, index) => {
    const result = itemSchema.safeParse(raw);
    if (!result.success) {
      warnings.add(`${itemLabel(index, undefined)}: ${issuePath(result.error)}; dropped`);
      return;
    }
    const it = result.data;
    let title = it.title ? plainTitle(it.title) : '';
    const label = itemLabel(index, title);
    const id = it.id === undefined ? undefined : String(it.id).trim();
    let url: string | undefined;
    for (const ref of [it.url, it.external_url]) {
      if (!ref) continue;
      url = resolveHttpUrl(ref, base);
      if (url) break;
      warnings.add(`${label}: link ${JSON.stringify(ref.slice(0, 100))} is not an http(s) URL`);
    }
    if (url) url = unwrapGoogleRedirect(url);
    let text = it.content_text
      ? tidy(it.content_text)
      : it.content_html
        ? htmlToText(it.content_html)
        : it.summary
          ? tidy(it.summary)
          : '';
    if (!url && !id && !title && !text) {
      warnings.add(`${label}: no link, id, title or text; dropped`);
      return;
    }
    if (title.length > limits.maxTitleChars) title = cap(title, limits.maxTitleChars);
    if (text.length > limits.maxTextChars) {
      warnings.add(`${label}: text longer than ${limits.maxTextChars} characters; cut`);
      text = cap(text, limits.maxTextChars);
    }
    let published: string | undefined;
    const bad: string[] = [];
    for (const [field, rawDate] of [
      ['date_published', it.date_published],
      ['date_modified', it.date_modified],
    ] as const) {
      if (!rawDate) continue;
      const d = parseFeedDate(rawDate);
      if (d.ok) {
        published = d.iso;
        break;
      }
      bad.push(`invalid date ${JSON.stringify(rawDate.slice(0, 60))} in ${field} (${d.reason})`);
    }
    if (bad.length > 0)
      warnings.add(
        `${label}: ${bad.join('; ')}${published ? '; used date_modified' : '; kept without a date'}`,
      );
    const person = it.authors?.[0] ?? it.author;
    const author = cleanAuthor(person?.name) ?? feedAuthor;
    const authorUrl = person?.url ? resolveHttpUrl(person.url, base) : undefined;
    const lang = it.language ?? feed.language;

    const item: RawItem = { text };
    if (id) item.id = id.slice(0, 1000);
    if (url) item.url = url;
    if (title) item.title = title;
    if (author) item.author = author;
    if (authorUrl) item.authorUrl = authorUrl;
    if (published) item.published = published;
    if (lang) item.lang = lang.slice(0, 35);
    items.push(item);
  });
  return { format, title: plainTitle(feed.title ?? ''), ...(link ? { link } : {}), items };
}
