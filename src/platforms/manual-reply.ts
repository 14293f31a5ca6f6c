/** How a person replies where Earshot cannot post: the platform's own `manualReply`, else the item's page. */
import type { MarkerData } from '../record/marker.js';
import type { ManualTarget } from './platform.js';

/** The marker's URL when it is http(s) (a mention's URL is untrusted), else undefined. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** The item's page with one sentence of how to answer there. */
export function onItemPage(marker: MarkerData, how: string): ManualTarget {
  const url = safeHttpUrl(marker.url);
  return { ...(url ? { url } : {}), how };
}
