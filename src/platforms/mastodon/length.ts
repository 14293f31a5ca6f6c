/**
 * How Mastodon counts a status: 500 characters by default, every URL counts as 23 and a mention
 * `@user@domain` counts as `@user` only (docs.joinmastodon.org, "Posting a new status").
 */
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const MASTODON_MENTION = /@([A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export function mastodonLength(text: string): number {
  const counted = text.replace(URL_PATTERN, 'x'.repeat(23)).replace(MASTODON_MENTION, '@$1');
  return [...counted].length;
}
