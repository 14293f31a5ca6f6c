/**
 * Canonical URLs: the form two copies of the same link share, so a mention found by two sources
 * (or twice by one) gets one key (DESIGN §4). Only used for keys and comparison; the issue links
 * to the URL as the source gave it.
 *
 * canonicalUrl(url):
 * - undefined unless it parses as an absolute http: or https: URL (scheme is kept: http and https
 *   stay distinct);
 * - WHATWG parsing does the rest of the basics: scheme and host lower-cased, IDN hosts in punycode,
 *   default ports (80/443) dropped, `.`/`..` path segments resolved, an empty path becomes `/`;
 * - a trailing dot on the host is dropped; user name and password are dropped;
 * - the fragment is dropped, unless it names one item on the page (`#post_30`, `#comment-123`: see
 *   {@link itemFragment}); a kept fragment is written after the query;
 * - Google redirect wrappers are unwrapped: `https://www.google.<tld>/url?…&url=<target>` (Google
 *   Alerts; also `q=`) becomes the canonical target (news.google.com article links are left alone);
 * - tracking parameters are dropped (see {@link TRACKING_PARAMS}, {@link TRACKING_PREFIXES},
 *   {@link HOST_TRACKING_PARAMS}; names compared case-insensitively), empty `&&` pairs too;
 * - the remaining query pairs are sorted (plain code-unit order of the whole `name=value` pair,
 *   so repeated names keep a stable order), and an empty `?` is removed;
 * - percent-encoding is normalized in path and query: escapes of unreserved characters
 *   (A–Z a–z 0–9 - . _ ~) are decoded, all other escapes get upper-case hex;
 * - path case and trailing slashes are kept (`/a` and `/a/` can be different pages); the root path
 *   is always `/` (so `https://a.com` and `https://a.com/` are the same).
 *
 * The function is idempotent: canonicalUrl(canonicalUrl(x)) === canonicalUrl(x).
 */

/**
 * Labels that, followed by a number, still only point somewhere on the page: footnotes and
 * references, sections and headings, steps, pages and slides, code lines, WordPress's "read more"
 * jump (`#more-123`, where 123 is the post, not an item). Compared lower-cased, without the
 * trailing `-` or `_` (`#fn-3`, `#section_2`, `#L10`). Not `note`: GitLab's comments are `#note_123`.
 */
export const NAVIGATION_FRAGMENT_LABELS: ReadonlySet<string> = new Set([
  'fn',
  'fnref',
  'footnote',
  'footnoteref',
  'footnote-ref',
  'endnote',
  'ref',
  'cite_note',
  'cite_ref',
  'section',
  'sec',
  'chapter',
  'ch',
  'part',
  'heading',
  'h',
  'toc',
  'step',
  'page',
  'pg',
  'slide',
  'para',
  'paragraph',
  'fig',
  'figure',
  'table',
  'l',
  'line',
  'more',
]);

/** An optional label (a letter, then letters, `_`, `-`) and one run of digits that ends it: `post_30`, `c12345`. */
const ITEM_FRAGMENT = /^([A-Za-z][A-Za-z_-]*)?([0-9]+)$/;
/** A URL fragment's text-fragment directive (`:~:text=…`), which browsers strip from the fragment. */
const FRAGMENT_DIRECTIVE = ':~:';

/**
 * The part of a URL fragment (without `#`) that names one item on the page, or undefined when the
 * fragment is navigation and must be dropped.
 *
 * A fragment names an item when, after dropping a text-fragment directive (`:~:…`), it is an
 * optional label of ASCII letters, `_` and `-` followed by a run of digits that ends it — the
 * shape forums, blogs and trackers give posts and comments: `post_30` (Discourse), `comment-123`
 * and `li-comment-5` (WordPress), `c12345` (Blogger, Bugzilla), `p42` (phpBB), `reply-9`,
 * `issuecomment-123456` and `discussion_r12` (GitHub), `note_77` (GitLab), a bare `4567`. Its label
 * must not be one of {@link NAVIGATION_FRAGMENT_LABELS} (`fn1`, `section-2`, `L10`, `more-123`).
 *
 * Dropped: the empty fragment, words without digits (`comments`, `respond`, `main`, `top`,
 * `content`), text fragments (`:~:text=…`), anything with other characters (`t=30`, `page=2`,
 * `xtor=RSS-3`, `L10-L20`, `ixzz2KXxYz9Ab`), and hex or other non-numeric ids (`comment-4f3a`),
 * which cannot be told from tracking tokens. What is kept is returned as given (without its `#` and
 * its directive).
 */
export function itemFragment(fragment: string): string | undefined {
  const raw = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const directive = raw.indexOf(FRAGMENT_DIRECTIVE);
  const candidate = directive === -1 ? raw : raw.slice(0, directive);
  const m = ITEM_FRAGMENT.exec(candidate);
  if (!m) return undefined;
  const label = (m[1] ?? '').toLowerCase().replace(/[-_]+$/, '');
  return NAVIGATION_FRAGMENT_LABELS.has(label) ? undefined : candidate;
}

/** Query parameters that only track the click and never select content. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // ad and social click ids
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'ysclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'epik',
  'rb_clickid',
  // e-mail campaign tools (Mailchimp, HubSpot, Marketo, Vero, Klaviyo)
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'vero_id',
  'vero_conv',
  '_kx',
  // analytics cross-domain linkers and share referrers
  '_ga',
  '_gl',
  'ref_src',
  'ref_url',
  'oly_anon_id',
  'oly_enc_id',
]);

/** Name prefixes of tracking parameters (`utm_source`, `utm_medium`, … Google Analytics campaigns). */
export const TRACKING_PREFIXES: readonly string[] = ['utm_'];

/** Parameters that are tracking only on some hosts: `si` is a share id on YouTube and Spotify. */
export const HOST_TRACKING_PARAMS: Readonly<Record<string, readonly string[]>> = {
  'youtube.com': ['si'],
  'www.youtube.com': ['si'],
  'm.youtube.com': ['si'],
  'music.youtube.com': ['si'],
  'youtu.be': ['si'],
  'open.spotify.com': ['si'],
};

export function isTrackingParam(name: string, host: string): boolean {
  const n = name.toLowerCase();
  if (TRACKING_PARAMS.has(n)) return true;
  if (TRACKING_PREFIXES.some((p) => n.startsWith(p))) return true;
  return HOST_TRACKING_PARAMS[host]?.includes(n) ?? false;
}

const GOOGLE_HOST = /^(?:www\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/;
/** Nested wrappers unwrapped at most (a longer chain keeps its outer wrappers). */
const MAX_UNWRAP = 5;

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Decodes escapes of unreserved characters; upper-cases the hex of all other escapes. */
export function normalizePercentEncoding(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function unwrapTarget(url: URL): string | undefined {
  if (url.pathname !== '/url' || !GOOGLE_HOST.test(url.hostname)) return undefined;
  const target = url.searchParams.get('url') ?? url.searchParams.get('q');
  return target && /^https?:\/\//i.test(target.trim()) ? target.trim() : undefined;
}

function canonical(input: string, depth: number): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (depth < MAX_UNWRAP) {
    const target = unwrapTarget(url);
    const unwrapped = target !== undefined ? canonical(target, depth + 1) : undefined;
    if (unwrapped) return unwrapped;
  }
  const host = url.host.replace(/\.(?=$|:)/, '');
  const hostname = url.hostname.replace(/\.$/, '');
  const pairs = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .filter((pair) => !isTrackingParam(decodeName(pair.split('=', 1)[0]!), hostname))
    .map(normalizePercentEncoding)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const path = normalizePercentEncoding(url.pathname);
  const item = itemFragment(url.hash);
  const query = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  return `${url.protocol}//${host}${path}${query}${item !== undefined ? `#${item}` : ''}`;
}

/** The canonical form of an http(s) URL, or undefined when it is not one. */
export function canonicalUrl(url: string): string | undefined {
  return canonical(url, 0);
}
