/**
 * The Meta Graph API family end to end through the bundled action (dist/index.js): a scan of a
 * Facebook Page (visitor posts, tagged posts, comments on its posts) and an Instagram account
 * (tagged media, comments on its media, a hashtag) against a local Graph API stand-in serving the
 * recorded-shape fixtures (timestamps moved to the last hours), then `/reply` on a Facebook comment
 * and on an Instagram comment through the GitHub emulator: each reply is posted once, as the
 * documented form request, with the token only in the Authorization header.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../helpers/loopback.js';
import { LOCAL_SCAN_INPUTS, runAction, tempWorkspace } from '../helpers/run-action.js';
import { type Harness, startHarness } from '../unit/respond/e2e-harness.js';
import { ENV } from '../unit/respond/helpers.js';

const PAGE = '104512345678901';
const IG = '17841400000000001';
const FB_TOKEN = 'EAAGm1Xq7Zp4Lr9Tk2Wv8Ns3Yb6pageE2E';
const IG_TOKEN = 'EAAGh5Jd2Qc8Mf3Rx7Gt1Kp9Ve4igE2E';
/** The API fixtures' clock (test/unit/platforms/api-context.ts): moved to one hour ago. */
const FIXTURE_NOW = Date.parse('2025-03-10T12:00:00Z');
const shift = Date.now() - 3_600_000 - FIXTURE_NOW;

/** A Graph fixture with every `…+0000` time moved by `shift`, written as Graph writes it. */
function moved(path: string): string {
  return fixture(path)
    .toString('utf8')
    .replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\+0000"/g, (_m, t: string) => {
      const iso = new Date(Date.parse(`${t}Z`) + shift).toISOString();
      return `"${iso.slice(0, 19)}+0000"`;
    });
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(body);
}

/** The Graph API for the scan: Page and Instagram edges by path, the right token per edge. */
function graph(req: RecordedRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://127.0.0.1');
  const p = url.pathname.replace(/^\/graph/, '');
  const page = p.startsWith(`/${PAGE}/`);
  const token = page ? FB_TOKEN : IG_TOKEN;
  if (req.headers.authorization !== `Bearer ${token}`) {
    json(res, 400, fixture('sources/facebook/error-expired-token.json').toString('utf8'));
    return;
  }
  const after = url.searchParams.has('after');
  const file: Record<string, string> = {
    [`/${PAGE}/visitor_posts`]: `facebook/${after ? 'visitor-posts-page2.json' : 'visitor-posts.json'}`,
    [`/${PAGE}/tagged`]: 'facebook/tagged.json',
    [`/${PAGE}/feed`]: 'facebook/feed-comments.json',
    [`/${IG}/tags`]: 'instagram/tags.json',
    [`/${IG}/media`]: 'instagram/media.json',
    '/17900000000000001/comments': `instagram/${after ? 'comments-media1-page2.json' : 'comments-media1.json'}`,
    '/17900000000000003/comments': 'instagram/comments-media3.json',
    '/ig_hashtag_search': 'instagram/hashtag-search.json',
    '/17843853986012965/recent_media': 'instagram/hashtag-recent-media.json',
  };
  const f = file[p];
  if (f) json(res, 200, moved(`sources/${f}`));
  else
    json(
      res,
      400,
      '{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100}}',
    );
}

describe('Facebook and Instagram scan through the bundled action', () => {
  let server: Loopback;
  let workspace: string;
  beforeAll(async () => {
    server = await startLoopback(graph);
    workspace = tempWorkspace();
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:
  name: Acme
  products: [AcmeCloud]
bootstrap:
  backfill: true
sources:
  - id: fb
    kind: facebook
    pageId: "${PAGE}"
    baseUrl: ${server.url}/graph
    credentials: { pageToken: FB_PAGE_TOKEN }
  - id: ig
    kind: instagram
    igUserId: "${IG}"
    baseUrl: ${server.url}/graph
    hashtags: [acmecloud]
    maxPages: 1
    credentials: { accessToken: IG_ACCESS_TOKEN }
`,
    );
  });
  afterAll(async () => server.close());

  it('files the Page and account mentions with their words and links; tokens only in headers', async () => {
    const run = await runAction({
      workspace,
      inputs: LOCAL_SCAN_INPUTS,
      env: { FB_PAGE_TOKEN: FB_TOKEN, IG_ACCESS_TOKEN: IG_TOKEN },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.outputs.result ?? '{}') as {
      sources: { id: string; fetched: number; new: number; error: string | null }[];
    };
    const byId = Object.fromEntries(result.sources.map((s) => [s.id, s]));
    expect(byId.fb?.error).toBeNull();
    expect(byId.ig?.error).toBeNull();
    // Facebook: 4 visitor posts in the window, 2 tagged posts, 3 comments (the Page's own skipped).
    expect(byId.fb?.fetched).toBe(9);
    // Instagram (maxPages 1): 2 tagged media, 2 visible comments by others, 2 hashtag media.
    expect(byId.ig?.fetched).toBe(6);
    expect(byId.fb?.new).toBeGreaterThan(0);
    expect(byId.ig?.new).toBeGreaterThan(0);

    const dir = join(workspace, '.earshot', 'issues');
    const bodies = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const all = bodies.join('\n');
    expect(all).toContain('AcmeCloud billing charged me twice this month');
    expect(all).toContain('https://www.facebook.com/104512345678901/posts/1200000000000011');
    expect(all).toContain('Three weeks waiting for an AcmeCloud refund');
    expect(all).toContain('AcmeCloud ate our weekend');
    expect(all).toContain('https://www.instagram.com/p/DAcmeTag002/');
    // Comments on the Page's and the account's own posts, and hashtag media.
    expect(all).toContain("The new billing page still shows last month's invoice twice.");
    expect(all).toContain('The new billing page charged my card twice');
    expect(all).toContain('Day 3 of #acmecloud certification prep');
    // The Page's and the account's own answers are not filed.
    expect(all).not.toContain('we are looking into it');
    expect(all).not.toContain('please DM us your account email');
    expect(all).toContain('source:facebook');
    expect(all).toContain('source:instagram');
    for (const r of server.requests) expect(r.url).not.toMatch(/access_token|EAAG/);
    expect(all).not.toContain(FB_TOKEN);
    expect(all).not.toContain(IG_TOKEN);
  });
});

describe('/reply on Facebook and Instagram through the bundled action', () => {
  let h: Harness;
  let graphServer: Loopback;
  const posts: RecordedRequest[] = [];
  beforeAll(async () => {
    graphServer = await startLoopback((req, res) => {
      const p = new URL(req.url, 'http://127.0.0.1').pathname;
      const token = p.endsWith('/replies') ? IG_TOKEN : FB_TOKEN;
      if (req.headers.authorization !== `Bearer ${token}`)
        return json(res, 400, fixture('sources/facebook/error-expired-token.json').toString('utf8'));
      if (req.method === 'POST') {
        posts.push(req);
        return json(
          res,
          200,
          fixture(
            p.endsWith('/replies')
              ? 'publishers/instagram/reply-created.json'
              : 'publishers/facebook/comment-created.json',
          ).toString('utf8'),
        );
      }
      json(res, 200, fixture('publishers/facebook/comment-permalink.json').toString('utf8'));
    });
    Object.assign(ENV, { FB_PAGE_TOKEN: FB_TOKEN, IG_ACCESS_TOKEN: IG_TOKEN });
    h = await startHarness(`  - id: fb
    kind: facebook
    pageId: "${PAGE}"
    baseUrl: ${graphServer.url}
    credentials: { pageToken: FB_PAGE_TOKEN }
  - id: ig
    kind: instagram
    igUserId: "${IG}"
    baseUrl: ${graphServer.url}
    credentials: { accessToken: IG_ACCESS_TOKEN }
`);
  });
  afterAll(async () => {
    await h.close_();
    await graphServer.close();
  });

  it('/reply comments as the Page under the post and links the new comment', async () => {
    const n = h.mention('facebook', {
      source: 'fb',
      url: 'https://www.facebook.com/104512345678901/posts/1200000000000011',
      author: 'Dana Whitfield',
      replyTo: { objectId: '104512345678901_1200000000000011' },
    });
    const text = 'Sorry about the double charge, Dana: we refunded it today. — the Acme team';
    h.approvedDraft(n, 'facebook', text);
    const before = posts.length;
    const r = await h.comment(n, 'alice', '/reply');
    expect(r.run.outputs, r.run.stdout).toMatchObject({ command: 'reply', outcome: 'ok' });
    const sent = posts.slice(before);
    expect(sent.map((p) => p.url)).toEqual(['/104512345678901_1200000000000011/comments']);
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({ message: text });
    expect(h.lastComment(n)).toMatch(
      /^Replied on Facebook: https:\/\/www\.facebook\.com\/104512345678901\/posts\/1200000000000011\?comment_id=920000000000001$/m,
    );
    expect(h.labels(n)).toContain('status:replied');
  });

  it('/reply answers an Instagram comment; tagged media get copy-ready text', async () => {
    const n = h.mention('instagram', {
      source: 'ig',
      url: 'https://www.instagram.com/p/DAcmeOwn001/',
      author: '@mira_k',
      replyTo: { commentId: '17873440459141001', mediaId: '17900000000000001' },
    });
    const text = '@mira_k Sorry about the double charge: we refunded it today. — the Acme team';
    h.approvedDraft(n, 'instagram', text);
    const before = posts.length;
    const r = await h.comment(n, 'alice', '/reply');
    expect(r.run.outputs, r.run.stdout).toMatchObject({ command: 'reply', outcome: 'ok' });
    const sent = posts.slice(before);
    expect(sent.map((p) => p.url)).toEqual(['/17873440459141001/replies']);
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({ message: text });
    expect(h.lastComment(n)).toMatch(
      /^Replied on Instagram: https:\/\/www\.instagram\.com\/p\/DAcmeOwn001\/$/m,
    );

    const tagged = h.mention('instagram', {
      source: 'ig',
      url: 'https://www.instagram.com/p/DAcmeTag002/',
      author: '@cafe_lumen',
      replyTo: {},
    });
    h.approvedDraft(tagged, 'instagram', 'Sorry about the stuck deploy queue, we are on it. — the Acme team');
    const manual = await h.comment(tagged, 'alice', '/reply');
    expect(manual.run.outputs.outcome).toBe('ok');
    expect(h.lastComment(tagged)).toContain('**Reply at:** https://www.instagram.com/p/DAcmeTag002/');
    expect(h.lastComment(tagged)).toContain('not an Instagram comment on your media');
    expect(posts.length).toBe(before + 1);
  });
});
