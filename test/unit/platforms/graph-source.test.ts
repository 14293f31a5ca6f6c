import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import type { HttpResponse } from '../../../src/http/types.js';
import { facebookAdapter } from '../../../src/platforms/facebook/source.js';
import { appSecretProof } from '../../../src/platforms/shared/graph-api.js';
import { graphSession } from '../../../src/platforms/shared/graph-source.js';
import type { FetchResult } from '../../../src/platforms/source.js';
import { apiContext } from './api-context.js';

const HELP = { name: 'pageToken', env: 'FB_TOKEN', howTo: 'Make a Page token.' };
const ENTRY = {
  pageId: '100000000000001',
  baseUrl: 'https://graph.test/v27.0',
  credentials: { pageToken: 'FB_TOKEN', appSecret: 'FB_SECRET' },
};
const result = (warnings: string[]): FetchResult => ({ items: [], cursor: {}, warnings });
const answer = (headers: Record<string, string>) => ({ status: 200, headers }) as unknown as HttpResponse;

describe('graphSession', () => {
  it('builds requests on the root with appsecret_proof, the token only in the header', () => {
    const ctx = apiContext(facebookAdapter, ENTRY, { env: { FB_TOKEN: 'tok-1', FB_SECRET: 'sec-1' } });
    const graph = graphSession('Facebook Page', ctx, HELP, ctx.source.baseUrl);
    const req = graph.request('/100000000000001/tagged', { fields: 'id', limit: 5 });
    const url = new URL(req.url);
    expect(url.origin + url.pathname).toBe('https://graph.test/v27.0/100000000000001/tagged');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      fields: 'id',
      limit: '5',
      appsecret_proof: appSecretProof('tok-1', 'sec-1'),
    });
    expect(req.url).not.toContain('tok-1');
    expect(req.headers).toMatchObject({ authorization: 'Bearer tok-1' });
    expect(req.acceptStatus?.(400)).toBe(true);
    expect(graph.secrets()).toEqual(['tok-1', 'sec-1', appSecretProof('tok-1', 'sec-1')]);
  });

  it('sends no proof without an app secret, and fails clearly without the token', () => {
    const ctx = apiContext(facebookAdapter, ENTRY, { env: { FB_TOKEN: 'tok-1' } });
    const graph = graphSession('Facebook Page', ctx, HELP, ctx.source.baseUrl);
    expect(new URL(graph.request('/x', {}).url).searchParams.has('appsecret_proof')).toBe(false);
    const none = apiContext(facebookAdapter, ENTRY, { env: {} });
    expect(() => graphSession('Facebook Page', none, HELP, none.source.baseUrl)).toThrow(SourceError);
    expect(() => graphSession('Facebook Page', none, HELP, none.source.baseUrl)).toThrow(
      /pageToken.*FB_TOKEN/,
    );
  });

  it('adds the usage warning after the result’s own only once usage is high', () => {
    const ctx = apiContext(facebookAdapter, ENTRY, { env: { FB_TOKEN: 'tok-1' } });
    const graph = graphSession('Facebook Page', ctx, HELP, ctx.source.baseUrl);
    const quiet = result(['tagged: post 1 skipped: id is not valid']);
    graph.usage.note(answer({ 'x-app-usage': '{"call_count":40}' }));
    expect(graph.withUsageWarning(quiet)).toBe(quiet);
    graph.usage.note(answer({ 'x-app-usage': '{"call_count":80}' }));
    expect(graph.withUsageWarning(quiet).warnings).toEqual([
      'tagged: post 1 skipped: id is not valid',
      'Meta reports 80% of a rate limit used (X-App-Usage)',
    ]);
  });
});
