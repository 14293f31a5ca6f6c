/**
 * Signed JSON Web Tokens (JWS compact form) with node:crypto, for the APIs that sign in with a
 * private key instead of a password: Google service accounts (RS256) and App Store Connect API keys
 * (ES256). JWS wants an ECDSA signature as the raw r||s pair (RFC 7518 §3.4), not DER: node signs
 * that way with `dsaEncoding: 'ieee-p1363'`.
 *
 * A private key comes from an environment variable: it is never put in a message, and a key that
 * cannot be read is reported by what it should be, not by what it is.
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';

export type JwtAlgorithm = 'RS256' | 'ES256';

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** `header.claims.signature`, the header carrying `alg` and `typ: JWT` plus the given fields (`kid` …). */
export function signJwt(
  alg: JwtAlgorithm,
  header: Readonly<Record<string, string>>,
  claims: Readonly<Record<string, unknown>>,
  key: KeyObject,
): string {
  const data = `${base64url(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${base64url(JSON.stringify(claims))}`;
  const signature =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(data, 'utf8'), key)
      : sign('sha256', Buffer.from(data, 'utf8'), { key, dsaEncoding: 'ieee-p1363' });
  return `${data}.${signature.toString('base64url')}`;
}

/**
 * A PEM private key as people paste it into a secret: as downloaded, with its line breaks written
 * as `\n`, or base64-encoded whole. Throws an Error naming `what` (never the value) when it is not a
 * private key of the kind the algorithm needs (RSA for RS256, P-256 for ES256).
 */
export function privateKeyFrom(text: string, alg: JwtAlgorithm, what: string): KeyObject {
  let pem = text.trim().replace(/\\n/g, '\n');
  if (!pem.includes('-----BEGIN')) {
    const decoded = Buffer.from(pem.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) pem = decoded.trim();
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(
      `${what} is not a readable PEM private key (paste the whole file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----)`,
    );
  }
  if (alg === 'RS256' && key.asymmetricKeyType !== 'rsa')
    throw new Error(`${what} is not an RSA private key`);
  if (
    alg === 'ES256' &&
    (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
  )
    throw new Error(`${what} is not an elliptic-curve P-256 private key (an App Store Connect .p8 file)`);
  return key;
}
