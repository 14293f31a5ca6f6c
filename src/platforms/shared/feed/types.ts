import type { RawItem } from '../../../mentions/mention.js';

export type FeedKind = 'rss' | 'atom' | 'rdf' | 'json-feed';

export interface FeedInput {
  body: Uint8Array | string;
  /** Where the feed came from (resolves relative links). A file: URL is fine. */
  url: string;
  contentType?: string;
}

export interface FeedResult {
  kind: FeedKind;
  /** "RSS 2.0", "Atom 1.0", "RSS 1.0 (RDF)", "JSON Feed 1.1" … */
  format: string;
  title: string;
  link?: string;
  items: RawItem[];
  /** Per-item and per-feed problems that did not stop the reading. */
  warnings: string[];
  /** True when the feed was not well-formed and the tolerant pass had to recover it. */
  recovered: boolean;
  /** The text encoding used (see src/http/decode.ts). */
  encoding: string;
}

export interface FeedLimits {
  /** Items kept per feed; the rest are dropped with a warning. */
  maxItems: number;
  /** Characters of an item's text. */
  maxTextChars: number;
  maxTitleChars: number;
  /** Bytes (or characters) of the whole body. */
  maxBodyBytes: number;
  /** Warnings kept per feed (then one "… and N more"). */
  maxWarnings: number;
}

export const DEFAULT_LIMITS: FeedLimits = {
  maxItems: 5000,
  maxTextChars: 20_000,
  maxTitleChars: 1_000,
  maxBodyBytes: 32 * 1024 * 1024,
  maxWarnings: 100,
};

/** Collects warnings with a cap, so a feed of 5,000 broken items does not flood the log. */
export class Warnings {
  readonly list: string[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(message: string): void {
    if (this.list.length < this.max) this.list.push(message);
    else this.dropped++;
  }
  done(): string[] {
    return this.dropped > 0 ? [...this.list, `… and ${this.dropped} more warning(s)`] : this.list;
  }
}

/** "item 3 ("Acme launches…")" — how warnings name an item. */
export function itemLabel(index: number, title: string | undefined): string {
  const t = (title ?? '').replace(/\s+/g, ' ').trim();
  if (!t) return `item ${index + 1}`;
  return `item ${index + 1} ("${t.length > 60 ? `${t.slice(0, 57)}…` : t}")`;
}
