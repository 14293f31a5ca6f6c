/**
 * The one normalized shape every source's items become (DESIGN §1: sources → normalize).
 * Everything in a Mention came from the internet and is untrusted: render it only through
 * src/issue/render.ts, which neutralizes it.
 */

export const CATEGORIES = ['complaint', 'compliment', 'question', 'neutral'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a source adapter's pure parser returns: one item as the source described it. */
export interface RawItem {
  /** The source's own stable id for the item (guid, post id, status id …), when it has one. */
  id?: string;
  /** Link to the item where a person can read it (and, usually, reply). */
  url?: string;
  /** Plain text, entities decoded (normalize() never strips or decodes it again). */
  title?: string;
  /**
   * Plain text: the adapter flattens fields that are HTML, once, and hands plain fields over as
   * written (`<stdin>` is text, not a tag). May be empty when only a title exists.
   */
  text: string;
  /** Plain text. */
  author?: string;
  authorUrl?: string;
  /** The author's reach as the source reports it: followers, karma, subscribers … */
  reach?: number;
  /** The post's own engagement: points, likes, score, replies … */
  engagement?: number;
  /** ISO 8601 publication time, when the source gives one. */
  published?: string;
  /** Star rating 1–5 for review sources (app stores); feeds severity. */
  rating?: number;
  /** Language tag when the source reports one. */
  lang?: string;
  /** Whatever a reply publisher needs to answer in place (status id, post uri+cid, topic id …). */
  replyTo?: Record<string, string>;
}

/** A normalized mention. Built by normalize() in src/mentions/normalize.ts. */
export interface Mention {
  /** Stable, global key: `<kind>:<native id>` or `url:<canonical url>` (src/record/identity.ts). */
  key: string;
  /**
   * Every id the mention is known by, the key first, then its aliases (a feed's guid scoped to its
   * source, its canonical URL …: mentionIds() in src/record/identity.ts). Two mentions sharing any id
   * are the same mention.
   */
  ids: string[];
  /** The configured source's id (config `sources[].id`). */
  sourceId: string;
  /** The adapter kind (`rss`, `hacker-news` …). */
  sourceKind: string;
  nativeId?: string;
  url?: string;
  canonicalUrl?: string;
  title: string;
  text: string;
  author: string;
  authorUrl?: string;
  authorReach?: number;
  engagement?: number;
  rating?: number;
  lang?: string;
  /** ISO 8601. Falls back to the fetch time when the source gives none (`publishedEstimated`). */
  published: string;
  publishedEstimated?: boolean;
  fetched: string;
  replyTo?: Record<string, string>;
}
