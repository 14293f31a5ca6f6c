/**
 * A post's web address on X, both ways: the one the `x` source writes, and the post id in any
 * address a post has had (`twitter.com` or `x.com`, with `www.`, `mobile.` or `m.`, under its
 * author's handle or `i/web`: handles change, the id does not). Imported by the record's identity
 * (src/record/identity.ts), so it imports nothing.
 */

/** The web address of a post: https://x.com/<username>/status/<id> (i/web/status without a username). */
export function postUrl(id: string, user?: string): string {
  return user ? `https://x.com/${user}/status/${id}` : `https://x.com/i/web/status/${id}`;
}

const POST_URL =
  /^https?:\/\/(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com\/(?:i\/web|([A-Za-z0-9_]{1,15}))\/status(?:es)?\/([0-9]{1,19})(?:[/?#]|%23|$)/i;

/** The post a URL names, with the handle it is under (none for `i/web` and `i`). */
export function parsePostUrl(url: string): { id: string; handle?: string } | undefined {
  const match = POST_URL.exec(url);
  if (!match) return undefined;
  const [, handle, id] = match;
  return handle && !/^i$/i.test(handle) ? { id: id as string, handle } : { id: id as string };
}
