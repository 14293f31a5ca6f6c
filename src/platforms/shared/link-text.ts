/**
 * Links whose visible text a service shortened (Hacker News `…/issues...`, Bluesky
 * `drive.google.com/file/d/1rpor...`): the reader should get the full address, which the markup or
 * the facets still carry.
 */

/** The address without scheme and `www.`: what clients show of it. */
function bare(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^www\./i, '');
}

/** An absolute http(s) URL, else undefined. */
export function httpUrl(uri: string | undefined): string | undefined {
  if (!uri || !URL.canParse(uri)) return undefined;
  const protocol = new URL(uri).protocol;
  return protocol === 'http:' || protocol === 'https:' ? uri : undefined;
}

/**
 * True when `display` is the address `href` as shown, possibly shortened: without its scheme or
 * `www.`, cut and ending in `...` or `…` (`github.com/acme/x/issues...` for
 * `https://github.com/acme/x/issues/57`). Other words (`the docs`, `@acme`) are not.
 */
export function showsUrl(display: string, href: string): boolean {
  const shown = bare(display.trim().replace(/(?:\.\.\.|…)$/u, ''));
  return shown.length > 0 && bare(href).startsWith(shown);
}
