/**
 * OAuth 1.0a request signing (HMAC-SHA1, RFC 5849) as X documents it ("Creating a signature",
 * "Authorizing a request"): the signature base string is the method, the URL without query, and
 * every query, form and `oauth_*` parameter percent-encoded and sorted; the key is
 * `consumerSecret&tokenSecret`. A JSON body is not signed (only form bodies are parameters).
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface OAuth1Credentials {
  /** The app's API Key (consumer key). */
  consumerKey: string;
  /** The app's API Key Secret (consumer secret). */
  consumerSecret: string;
  /** The account's Access Token. */
  token: string;
  /** The account's Access Token Secret. */
  tokenSecret: string;
}

/** RFC 3986 percent-encoding: everything but unreserved characters (`A-Z a-z 0-9 - . _ ~`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The signature base string of a request with these parameters (query, form and oauth_*). */
export function signatureBaseString(method: string, url: string, params: Record<string, string>): string {
  const u = new URL(url);
  const all: [string, string][] = [...u.searchParams.entries(), ...Object.entries(params)].map(([k, v]) => [
    percentEncode(k),
    percentEncode(v),
  ]);
  all.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  // The WHATWG URL already lower-cases scheme and host and drops a default port, as the base string wants.
  const base = `${u.protocol}//${u.host}${u.pathname}`;
  return [
    method.toUpperCase(),
    percentEncode(base),
    percentEncode(all.map(([k, v]) => `${k}=${v}`).join('&')),
  ].join('&');
}

export function hmacSignature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`)
    .update(baseString)
    .digest('base64');
}

/**
 * The `Authorization: OAuth …` header for a request. `form` holds the parameters of an
 * `application/x-www-form-urlencoded` body (none for JSON). `nonce` and `timestamp` are for tests.
 */
export function oauth1Header(
  method: string,
  url: string,
  creds: OAuth1Credentials,
  options: { form?: Record<string, string>; nonce?: string; timestamp?: number; now?: Date } = {},
): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: options.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(options.timestamp ?? Math.floor((options.now ?? new Date()).getTime() / 1000)),
    oauth_token: creds.token,
    oauth_version: '1.0',
  };
  const base = signatureBaseString(method, url, { ...options.form, ...oauth });
  oauth.oauth_signature = hmacSignature(base, creds.consumerSecret, creds.tokenSecret);
  return `OAuth ${Object.keys(oauth)
    .sort()
    .map((k) => `${percentEncode(k)}="${percentEncode(oauth[k] ?? '')}"`)
    .join(', ')}`;
}
