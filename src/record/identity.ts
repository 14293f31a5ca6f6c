/**
 * The stable, global key of a mention (DESIGN §4: never a duplicate). It lives in the issue's
 * hidden marker, so it must be the same on every run, on every shard, for every copy of a mention.
 *
 * Rule, first that applies:
 * 1. `preferUrl` and a canonical URL → `url:<canonical url>`. Feeds and pages set this (their
 *    adapters declare `keyByUrl`): a guid is only unique within one feed and is often just the
 *    link anyway, while the same article found through two feeds must collapse into one issue.
 * 2. The source's own id → `<kind>:<native id>` (`hacker-news:123`,
 *    `mastodon:https://mastodon.social/users/a/statuses/1`). The kind is the prefix, so ids of
 *    different sources never collide.
 * 3. A canonical URL → `url:<canonical url>`: copies of one URL from different sources collapse.
 * 4. Otherwise a content hash → `h:<16 hex>`: sha256 of kind, author, title and text, each
 *    case-folded with whitespace collapsed.
 *
 * Marker safety: a key only contains `A–Z a–z 0–9 : / . _ ~ % ? & = + -`. Any other character is
 * percent-encoded as UTF-8 (`@` → `%40`, space → `%20`); a `%` that does not start an escape
 * becomes `%25` (an existing `%xx` escape is kept, hex upper-cased). No `<`, `>` or `!` can appear,
 * so a key can never open or close an HTML comment. Keys longer than {@link MAX_KEY_LENGTH} keep
 * their first characters and end in `~` plus 16 hex digits of the sha256 of the whole key.
 *
 * A canonical URL may end in an item fragment (`…?page=2#post_30`, src/mentions/canonical-url.ts);
 * its `#` is encoded like any other character (`%23`), so two posts on one page get two keys.
 *
 * All the ids of a mention ({@link mentionIds}): the key first, then the aliases it is also known
 * by, each encoded and capped like the key. Two mentions that share any id are the same mention:
 * - `guid:<source id>:<guid>` — a feed's (`preferUrl`) guid, scoped to the configured source because
 *   a guid is unique only within its feed; it survives a change of the item's link;
 * - `<kind>:<native id>` — an API source's own id (already the key when there is one);
 * - `url:<canonical url>` — for feeds, and for sources whose URL is the item's permalink
 *   (`urlNamesItem`), so the same item found by two sources is one mention;
 * - `x:<post id>` — where that URL is a post on X (twitter.com or x.com, any handle or `i/web`):
 *   the key the `x` source gives the same post, so a feed item that is an X post, the X API's copy
 *   and an old twitter.com link to it are one mention; with its handle, also the URL id of
 *   `https://twitter.com/<handle>/status/<id>`, which issues filed from feeds before carry.
 * The prefixes `url`, `guid` and `h` are not source kinds, so the id kinds never collide.
 */
import { createHash } from 'node:crypto';
import { foldText } from '../mentions/match.js';
import { parsePostUrl } from '../platforms/x/post-url.js';

export const MAX_KEY_LENGTH = 200;

/** The characters a key may contain. */
export const KEY_CHARSET = /^[A-Za-z0-9:/._~%?&=+-]*$/;

export interface MentionKeyInput {
  sourceKind: string;
  nativeId?: string | undefined;
  canonicalUrl?: string | undefined;
  text?: string | undefined;
  title?: string | undefined;
  author?: string | undefined;
  /** Key by the canonical URL even when there is a native id (feeds, pages). */
  preferUrl?: boolean | undefined;
}

const SAFE = /[A-Za-z0-9:/._~?&=+-]/;
/** A string of safe characters only (no `%`, no surrogate): encodes to itself. */
const ALL_SAFE = /^[A-Za-z0-9:/._~?&=+-]*$/;
const encoder = new TextEncoder();

function sha256Hex(s: string, length: number): string {
  return createHash('sha256').update(s, 'utf8').digest('hex').slice(0, length);
}

/** Percent-encodes everything outside the key charset (see the module comment). */
export function encodeKeyPart(s: string): string {
  if (ALL_SAFE.test(s)) return s; // the common case (most URLs and ids), as the loop would give it
  let out = '';
  const chars = Array.from(
    s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (SAFE.test(ch)) {
      out += ch;
    } else if (ch === '%') {
      const hex = `${chars[i + 1] ?? ''}${chars[i + 2] ?? ''}`;
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out += `%${hex.toUpperCase()}`;
        i += 2;
      } else {
        out += '%25';
      }
    } else {
      for (const byte of encoder.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

function capLength(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  const hash = sha256Hex(key, 16);
  let head = key.slice(0, MAX_KEY_LENGTH - hash.length - 1);
  // Do not cut an escape in half.
  const pct = head.lastIndexOf('%');
  if (pct >= head.length - 2) head = head.slice(0, pct);
  return `${head}~${hash}`;
}

function normalizedForHash(s: string | undefined): string {
  return foldText(s ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
}

function kindPart(sourceKind: string): string {
  return encodeKeyPart(sourceKind.trim().toLowerCase()) || 'unknown';
}

/**
 * The id of a canonical URL: `url:<canonical url>`, encoded and capped. For an old issue whose
 * marker holds only the link, `urlId(canonicalUrl(link))` gives the URL id its mention has today.
 */
export function urlId(canonicalUrl: string): string {
  return capLength(`url:${encodeKeyPart(canonicalUrl.trim())}`);
}

/**
 * The id of a feed item's guid, scoped to the configured source: `guid:<source id>:<guid>`, encoded
 * and capped (a `:` in the source id is escaped, so the two parts cannot be confused).
 */
export function guidId(sourceId: string, guid: string): string {
  return capLength(
    `guid:${encodeKeyPart(sourceId.trim()).replace(/:/g, '%3A')}:${encodeKeyPart(guid.trim())}`,
  );
}

export function mentionKey(input: MentionKeyInput): string {
  const kind = kindPart(input.sourceKind);
  const nativeId = input.nativeId?.trim();
  const url = input.canonicalUrl?.trim();
  let key: string;
  if (input.preferUrl && url) key = `url:${encodeKeyPart(url)}`;
  else if (nativeId) key = `${kind}:${encodeKeyPart(nativeId)}`;
  else if (url) key = `url:${encodeKeyPart(url)}`;
  else {
    const content = [
      kind,
      normalizedForHash(input.author),
      normalizedForHash(input.title),
      normalizedForHash(input.text),
    ];
    key = `h:${sha256Hex(content.join('\n'), 16)}`;
  }
  return capLength(key);
}

export interface MentionIdsInput extends MentionKeyInput {
  /** The configured source's id (`sources[].id`): scopes a feed's guid. Without it, no guid id. */
  sourceId?: string | undefined;
  /**
   * The URL is this one item's permalink, so the same canonical URL from another source is the same
   * mention: adds the `url:` id (feeds, `preferUrl`, always have it). Leave it off where items share
   * a URL: all reviews of an app link to one review page; an html item without a link of its own
   * carries the page's URL; a JSON API's link field may point anywhere.
   */
  urlNamesItem?: boolean | undefined;
}

/**
 * Every id a mention is known by (see the module comment): first {@link mentionKey} exactly, so
 * issues filed before ids existed keep matching, then the aliases, without repeats. Deterministic,
 * and every id obeys {@link KEY_CHARSET} and {@link MAX_KEY_LENGTH}.
 *
 * - feed item: `url:https://forum.example.com/t/topic/2144?page=2%23post_30`,
 *   `guid:forum-posts:forum.example.com-post-30`
 * - feed item without a link: `rss:urn:uuid:42`, `guid:blog:urn:uuid:42`
 * - API item: `hacker-news:123` (with `urlNamesItem`, also `url:https://news.ycombinator.com/item?id=123`)
 * - neither id nor URL: `h:<16 hex>` alone
 */
export function mentionIds(input: MentionIdsInput): string[] {
  const ids = [mentionKey(input)];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  const nativeId = input.nativeId?.trim();
  const url = input.canonicalUrl?.trim();
  const sourceId = input.sourceId?.trim();
  if (nativeId) {
    if (!input.preferUrl) add(capLength(`${kindPart(input.sourceKind)}:${encodeKeyPart(nativeId)}`));
    else if (sourceId) add(guidId(sourceId, nativeId));
  }
  if (url && (input.preferUrl || input.urlNamesItem)) {
    add(urlId(url));
    const post = parsePostUrl(url);
    if (post) {
      add(`x:${post.id}`);
      // The address a feed most often gave the post before x.com: issues filed under it (before
      // `x:` ids existed) still match.
      if (post.handle) add(urlId(`https://twitter.com/${post.handle}/status/${post.id}`));
    }
  }
  return ids;
}
