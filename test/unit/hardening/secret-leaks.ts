/**
 * Shared by the secret tests: recognizable credentials, a loopback server that echoes every
 * credential it receives back (Authorization and other headers, the query string, the request body)
 * in its error bodies, one source per credentialed adapter and failure mode, and a grep for every
 * form a secret can take (raw, URL-encoded, JSON-escaped, base64, HTTP Basic).
 */
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { RecordedRequest } from '../../helpers/loopback.js';

/** Fresh private keys (PEM, PKCS #8): a Google service account's RSA key, an App Store Connect .p8. */
const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const EC_PEM = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

/** Environment variable → value. Some values carry characters that get encoded on the way. */
export const SECRETS: Record<string, string> = {
  E_REDDIT_ID: 'S3CR3T-reddit-client-id-6c1e',
  E_REDDIT_SECRET: 'S3CR3T-reddit-secret-9d2f',
  E_MASTODON: 'S3CR3T-mastodon-token-1a7b',
  // An e-mail address as identifier (a handle is public and may be named; an address is not).
  E_BSKY_ID: 'S3CR3T.bsky.user.77e0@example.com',
  E_BSKY_PW: 'S3CR3T-bsky-app-pw-4f4a',
  E_STACK: 'S3CR3T/stack key+=&?9',
  E_GITHUB: 'S3CR3T_ghp_token_5e88aa',
  E_DISCOURSE: 'S3CR3T-discourse-key-0b13',
  E_LEMMY: 'S3CR3T-lemmy-jwt-c0ffee',
  E_YOUTUBE: 'S3CR3T-youtube-key-beef01',
  E_X_BEARER: 'S3CR3T-x-bearer%2Ftoken%3Dab12',
  E_JSON: 'S3CR3T:json/token+x=y&z',
  E_TRUSTPILOT: 'S3CR3T-trustpilot-key-7d7d',
  E_YELP: 'S3CR3T-yelp-key-a11ce5',
  E_TRIPADVISOR: 'S3CR3T-tripadvisor+key=&9',
  E_DEV: 'S3CR3T-dev-api-key-51de',
  E_PRODUCTHUNT: 'S3CR3T-producthunt-token-0ff1',
  E_FACEBOOK: 'S3CR3T-fb-page-token-0fb1',
  E_FACEBOOK_APP: 'S3CR3T-fb-app-secret-0fb2',
  E_INSTAGRAM: 'S3CR3T-ig-token-1601',
  E_INSTAGRAM_APP: 'S3CR3T-ig-app-secret-1602',
  E_GOOGLE_PLAY: JSON.stringify({
    private_key_id: 'S3CR3T-play-key-id-9a9a',
    type: 'service_account',
    client_email: 'earshot@acme-play.iam.gserviceaccount.com',
    private_key: RSA_PEM,
  }),
  E_ASC_ISSUER: 'S3CR3T-asc-issuer-57246542',
  E_ASC_KEY_ID: 'S3CR3T-asc-key-id-2X9R4HXF34',
  E_ASC_KEY: EC_PEM,
  E_GBP_ID: 'S3CR3T-gbp-client-id-4b4b.apps.googleusercontent.com',
  E_GBP_SECRET: 'S3CR3T-gbp-client-secret-5c5c',
  E_GBP_REFRESH: 'S3CR3T-gbp-refresh/token+1//0g',
};

/**
 * Credentials that are never sent as such, only what is derived from them: Reddit's pair as HTTP
 * Basic, an app secret as the appsecret_proof HMAC, a private key as the signature of a JWT (an
 * assertion for Google's token endpoint, a bearer token for App Store Connect; the key id and
 * issuer travel inside that JWT, base64url-encoded).
 */
export const NOT_SENT_AS_IS = [
  'E_REDDIT_ID',
  'E_REDDIT_SECRET',
  'E_FACEBOOK_APP',
  'E_INSTAGRAM_APP',
  'E_GOOGLE_PLAY',
  'E_ASC_ISSUER',
  'E_ASC_KEY_ID',
  'E_ASC_KEY',
];

/** Query and form fields that carry a credential or something derived from one. */
const CREDENTIAL_FIELDS = [
  'access_token',
  'appsecret_proof',
  'assertion',
  'client_id',
  'client_secret',
  'refresh_token',
  'key',
  'token',
];

/**
 * Every credential-like value the server saw: Authorization header values (whole and without the
 * scheme) and the credential fields of query strings and form bodies. JWTs, assertions and
 * appsecret proofs are derived from the secrets, so the grep of SECRETS alone would not see them.
 */
export function seenCredentials(requests: readonly RecordedRequest[]): string[] {
  const seen = new Set<string>();
  for (const req of requests) {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.length > 0) {
      seen.add(auth);
      const token = auth.replace(/^\S+\s+/, '');
      if (token.length >= 16) seen.add(token);
    }
    const query = new URL(req.url, 'http://x').searchParams;
    const form =
      typeof req.body === 'string' && !req.body.startsWith('{') ? new URLSearchParams(req.body) : undefined;
    for (const params of [query, form]) {
      for (const f of CREDENTIAL_FIELDS) {
        const v = params?.get(f);
        if (v && v.length >= 16) seen.add(v);
      }
    }
  }
  return [...seen];
}

/** Failure modes, each a path prefix on the echo server. */
export const MODES = ['401', '500', 'html', 'wrong-json', 'reset', 'echo-item'] as const;
export type Mode = (typeof MODES)[number];

/** Everything the request carried that could be a credential. */
function echo(req: RecordedRequest): Record<string, unknown> {
  const headers: IncomingHttpHeaders = { ...req.headers };
  delete headers.host;
  return { url: req.url, headers, body: req.body };
}

/** The echo server's handler: the first path segment is the mode. */
export function echoHandler(req: RecordedRequest, res: ServerResponse): void {
  const mode = req.url.split('/')[1] as Mode;
  const echoed = echo(req);
  switch (mode) {
    case '401':
    case '500':
      res.writeHead(Number(mode), {
        'content-type': 'application/json',
        'www-authenticate': `Bearer ${String(req.headers.authorization)}`,
      });
      res.end(JSON.stringify({ error: 'denied', message: `rejected ${JSON.stringify(echoed)}`, echoed }));
      return;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body>Bad request ${JSON.stringify(echoed)}</body></html>`);
      return;
    case 'wrong-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          unexpected: echoed,
          error: JSON.stringify(echoed),
          errors: [JSON.stringify(echoed)],
        }),
      );
      return;
    case 'echo-item':
      // A "successful" answer whose items quote the request (a debug or echo endpoint, a hostile API).
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify([
          {
            text: `Acme leaked ${JSON.stringify(echoed)}`,
            title: `Acme ${String(req.headers.authorization)}`,
          },
        ]),
      );
      return;
    case 'reset':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      res.write(`{"partial": ${JSON.stringify(JSON.stringify(echoed))}`);
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    default:
      res.writeHead(404);
      res.end(JSON.stringify(echoed));
  }
}

/** One source per credentialed adapter and mode; `base` is the echo server's URL plus the mode. */
export function secretSources(
  base: (mode: Mode) => string,
  modes: readonly Mode[] = MODES,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const mode of modes) {
    const b = base(mode);
    out.push(
      {
        id: `reddit-${mode}`,
        kind: 'reddit',
        mode: 'api',
        baseUrl: b,
        apiUrl: b,
        credentials: { clientId: 'E_REDDIT_ID', clientSecret: 'E_REDDIT_SECRET' },
      },
      {
        id: `mastodon-${mode}`,
        kind: 'mastodon',
        instance: b,
        search: true,
        credentials: { accessToken: 'E_MASTODON' },
      },
      {
        id: `bluesky-${mode}`,
        kind: 'bluesky',
        service: b,
        credentials: { identifier: 'E_BSKY_ID', appPassword: 'E_BSKY_PW' },
      },
      { id: `stack-${mode}`, kind: 'stack-exchange', baseUrl: b, credentials: { key: 'E_STACK' } },
      {
        id: `github-${mode}`,
        kind: 'github',
        baseUrl: b,
        include: ['issues', 'discussions'],
        credentials: { token: 'E_GITHUB' },
      },
      { id: `discourse-${mode}`, kind: 'discourse', baseUrl: b, credentials: { apiKey: 'E_DISCOURSE' } },
      { id: `lemmy-${mode}`, kind: 'lemmy', instance: b, credentials: { jwt: 'E_LEMMY' } },
      {
        id: `youtube-${mode}`,
        kind: 'youtube',
        baseUrl: b,
        channelId: 'UCacmeCloud0000000000000',
        credentials: { apiKey: 'E_YOUTUBE' },
      },
      {
        id: `trustpilot-${mode}`,
        kind: 'trustpilot',
        baseUrl: b,
        businessUnitId: '5f1a2b3c4d5e6f7a8b9c0d1e',
        credentials: { apiKey: 'E_TRUSTPILOT' },
      },
      {
        id: `yelp-${mode}`,
        kind: 'yelp',
        baseUrl: b,
        businesses: ['acme-cafe'],
        credentials: { apiKey: 'E_YELP' },
      },
      {
        id: `tripadvisor-${mode}`,
        kind: 'tripadvisor',
        baseUrl: b,
        locationIds: ['1234567'],
        credentials: { apiKey: 'E_TRIPADVISOR' },
      },
      { id: `dev-${mode}`, kind: 'dev', baseUrl: b, organization: 'acme', credentials: { apiKey: 'E_DEV' } },
      {
        id: `product-hunt-${mode}`,
        kind: 'product-hunt',
        baseUrl: b,
        topics: ['developer-tools'],
        credentials: { token: 'E_PRODUCTHUNT' },
      },
      {
        id: `facebook-${mode}`,
        kind: 'facebook',
        baseUrl: b,
        pageId: '104512345678901',
        include: ['visitor_posts'],
        credentials: { pageToken: 'E_FACEBOOK', appSecret: 'E_FACEBOOK_APP' },
      },
      {
        id: `instagram-${mode}`,
        kind: 'instagram',
        baseUrl: b,
        igUserId: '17841400000000001',
        include: ['tags'],
        credentials: { accessToken: 'E_INSTAGRAM', appSecret: 'E_INSTAGRAM_APP' },
      },
      {
        id: `google-play-${mode}`,
        kind: 'google-play',
        baseUrl: b,
        tokenUrl: `${b}/token`,
        packageName: 'com.acme.cloud',
        credentials: { serviceAccountKey: 'E_GOOGLE_PLAY' },
      },
      {
        id: `app-store-connect-${mode}`,
        kind: 'app-store-connect',
        baseUrl: b,
        appId: '1444444444',
        credentials: { issuerId: 'E_ASC_ISSUER', keyId: 'E_ASC_KEY_ID', privateKey: 'E_ASC_KEY' },
      },
      {
        id: `google-business-${mode}`,
        kind: 'google-business',
        baseUrl: b,
        tokenUrl: `${b}/token`,
        accountId: '106000000000000000001',
        locationIds: ['4400000000000000001'],
        credentials: {
          oauthClientId: 'E_GBP_ID',
          oauthClientSecret: 'E_GBP_SECRET',
          oauthRefreshToken: 'E_GBP_REFRESH',
        },
      },
      {
        id: `x-${mode}`,
        kind: 'x',
        baseUrl: b,
        userId: '1380420052211306496',
        credentials: { bearerToken: 'E_X_BEARER' },
      },
      {
        id: `json-${mode}`,
        kind: 'json',
        url: `${b}/api/search?token={{token}}&q={{$query}}`,
        headers: { Authorization: 'Bearer {{token}}', 'X-Api-Key': '{{token}}' },
        fields: { text: 'text', title: 'title' },
        credentials: { token: 'E_JSON' },
      },
    );
  }
  return out;
}

/** Every form a secret can take in text: raw, URL-encoded (both ways), JSON-escaped, base64, Basic. */
export function secretForms(): { name: string; form: string }[] {
  const forms: { name: string; form: string }[] = [];
  const add = (name: string, form: string) => {
    if (!forms.some((f) => f.form === form)) forms.push({ name, form });
  };
  for (const [name, value] of Object.entries(SECRETS)) {
    add(name, value);
    add(`${name} (URL-encoded)`, encodeURIComponent(value));
    add(`${name} (form-encoded)`, new URLSearchParams({ x: value }).toString().slice(2));
    add(`${name} (JSON-escaped)`, JSON.stringify(value).slice(1, -1));
    add(`${name} (base64)`, Buffer.from(value).toString('base64'));
  }
  add(
    'Reddit Basic credentials',
    Buffer.from(`${SECRETS.E_REDDIT_ID}:${SECRETS.E_REDDIT_SECRET}`).toString('base64'),
  );
  // A private key (alone or inside a key file) by the lines of its body.
  for (const [name, value] of Object.entries(SECRETS)) {
    const pem = value.includes('{')
      ? String((JSON.parse(value) as { private_key?: string }).private_key ?? '')
      : value;
    const body = /-----BEGIN [A-Z ]*PRIVATE KEY-----\n([\s\S]*?)-----END/.exec(pem)?.[1];
    for (const [i, line] of (body ?? '')
      .split('\n')
      .filter((l) => l.length >= 40)
      .entries())
      add(`${name} (private key line ${i + 1})`, line);
  }
  // The distinctive middle of each value: catches a secret cut or wrapped in a message.
  for (const [name, value] of Object.entries(SECRETS)) add(`${name} (fragment)`, value.slice(7, 20));
  return forms;
}

/** Where each secret form was found in the named texts (empty: no leak). */
export function findLeaks(texts: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const { name, form } of secretForms()) {
      const at = text.indexOf(form);
      if (at >= 0)
        leaks.push(`${name} in ${where}: …${text.slice(Math.max(0, at - 60), at + form.length + 20)}…`);
    }
  }
  return leaks;
}
