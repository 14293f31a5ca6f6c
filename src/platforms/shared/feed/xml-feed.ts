/**
 * RSS 0.9x / 1.0 (RDF) / 1.1 / 2.0 and Atom 0.3 / 1.0 → RawItems, from the forgiving DOM.
 *
 * Elements are matched by local name (so `<atom:feed>`, `<rdf:RDF>`, `<rss:item>` work) and, where
 * a local name is ambiguous (`slash:comments` vs RSS `<comments>`), by namespace or conventional
 * prefix. Every item is read on its own: a bad date, link or element costs that item a field (or
 * the item), with a warning that names it — never the rest of the feed.
 */
import { DomUtils } from 'htmlparser2';
import type { RawItem } from '../../../mentions/mention.js';
import { parseFeedDate } from './dates.js';
import {
  cleanAuthor,
  isRedditUrl,
  stripPublisherSuffix,
  stripRedditFooter,
  unwrapGoogleRedirect,
} from './quirks.js';
import { cap, flattenNodes, htmlToText, localName, plainTitle, tidy } from './text.js';
import { type FeedKind, type FeedLimits, itemLabel, type Warnings } from './types.js';
import {
  attr,
  baseOf,
  childElements,
  type DomElement,
  descendants,
  hasElementChildren,
  isComplete,
  kid,
  kids,
  langOf,
  NS,
  namespaceOf,
  nsKid,
  prefixOf,
  resolveHttpUrl,
  textOf,
  type XmlDoc,
} from './xml.js';

export interface XmlFeed {
  kind: Exclude<FeedKind, 'json-feed'>;
  format: string;
  title: string;
  link?: string;
  items: RawItem[];
  /** Item elements found (complete or not), to compare with the strict parser. */
  itemElements: number;
}

interface Ctx {
  source: string;
  /** Base for relative links: the document URL (http/https) or, failing that, the channel link. */
  base: string | undefined;
  atom: boolean;
  limits: FeedLimits;
  warnings: Warnings;
  feedLang: string | undefined;
  feedAuthor: string | undefined;
}

const ROOTS = new Set(['rss', 'feed', 'rdf', 'channel']);

export function findFeedRoot(doc: XmlDoc): DomElement | undefined {
  return DomUtils.findOne((el) => ROOTS.has(localName(el)), doc.children, true) ?? undefined;
}

function isHttp(url: string | undefined): boolean {
  return !!url && /^https?:\/\//i.test(url);
}

/** A child that is not a Media RSS element (media:title, media:description, media:content). */
function plainKid(el: DomElement, ...names: string[]): DomElement | undefined {
  return kids(el, ...names).find((k) => prefixOf(k).toLowerCase() !== 'media' && namespaceOf(k) !== NS.media);
}

function mediaKid(el: DomElement, name: string): DomElement | undefined {
  const direct = nsKid(el, NS.media, name, 'media');
  if (direct) return direct;
  const group = nsKid(el, NS.media, 'group', 'media');
  return group ? nsKid(group, NS.media, name, 'media') : undefined;
}

/**
 * The text of a title or body element, honouring Atom's `type` (text / html / xhtml) and Atom 0.3's
 * `mode` (escaped / xml / base64). RSS has no type: its descriptions are HTML by convention and its
 * titles are flattened only when they carry markup.
 */
function readText(el: DomElement, role: 'title' | 'body', atom: boolean): string {
  const type = (attr(el, 'type') ?? '').trim().toLowerCase();
  const mode = (attr(el, 'mode') ?? '').trim().toLowerCase();
  let out: string;
  if (type === 'xhtml' || type.endsWith('xhtml+xml') || mode === 'xml' || hasElementChildren(el)) {
    out = flattenNodes(el.children);
  } else {
    let raw = textOf(el);
    if (mode === 'base64') {
      try {
        raw = Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8');
      } catch {
        raw = '';
      }
    }
    const html = type === 'html' || type === 'text/html' || (mode === 'escaped' && type !== 'text/plain');
    const text = type === 'text' || type === 'text/plain' || (atom && type === '');
    if (html) out = htmlToText(raw);
    else if (text) out = tidy(raw);
    else out = role === 'title' ? plainTitle(raw) : htmlToText(raw);
  }
  return role === 'title' ? out.replace(/\s+/g, ' ').trim() : out;
}

function atomLink(el: DomElement, ctx: Ctx): { url?: string; rejected?: string } {
  const orig = nsKid(el, NS.feedburner, 'origlink', 'feedburner');
  const origUrl = orig ? resolveHttpUrl(textOf(orig), baseOf(orig, ctx.base)) : undefined;
  if (origUrl) return { url: origUrl };
  const links = kids(el, 'link').map((l) => ({
    el: l,
    rel: (attr(l, 'rel') ?? 'alternate').trim().toLowerCase(),
    type: (attr(l, 'type') ?? '').trim().toLowerCase(),
    href: attr(l, 'href') ?? textOf(l),
  }));
  const alternate = links.filter((l) => l.rel === 'alternate' || l.rel.endsWith('/relation/alternate'));
  const ordered = [
    ...alternate.filter((l) => l.type === '' || l.type.includes('html')),
    ...alternate,
    ...links.filter((l) => l.rel === 'related' || l.rel === 'via'),
  ];
  let rejected: string | undefined;
  for (const l of ordered) {
    if (!l.href.trim()) continue;
    const url = resolveHttpUrl(l.href, baseOf(l.el, ctx.base));
    if (url) return { url };
    rejected ??= l.href.trim();
  }
  return rejected ? { rejected } : {};
}

function rssLink(el: DomElement, ctx: Ctx): { url?: string; rejected?: string } {
  const candidates: { ref: string; at: DomElement }[] = [];
  const orig = nsKid(el, NS.feedburner, 'origlink', 'feedburner');
  if (orig) candidates.push({ ref: textOf(orig), at: orig });
  for (const l of kids(el, 'link')) {
    const href = attr(l, 'href');
    if (href !== undefined) {
      const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
      if (rel === 'alternate') candidates.push({ ref: href, at: l });
    } else {
      candidates.push({ ref: textOf(l), at: l });
    }
  }
  const guid = kid(el, 'guid');
  if (guid && (attr(guid, 'isPermaLink') ?? 'true').trim().toLowerCase() !== 'false') {
    const g = textOf(guid).trim();
    if (/^https?:\/\//i.test(g)) candidates.push({ ref: g, at: guid });
  }
  const about = el.attribs['rdf:about'] ?? el.attribs.about;
  if (about) candidates.push({ ref: about, at: el });
  let rejected: string | undefined;
  for (const c of candidates) {
    if (!c.ref.trim()) continue;
    const url = resolveHttpUrl(c.ref, baseOf(c.at, ctx.base));
    if (url) return { url };
    rejected ??= c.ref.trim();
  }
  return rejected ? { rejected } : {};
}

function itemId(el: DomElement, ctx: Ctx): string | undefined {
  const idEl = ctx.atom ? kid(el, 'id') : kid(el, 'guid');
  let id = idEl ? textOf(idEl).trim() : '';
  if (!id && !ctx.atom) id = (el.attribs['rdf:about'] ?? el.attribs.about ?? '').trim();
  if (!id && ctx.atom) {
    const guid = kid(el, 'guid');
    if (guid) id = textOf(guid).trim();
  }
  if (!id) return undefined;
  return id.length > 1000 ? id.slice(0, 1000) : id;
}

function personOf(el: DomElement | undefined): { name?: string; url?: string } {
  if (!el) return {};
  const nameEl = kid(el, 'name');
  if (nameEl || kid(el, 'uri') || kid(el, 'email')) {
    const name =
      cleanAuthor(nameEl ? textOf(nameEl) : undefined) ?? cleanAuthor(textOf(kid(el, 'email') ?? el));
    const uriEl = kid(el, 'uri') ?? kid(el, 'url');
    const url = uriEl ? resolveHttpUrl(textOf(uriEl), baseOf(uriEl, undefined)) : undefined;
    return { ...(name ? { name } : {}), ...(url ? { url } : {}) };
  }
  const name = cleanAuthor(textOf(el));
  return name ? { name } : {};
}

function authorOf(el: DomElement, ctx: Ctx): { name?: string; url?: string } {
  const atomAuthor = kids(el, 'author').find((a) => kid(a, 'name') !== undefined);
  if (atomAuthor) {
    const p = personOf(atomAuthor);
    if (p.name) return p;
  }
  const creator = kid(el, 'creator');
  if (creator) {
    const name = cleanAuthor(textOf(creator));
    if (name) return { name };
  }
  for (const a of kids(el, 'author')) {
    const p = personOf(a);
    if (p.name) return p;
  }
  if (ctx.atom) {
    const source = kid(el, 'source');
    const sourceAuthor = source ? personOf(kid(source, 'author')) : {};
    if (sourceAuthor.name) return sourceAuthor;
  }
  return ctx.feedAuthor ? { name: ctx.feedAuthor } : {};
}

const DATE_FIELDS = ['pubdate', 'published', 'issued', 'date', 'created', 'updated', 'modified'];

function dateOf(el: DomElement, label: () => string, ctx: Ctx): string | undefined {
  const bad: string[] = [];
  for (const name of DATE_FIELDS) {
    for (const d of kids(el, name)) {
      const raw = textOf(d).trim();
      if (!raw) continue;
      const parsed = parseFeedDate(raw);
      if (parsed.ok) {
        if (bad.length > 0) ctx.warnings.add(`${label()}: ${bad.join('; ')}; used <${d.name}> instead`);
        return parsed.iso;
      }
      bad.push(`invalid date ${JSON.stringify(raw.slice(0, 60))} in <${d.name}> (${parsed.reason})`);
    }
  }
  if (bad.length > 0) ctx.warnings.add(`${label()}: ${bad.join('; ')}; kept without a date`);
  return undefined;
}

function bodyOf(el: DomElement, ctx: Ctx): string {
  const candidates: (DomElement | undefined)[] = [
    nsKid(el, NS.content, 'encoded', 'content') ?? kid(el, 'encoded'),
  ];
  const content = plainKid(el, 'content');
  if (content && attr(content, 'src') === undefined) candidates.push(content);
  candidates.push(plainKid(el, 'description'), plainKid(el, 'summary'), mediaKid(el, 'description'));
  for (const c of candidates) {
    if (!c) continue;
    const text = readText(c, 'body', ctx.atom || namespaceOf(c) === NS.atom10);
    if (text) return text;
  }
  return '';
}

function intOf(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number.parseInt(s.replace(/[\s,]/g, ''), 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** YouTube views, WordPress `slash:comments`, Atom threading `thr:total`. */
function engagementOf(el: DomElement): number | undefined {
  const community = mediaKid(el, 'community');
  const stats = community ? nsKid(community, NS.media, 'statistics', 'media') : undefined;
  const views = stats ? intOf(attr(stats, 'views')) : undefined;
  if (views !== undefined) return views;
  const slash = nsKid(el, NS.slash, 'comments', 'slash');
  const comments = slash ? intOf(textOf(slash)) : undefined;
  if (comments !== undefined) return comments;
  const thr = nsKid(el, NS.thr, 'total', 'thr');
  return thr ? intOf(textOf(thr)) : undefined;
}

function readItem(el: DomElement, index: number, ctx: Ctx): RawItem | undefined {
  const titleEl = plainKid(el, 'title');
  let title = titleEl ? readText(titleEl, 'title', ctx.atom || namespaceOf(titleEl) === NS.atom10) : '';
  const label = () => itemLabel(index, title);

  if (!isComplete(el, ctx.source)) {
    ctx.warnings.add(`${label()}: cut off by the end of the document; dropped`);
    return undefined;
  }

  const link = ctx.atom ? atomLink(el, ctx) : rssLink(el, ctx);
  let url = link.url;
  if (!url && link.rejected) {
    ctx.warnings.add(
      `${label()}: link ${JSON.stringify(link.rejected.slice(0, 100))} is not an http(s) URL; kept without a link`,
    );
  }
  if (url) url = unwrapGoogleRedirect(url);
  if (url && url.length > 4096) {
    ctx.warnings.add(`${label()}: link longer than 4096 characters; kept without a link`);
    url = undefined;
  }

  const id = itemId(el, ctx);
  let text = bodyOf(el, ctx);
  const author = authorOf(el, ctx);
  let authorName = author.name;

  // Google News (and any aggregator using RSS <source>): the publisher.
  const source = ctx.atom ? undefined : plainKid(el, 'source');
  const publisher = source && !hasElementChildren(source) ? tidy(textOf(source)) : '';
  if (publisher) {
    title = stripPublisherSuffix(title, publisher);
    // Google News descriptions are "<a>Headline</a>&nbsp;&nbsp;<font>Publisher</font>".
    text = stripPublisherSuffix(text, publisher, [' ', '\n']);
    authorName ??= publisher;
  }
  if (isRedditUrl(url)) text = stripRedditFooter(text);

  if (!url && !id && !title && !text) {
    ctx.warnings.add(`${label()}: no link, id, title or text; dropped`);
    return undefined;
  }

  if (title.length > ctx.limits.maxTitleChars) title = cap(title, ctx.limits.maxTitleChars);
  if (text.length > ctx.limits.maxTextChars) {
    ctx.warnings.add(`${label()}: text longer than ${ctx.limits.maxTextChars} characters; cut`);
    text = cap(text, ctx.limits.maxTextChars);
  }

  const published = dateOf(el, label, ctx);
  const engagement = engagementOf(el);
  const lang = langOf(el) ?? ctx.feedLang;

  const item: RawItem = { text };
  if (id) item.id = id;
  if (url) item.url = url;
  if (title) item.title = title;
  if (authorName) item.author = authorName;
  if (author.url) item.authorUrl = author.url;
  if (engagement !== undefined) item.engagement = engagement;
  if (published) item.published = published;
  if (lang) item.lang = lang.slice(0, 35);
  return item;
}

function feedFormat(root: DomElement): { kind: XmlFeed['kind']; format: string; atom: boolean } {
  const name = localName(root);
  const ns = namespaceOf(root);
  if (name === 'feed') {
    const v03 = ns === NS.atom03 || (attr(root, 'version') ?? '').trim() === '0.3';
    return { kind: 'atom', format: v03 ? 'Atom 0.3' : 'Atom 1.0', atom: true };
  }
  if (name === 'rdf') {
    const channel = kid(root, 'channel');
    const v090 =
      (channel && namespaceOf(channel) === NS.rss09) || Object.values(root.attribs).includes(NS.rss09);
    return { kind: 'rdf', format: v090 ? 'RSS 0.90 (RDF)' : 'RSS 1.0 (RDF)', atom: false };
  }
  if (name === 'channel') {
    return ns === NS.rss11
      ? { kind: 'rdf', format: 'RSS 1.1', atom: false }
      : { kind: 'rss', format: 'RSS (no <rss> root)', atom: false };
  }
  const version = (attr(root, 'version') ?? '').trim();
  return { kind: 'rss', format: version ? `RSS ${version}` : 'RSS (no version)', atom: false };
}

export function readXmlFeed(
  doc: XmlDoc,
  root: DomElement,
  options: { url: string; limits: FeedLimits; warnings: Warnings },
): XmlFeed {
  const { kind, format, atom } = feedFormat(root);
  const { warnings, limits } = options;
  let channel: DomElement = root;
  if (kind !== 'atom' && localName(root) !== 'channel') {
    const c = kid(root, 'channel');
    if (c) channel = c;
    else warnings.add(`no <channel> element: read the feed's title and items under <${root.name}> directly`);
  }

  const docUrl = isHttp(options.url) ? options.url : undefined;
  // Feed title and link.
  const titleEl = plainKid(channel, 'title') ?? (channel === root ? undefined : plainKid(root, 'title'));
  const title = titleEl ? cap(readText(titleEl, 'title', atom), limits.maxTitleChars) : '';
  let link: string | undefined;
  const probe: Ctx = {
    source: doc.source,
    base: docUrl,
    atom,
    limits,
    warnings,
    feedLang: undefined,
    feedAuthor: undefined,
  };
  link = (atom ? atomLink(channel, probe) : rssLink(channel, probe)).url;
  if (!link && !atom) {
    // <atom:link rel="alternate"> in an RSS channel
    link = atomLink(channel, probe).url;
  }

  const langEl = kid(channel, 'language');
  const feedLang = langOf(channel) ?? (langEl ? textOf(langEl).trim() || undefined : undefined);
  const feedAuthor = atom ? personOf(kid(channel, 'author')).name : undefined;

  const ctx: Ctx = {
    ...probe,
    base: docUrl ?? link,
    feedLang,
    feedAuthor,
  };

  const elements = descendants(root, atom ? 'entry' : 'item');
  if (elements.length > limits.maxItems) {
    warnings.add(`${elements.length} items: only the first ${limits.maxItems} were read`);
  }
  const items: RawItem[] = [];
  elements.slice(0, limits.maxItems).forEach((el, i) => {
    const item = readItem(el, i, ctx);
    if (item) items.push(item);
  });
  if (elements.length === 0 && childElements(channel).length === 0) warnings.add('the feed has no items');
  return { kind, format, title, ...(link ? { link } : {}), items, itemElements: elements.length };
}
