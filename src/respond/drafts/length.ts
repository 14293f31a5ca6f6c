/**
 * How long a reply is, counted the way its platform counts, and how long it may be there. Each
 * platform's folder owns its rules (`reply` in src/platforms/<kind>/index.ts: Bluesky counts
 * graphemes, Mastodon counts every URL as 23); kinds without rules count code points.
 */
import { platformFor } from '../../platforms/index.js';

export function measure(kind: string, text: string): number {
  const rules = platformFor(kind)?.reply;
  return rules?.measure ? rules.measure(text) : [...text].length;
}

export function limitFor(kind: string, overrides?: Readonly<Record<string, number>>): number | undefined {
  return overrides?.[kind] ?? platformFor(kind)?.reply?.limit;
}

/** The unit a platform counts in, for messages ("300 graphemes"). */
export function unitFor(kind: string): string {
  return platformFor(kind)?.reply?.unit ?? 'characters';
}
