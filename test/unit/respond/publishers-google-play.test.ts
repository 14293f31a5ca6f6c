/**
 * The Google Play publisher against a loopback stand-in of the Reply to Reviews API: the token
 * request (a JWT signed by the service account, checked with its public key), the reply request
 * as documented (POST …/reviews/{reviewId}:reply {replyText}), refusals and lost answers.
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { googlePlayPlatform } from '../../../src/platforms/google-play/index.js';
import { googlePlayPublisher } from '../../../src/platforms/google-play/publisher.js';
import { type GooglePlaySource, googlePlaySchema } from '../../../src/platforms/google-play/source.js';
import type { PublishRequest } from '../../../src/platforms/publisher.js';
import { forgetGoogleTokens } from '../../../src/platforms/shared/google-auth.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { sendJson } from '../../helpers/loopback.js';
import { jsonFixture, modeServer } from '../../helpers/mode-server.js';
import { publishFailure, publishRequest } from '../../helpers/publish-request.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const REVIEW = 'gp:AOqpTOGAcme0000000000000000000000000000000000000000001';
const ACCESS = 'ya29.c.AcmeTestAccessToken0000000000000000';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_JSON = JSON.stringify({
  type: 'service_account',
  private_key_id: 'acmekey0001',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  client_email: 'earshot-reviews@acme-play.iam.gserviceaccount.com',
});
const json = (path: string) => jsonFixture(`publishers/google-play/${path}`);

type Mode = 'ok' | 'too-long' | 'forbidden' | 'drop' | 'no-token';

describe('Google Play publisher', () => {
  const api = modeServer<Mode>(
    'ok',
    (mode, req, res) => {
      if (req.url === '/token') {
        if (mode === 'no-token')
          return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
        return sendJson(res, 200, json('token.json'));
      }
      if (mode === 'drop') return void res.destroy();
      if (mode === 'too-long') return sendJson(res, 400, json('error-too-long.json'));
      if (mode === 'forbidden')
        return sendJson(res, 403, {
          error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' },
        });
      return sendJson(res, 200, json('reply.json'));
    },
    forgetGoogleTokens,
  );

  function request(
    text: string,
    over: { env?: Record<string, string>; marker?: Partial<MarkerData> } = {},
  ): PublishRequest<GooglePlaySource> {
    const source = googlePlaySchema.parse({
      id: 'play',
      kind: 'google-play',
      packageName: 'com.acme.cloud',
      baseUrl: api.server.url,
      tokenUrl: `${api.server.url}/token`,
      credentials: { serviceAccountKey: 'PLAY_SA' },
    });
    const env = over.env ?? { PLAY_SA: KEY_JSON };
    return publishRequest({
      text,
      marker: {
        key: `google-play:${REVIEW}`,
        source: 'play',
        kind: 'google-play',
        url: `https://play.google.com/store/apps/details?id=com.acme.cloud&reviewId=${encodeURIComponent(REVIEW)}`,
        author: 'Mira Okafor',
        replyTo: { packageName: 'com.acme.cloud', reviewId: REVIEW },
        ...over.marker,
      } as MarkerData,
      source,
      env,
      now: NOW,
    });
  }

  const failure = (req: PublishRequest<GooglePlaySource>) => publishFailure(googlePlayPublisher, req);

  it('signs in as the service account and posts {replyText} to …/reviews/{reviewId}:reply', async () => {
    const text =
      'Thanks for flagging this about AcmeCloud (google-play); we are on it and will follow up. — the Acme team';
    const result = await googlePlayPublisher.publish(request(text));
    expect(result).toEqual({
      url: `https://play.google.com/store/apps/details?id=com.acme.cloud&reviewId=${encodeURIComponent(REVIEW)}`,
      id: REVIEW,
    });
    const [token, reply] = api.server.requests;
    const assertion = new URLSearchParams(token?.body ?? '').get('assertion') ?? '';
    const [h, c, s] = assertion.split('.');
    expect(verify('sha256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s ?? '', 'base64url'))).toBe(
      true,
    );
    expect(JSON.parse(Buffer.from(c ?? '', 'base64url').toString('utf8'))).toMatchObject({
      scope: 'https://www.googleapis.com/auth/androidpublisher',
      aud: `${api.server.url}/token`,
    });
    expect(reply?.method).toBe('POST');
    expect(reply?.url).toBe(
      `/androidpublisher/v3/applications/com.acme.cloud/reviews/${encodeURIComponent(REVIEW)}:reply`,
    );
    expect(reply?.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(reply?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply?.body ?? '{}')).toEqual({ replyText: text });
  });

  it('allows 350 characters, as the reviews.reply reference says', () => {
    expect(googlePlayPlatform.reply?.limit).toBe(350);
  });

  it('check(): refuses without a review id or the key, naming the variable', () => {
    expect(googlePlayPublisher.check(request('x'))).toBeUndefined();
    expect(googlePlayPublisher.check(request('x', { marker: { replyTo: {} } }))).toMatch(
      /no Google Play review id/,
    );
    expect(googlePlayPublisher.check(request('x', { env: {} }))).toBe(
      'replying on Google Play needs the credential serviceAccountKey (the environment variable PLAY_SA is empty)',
    );
  });

  it("a refusal carries Google's words and is not ambiguous; a refused token posts nothing", async () => {
    api.mode = 'too-long';
    const long = await failure(request('x'));
    expect(long.message).toContain(
      'Google Play answered HTTP 400 to posting the reply: "Reply text is too long."',
    );
    expect(long.ambiguous).toBe(false);
    api.mode = 'forbidden';
    expect((await failure(request('x'))).message).toMatch(/Users and permissions/);
    forgetGoogleTokens();
    api.mode = 'no-token';
    const before = api.server.requests.length;
    const refused = await failure(request('x'));
    expect(refused.ambiguous).toBe(false);
    expect(refused.message).toContain('invalid_grant: Invalid JWT Signature.');
    expect(refused.message).not.toMatch(/PRIVATE KEY|eyJ/);
    expect(api.server.requests.slice(before).every((r) => r.url === '/token')).toBe(true);
  });

  it('a lost answer to the reply is ambiguous (the reply may be there)', async () => {
    api.mode = 'drop';
    const lost = await failure(request('x'));
    expect(lost.ambiguous).toBe(true);
    expect(lost.message).toMatch(/may have been posted anyway/);
    expect(lost.message).not.toContain(ACCESS);
  });

  it('a bad key is reported without its content', async () => {
    const e = await failure(
      request('x', {
        env: { PLAY_SA: '{"type":"service_account","client_email":"a@b","private_key":"s3cr3t"}' },
      }),
    );
    expect(e.ambiguous).toBe(false);
    expect(e.message).toMatch(/not a readable PEM private key/);
    expect(e.message).not.toContain('s3cr3t');
    expect(api.server.requests).toHaveLength(0);
  });
});
