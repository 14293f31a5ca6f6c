/**
 * X end to end through the bundled action (dist/index.js), against the GitHub emulator and a
 * 127.0.0.1 server answering like the X API v2 (test/helpers/x-api.ts; the recorded posts moved to
 * the last hours):
 *
 * 1. a scan reads the recent search (two pages) and the mentions timeline with the Bearer Token and
 *    files one issue per post — the long post in full, t.co links expanded, the author's followers
 *    as reach — and keeps per-stream since_ids; the next scan asks with since_id, not start_time,
 *    and files nothing twice;
 * 2. on the issue the scan filed, `/draft` → `/approve` → `/reply` posts the approved text with
 *    `POST /2/tweets` `{text, reply: {in_reply_to_tweet_id}}`, signed with OAuth 1.0a as the
 *    replying account, and records the reply.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xLength } from '../../src/platforms/x/length.js';
import { parseMarker } from '../../src/record/marker.js';
import { extractDraftText } from '../../src/respond/drafts/comment.js';
import { parseCommentMarker } from '../../src/respond/markers.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { blogFeed } from '../helpers/blog-feed.js';
import { startLoopback } from '../helpers/loopback.js';
import { runActionOnEmulator, tempWorkspace } from '../helpers/run-action.js';
import { ACME_USER_ID, startXApi, X_CREDS, type XApi } from '../helpers/x-api.js';
import { payload } from '../unit/respond/payloads.js';

const REPO = 'acme/mentions';
/** The X fixtures' clock (test/unit/platforms/api-context.ts), moved to one hour ago. */
const FIXTURE_NOW = Date.parse('2025-03-10T12:00:00Z');
const SHIFT = Date.now() - 3_600_000 - FIXTURE_NOW;
const ENV = {
  X_BEARER: X_CREDS.bearer,
  X_API_KEY: X_CREDS.apiKey,
  X_API_KEY_SECRET: X_CREDS.apiKeySecret,
  X_ACCESS_TOKEN: X_CREDS.accessToken,
  X_ACCESS_TOKEN_SECRET: X_CREDS.accessTokenSecret,
};
type Json = Record<string, unknown>;

describe('X through the bundled action', () => {
  let emulator: Emulator;
  let api: XApi;
  let workspace: string;
  const run = (mode: string, event?: { name: string; payload: Json }) =>
    runActionOnEmulator({
      workspace,
      apiUrl: emulator.url,
      repository: REPO,
      mode,
      env: ENV,
      ...(event ? { event } : {}),
    });
  const issues = () => emulator.state.issues;
  const comments = (n: number) => emulator.state.comments.filter((c) => c.issue_number === n);
  const lastComment = (n: number) => comments(n).at(-1)?.body ?? '';
  const labels = (n: number) => issues().find((i) => i.number === n)?.labels ?? [];
  async function comment(n: number, login: string, body: string) {
    const made = emulator.person(login).comment(n, body);
    expect(made.status).toBe(201);
    const c = made.body as Json;
    const issue = emulator.as('alice', 'GET', `/repos/${REPO}/issues/${n}`).body as Json;
    const p = payload('issue_comment.created', {
      issue,
      comment: { id: Number(c.id), body, html_url: String(c.html_url), user: login },
      sender: login,
    });
    return run('auto', { name: 'issue_comment', payload: p });
  }

  beforeAll(async () => {
    emulator = await startEmulator({
      repo: REPO,
      users: [
        { login: 'alice', permission: 'write' },
        { login: 'carol', permission: 'maintain' },
      ],
    });
    api = await startXApi({ shiftMs: SHIFT });
    workspace = tempWorkspace('earshot-x-');
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:
  name: Acme
  products: [AcmeCloud]
  handles: ['@acmecloud']
bootstrap:
  backfill: true
sources:
  - id: x
    kind: x
    baseUrl: ${api.url}
    userId: "${ACME_USER_ID}"
    credentials:
      bearerToken: X_BEARER
      apiKey: X_API_KEY
      apiKeySecret: X_API_KEY_SECRET
      accessToken: X_ACCESS_TOKEN
      accessTokenSecret: X_ACCESS_TOKEN_SECRET
`,
    );
  });
  afterAll(async () => {
    await api.close();
    await emulator.close();
  });

  it('a scan files each post once, as written, with its reach; the next scan asks with since_id', async () => {
    const first = await run('scan');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs['sources-failed']).toBe('0');
    const paths = api.requests.map((r) => new URL(r.url, 'http://x').pathname);
    expect(paths).toEqual([
      '/2/tweets/search/recent',
      '/2/tweets/search/recent',
      `/2/users/${ACME_USER_ID}/mentions`,
    ]);
    const firstSearch = new URL(api.requests[0]?.url ?? '', 'http://x').searchParams;
    expect(firstSearch.get('query')).toBe('(Acme OR AcmeCloud) -is:retweet');
    expect(firstSearch.get('start_time')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const r of api.requests) expect(r.headers.authorization).toBe(`Bearer ${X_CREDS.bearer}`);

    const filed = issues().filter((i) => i.labels.includes('source:x'));
    const bodies = filed.map((i) => i.body ?? '').join('\n');
    // The complaint, found by both streams, is one issue.
    const complaint = filed.filter((i) => (i.body ?? '').includes('billing charged me twice'));
    expect(complaint).toHaveLength(1);
    // Its text as written: & unescaped, the t.co links expanded (the tracking parameter is the author's).
    // (what a reader sees: the issue body escapes & as &amp; for GitHub's renderer)
    expect(decodeHTML(complaint[0]?.body ?? '')).toContain('March & support');
    expect(complaint[0]?.body).toContain('status.acme.example/incidents/4411');
    expect(bodies).not.toContain('t.co/');
    // The long post in full from note_tweet, past its first 280 characters.
    expect(bodies).toContain('sustainable for a team of twelve');
    // The reply that only names the handle came from the mentions timeline.
    expect(bodies).toContain('eu-west outage fixed');
    const marker = parseMarker(complaint[0]?.body ?? '');
    expect(marker?.kind).toBe('x');
    expect(marker?.replyTo?.tweetId).toMatch(/^\d{19}$/);
    expect(marker?.url).toBe(`https://x.com/devon_builds/status/${marker?.replyTo?.tweetId}`);
    // The author's followers as reach.
    expect(complaint[0]?.body).toContain('| Author | `@devon_builds` · reach 1.8k |');

    const count = issues().length;
    api.requests.length = 0;
    const second = await run('scan');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    for (const r of api.requests) {
      const q = new URL(r.url, 'http://x').searchParams;
      expect(q.get('since_id'), r.url).toMatch(/^\d{19}$/);
      expect(q.get('start_time'), r.url).toBeNull();
    }
    expect(issues().length).toBe(count);
    expect(emulator.violations).toEqual([]);
  });

  it('/draft → /approve → /reply posts the approved text under the post, signed as the account', async () => {
    const issue = issues().find((i) => (i.body ?? '').includes('billing charged me twice'));
    if (!issue) throw new Error('the scan filed no complaint');
    const n = issue.number;
    const tweetId = parseMarker(issue.body)?.replyTo?.tweetId ?? '';

    const draft = await comment(n, 'alice', '/draft');
    expect(draft.outputs, draft.stdout + draft.stderr).toMatchObject({ command: 'draft', outcome: 'ok' });
    const text = extractDraftText(lastComment(n)) ?? '';
    expect(text).toMatch(/^Sorry AcmeCloud let you down, and thanks for flagging it\./);
    expect(xLength(text)).toBeLessThanOrEqual(280);
    expect(lastComment(n)).toMatch(new RegExp(`${xLength(text)} / 280 weighted characters`));

    const approve = await comment(n, 'carol', '/approve');
    expect(approve.outputs.outcome, approve.stdout).toBe('ok');
    expect(labels(n)).toContain('status:approved');

    const reply = await comment(n, 'alice', '/reply');
    expect(reply.outputs, reply.stdout + reply.stderr).toMatchObject({ command: 'reply', outcome: 'ok' });
    expect(api.replies).toEqual([{ text, inReplyTo: tweetId, auth: 'oauth1' }]);
    expect(parseCommentMarker(lastComment(n))?.type).toBe('replied');
    expect(lastComment(n)).toMatch(/Replied on X: https:\/\/x\.com\/i\/web\/status\/\d{19}/);
    expect(labels(n)).toContain('status:replied');
    expect(emulator.violations).toEqual([]);
  });

  it('a feed that carries the same post under its twitter.com address files it nothing twice', async () => {
    const complaint = issues().find((i) => (i.body ?? '').includes('billing charged me twice'));
    const tweetId = parseMarker(complaint?.body ?? '')?.replyTo?.tweetId ?? '';
    expect(tweetId).toMatch(/^\d{19}$/);
    const before = issues().length;
    const feed = blogFeed([
      {
        n: 1,
        link: `https://mobile.twitter.com/Devon_Builds/status/${tweetId}?s=20`,
        title: 'Acme billing charged me twice this March',
        text: 'Acme billing charged me twice this March',
        hoursAgo: 0.5,
      },
      {
        n: 2,
        link: 'https://twitter.com/lin_q/status/1790000000000000777',
        title: 'Acme support sorted my invoice in minutes, thanks',
        text: 'Acme support sorted my invoice in minutes, thanks',
        hoursAgo: 0.5,
      },
    ]);
    const server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(feed);
    });
    try {
      const config = join(workspace, 'earshot.yml');
      writeFileSync(
        config,
        `${readFileSync(config, 'utf8')}  - id: bridge\n    kind: rss\n    url: ${server.url}/feed.xml\n`,
      );
      const scan = await run('scan');
      expect(scan.code, scan.stdout + scan.stderr).toBe(0);
      // The post the X source filed is not filed again from the feed; the other post is new.
      expect(issues().filter((i) => (i.body ?? '').includes('billing charged me twice'))).toHaveLength(1);
      expect(issues().length).toBe(before + 1);
      expect(issues().at(-1)?.body).toContain('sorted my invoice');
      expect(emulator.violations).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
