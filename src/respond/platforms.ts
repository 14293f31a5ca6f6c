/** Display names of source kinds, and how a person replies where Earshot cannot. */
import type { MarkerData } from '../record/marker.js';

const NAMES: Readonly<Record<string, string>> = {
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  github: 'GitHub',
  discourse: 'the forum',
  lemmy: 'Lemmy',
  'hacker-news': 'Hacker News',
  'stack-exchange': 'Stack Exchange',
  'app-store': 'the App Store',
  youtube: 'YouTube',
  rss: 'the web',
  html: 'the web',
  json: 'the web',
  'json-feed': 'the web',
};

export function platformName(kind: string): string {
  return NAMES[kind] ?? kind;
}

export interface ManualTarget {
  /** Where a person opens the reply form (or the item). */
  url?: string;
  /** One sentence: how to answer there. */
  how: string;
}

function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** For sources without a write API (or without credentials): where and how a person replies. */
export function manualTarget(marker: MarkerData): ManualTarget {
  const r = marker.replyTo ?? {};
  const url = safeHttpUrl(marker.url);
  switch (marker.kind) {
    case 'hacker-news':
      return r.itemId && /^\d+$/.test(r.itemId)
        ? {
            url: `https://news.ycombinator.com/reply?id=${r.itemId}`,
            how: 'Hacker News has no write API: sign in and paste the text into the reply form.',
          }
        : { ...(url ? { url } : {}), how: 'Hacker News has no write API: reply on the item page.' };
    case 'app-store':
      return {
        ...(r.appId && /^\d+$/.test(r.appId)
          ? {
              url: `https://appstoreconnect.apple.com/apps/${r.appId}/distribution/activity/ios/ratingsResponses`,
            }
          : {}),
        how: 'Answer the review in App Store Connect → Ratings and Reviews (a developer response is public).',
      };
    case 'stack-exchange':
      return {
        ...(url ? { url } : {}),
        how: 'Post an answer or a comment on the question page (comments need 50 reputation).',
      };
    case 'youtube':
      return {
        ...(url ? { url } : {}),
        how: 'Reply under the comment on YouTube, signed in as your channel.',
      };
    default:
      return {
        ...(url ? { url } : {}),
        how: `Earshot cannot post on ${platformName(marker.kind)}: reply where it was said, or by email if the author gave one.`,
      };
  }
}
