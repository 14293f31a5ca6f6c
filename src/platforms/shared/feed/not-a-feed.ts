/**
 * Clear errors for payloads that are not feeds, naming what was found instead — and, for an HTML
 * page, the feed it advertises with `<link rel="alternate" type="application/rss+xml" href="…">`.
 */
import { load } from 'cheerio/slim';
import { MAX_HTML_DEPTH, nestingDepth } from './text.js';
import { resolveHttpUrl } from './xml.js';

export type FoundInstead = 'html' | 'opml' | 'json' | 'empty' | 'xml' | 'text';

export class NotAFeedError extends Error {
  override readonly name = 'NotAFeedError';
  constructor(
    message: string,
    readonly found: FoundInstead,
    /** Feed URLs the payload points to (HTML alternate links, OPML xmlUrl). */
    readonly feeds: readonly string[] = [],
  ) {
    super(message);
  }
}

const FEED_TYPES = /^application\/(?:(?:rss|atom|rdf)\+xml|feed\+json)$/i;

function quote(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

/** A URL or key from the payload, shortened for a message. */
function short(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Where an HTML page can be parsed safely: all of it, else its head, else nothing (too deep). */
function parseablePart(html: string): string {
  const page = html.length > 2_000_000 ? html.slice(0, 2_000_000) : html;
  if (nestingDepth(page, { html: true, limit: MAX_HTML_DEPTH }) <= MAX_HTML_DEPTH) return page;
  const body = page.search(/<body[\s>]/i);
  const head = body >= 0 ? page.slice(0, body) : page.slice(0, 65_536);
  return nestingDepth(head, { html: true, limit: MAX_HTML_DEPTH }) <= MAX_HTML_DEPTH ? head : '';
}

/**
 * Feeds an HTML page advertises, resolved against the page URL. A page nested too deep to parse
 * in reasonable time (parsing is quadratic in the depth) is read from its head only.
 */
export function discoverFeeds(html: string, pageUrl: string): { title: string; feeds: string[] } {
  const $ = load(parseablePart(html));
  const title = $('title').first().text().replace(/\s+/g, ' ').trim();
  const base = $('base[href]').first().attr('href');
  const baseUrl = base ? (resolveHttpUrl(base, pageUrl) ?? pageUrl) : pageUrl;
  const feeds: string[] = [];
  $('link[href]').each((_, el) => {
    const rel = ($(el).attr('rel') ?? '').toLowerCase().split(/\s+/);
    const type = ($(el).attr('type') ?? '').trim();
    if (!rel.includes('alternate') || !FEED_TYPES.test(type)) return;
    const href = resolveHttpUrl($(el).attr('href') ?? '', /^https?:/i.test(baseUrl) ? baseUrl : undefined);
    if (href && !feeds.includes(href)) feeds.push(href);
  });
  return { title, feeds };
}

export function htmlPageError(html: string, pageUrl: string): NotAFeedError {
  const { title, feeds } = discoverFeeds(html, pageUrl);
  const what = title ? `an HTML page (title: ${quote(title)})` : 'an HTML page';
  const where =
    feeds.length === 0
      ? '; it advertises no feed (no <link rel="alternate" type="application/rss+xml">)'
      : `; it advertises a feed at ${short(feeds[0] ?? '')}${
          feeds.length > 1
            ? ` (and ${feeds.length - 1} more: ${feeds
                .slice(1, 4)
                .map((f) => short(f))
                .join(', ')})`
            : ''
        }`;
  return new NotAFeedError(`expected a feed, got ${what}${where}`, 'html', feeds);
}

export function opmlError(xml: string, url: string): NotAFeedError {
  const deep = nestingDepth(xml, { html: false, limit: MAX_HTML_DEPTH }) > MAX_HTML_DEPTH;
  const $ = load(deep ? '' : xml, { xml: true });
  const feeds: string[] = [];
  $('outline').each((_, el) => {
    const ref = $(el).attr('xmlUrl') ?? $(el).attr('xmlurl');
    const href = ref ? resolveHttpUrl(ref, /^https?:/i.test(url) ? url : undefined) : undefined;
    if (href) feeds.push(href);
  });
  const detail =
    feeds.length > 0
      ? ` listing ${feeds.length} feed(s), e.g. ${short(feeds[0] ?? '')}; add those feeds as sources instead`
      : ' with no feed URLs';
  return new NotAFeedError(`expected a feed, got an OPML subscription list${detail}`, 'opml', feeds);
}

export function jsonError(value: unknown): NotAFeedError {
  let shape: string;
  if (Array.isArray(value)) shape = `an array of ${value.length} value(s)`;
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    shape =
      keys.length === 0
        ? 'an empty object'
        : `top-level keys: ${keys
            .slice(0, 8)
            .map((k) => short(k, 40))
            .join(', ')}${keys.length > 8 ? ', …' : ''}`;
  } else shape = `a ${typeof value}`;
  return new NotAFeedError(
    `expected a feed, got JSON that is not a JSON Feed (${shape}; a JSON Feed has "version": "https://jsonfeed.org/version/1.1" and "items")`,
    'json',
  );
}

export function emptyError(): NotAFeedError {
  return new NotAFeedError('expected a feed, got an empty body', 'empty');
}

export function otherXmlError(root: string): NotAFeedError {
  return new NotAFeedError(
    `expected a feed, got an XML document whose root is <${root}> (a feed's root is <rss>, <feed>, <rdf:RDF> or <Channel>)`,
    'xml',
  );
}

export function textError(text: string): NotAFeedError {
  return new NotAFeedError(
    `expected a feed, got text that is neither XML nor JSON (starts with ${quote(text, 60)})`,
    'text',
  );
}

export function badJsonError(error: string): NotAFeedError {
  return new NotAFeedError(`expected a feed, got JSON that does not parse (${error.slice(0, 120)})`, 'json');
}
