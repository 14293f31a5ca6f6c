/**
 * Google OAuth 2.0 access tokens for the Google APIs Earshot reads and answers on, without an SDK:
 *
 * - Service accounts (Google Play): the JSON key's `client_email` and `private_key` sign a JWT
 *   (RS256; claims `iss`, `scope`, `aud` = the token endpoint, `iat`, `exp` ≤ 1 hour later; header
 *   `kid` = `private_key_id`), exchanged at `POST https://oauth2.googleapis.com/token` with
 *   `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`
 *   (https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
 * - Refresh tokens (Google Business Profile): `grant_type=refresh_token` with the OAuth client's id
 *   and secret (https://developers.google.com/identity/protocols/oauth2/web-server#offline).
 *
 * The answer is `{access_token, expires_in, token_type: "Bearer"}`; a refusal is
 * `{error, error_description}` with HTTP 400 or 401. Tokens are cached for the run (one process),
 * per endpoint, identity and scope, until a minute before they expire. No token, key or secret is
 * ever put in a message.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { redactTokens } from '../../http/redact.js';
import type { HttpClient } from '../../http/types.js';
import { privateKeyFrom, signJwt } from './jwt.js';
import { record } from './publish-http.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most one hour. */
const ASSERTION_SECONDS = 3600;

export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: KeyObject;
  privateKeyId?: string;
}

/** Google refused or could not give a token; `status` is the HTTP status when there was one. */
export class GoogleAuthError extends Error {
  override readonly name = 'GoogleAuthError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * A service account's JSON key as downloaded from the Google Cloud console (or base64-encoded
 * whole, as some people store secrets). Throws a GoogleAuthError that never quotes the value.
 */
export function parseServiceAccountKey(text: string, what = 'the service account key'): ServiceAccountKey {
  let raw = text.trim();
  if (!raw.startsWith('{')) {
    const decoded = Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
    if (decoded.startsWith('{')) raw = decoded;
  }
  let json: Record<string, unknown> | undefined;
  try {
    json = record(JSON.parse(raw));
  } catch {
    json = undefined;
  }
  if (!json)
    throw new GoogleAuthError(
      `${what} is not a JSON key file (Google Cloud console → IAM & Admin → Service accounts → Keys → Add key → JSON: paste the whole file)`,
    );
  if (json.type !== undefined && json.type !== 'service_account')
    throw new GoogleAuthError(`${what} is a "${String(json.type)}" file, not a service account key`);
  const clientEmail = typeof json.client_email === 'string' ? json.client_email : '';
  const pem = typeof json.private_key === 'string' ? json.private_key : '';
  if (!clientEmail || !pem) throw new GoogleAuthError(`${what} has no client_email or private_key`);
  let privateKey: KeyObject;
  try {
    privateKey = privateKeyFrom(pem, 'RS256', `the private_key of ${what}`);
  } catch (error) {
    throw new GoogleAuthError(error instanceof Error ? error.message : String(error));
  }
  return {
    clientEmail,
    privateKey,
    ...(typeof json.private_key_id === 'string' && json.private_key_id
      ? { privateKeyId: json.private_key_id }
      : {}),
  };
}

/** The signed JWT a service account exchanges for an access token. */
function serviceAccountAssertion(key: ServiceAccountKey, scope: string, audience: string, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  return signJwt(
    'RS256',
    key.privateKeyId ? { kid: key.privateKeyId } : {},
    { iss: key.clientEmail, scope, aud: audience, iat, exp: iat + ASSERTION_SECONDS },
    key.privateKey,
  );
}

export type GoogleGrant =
  | { type: 'service-account'; key: ServiceAccountKey; scope: string }
  | { type: 'refresh-token'; clientId: string; clientSecret: string; refreshToken: string };

export interface TokenRequestOptions {
  tokenUrl: string;
  now: Date;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const cache = new Map<string, { token: string; expires: number }>();

/** Forgets every cached token (tests). */
export function forgetGoogleTokens(): void {
  cache.clear();
}

function cacheKey(grant: GoogleGrant, tokenUrl: string): string {
  const who =
    grant.type === 'service-account'
      ? `sa:${grant.key.clientEmail}:${grant.key.privateKeyId ?? ''}:${grant.scope}`
      : `rt:${grant.clientId}:${grant.refreshToken}`;
  return `${tokenUrl}|${createHash('sha256').update(who).digest('hex')}`;
}

const HINTS: Record<string, string> = {
  invalid_grant:
    'the key or refresh token is not valid (revoked, expired, or a clock far off); create a new one',
  invalid_client: 'the OAuth client id or secret is wrong',
  unauthorized_client: 'this client may not use this grant or scope',
  invalid_scope: 'the scope is not allowed for this account',
};

/**
 * An access token for the grant, from the cache or the token endpoint. Throws GoogleAuthError when
 * Google refuses (HTTP 400/401/403, with its `error` and `error_description`), and the HTTP
 * client's HttpError for server errors, rate limits, timeouts and lost answers.
 */
export async function googleAccessToken(
  http: HttpClient,
  grant: GoogleGrant,
  options: TokenRequestOptions,
): Promise<string> {
  const key = cacheKey(grant, options.tokenUrl);
  const cached = cache.get(key);
  if (cached && cached.expires > options.now.getTime()) return cached.token;
  const form =
    grant.type === 'service-account'
      ? new URLSearchParams({
          grant_type: JWT_BEARER,
          assertion: serviceAccountAssertion(grant.key, grant.scope, options.tokenUrl, options.now),
        })
      : new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: grant.clientId,
          client_secret: grant.clientSecret,
          refresh_token: grant.refreshToken,
        });
  const res = await http.request({
    url: options.tokenUrl,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    acceptStatus: (s) => (s >= 200 && s < 300) || s === 400 || s === 401 || s === 403,
    retryPost: true,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let body: Record<string, unknown> | undefined;
  try {
    body = record(res.json());
  } catch {
    body = undefined;
  }
  const token = body?.access_token;
  if (res.status >= 200 && res.status < 300 && typeof token === 'string' && token) {
    const seconds = typeof body?.expires_in === 'number' ? body.expires_in : 3600;
    cache.set(key, { token, expires: options.now.getTime() + Math.max(0, seconds - 60) * 1000 });
    return token;
  }
  const code = typeof body?.error === 'string' ? body.error : '';
  const description = typeof body?.error_description === 'string' ? body.error_description : '';
  const words = redactTokens([code, description].filter(Boolean).join(': ')).slice(0, 200);
  const who =
    grant.type === 'service-account' ? `the service account ${grant.key.clientEmail}` : 'the refresh token';
  const hint = HINTS[code];
  throw new GoogleAuthError(
    res.status >= 200 && res.status < 300
      ? `Google's token endpoint answered without an access_token for ${who}`
      : `Google refused an access token for ${who} (HTTP ${res.status}${words ? `: ${words}` : ''})${hint ? `: ${hint}` : ''}`,
    res.status,
  );
}
