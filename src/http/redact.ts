/** URLs as they may appear in messages and logs: credentials in the query or userinfo replaced by "…". */

/** A query parameter name that carries a secret (key, api_key, access_token, client_secret, sig …). */
const SECRET_NAME =
  /(?:^|[^a-z])(?:api|access|private|secret|client|app|subscription)?[_-]?key$|^key$|token|secret|passw|^pwd$|signature|^sig$|^code$|auth(?!or)|credential|session|^jwt$/i;

export function isSecretParam(name: string): boolean {
  return SECRET_NAME.test(name);
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      let name = part.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return isSecretParam(name) && eq < part.length - 1 ? `${part.slice(0, eq)}=…` : part;
    })
    .join('&');
}

/** The URL with secret query values and any user:password replaced by "…"; the fragment dropped. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    // Not a URL: still hide anything that looks like key=value secrets.
    const text = String(url);
    const q = text.indexOf('?');
    return q < 0 ? text : `${text.slice(0, q + 1)}${redactQuery(text.slice(q + 1))}`;
  }
  const auth = parsed.username || parsed.password ? '…@' : '';
  const query = parsed.search ? `?${redactQuery(parsed.search.slice(1))}` : '';
  return `${parsed.protocol}//${auth}${parsed.host}${parsed.pathname}${query}`;
}
