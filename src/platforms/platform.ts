/**
 * The Platform contract: everything Earshot knows about one place where customers speak, owned by
 * that platform's folder (`src/platforms/<kind>/index.ts`) — its source, its reply publisher, how
 * long a reply may be there and how the platform counts it, what reach is typical, and how a person
 * answers where Earshot cannot. The registry (`./index.ts`) lists the folders; nothing else keeps a
 * per-kind table.
 */
import type { MarkerData } from '../record/marker.js';
import type { Publisher } from './publisher.js';
import type { SourceAdapter, SourceBase } from './source.js';

/** How long a reply may be on the platform, and how the platform counts it. */
export interface ReplyRules {
  /** The longest reply the platform accepts (a playbook's `limits:` overrides it). */
  limit: number;
  /** What `limit` counts: code points ("characters", the default), graphemes, UTF-8 bytes or X's weighted characters. */
  unit?: 'characters' | 'graphemes' | 'bytes' | 'weighted characters';
  /** The platform's own count of a reply (default: code points). */
  measure?(text: string): number;
}

/** Where and how a person replies when Earshot cannot post. */
export interface ManualTarget {
  /** Where a person opens the reply form (or the item). */
  url?: string;
  /** One sentence: how to answer there. */
  how: string;
}

export interface Platform<S extends SourceBase = SourceBase> {
  /** How a sentence names the platform: "Mastodon", "the App Store", "the web". */
  name: string;
  source: SourceAdapter<S>;
  /** Posts an approved reply in place, where the platform's API allows it. */
  publisher?: Publisher<S>;
  reply?: ReplyRules;
  /** A typical (median-ish) author reach here: reach at this value scores 1 in priority. */
  typicalReach?: number;
  /** How a person answers by hand (no write API, or no credentials); default: the item's page. */
  manualReply?(marker: MarkerData): ManualTarget;
}

/** The config entry type a platform's source reads. */
export type SourceOf<P> = P extends Platform<infer S> ? S : never;

/** A platform, checked: its publisher (if any) is for its own kind. Keeps its own source type. */
export function definePlatform<S extends SourceBase>(platform: Platform<S>): Platform<S> {
  if (platform.publisher && platform.publisher.kind !== platform.source.kind) {
    throw new Error(`platform ${platform.source.kind}: its publisher is for ${platform.publisher.kind}`);
  }
  return platform;
}
