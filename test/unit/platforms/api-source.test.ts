import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError, SourceError } from '../../../src/errors.js';
import type { HttpRequest, HttpResponse } from '../../../src/http/types.js';
import { hackerNewsAdapter } from '../../../src/platforms/hacker-news/source.js';
import { decodeEntities, htmlToText } from '../../../src/platforms/shared/api-html-text.js';
import {
  apiUrl,
  credentialSpec,
  isoOrUndefined,
  meteredHttp,
  missingCredentialMessage,
  newerIso,
  redact,
  requestStart,
  sourceFailure,
  termsFor,
  ValidatorJar,
  validEntries,
  validEntry,
  windowStart,
} from '../../../src/platforms/shared/api-source.js';
import { apiContext, NOW } from './api-context.js';

describe('isoOrUndefined', () => {
  it('normalizes real times, with or without a zone', () => {
    expect(isoOrUndefined('2026-02-28T10:00:00Z')).toBe('2026-02-28T10:00:00.000Z');
    expect(isoOrUndefined('2024-02-29T23:30:00+02:00')).toBe('2024-02-29T21:30:00.000Z');
    expect(isoOrUndefined('Mon, 10 Mar 2025 11:00:00 GMT')).toBe('2025-03-10T11:00:00.000Z');
  });

  it('refuses a written date that names no day instead of rolling it over into a real one', () => {
    expect(isoOrUndefined('2026-02-31T10:00:00Z')).toBeUndefined();
    expect(isoOrUndefined('2025-02-29')).toBeUndefined();
    expect(isoOrUndefined('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(isoOrUndefined('2026-04-31 12:00:00')).toBeUndefined();
    expect(isoOrUndefined('not a date')).toBeUndefined();
  });
});

describe('htmlToText', () => {
  it('turns blocks into lines, decodes entities, drops scripts', () => {
    expect(htmlToText('<p>One &amp; two</p><p>Three<br>four</p><script>alert(1)</script>')).toBe(
      'One & two\n\nThree\nfour',
    );
    expect(htmlToText('<ul><li>a</li><li>b</li></ul>')).toBe('a\nb');
    expect(htmlToText('Ask HN text<p>second paragraph')).toBe('Ask HN text\n\nsecond paragraph');
    expect(htmlToText('<a href="x">@<span>acme</span></a>   said\n\n hi')).toBe('@acme said hi');
    expect(htmlToText(null)).toBe('');
    expect(decodeEntities('Tom &amp; Jerry&#39;s &lt;3')).toBe("Tom & Jerry's <3");
  });

  it('gives a link whose text is its own address shortened the full href, and keeps other link words', () => {
    const hn =
      'see <a href="https:&#x2F;&#x2F;example.com&#x2F;a&#x2F;very&#x2F;long&#x2F;path?x=1" rel="nofollow">https:&#x2F;&#x2F;example.com&#x2F;a&#x2F;very&#x2F;...</a> now';
    expect(htmlToText(hn)).toBe('see https://example.com/a/very/long/path?x=1 now');
    expect(htmlToText('<a href="https://acme.example/docs">the docs</a>')).toBe('the docs');
    expect(htmlToText('<a href="https://m.example/@acme">@<span>acme</span></a>')).toBe('@acme');
    expect(htmlToText('<a href="/relative/path">relative...</a>')).toBe('relative...');
    expect(htmlToText('<a href="javascript:alert(1)">javascript:alert...</a>')).toBe('javascript:alert...');
    // an unclosed <a>, or one cut by a block, still gives its text
    expect(htmlToText('<p><a href="https://x.example/abc">x.example/a...</p><p>next')).toBe(
      'https://x.example/abc\n\nnext',
    );
    expect(htmlToText('tail <a href="https://x.example/abc">x.example/ab...')).toBe(
      'tail https://x.example/abc',
    );
  });
});

describe('time window and cursor', () => {
  const ctx = (since?: string) =>
    apiContext(hackerNewsAdapter, {}, since ? { cursor: { since }, lookbackDays: 7 } : { lookbackDays: 7 });

  it('starts at the look-back window on a first run', () => {
    expect(windowStart(ctx()).toISOString()).toBe('2025-03-03T12:00:00.000Z');
  });

  it('starts at the look-back window whatever the cursor says: an item indexed late is still read', () => {
    expect(windowStart(ctx('2025-03-10T11:00:00Z')).toISOString()).toBe('2025-03-03T12:00:00.000Z');
    expect(windowStart(ctx('2024-01-01T00:00:00Z')).toISOString()).toBe('2025-03-03T12:00:00.000Z');
    expect(windowStart(ctx('not a date')).toISOString()).toBe('2025-03-03T12:00:00.000Z');
  });

  it('keeps from exactly lookbackDays before now (the cut the scan applies), not a rounded time', () => {
    const at = (now: string) => apiContext(hackerNewsAdapter, {}, { now: new Date(now), lookbackDays: 7 });
    expect(windowStart(at('2025-03-10T12:34:56.789Z')).toISOString()).toBe('2025-03-03T12:34:56.789Z');
  });

  it('asks from the window start rounded down to the UTC day: one request start all day, the next day the next', () => {
    const at = (now: string) => apiContext(hackerNewsAdapter, {}, { now: new Date(now), lookbackDays: 7 });
    for (const now of [
      '2025-03-10T00:00:00.000Z',
      '2025-03-10T12:00:00Z',
      '2025-03-10T13:00:00Z',
      '2025-03-10T23:59:59.999Z',
    ]) {
      expect(requestStart(at(now)).toISOString()).toBe('2025-03-03T00:00:00.000Z');
      expect(requestStart(at(now)).getTime()).toBeLessThanOrEqual(windowStart(at(now)).getTime());
    }
    expect(requestStart(at('2025-03-11T00:00:00Z')).toISOString()).toBe('2025-03-04T00:00:00.000Z');
    // Whatever the cursor says, like the window.
    expect(requestStart(ctx('2025-03-10T11:00:00Z')).toISOString()).toBe('2025-03-03T00:00:00.000Z');
  });

  it('keeps the newest time and never moves the cursor past now', () => {
    expect(newerIso('2025-03-10T10:00:00Z', '2025-03-10T09:00:00Z', NOW)).toBe('2025-03-10T10:00:00.000Z');
    expect(newerIso(undefined, '2030-01-01T00:00:00Z', NOW)).toBe(NOW.toISOString());
    expect(newerIso(undefined, undefined, NOW)).toBeUndefined();
  });

  it('takes the source query, else the context terms de-duplicated and bounded', () => {
    const c = apiContext(
      hackerNewsAdapter,
      {},
      { searchTerms: ['Acme', 'acme', ' AcmeCloud ', '', 'Acme CLI'] },
    );
    expect(termsFor(c, undefined, 2)).toEqual(['Acme', 'AcmeCloud']);
    expect(termsFor(c, 'custom', 2)).toEqual(['custom']);
  });
});

describe('http plumbing', () => {
  it('applies the source timeout and size cap, and counts requests and bytes', async () => {
    const seen: HttpRequest[] = [];
    const fake = {
      async request(req: HttpRequest): Promise<HttpResponse> {
        seen.push(req);
        const bytes = new TextEncoder().encode('{"ok":true}');
        return {
          status: 200,
          url: req.url,
          headers: {},
          notModified: false,
          validators: {},
          bytes,
          text: () => '{"ok":true}',
          json: () => ({ ok: true }),
        };
      },
    };
    const ctx = apiContext(hackerNewsAdapter, {}, { http: fake });
    const http = meteredHttp(ctx, { timeoutMs: 1234, maxBytes: 4096 });
    await http.request({ url: 'http://127.0.0.1/a' });
    await http.request({ url: 'http://127.0.0.1/b', timeoutMs: 50 });
    expect(seen.map((r) => [r.timeoutMs, r.maxBytes])).toEqual([
      [1234, 4096],
      [50, 4096],
    ]);
    expect(http.requests).toBe(2);
    expect(http.bytes).toBe(22);
  });

  it('keeps only the validators of URLs requested this run', () => {
    const jar = new ValidatorJar({ 'http://x/old': { etag: '"1"' }, 'http://x/a': { etag: '"2"' } });
    expect(jar.get('http://x/a')).toEqual({ etag: '"2"' });
    jar.keep('http://x/a', { etag: '"3"' });
    jar.keep('http://x/b', {});
    expect(jar.toCursor()).toEqual({ 'http://x/a': { etag: '"3"' } });
    expect(new ValidatorJar(undefined).toCursor()).toBeUndefined();
  });

  it('builds URLs with repeated array parameters and skips undefined ones', () => {
    expect(apiUrl('http://h/api/', '/p', { a: 1, b: undefined, c: ['x', 'y'], d: false })).toBe(
      'http://h/api/p?a=1&c=x&c=y&d=false',
    );
  });
});

describe('failures and secrets', () => {
  it('removes secret values and well-known secret query parameters', () => {
    expect(redact('GET https://a/x?key=AIza123&q=acme failed', [])).toBe(
      'GET https://a/x?key=***&q=acme failed',
    );
    expect(redact('token abcd-efgh leaked', ['abcd-efgh'])).toBe('token *** leaked');
    expect(redact('short ab', ['ab'])).toBe('short ab');
  });

  it('explains HTTP failures and never keeps a cause that carries a secret', () => {
    const ctx = apiContext(hackerNewsAdapter, {});
    const withKey = new HttpError(
      'https://a/x?api_key=s3cr3t-value answered 503',
      'https://a/x',
      503,
      'status',
    );
    const error = sourceFailure('T', ctx, withKey, ['s3cr3t-value']);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toBe('T: https://a/x?api_key=*** answered 503');
    expect(error.cause).toBeUndefined();
    const limited = sourceFailure('T', ctx, new HttpError('u answered 429', 'u', 429, 'status'));
    expect(limited.message).toMatch(/rate limited/);
    expect(limited.cause).toBeInstanceOf(HttpError);
    const refused = sourceFailure('T', ctx, new HttpError('u answered 401', 'u', 401, 'status'), [], {
      auth: 'check X',
    });
    expect(refused.message).toBe('T: u answered 401: access was refused — check X');
  });

  it('says where a missing credential should come from', () => {
    const help = { name: 'apiKey', env: 'SOME_KEY', howTo: 'Get one there.' };
    const unnamed = apiContext(hackerNewsAdapter, {});
    const expression = ['$', '{{ secrets.SOME_KEY }}'].join('');
    expect(missingCredentialMessage('T', unnamed, help)).toBe(
      'T needs the credential "apiKey": add `credentials: { apiKey: SOME_KEY }` to source "hacker-news-test" and ' +
        `set the environment variable SOME_KEY (in a workflow: \`env: SOME_KEY: ${expression}\`). Get one there.`,
    );
    const named = apiContext(hackerNewsAdapter, { credentials: { apiKey: 'MY_VAR' } });
    expect(missingCredentialMessage('T', named, help)).toMatch(
      /maps it to the environment variable MY_VAR, which is empty/,
    );
  });
});

describe('validEntry', () => {
  const schema = z.object({ id: z.string(), rating: z.number().optional() });

  it('returns a valid entry as the schema reads it and adds no warning', () => {
    const warnings: string[] = [];
    expect(validEntry(schema, { id: 'r1', rating: 4, extra: true }, warnings, 'review 0', 'review')).toEqual({
      id: 'r1',
      rating: 4,
    });
    expect(warnings).toEqual([]);
  });

  it('skips an invalid entry with a warning naming the first field zod refused, else what it is', () => {
    const warnings: string[] = [];
    expect(validEntry(schema, { id: 'r2', rating: 'five' }, warnings, 'review 3', 'review')).toBeUndefined();
    expect(validEntry(schema, 'not an object', warnings, 'comment 1 of abc', 'comment')).toBeUndefined();
    expect(warnings).toEqual([
      'review 3 skipped: rating is not valid',
      'comment 1 of abc skipped: comment is not valid',
    ]);
  });

  it('keeps the valid entries of a list in order and names each skipped one by its index', () => {
    const warnings: string[] = [];
    const list = [{ id: 'a' }, { rating: 2 }, { id: 'c', rating: 5 }, null];
    expect(validEntries(list, schema, warnings, 'review')).toEqual([{ id: 'a' }, { id: 'c', rating: 5 }]);
    expect(warnings).toEqual(['review 1 skipped: id is not valid', 'review 3 skipped: review is not valid']);
  });
});

describe('credentialSpec', () => {
  const help = { name: 'apiKey', env: 'ACME_API_KEY', howTo: 'Create one under Settings → API.' };

  it('takes the name from the help and puts what the credential is before how to get it', () => {
    expect(credentialSpec(help, 'An Acme API key, sent as a bearer token.')).toEqual({
      name: 'apiKey',
      required: true,
      description: 'An Acme API key, sent as a bearer token. Create one under Settings → API.',
    });
    expect(credentialSpec(help, '', false)).toEqual({
      name: 'apiKey',
      required: false,
      description: 'Create one under Settings → API.',
    });
  });
});
