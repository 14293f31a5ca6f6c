import { describe, expect, it } from 'vitest';
import { isSecretParam, redactUrl } from '../../../src/http/redact.js';

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
