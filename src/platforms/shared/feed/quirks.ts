/**
 * Publisher quirks, applied to every feed (they are recognised by shape, not by configuration):
 *
 * - Google Alerts: entry links are `https://www.google.com/url?rct=j&sa=t&url=<target>&ct=ga…`
 *   redirects → unwrapped to the target; titles are `type="html"` with `<b>` around the match
 *   (flattened by the generic title handling).
 * - Google News: items carry `<source url="…">Publisher</source>` and titles end with
 *   " - Publisher" → the suffix is dropped and the publisher becomes the author when there is none.
 *   The link (a news.google.com redirect) is kept: it is the only stable link Google gives.
 * - Reddit: authors are `/u/name`, and the HTML ends with "submitted by /u/name [link] [comments]".
 * - RSS `<author>` is an e-mail with the name in parentheses: "jane@example.com (Jane Doe)".
 */

const GOOGLE_HOST = /^(?:www\.)?google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** `https://www.google.com/url?…&url=https://target` → `https://target`; other URLs unchanged. */
export function unwrapGoogleRedirect(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (!GOOGLE_HOST.test(url.hostname) || url.pathname !== '/url') return link;
  const target = url.searchParams.get('url') ?? url.searchParams.get('q');
  if (!target) return link;
  try {
    const t = new URL(target);
    return t.protocol === 'http:' || t.protocol === 'https:' ? t.href : link;
  } catch {
    return link;
  }
}

/** "Headline - Publisher" → "Headline" when the suffix is exactly the publisher's name. */
export function stripPublisherSuffix(
  title: string,
  publisher: string,
  separators = [' - ', ' – ', ' — ', ' | '],
): string {
  const p = publisher.trim();
  if (!p) return title;
  for (const sep of separators) {
    const suffix = `${sep}${p}`;
    if (title.length > suffix.length && title.toLowerCase().endsWith(suffix.toLowerCase())) {
      return title.slice(0, title.length - suffix.length).trim();
    }
  }
  return title;
}

const EMAIL = /[^\s@()<>,;]+@[^\s@()<>,;]+\.[^\s@()<>,;]+/;

/** An author field as a display name: e-mails dropped, `/u/name` → `u/name`. */
export function cleanAuthor(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  // Names are short; the cap also keeps the e-mail patterns below from backtracking on junk.
  let s = raw.slice(0, 300).replace(/\s+/g, ' ').trim();
  // "jane@example.com (Jane Doe)"
  const emailThenName = new RegExp(`^${EMAIL.source}\\s*\\(([^()]+)\\)$`).exec(s);
  if (emailThenName) s = emailThenName[1]!.trim();
  // "Jane Doe (jane@example.com)" / "Jane Doe <jane@example.com>" / "mailto:"
  s = s
    .replace(new RegExp(`\\s*\\(\\s*(?:mailto:)?${EMAIL.source}\\s*\\)`, 'g'), '')
    .replace(new RegExp(`\\s*<\\s*(?:mailto:)?${EMAIL.source}\\s*>`, 'g'), '')
    .trim();
  // a bare e-mail: keep the part before @, never the address
  const bare = new RegExp(`^(?:mailto:)?(${EMAIL.source})$`).exec(s);
  if (bare) s = bare[1]!.split('@')[0]!;
  // Reddit
  s = s.replace(/^\/(u|user)\//i, 'u/');
  s = s.trim();
  if (!s) return undefined;
  return s.length > 200 ? s.slice(0, 200) : s;
}

/** Reddit's feed HTML ends with "submitted by /u/x [link] [comments]": not part of the post. */
export function stripRedditFooter(text: string): string {
  return text.replace(/\s*submitted by\s+\/?u\/[\w-]+\s*(?:\[link\])?\s*(?:\[comments\])?\s*$/i, '').trim();
}

export function isRedditUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return /(^|\.)reddit\.com$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
