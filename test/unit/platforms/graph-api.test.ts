import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../src/http/types.js';
import {
  appSecretProof,
  GraphApiError,
  GraphUsage,
  graphBody,
  graphNext,
  isRateLimitCode,
  readUsage,
} from '../../../src/platforms/shared/graph-api.js';

function response(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const text = JSON.stringify(body);
  return {
    status,
    url: 'http://127.0.0.1/x',
    headers,
    notModified: false,
    validators: {},
    bytes: new TextEncoder().encode(text),
    text: () => text,
    json: () => JSON.parse(text) as unknown,
  };
}

describe('Graph API paging', () => {
  const req = {
    url: 'http://127.0.0.1:9/graph/1045/feed?fields=id%2Cmessage&limit=10&since=1740394800',
    headers: { authorization: 'Bearer t' },
  };

  it('time-based paging (feed): until and __paging_token from the next URL, our fields and root kept, never access_token', () => {
    const next = graphNext(req, {
      next: 'https://graph.facebook.com/v27.0/1045/feed?access_token=EAAGsecret&fields=id&limit=10&until=1741100000&__paging_token=enc_X',
    });
    const url = new URL(next?.url ?? '');
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9/graph/1045/feed');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      fields: 'id,message',
      limit: '10',
      since: '1740394800',
      until: '1741100000',
      __paging_token: 'enc_X',
    });
    expect(next?.headers).toEqual({ authorization: 'Bearer t' });
  });

  it('cursor paging: after; no next means the last page', () => {
    expect(
      new URL(graphNext(req, { cursors: { after: 'QQ' }, next: 'not a url' })?.url ?? '').searchParams.get(
        'after',
      ),
    ).toBe('QQ');
    expect(graphNext(req, { cursors: { after: 'QQ' } })).toBeUndefined();
    expect(graphNext(req, undefined)).toBeUndefined();
  });
});

describe('Graph API errors and usage', () => {
  it('names the code, the subcode, the meaning and the trace id', () => {
    const res = response(400, {
      error: {
        message: 'Invalid OAuth access token.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 467,
        fbtrace_id: 'T1',
      },
    });
    expect(() => graphBody(res, 'tags', 'instagram_basic')).toThrow(GraphApiError);
    expect(() => graphBody(res, 'tags', 'instagram_basic')).toThrow(
      'tags: Graph API error 190/467 (HTTP 400): Invalid OAuth access token. — the access token expired or was revoked (subcode 467): make a new one that does not expire (see the credentials steps in docs/sources.md) (fbtrace_id T1)',
    );
    const perm = response(403, {
      error: { message: '(#10) Requires pages_read_user_content permission', code: 10 },
    });
    expect(() => graphBody(perm, 'ratings', 'pages_read_user_content')).toThrow(
      /a permission is missing: the token needs pages_read_user_content/,
    );
    expect(() => graphBody(response(404, 'Not Found'), 'x', 'p')).toThrow('x: HTTP 404');
  });

  it('rate-limit codes: 4, 17, 32, 613 and the Business Use Case range', () => {
    expect([4, 17, 32, 613, 80001, 80002, 80014].every(isRateLimitCode)).toBe(true);
    expect([1, 2, 10, 100, 190, 80015].some(isRateLimitCode)).toBe(false);
  });

  it('reads X-Business-Use-Case-Usage, X-App-Usage and X-Page-Usage; warns at 75 %', () => {
    expect(
      readUsage({
        'x-business-use-case-usage':
          '{"1045":[{"type":"pages","call_count":80,"total_cputime":5,"total_time":9,"estimated_time_to_regain_access":0}]}',
        'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":4}',
      }),
    ).toEqual({ percent: 80, source: 'X-Business-Use-Case-Usage (pages)' });
    expect(readUsage({ 'X-Page-Usage': '{"call_count":3,"total_cputime":91,"total_time":4}' })).toEqual({
      percent: 91,
      source: 'X-Page-Usage',
    });
    expect(readUsage({ 'x-app-usage': 'not json' })).toBeUndefined();
    const usage = new GraphUsage();
    usage.note(response(200, {}, { 'x-app-usage': '{"call_count":40}' }));
    expect(usage.warning()).toBeUndefined();
    usage.note(response(200, {}, { 'x-app-usage': '{"call_count":80}' }));
    expect(usage.warning()).toBe('Meta reports 80% of a rate limit used (X-App-Usage)');
    expect(usage.nearLimit).toBe(false);
  });

  it('appsecret_proof is the HMAC-SHA256 of the token keyed with the app secret', () => {
    // RFC 4231, test case 2 (key "Jefe").
    expect(appSecretProof('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(appSecretProof('token', 'secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(appSecretProof('token', 'other')).not.toBe(appSecretProof('token', 'secret'));
  });
});
