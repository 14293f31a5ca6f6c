/**
 * Every mention as the customer wrote it (issue #16, items 1–4), end to end: the bundled action
 * scans recorded-shape payloads of eight kinds served on 127.0.0.1 (timestamps moved to the last
 * hours) into the local tracker, and the filed issues carry the words in angle brackets, the full
 * links (Bluesky facets, HN hrefs, Reddit links built from ids), Bluesky cards and quoted posts and
 * each GitHub comment that matched as its own mention; a name only inside a URL files nothing; the
 * App Store's undated reviews are not read again on the next run.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Loopback, startLoopback } from '../helpers/loopback.js';
import { LOCAL_SCAN_INPUTS, runAction, tempWorkspace } from '../helpers/run-action.js';

/** The API fixtures' clock (test/unit/platforms/api-context.ts): moved to one hour ago. */
const FIXTURE_NOW = Date.parse('2025-03-10T12:00:00Z');
const shift = Date.now() - 3_600_000 - FIXTURE_NOW;

/** A JSON fixture with every timestamp (ISO strings, created_at_i, created_utc) moved by `shift`. */
function moved(path: string): string {
  return fixture(path)
    .toString('utf8')
    .replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"/g, (_m, iso: string) => {
      return `"${new Date(Date.parse(iso) + shift).toISOString()}"`;
    })
    .replace(/"(created_at_i|created_utc)": (\d+)(?:\.\d+)?/g, (_m, key: string, sec: string) => {
      return `"${key}": ${Math.floor(Number(sec) + shift / 1000)}`;
    });
}

/** The RSS fixture with its pubDates moved to yesterday. */
function recentFeed(): string {
  const yesterday = new Date(Date.now() - 86_400_000).toUTCString();
  return fixture('sources/rss/code-titles.xml')
    .toString('utf8')
    .replace(/<pubDate>[^<]*<\/pubDate>/g, `<pubDate>${yesterday}</pubDate>`);
}

/** What a reader sees of an issue body: entities decoded, code-span backticks and escapes gone. */
function readerView(body: string): string {
  return decodeHTML(body.replace(/`/g, '')).replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('source fidelity through the bundled action', () => {
  let server: Loopback;
  let workspace: string;
  let laterReviews = false;
  const json = (res: import('node:http').ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  };

  beforeAll(async () => {
    server = await startLoopback((req, res) => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const p = url.pathname;
      if (p === '/gh-code/search/issues') return json(res, moved('sources/github/search-issues-code.json'));
      if (p === '/gh-comments/search/issues')
        return json(res, moved('sources/github/search-issues-comment-hits.json'));
      if (p === '/gh-comments/repos/tools/cli/issues/88/comments')
        return json(res, moved('sources/github/issue-comments-tools-cli-88.json'));
      if (p === '/gh-comments/repos/web/site/issues/5/comments')
        return json(res, moved('sources/github/issue-comments-web-site-5.json'));
      if (p === '/bsky/xrpc/com.atproto.server.createSession')
        return json(res, fixture('sources/bluesky/create-session.json').toString('utf8'));
      if (p === '/bsky/xrpc/app.bsky.feed.searchPosts')
        return json(res, moved('sources/bluesky/search-posts-rich.json'));
      if (p === '/masto/api/v1/timelines/tag/acmecloud') {
        const { statuses } = JSON.parse(moved('sources/mastodon/search-statuses-links.json')) as {
          statuses: unknown[];
        };
        return json(res, JSON.stringify(url.searchParams.has('max_id') ? [] : statuses));
      }
      if (p === '/hn/search_by_date') return json(res, moved('sources/hacker-news/search-by-date-code.json'));
      if (p === '/reddit-www/api/v1/access_token')
        return json(res, fixture('sources/reddit/access-token.json').toString('utf8'));
      if (p === '/reddit-oauth/search')
        return json(res, fixture('sources/reddit/listing-empty.json').toString('utf8'));
      if (p === '/reddit-oauth/r/AcmeCloud/comments')
        return json(res, moved('sources/reddit/comments-no-permalink.json'));
      const review = /^\/itunes\/us\/rss\/customerreviews\/page=(\d+)\//.exec(p);
      if (review) {
        const page = review[1] === '1' && laterReviews ? '1-later' : review[1];
        return json(res, fixture(`sources/app-store/reviews-undated-page${page}.json`).toString('utf8'));
      }
      if (p === '/rss/code-titles.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        return void res.end(recentFeed());
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message":"Not Found"}');
    });
    workspace = tempWorkspace();
    const u = server.url;
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:
  name: Acme
  products: [AcmeCloud, AcmeKit, AcmeCMS]
bootstrap:
  backfill: true
sources:
  - { id: gh-code, kind: github, include: [issues], baseUrl: ${u}/gh-code }
  - { id: gh-comments, kind: github, include: [issues], baseUrl: ${u}/gh-comments }
  - id: sky
    kind: bluesky
    service: ${u}/bsky
    reach: false
    credentials: { identifier: BSKY_ID, appPassword: BSKY_PW }
  - { id: masto, kind: mastodon, instance: ${u}/masto, hashtags: [acmecloud], search: false }
  - { id: hn, kind: hacker-news, baseUrl: ${u}/hn }
  - id: reddit
    kind: reddit
    baseUrl: ${u}/reddit-www
    apiUrl: ${u}/reddit-oauth
    subreddits: [AcmeCloud]
    credentials: { clientId: REDDIT_ID, clientSecret: REDDIT_SECRET }
  - { id: ios, kind: app-store, appId: '1444444444', baseUrl: ${u}/itunes }
  - { id: feed, kind: rss, url: ${u}/rss/code-titles.xml }
`,
    );
  });
  afterAll(async () => server.close());

  const run = () =>
    runAction({
      workspace,
      inputs: LOCAL_SCAN_INPUTS,
      env: {
        BSKY_ID: 'acme-listens.bsky.social',
        BSKY_PW: 'abcd-efgh-ijkl-mnop',
        REDDIT_ID: 'reddit-client-id',
        REDDIT_SECRET: 'reddit-client-secret',
      },
    });
  const issues = () => {
    const dir = join(workspace, '.earshot', 'issues');
    return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  };
  const sourceOf = (body: string) => /source:([a-z-]+)/.exec(body)?.[1];

  it('files every mention with its words, links, cards, quotes and comments intact', async () => {
    const first = await run();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const result = JSON.parse(first.outputs.result ?? '{}') as {
      sources: { id: string; fetched: number; matched: number; new: number; error: string | null }[];
    };
    const byId = Object.fromEntries(result.sources.map((s) => [s.id, s]));
    for (const s of result.sources) expect(s.error, s.id).toBeNull();
    expect(byId['gh-code']).toMatchObject({ new: 10 });
    // the issue naming AcmeCloud, and the two comments that name it (not the threads they are in)
    expect(byId['gh-comments']).toMatchObject({ new: 3 });
    // a name only inside a link is no mention: 1 of the 3 statuses
    expect(byId.masto).toMatchObject({ fetched: 3, matched: 1, new: 1 });
    expect(byId.sky).toMatchObject({ new: 4 });
    expect(byId.ios).toMatchObject({ new: 6 });

    const all = issues();
    const view = all.map(readerView).join('\n');
    for (const s of [
      'File "<stdin>", line 1, in <module>',
      'Unmanaged<AnyObject>!',
      '<div class="titlebox">',
      'Promise<Array<AcmeRecord>>',
      'Lena Ortiz <lena@example.org>',
      'https://drive.google.com/file/d/1rporQx7Yb2kLm9/view?usp=sharing',
      'AcmeCloud raises storage prices by 40%',
      'Quoting @omar.bsky.social: AcmeCloud support answered in 4 minutes',
      'Details: https://github.com/acme-labs/acme-python/issues/57',
      'Same here with the AcmeCloud storage backend',
      'the acmecloud links in the footer still 404',
    ])
      expect(view).toContain(s);
    expect(view).not.toContain('issues...');
    expect(view).not.toContain('Pricing changes everywhere this week');
    // links: the GitHub comment's own, Reddit's built from link_id and id
    expect(view).toMatch(/tools\/cli\/issues\/88#issuecomment-2600000002/);
    expect(view).toContain('https://www.reddit.com/r/AcmeCloud/comments/1j5help1/comment/mnop101/');
    expect(view).toContain('https://www.reddit.com/comments/1j5xyz99/_/mnop102/');
    expect(all.filter((b) => sourceOf(b) === 'app-store')).toHaveLength(6);
  });

  it('the next run reads one App Store page and files only the new reviews', async () => {
    laterReviews = true;
    const before = server.requests.length;
    const second = await run();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const itunes = server.requests.slice(before).filter((r) => r.url.startsWith('/itunes/'));
    expect(itunes).toHaveLength(1);
    const result = JSON.parse(second.outputs.result ?? '{}') as { sources: { id: string; new: number }[] };
    expect(result.sources.find((s) => s.id === 'ios')?.new).toBe(2);
    const view = issues().map(readerView).join('\n');
    expect(view).toContain('AcmeCloud stopped syncing after the update.');
  });
});
