/**
 * App Store Connect API tokens: a JWT signed with the team's API key (ES256, the .p8 private key),
 * header `{alg: ES256, kid: <key id>, typ: JWT}`, claims `{iss: <issuer id>, iat, exp, aud:
 * appstoreconnect-v1}`; Apple refuses tokens that live longer than 20 minutes, so each lives 15.
 * (https://developer.apple.com/documentation/appstoreconnectapi/generating-tokens-for-api-requests)
 * Errors come as `{errors: [{id, status, code, title, detail}]}`.
 */
import type { KeyObject } from 'node:crypto';
import { privateKeyFrom, signJwt } from '../shared/jwt.js';
import { record } from '../shared/publish-http.js';

const ASC_AUDIENCE = 'appstoreconnect-v1';
/** Apple's maximum is 20 minutes; 15 leaves room for clock skew. */
const ASC_TOKEN_SECONDS = 15 * 60;

export const ASC_KEY_HOW_TO =
  'App Store Connect → Users and Access → Integrations → App Store Connect API → Team Keys → Generate ' +
  'API Key (role Customer Support, App Manager or Admin); copy the Issuer ID and Key ID and download the ' +
  '.p8 file (it downloads once).';

export interface AscKey {
  issuerId: string;
  keyId: string;
  privateKey: KeyObject;
}

/** The team key from the three credentials; an unreadable .p8 is reported without its content. */
export function ascKey(issuerId: string, keyId: string, p8: string): AscKey {
  return { issuerId, keyId, privateKey: privateKeyFrom(p8, 'ES256', 'the privateKey credential (.p8)') };
}

/** A bearer token for the App Store Connect API, valid for 15 minutes from `now`. */
export function ascToken(key: AscKey, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  return signJwt(
    'ES256',
    { kid: key.keyId },
    { iss: key.issuerId, iat, exp: iat + ASC_TOKEN_SECONDS, aud: ASC_AUDIENCE },
    key.privateKey,
  );
}

/** "title: detail" of each error in an App Store Connect error body, or undefined. */
export function ascErrorWords(body: unknown): string | undefined {
  const errors = record(body)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const words = errors
    .map((e) => {
      const r = record(e);
      const title = typeof r?.title === 'string' ? r.title : '';
      const detail = typeof r?.detail === 'string' ? r.detail : '';
      return [title, detail].filter(Boolean).join(': ');
    })
    .filter(Boolean);
  return words.length > 0 ? words.join('; ') : undefined;
}

/** The remaining requests this hour from `X-Rate-Limit: user-hour-lim:3600;user-hour-rem:3599;`. */
export function rateLimitRemaining(header: string | undefined): { limit?: number; remaining?: number } {
  const out: { limit?: number; remaining?: number } = {};
  for (const part of (header ?? '').split(';')) {
    const [name, value] = part.split(':').map((s) => s.trim());
    const n = Number(value);
    if (!Number.isFinite(n)) continue;
    if (name === 'user-hour-lim') out.limit = n;
    if (name === 'user-hour-rem') out.remaining = n;
  }
  return out;
}
