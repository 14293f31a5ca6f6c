/**
 * Any web page, read with CSS selectors (cheerio): a forum thread, a review site, a community page
 * — whatever has neither a feed nor an API.
 *
 * - `item` selects one element per mention; `title`, `link`, `text`, `author`, `date` and `id` are
 *   selectors inside it (`:scope` is the item itself); the id selector is called `itemId` because
 *   `id` names the source. `linkAttr` (default `href`), `dateAttr` (e.g. `datetime` of a `<time>`)
 *   and `itemIdAttr` read an attribute instead of the text.
 * - Relative links resolve against the page's `<base href>`, else the page URL; only http(s) links
 *   are kept. An item with neither text nor title is skipped with a warning.
 * - Pages: `nextPage` selects the link to the next page, followed up to `maxPages` (default 3, at
 *   most 20), same origin only (a page may not send Earshot, with its conditional-request
 *   validators, to another site).
 * - Conditional requests per page URL (ETag / Last-Modified): an unchanged first page answers 304
 *   and the run stops there.
 * - Cursor: `since` = the newest item date when the page has dates (dated items older than the
 *   look-back window are dropped); pages without dates rely on the mention keys alone (each run re-reads the
 *   pages and the scan drops what it has filed).
 * - Id: `<host>:<id>` from the `itemId` selector; else the item's link; else the page URL plus the
 *   element's `id` attribute; else a hash of its title, author and text (an edited post becomes a
 *   new mention).
 */
import { createHash } from 'node:crypto';
import type { Cheerio, contains } from 'cheerio';
import * as z from 'zod';
import { charsetFromContentType, decodeText } from '../../http/decode.js';
import type { RawItem } from '../../mentions/mention.js';
import { htmlToText } from '../shared/api-html-text.js';
import { maxBytesOption, maxPagesOption, timeoutMsOption } from '../shared/api-source.js';
import { nestingDepth } from '../shared/feed/text.js';
import { looseDateToIso } from '../shared/loose-date.js';
import { fetchWindow } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';
import { cheerio, loadCheerio } from './cheerio.js';

const TITLE = 'Web page (HTML)';
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';

const selector = (what: string) =>
  z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe(`CSS selector, inside the item, of ${what} (\`:scope\` is the item itself).`);

const attribute = (what: string, fallback?: string) =>
  z
    .string()
    .regex(/^[A-Za-z_:][-A-Za-z0-9_:.]*$/, 'an attribute name')
    .describe(
      `Attribute that holds ${what}${fallback ? ` (default ${fallback})` : " (default: the element's text)"}.`,
    );

export const htmlSchema = sourceBaseSchema.extend({
  kind: z.literal('html').describe('Any web page read with CSS selectors (forum threads, review sites …).'),
  url: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+\S*$/, 'an http(s) URL')
    .describe('The page to read (the first page when it has several).'),
  item: z.string().min(1).max(500).describe('CSS selector of one mention (a post, a review, a comment).'),
  title: selector('the title'),
  link: selector('the link to the mention'),
  linkAttr: attribute('the link URL', 'href').default('href'),
  text: selector('the text (all matches are joined; default: the whole item)'),
  author: selector("the author's name"),
  date: selector('the publication date'),
  dateAttr: attribute('the date, e.g. datetime of a <time>').optional(),
  itemId: selector("the mention's stable id (default: its link)"),
  itemIdAttr: attribute('the id, e.g. data-post-id').optional(),
  nextPage: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe('CSS selector of the link (href) to the next page; followed on the same site only.'),
  maxPages: maxPagesOption(3, 20),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type HtmlSource = z.infer<typeof htmlSchema>;

/** cheerio's node type (domhandler's AnyNode), named without importing domhandler. */
type Nodes = Cheerio<Parameters<typeof contains>[0]>;

export interface HtmlPage {
  items: RawItem[];
  warnings: string[];
  /** How many elements the item selector matched (0 usually means the site changed). */
  matched: number;
  /** The next page's absolute URL, when `nextPage` found one. */
  nextUrl?: string;
}

/** Decodes HTML bytes: the Content-Type charset, else a `<meta charset>` in the head, else UTF-8. */
export function decodeHtml(bytes: Uint8Array, contentType: string | undefined): string {
  if (charsetFromContentType(contentType) === undefined) {
    const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
    const meta = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
    if (meta) return decodeText(bytes, { contentType: `text/html; charset=${meta[1]}` }).text;
  }
  return decodeText(bytes, contentType ? { contentType } : {}).text;
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** An absolute http(s) URL, or undefined (javascript:, mailto:, malformed …). */
function httpUrl(href: string | undefined, base: string): string | undefined {
  if (!href || href.trim() === '') return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function withoutHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

function hash16(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 16);
}

/**
 * Pages nesting elements deeper than this are refused: parsing is quadratic in the depth (a page
 * nested 100,000 deep took minutes) and reading the text of such a tree overflows the stack.
 */
export const MAX_PAGE_DEPTH = 1000;

/** One page → items, per-item warnings and the next page's URL. Pure. */
export function parseHtmlPage(html: string, pageUrl: string, source: HtmlSource, now = Date.now()): HtmlPage {
  if (nestingDepth(html, { html: true, limit: MAX_PAGE_DEPTH }) > MAX_PAGE_DEPTH) {
    throw new Error(
      `${TITLE}: ${pageUrl} nests elements more than ${MAX_PAGE_DEPTH} levels deep; refusing to parse it`,
    );
  }
  const $ = cheerio().load(html);
  const baseHref = $('base[href]').first().attr('href');
  const base = httpUrl(baseHref, pageUrl) ?? pageUrl;
  const host = new URL(pageUrl).host;
  const warnings: string[] = [];
  const items: RawItem[] = [];

  const first = (node: Nodes, sel: string | undefined): Nodes | undefined => {
    if (!sel) return undefined;
    const found = node.find(sel).first();
    return found.length > 0 ? found : undefined;
  };
  const read = (node: Nodes | undefined, attr: string | undefined): string | undefined => {
    if (!node) return undefined;
    return clean(attr ? node.attr(attr) : node.text()) || undefined;
  };

  const nodes = $(source.item);
  nodes.each((index, element) => {
    const node = $(element);
    const where = `item ${index + 1}`;
    const title = read(first(node, source.title), undefined);
    const text = source.text
      ? node
          .find(source.text)
          .toArray()
          .map((el) => htmlToText($(el).html()))
          .filter((t) => t !== '')
          .join('\n\n')
      : htmlToText(node.html());
    if (!title && !text) {
      warnings.push(`${where} skipped: no text and no title (check the "text" and "title" selectors)`);
      return;
    }
    const item: RawItem = { text };
    if (title) item.title = title;
    const author = read(first(node, source.author), undefined);
    if (author) item.author = author;

    const rawDate = read(first(node, source.date), source.dateAttr);
    if (rawDate) {
      const published = looseDateToIso(rawDate, 'auto', now);
      if (published) item.published = published;
      else warnings.push(`${where}: date "${rawDate.slice(0, 60)}" not understood; left undated`);
    }

    const linkNode = first(node, source.link);
    const href = linkNode?.attr(source.linkAttr);
    const link = httpUrl(href, base);
    if (linkNode && href && !link)
      warnings.push(`${where}: link "${href.slice(0, 80)}" is not an http(s) URL`);
    const elementId = clean(node.attr('id'));
    const anchored = elementId ? `${withoutHash(pageUrl)}#${encodeURIComponent(elementId)}` : undefined;
    item.url = link ?? anchored ?? pageUrl;

    const ownId = read(first(node, source.itemId), source.itemIdAttr);
    if (source.itemId && !ownId)
      warnings.push(`${where}: no id found by the "itemId" selector; keyed by its link`);
    item.id = ownId
      ? `${host}:${ownId}`
      : (link ?? anchored ?? `${host}:h${hash16(title ?? '', author ?? '', text)}`);
    items.push(item);
  });

  const page: HtmlPage = { items, warnings, matched: nodes.length };
  if (source.nextPage) {
    const next = httpUrl($(source.nextPage).first().attr('href'), base);
    if (next) page.nextUrl = withoutHash(next);
  }
  return page;
}

export const htmlAdapter: SourceAdapter<HtmlSource> = {
  kind: 'html',
  title: TITLE,
  schema: htmlSchema,
  credentials: [],
  cursor:
    'newest item date when the page has dates (older than the look-back window: dropped); otherwise none — the mention keys dedupe',
  reach: 'none (a page shows no follower counts)',
  limits:
    'maxPages pages per run (default 3, at most 20), same-site next links only; conditional requests per page URL',

  parse(input: ParseInput, source: HtmlSource): RawItem[] {
    const html = typeof input.body === 'string' ? input.body : decodeHtml(input.body, input.contentType);
    return parseHtmlPage(html, input.url, source).items;
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    await loadCheerio(); // first use: the selectors' engine loads
    const origin = new URL(source.url).origin;
    const visited = new Set<string>([source.url]);
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      // Page URLs stay put: each page answers 304 while it is unchanged.
      everyPageConditional: true,
      // Items come in page order (a thread: oldest first), not newest first.
      newestFirst: false,
      streams: () => [
        {
          label: source.url,
          first: { url: source.url, headers: { accept: ACCEPT } },
          maxPagesWarnings: () => [
            `more than ${source.maxPages} pages; the rest were not read (raise maxPages)`,
          ],
        },
      ],
      page(res, req) {
        const html = decodeHtml(res.bytes, res.headers['content-type']);
        const parsed = parseHtmlPage(html, res.url, source, ctx.now.getTime());
        const warnings: string[] = [];
        if (parsed.matched === 0) {
          warnings.push(
            `no element matches the item selector "${source.item}" on ${req.url}: has the page changed?`,
          );
        }
        warnings.push(...parsed.warnings.map((w) => `${req.url}: ${w}`));
        const next = parsed.nextUrl && !visited.has(parsed.nextUrl) ? parsed.nextUrl : undefined;
        if (next && new URL(next).origin !== origin) {
          warnings.push(`the next page ${next} is on another site; not followed`);
          return { items: parsed.items, warnings };
        }
        if (next) visited.add(next);
        return { items: parsed.items, warnings, next: next ? { ...req, url: next } : undefined };
      },
    });
  },
};
