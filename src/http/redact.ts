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

/** A credential, header or JSON name whose value is a secret (isSecretParam, plus JWTs and Authorization). */
export function isSecretName(name: string): boolean {
  return isSecretParam(name) || /jwt$|^(?:proxy-)?authorization$/i.test(name);
}

const TOKEN_CHARS = '[A-Za-z0-9._~+/=-]';
const AUTH_SCHEME = new RegExp(`\\b(Bearer|Basic|Digest|OAuth)(\\s+)(${TOKEN_CHARS}{8,})`, 'gi');
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const JSON_FIELD = /"([A-Za-z][\w.-]{0,60})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;
const HEADER_FIELD = /\b([A-Za-z][\w-]{0,60})(\s*[:=]\s*)([^\s"',;&<>]{6,})/g;

/**
 * Credentials a server may echo in an error body, by their shape (for tokens Earshot does not know
 * by value, such as a session token a publisher obtained a moment ago): `Bearer …` and other
 * authorization schemes, JWTs, JSON fields and `Name: value` / `name=value` pairs whose name says
 * secret (`"access_token": "…"`, `Ocp-Apim-Subscription-Key: …`). Each value becomes `…`. Run it
 * on the whole text before cutting it short.
 */
export function redactTokens(text: string): string {
  return text
    .replace(AUTH_SCHEME, (whole, scheme: string, space: string, token: string) =>
      /[0-9._~+/=-]/.test(token) || token.length >= 20 ? `${scheme}${space}…` : whole,
    )
    .replace(JWT, '…')
    .replace(JSON_FIELD, (whole, name: string, colon: string) =>
      isSecretName(name) ? `"${name}"${colon}"…"` : whole,
    )
    .replace(HEADER_FIELD, (whole, name: string, sep: string, value: string) =>
      isSecretName(name) && value !== '…' ? `${name}${sep}…` : whole,
    );
}
