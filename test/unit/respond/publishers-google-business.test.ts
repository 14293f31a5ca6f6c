/**
 * The Google Business Profile publisher against a loopback stand-in: the refresh grant, the reply
 * as documented (PUT /v4/{review name}/reply {comment}), the 4,096-byte limit, refusals and lost
 * answers.
 */
import { describe, expect, it } from 'vitest';
import { googleBusinessPlatform } from '../../../src/platforms/google-business/index.js';
import { googleBusinessPublisher } from '../../../src/platforms/google-business/publisher.js';
import {
  type GoogleBusinessSource,
  googleBusinessSchema,
} from '../../../src/platforms/google-business/source.js';
import type { PublishRequest } from '../../../src/platforms/publisher.js';
import { forgetGoogleTokens } from '../../../src/platforms/shared/google-auth.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { measure, unitFor } from '../../../src/respond/drafts/length.js';
import { sendJson } from '../../helpers/loopback.js';
import { jsonFixture, modeServer } from '../../helpers/mode-server.js';
import { publishFailure, publishRequest } from '../../helpers/publish-request.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const NAME = 'accounts/106000000000000000001/locations/4400000000000000001/reviews/AbFvOqmAcme0001';
const ACCESS = 'ya29.a0AcmeBusinessAccessToken000000000000';
const ENV = { GBP_CLIENT: 'client-id', GBP_SECRET: 'GOCSPX-secret', GBP_REFRESH: '1//0gRefresh' };
const json = (path: string) => jsonFixture(`publishers/google-business/${path}`);

type Mode = 'ok' | 'forbidden' | 'quota' | 'drop' | 'revoked';

describe('Google Business Profile publisher', () => {
  const api = modeServer<Mode>(
    'ok',
    (mode, req, res) => {
      if (req.url === '/token') {
        if (mode === 'revoked')
          return sendJson(res, 400, {
            error: 'invalid_grant',
            error_description: 'Token has been expired or revoked.',
          });
        return sendJson(res, 200, json('token.json'));
      }
      if (mode === 'drop') return void res.destroy();
      if (mode === 'forbidden') return sendJson(res, 403, json('error-permission.json'));
      if (mode === 'quota')
        return sendJson(res, 429, {
          error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' },
        });
      return sendJson(res, 200, json('reply.json'));
    },
    forgetGoogleTokens,
  );

  function request(
    text: string,
    over: { env?: Record<string, string>; marker?: Partial<MarkerData>; placeId?: string } = {},
  ): PublishRequest<GoogleBusinessSource> {
    const source = googleBusinessSchema.parse({
      id: 'store',
      kind: 'google-business',
      accountId: '106000000000000000001',
      locationIds: ['4400000000000000001'],
      baseUrl: api.server.url,
      tokenUrl: `${api.server.url}/token`,
      ...(over.placeId ? { placeId: over.placeId } : {}),
      credentials: {
        oauthClientId: 'GBP_CLIENT',
        oauthClientSecret: 'GBP_SECRET',
        oauthRefreshToken: 'GBP_REFRESH',
      },
    });
    const env: Record<string, string> = over.env ?? ENV;
    return publishRequest({
      text,
      marker: {
        key: 'google-business:AbFvOqmAcme0001',
        source: 'store',
        kind: 'google-business',
        url: 'https://business.google.com/reviews',
        author: 'Mira Okafor',
        replyTo: { name: NAME, reviewId: 'AbFvOqmAcme0001' },
        ...over.marker,
      } as MarkerData,
      source,
      env,
      now: NOW,
    });
  }

  const failure = (req: PublishRequest<GoogleBusinessSource>) => publishFailure(googleBusinessPublisher, req);

  it('refreshes the token, then PUTs {comment} to /v4/{review name}/reply', async () => {
    const text = 'Thanks for flagging this about AcmeCloud (google-business); we are on it. — the Acme team';
    const result = await googleBusinessPublisher.publish(
      request(text, { placeId: 'ChIJAcmeStore0000000000' }),
    );
    expect(result).toEqual({
      url: 'https://search.google.com/local/reviews?placeid=ChIJAcmeStore0000000000',
      id: `${NAME}/reply`,
    });
    const [token, reply] = api.server.requests;
    expect(Object.fromEntries(new URLSearchParams(token?.body ?? ''))).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-id',
      client_secret: 'GOCSPX-secret',
      refresh_token: '1//0gRefresh',
    });
    expect(reply?.method).toBe('PUT');
    expect(reply?.url).toBe(`/v4/${NAME}/reply`);
    expect(reply?.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(JSON.parse(reply?.body ?? '{}')).toEqual({ comment: text });
  });

  it('counts replies in UTF-8 bytes against the documented 4,096', () => {
    expect(googleBusinessPlatform.reply?.limit).toBe(4096);
    expect(unitFor('google-business')).toBe('bytes');
    // 18 characters; ö takes 2 bytes and — 3.
    expect(measure('google-business', 'Danke schön — Acme')).toBe(21);
  });

  it('check(): refuses without a review name or credentials', () => {
    expect(googleBusinessPublisher.check(request('x'))).toBeUndefined();
    expect(
      googleBusinessPublisher.check(request('x', { marker: { replyTo: { name: '../../admin' } } })),
    ).toMatch(/names no Google Business Profile review/);
    expect(googleBusinessPublisher.check(request('x', { env: { GBP_CLIENT: 'c' } }))).toBe(
      'replying on Google Business Profile needs the credentials oauthClientSecret (the environment variable GBP_SECRET is empty), oauthRefreshToken (the environment variable GBP_REFRESH is empty)',
    );
  });

  it("refusals carry Google's words and are not ambiguous; quota 0 is explained", async () => {
    api.mode = 'forbidden';
    const forbidden = await failure(request('x'));
    expect(forbidden.message).toContain(
      'HTTP 403 to posting the reply: "The caller does not have permission"',
    );
    expect(forbidden.message).toMatch(/owner or manager/);
    expect(forbidden.ambiguous).toBe(false);
    api.mode = 'quota';
    expect((await failure(request('x'))).message).toMatch(/access is not approved yet \(quota 0\)/);
    forgetGoogleTokens();
    api.mode = 'revoked';
    const revoked = await failure(request('x'));
    expect(revoked.ambiguous).toBe(false);
    expect(revoked.message).toContain('invalid_grant: Token has been expired or revoked.');
    expect(revoked.message).not.toMatch(/GOCSPX-secret|1\/\/0gRefresh/);
  });

  it('a lost answer is ambiguous and carries no token', async () => {
    api.mode = 'drop';
    const lost = await failure(request('x'));
    expect(lost.ambiguous).toBe(true);
    expect(lost.message).toMatch(/may have been posted anyway/);
    expect(lost.message).not.toContain(ACCESS);
  });
});
