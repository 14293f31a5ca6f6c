import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { isSecretParam, redactTokens, redactUrl } from '../../../src/http/redact.js';
import { startLoopback } from '../../helpers/loopback.js';

describe('redactUrl', () => {
  it('hides credential values in the query and keeps the rest', () => {
    expect(
      redactUrl('https://api.test/v1/search?q=acme&key=AIzaSECRET&access_token=tok123&api_key=k&page=2'),
    ).toBe('https://api.test/v1/search?q=acme&key=…&access_token=…&api_key=…&page=2');
    expect(redactUrl('https://x.test/?client_secret=s3&client_id=id&token=t&sig=abc')).toBe(
      'https://x.test/?client_secret=…&client_id=id&token=…&sig=…',
    );
  });

  it('hides user:password and drops the fragment', () => {
    expect(redactUrl('https://user:pass@host.test/feed#top')).toBe('https://…@host.test/feed');
  });

  it('redacts even a string that is not a URL', () => {
    expect(redactUrl('not a url?apikey=zzz&x=1')).toBe('not a url?apikey=…&x=1');
  });

  it('tells secret parameter names from ordinary ones', () => {
    for (const name of [
      'key',
      'apikey',
      'api_key',
      'x-api-key',
      'access_token',
      'refresh_token',
      'client_secret',
      'password',
      'auth',
      'signature',
      'code',
      'sessionid',
    ]) {
      expect(isSecretParam(name), name).toBe(true);
    }
    for (const name of ['q', 'keywords', 'monkey', 'author', 'page', 'client_id', 'sort', 'tagged']) {
      expect(isSecretParam(name), name).toBe(false);
    }
  });
});

describe('redactTokens', () => {
  const token = 'Ma5Tq8ZxW3nK7pLr2vYb9cD4fGh6jS1uE0oIaT';

  it('hides bearer tokens, JWTs, secret JSON fields and secret header echoes', () => {
    expect(redactTokens(`invalid token, got "Bearer ${token}"`)).toBe('invalid token, got "Bearer …"');
    expect(redactTokens('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here')).toBe('jwt … here');
    expect(redactTokens(`{"access_token":"${token}","scope":"read","accessJwt":"x"}`)).toBe(
      '{"access_token":"…","scope":"read","accessJwt":"…"}',
    );
    expect(redactTokens(`{"headers":{"Authorization":"Basic dXNlcjpwYXNz","Accept":"json"}}`)).toBe(
      '{"headers":{"Authorization":"…","Accept":"json"}}',
    );
    expect(redactTokens('Ocp-Apim-Subscription-Key: 0123456789abcdef\nX-Trace: 42')).toBe(
      'Ocp-Apim-Subscription-Key: …\nX-Trace: 42',
    );
  });

  it('leaves ordinary words alone', () => {
    for (const text of [
      'Bearer error: invalid_request',
      'The author: Jane Doe',
      'rate limited, retry later',
      '{"error":"Forbidden","message":"not allowed"}',
    ])
      expect(redactTokens(text)).toBe(text);
  });

  it('an HTTP error quotes a server body scrubbed before it is cut: no prefix of the token survives', async () => {
    const padding = 'x'.repeat(170);
    const server = await startLoopback((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `${padding} got "Bearer ${token}"` }));
    });
    try {
      const error = await createHttpClient()
        .request({ url: `${server.url}/v1/statuses` })
        .then(
          () => new Error('no error'),
          (e: unknown) => e as Error,
        );
      expect(error.message).toMatch(/answered 401/);
      for (let n = 4; n <= token.length; n++) expect(error.message).not.toContain(token.slice(0, n));
    } finally {
      await server.close();
    }
  });
});
