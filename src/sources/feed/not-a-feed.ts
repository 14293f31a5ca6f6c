/**
 * Clear errors for payloads that are not feeds, naming what was found instead — and, for an HTML
 * page, the feed it advertises with `<link rel="alternate" type="application/rss+xml" href="…">`.
 */
import { load } from 'cheerio/slim';
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

/** Feeds an HTML page advertises, resolved against the page URL. */
export function discoverFeeds(html: string, pageUrl: string): { title: string; feeds: string[] } {
  const $ = load(html.length > 2_000_000 ? html.slice(0, 2_000_000) : html);
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
      : `; it advertises a feed at ${feeds[0]}${feeds.length > 1 ? ` (and ${feeds.length - 1} more: ${feeds.slice(1, 4).join(', ')})` : ''}`;
  return new NotAFeedError(`expected a feed, got ${what}${where}`, 'html', feeds);
}

export function opmlError(xml: string, url: string): NotAFeedError {
  const $ = load(xml, { xml: true });
  const feeds: string[] = [];
  $('outline').each((_, el) => {
    const ref = $(el).attr('xmlUrl') ?? $(el).attr('xmlurl');
    const href = ref ? resolveHttpUrl(ref, /^https?:/i.test(url) ? url : undefined) : undefined;
    if (href) feeds.push(href);
  });
  const detail =
    feeds.length > 0
      ? ` listing ${feeds.length} feed(s), e.g. ${feeds[0]}; add those feeds as sources instead`
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
        : `top-level keys: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
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
