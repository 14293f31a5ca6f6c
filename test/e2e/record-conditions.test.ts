/**
 * The record under real GitHub conditions (issue: "The record holds under real GitHub
 * conditions"). Each test runs the bundled action (dist/index.js) as a runner runs it, against the
 * GitHub emulator (which models GitHub's documented limits: contents over 1 MB come back empty,
 * secondary rate limits with long Retry-After, the Actions API's workflow runs) and feeds served on
 * 127.0.0.1, and checks the never-duplicate, never-lost invariant after the condition.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createOctokit } from '../../src/record/github/client.js';
import { parseMarker } from '../../src/record/marker.js';
import { decodeState } from '../../src/record/state.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { type ActionRun, runActionOnEmulator, tempWorkspace } from '../helpers/run-action.js';

const HOUR = 3_600_000;

interface Item {
  title: string;
  text?: string;
  link: string;
  guid?: string;
  hoursAgo: number;
}

function rss(items: readonly Item[], now = Date.now()): string {
  const body = items.map(
    (p) =>
      `<item><title>${p.title}</title><link>${p.link.replace(/&/g, '&amp;')}</link>` +
      `${p.guid ? `<guid isPermaLink="false">${p.guid}</guid>` : ''}` +
      `<pubDate>${new Date(now - p.hoursAgo * HOUR).toUTCString()}</pubDate>` +
      `<description>${p.text ?? p.title}</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://example.com/</link>\n${body.join('\n')}\n</channel></rss>`;
}

/** `n` posts about Acme, numbered from `from`. */
function posts(n: number, from = 1, hoursAgo = 2): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `Acme post ${from + i}`,
    text: `Acme is fine, post ${from + i}`,
    link: `https://blog.example.com/p/${from + i}`,
    guid: `p-${from + i}`,
    hoursAgo,
  }));
}

describe('the record holds under real GitHub conditions (bundled action, emulator)', () => {
  let emulator: Emulator;
  let feeds: Loopback;
  const served = new Map<string, string>();
  let workspace: string;

  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions' });
    feeds = await startLoopback((req, res) => {
      const body = served.get(req.url.split('?')[0] ?? '');
      if (body === undefined) {
        res.writeHead(404);
        res.end('no such feed');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
  });
  afterAll(async () => {
    await feeds.close();
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    served.clear();
    workspace = tempWorkspace();
  });

  const feed = (path: string, items: readonly Item[]) => served.set(path, rss(items));
  const config = (yaml: string) => writeFileSync(join(workspace, 'earshot.yml'), yaml);
  const sources = (...ids: string[]) =>
    `sources:\n${ids.map((id) => `  - id: ${id}\n    kind: rss\n    url: ${feeds.url}/${id}.xml\n`).join('')}`;
  const run = (
    o: {
      runId?: string;
      inputs?: Record<string, string>;
      env?: Record<string, string>;
      killWhen?: () => boolean;
    } = {},
  ): Promise<ActionRun> =>
    runActionOnEmulator({
      workspace,
      apiUrl: emulator.url,
      mode: 'scan',
      ...(o.inputs ? { inputs: o.inputs } : {}),
      env: { GITHUB_RUN_ID: o.runId ?? String(3000 + Math.floor(Math.random() * 1e6)), ...o.env },
      ...(o.killWhen ? { killWhen: o.killWhen } : {}),
    });
  const ok = (r: ActionRun) => expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);

  /** The mention issues (the first-run summary is an issue too, without a mention marker). */
  const issues = () =>
    (emulator.state.issues as { number: number; title: string; body: string; user: string }[]).filter((i) =>
      parseMarker(i.body),
    );
  /** Issues per mention key: the invariant is one each. */
  const byKey = () => {
    const counts = new Map<string, number>();
    for (const i of issues()) {
      const key = parseMarker(i.body)?.key;
      if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const duplicates = () => [...byKey().entries()].filter(([, n]) => n > 1).map(([k]) => k);
  const titles = () => issues().map((i) => i.title.replace(/^\[\w+\] /, '').replace(/^.* on \S+: /, ''));
  const octokit = () =>
    createOctokit({ token: 'test-token', baseUrl: emulator.url, logger: silentLogger, throttle: false });
  const stateFile = () =>
    (
      emulator.state.files['earshot-state'] as Record<string, { content?: string; size?: number }> | undefined
    )?.['state/default.json'];
  const readState = async () => {
    const { data } = await octokit().rest.repos.getContent({
      owner: 'acme',
      repo: 'mentions',
      path: 'state/default.json',
      ref: 'earshot-state',
      mediaType: { format: 'raw' },
    });
    return String(data);
  };
  const writeState = async (text: string) => {
    const o = octokit();
    const { data } = await o.rest.repos.getContent({
      owner: 'acme',
      repo: 'mentions',
      path: 'state/default.json',
      ref: 'earshot-state',
    });
    await o.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'mentions',
      path: 'state/default.json',
      branch: 'earshot-state',
      message: 'a person (or a crash) wrote this',
      content: Buffer.from(text).toString('base64'),
      sha: (data as { sha: string }).sha,
    });
  };

  it('1,000 new mentions with the default budget: the state stays small and every later run files the next 50', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('big')}`);
    feed('/big.xml', posts(1000));
    ok(await run());
    expect(issues()).toHaveLength(50);
    const text = await readState();
    expect(decodeState(text).pending).toHaveLength(950);
    // gzipped drafts: far below the contents API's 1 MB inline limit (it was 1.2 MB as plain JSON)
    expect(Buffer.byteLength(text)).toBeLessThan(400_000);
    ok(await run());
    expect(issues()).toHaveLength(100);
    expect(duplicates()).toEqual([]);
    expect(emulator.violations).toEqual([]);
  });

  it('a state over 1 MB (the contents API answers content "" / encoding "none") is read as a blob', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', posts(3));
    ok(await run());
    expect(issues()).toHaveLength(3);
    // a long history: 100,000 ids remembered for another source push the state past 1 MB
    const state = decodeState(await readState());
    state.recent['old-source'] = Array.from({ length: 100_000 }, (_, i) => `h${String(i).padStart(11, '0')}`);
    const { encodeState } = await import('../../src/record/state.js');
    await writeState(encodeState(state));
    expect(stateFile()?.size ?? Buffer.byteLength(await readState())).toBeGreaterThan(1_048_576);
    feed('/blog.xml', [...posts(3), ...posts(2, 4)]);
    emulator.calls.reset();
    const r = await run();
    ok(r);
    expect(emulator.calls.count('GET /repos/{owner}/{repo}/git/blobs/{file_sha}')).toBeGreaterThanOrEqual(1);
    expect(issues()).toHaveLength(5);
    expect(duplicates()).toEqual([]);
    // and the big state was written back whole
    expect(decodeState(await readState()).recent['old-source']).toHaveLength(100_000);
  });

  it('a truncated state is rebuilt from the issues: no wedge, no duplicate, a new mention is filed', async () => {
    config(`company:\n  name: Acme\n${sources('blog')}`); // quiet first run (no backfill)
    feed('/blog.xml', posts(3, 1, 48));
    ok(await run());
    expect(issues()).toHaveLength(0); // recorded as existing on the first run
    feed('/blog.xml', [...posts(3, 1, 48), ...posts(2, 4, 0.5)]);
    ok(await run());
    expect(issues()).toHaveLength(2);
    await writeState((await readState()).slice(0, 100));
    feed('/blog.xml', [...posts(3, 1, 48), ...posts(2, 4, 0.5), ...posts(1, 6, 0)]);
    const r = await run();
    ok(r);
    expect(r.summary).toContain('rebuilt');
    expect(titles()).toContain('Acme post 6');
    expect(duplicates()).toEqual([]);
    ok(await run()); // and it stays healthy
    expect(issues()).toHaveLength(3);
  });

  it('a deleted state branch: mentions published since the last run are filed, not "existing, skipped"', async () => {
    config(`company:\n  name: Acme\n${sources('blog')}`);
    feed('/blog.xml', posts(2, 1, 48));
    ok(await run());
    feed('/blog.xml', [...posts(2, 1, 48), ...posts(1, 3, 0.5)]);
    ok(await run());
    expect(issues()).toHaveLength(1);
    await octokit().rest.git.deleteRef({ owner: 'acme', repo: 'mentions', ref: 'heads/earshot-state' });
    feed('/blog.xml', [...posts(2, 1, 48), ...posts(1, 3, 0.5), ...posts(1, 4, 0)]);
    ok(await run());
    expect(titles().sort()).toEqual(['Acme post 3', 'Acme post 4']);
    expect(duplicates()).toEqual([]);
  });

  it('kill -9 while filing, then "Re-run jobs" (same run id) and the next cron: both go on at once, no duplicate', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', posts(8));
    emulator.faults.set([
      { match: { route: 'POST /repos/{owner}/{repo}/issues' }, effect: { type: 'latency', ms: 150 } },
    ]);
    const crashed = await run({ runId: '7001', killWhen: () => issues().length >= 3 });
    expect(crashed.code).toBeNull(); // killed
    const filedBefore = issues().length;
    expect(filedBefore).toBeGreaterThanOrEqual(3);
    expect(filedBefore).toBeLessThan(8);
    emulator.faults.clear();
    const started = Date.now();
    const rerun = await run({ runId: '7001' }); // "Re-run jobs": the same GITHUB_RUN_ID
    ok(rerun);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(issues()).toHaveLength(8);
    expect(duplicates()).toEqual([]);

    // Crash again, then the next scheduled run (another id) takes over: the Actions API says the
    // crashed run has finished.
    feed('/blog.xml', posts(16));
    emulator.faults.set([
      { match: { route: 'POST /repos/{owner}/{repo}/issues' }, effect: { type: 'latency', ms: 150 } },
    ]);
    const second = await run({ runId: '7002', killWhen: () => issues().length >= 10 });
    expect(second.code).toBeNull();
    emulator.faults.clear();
    emulator.setWorkflowRun({ id: 7002, status: 'completed', conclusion: 'failure' });
    const cron = await run({ runId: '7003' });
    ok(cron);
    expect(cron.stdout).toContain('finished run');
    expect(issues()).toHaveLength(16);
    expect(duplicates()).toEqual([]);
  });

  it('a secondary rate limit (Retry-After 80 s) that would outlive the lease is not waited: deferred, then filed once', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', posts(4));
    emulator.faults.set([
      {
        match: { route: 'POST /repos/{owner}/{repo}/issues' },
        nth: 2,
        effect: { type: 'secondaryRateLimit', retryAfter: 80 },
      },
    ]);
    // a 60 s lease: the 80 s wait would pass its end
    // GitHub's pacing on (the throttling plugin handles rate limits), waits scaled down a thousandfold
    const first = await run({
      env: { EARSHOT_THROTTLE: 'on', EARSHOT_LEASE_SECONDS: '60', EARSHOT_RETRY_SCALE: '0.001' },
    });
    ok(first);
    expect(first.stdout).toContain("would pass the filing lease's end");
    expect(Number(first.outputs.deferred)).toBeGreaterThanOrEqual(1);
    emulator.faults.clear();
    ok(await run());
    expect(issues()).toHaveLength(4);
    expect(duplicates()).toEqual([]);
  });

  it('two matrix shards at the same moment, the same URL in a feed of each: one issue', async () => {
    // `news` and `press` fall into different shards of 2 (sources are assigned by a hash of their id)
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('news', 'press')}`);
    const shared = {
      title: 'Acme outage explained',
      link: 'https://www.example.com/acme-outage?utm_source=news',
      hoursAgo: 1,
    };
    feed('/news.xml', [{ ...shared, guid: 'news-1' }, ...posts(3, 1)]);
    feed('/press.xml', [
      { ...shared, link: 'https://www.example.com/acme-outage?utm_source=press', guid: 'press-9' },
      ...posts(3, 10),
    ]);
    emulator.faults.set([
      { match: { route: 'POST /repos/{owner}/{repo}/issues' }, effect: { type: 'latency', ms: 50 } },
    ]);
    // a 20 s lease: the waiting shard looks again every second
    const env = { EARSHOT_LEASE_SECONDS: '20' };
    const [a, b] = await Promise.all([
      run({ runId: '8001', inputs: { shard: '1/2' }, env }),
      run({ runId: '8001', inputs: { shard: '2/2' }, env }),
    ]);
    ok(a);
    ok(b);
    expect(Number(a.outputs['new-issues']) + Number(b.outputs['new-issues'])).toBe(7);
    expect(issues()).toHaveLength(7);
    expect(issues().filter((i) => i.title.includes('outage'))).toHaveLength(1);
    expect(duplicates()).toEqual([]);
  });

  it('the matrix goes from 4 shards to 2 to none: nothing skipped, nothing duplicated, one state file', async () => {
    const ids = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    config(`company:\n  name: Acme\n${sources(...ids)}`); // quiet first runs
    for (const id of ids)
      feed(`/${id}.xml`, [{ title: `Acme old ${id}`, link: `https://x.example/${id}/old`, hoursAgo: 48 }]);
    await Promise.all([1, 2, 3, 4].map((i) => run({ runId: '9001', inputs: { shard: `${i}/4` } }).then(ok)));
    expect(issues()).toHaveLength(0); // first runs: recorded as existing
    for (const id of ids)
      feed(`/${id}.xml`, [
        { title: `Acme old ${id}`, link: `https://x.example/${id}/old`, hoursAgo: 48 },
        { title: `Acme new ${id}`, link: `https://x.example/${id}/new`, hoursAgo: 0.2 },
      ]);
    await Promise.all([1, 2].map((i) => run({ runId: '9002', inputs: { shard: `${i}/2` } }).then(ok)));
    expect(titles().sort()).toEqual(ids.map((id) => `Acme new ${id}`).sort());
    for (const id of ids)
      feed(`/${id}.xml`, [
        { title: `Acme new ${id}`, link: `https://x.example/${id}/new`, hoursAgo: 0.3 },
        { title: `Acme newer ${id}`, link: `https://x.example/${id}/newer`, hoursAgo: 0.1 },
      ]);
    ok(await run({ runId: '9003' }));
    expect(issues()).toHaveLength(12);
    expect(duplicates()).toEqual([]);
    const files = Object.keys((emulator.state.files['earshot-state'] as Record<string, unknown>) ?? {});
    expect(files.filter((f) => f.startsWith('state/'))).toEqual(['state/default.json']);
  });

  it('upgrading from per-shard state files: no duplicate, no "existing, skipped", the old files removed', async () => {
    config(`company:\n  name: Acme\n${sources('blog')}`);
    // what the previous version left: an issue filed, and its per-shard state files (format v1)
    feed('/blog.xml', posts(1, 1, 48));
    const legacy = JSON.stringify({
      version: 1,
      sources: { blog: { since: new Date().toISOString() } },
      pending: [],
      recentKeys: {},
    });
    emulator.seed({
      branches: ['earshot-state'],
      files: [1, 2].map((i) => ({
        path: `state/shard-${i}-of-2.json`,
        content: legacy,
        branch: 'earshot-state',
      })),
    });
    ok(await run({ inputs: { shard: '1/2' } }));
    ok(await run({ inputs: { shard: '2/2' } }));
    feed('/blog.xml', [...posts(1, 1, 48), ...posts(1, 2, 0)]);
    ok(await run());
    expect(titles()).toContain('Acme post 2');
    expect(duplicates()).toEqual([]);
    const files = Object.keys((emulator.state.files['earshot-state'] as Record<string, unknown>) ?? {});
    expect(files.filter((f) => f.startsWith('state/'))).toEqual(['state/default.json']);
  });

  it('an item that appears late, dated days before the newest item (inside lookbackDays), is filed', async () => {
    config(`company:\n  name: Acme\nlookbackDays: 7\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', posts(2, 1, 1));
    ok(await run());
    feed('/blog.xml', [
      ...posts(2, 1, 1),
      { title: 'Acme late post', link: 'https://blog.example.com/late', hoursAgo: 72 },
    ]);
    ok(await run());
    expect(titles()).toContain('Acme late post');
    // older than the look-back window: not a mention any more
    feed('/blog.xml', [
      ...posts(2, 1, 1),
      { title: 'Acme ancient', link: 'https://blog.example.com/old', hoursAgo: 24 * 9 },
    ]);
    ok(await run());
    expect(issues()).toHaveLength(3);
  });

  it('a feed item whose link changes (same guid) keeps its one issue', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', [
      {
        title: 'Acme pricing',
        link: 'https://blog.example.com/2026/acme-pricing',
        guid: 'post-77',
        hoursAgo: 2,
      },
    ]);
    ok(await run());
    feed('/blog.xml', [
      {
        title: 'Acme pricing',
        link: 'https://blog.example.com/acme-pricing-updated',
        guid: 'post-77',
        hoursAgo: 2,
      },
    ]);
    ok(await run());
    expect(issues()).toHaveLength(1);
  });

  it('a cross-posted copy (one URL, two feeds) later republished under a new URL: still one issue', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('news', 'press')}`);
    const story = {
      title: 'Acme outage explained',
      link: 'https://www.example.com/acme-outage',
      hoursAgo: 1,
    };
    feed('/news.xml', [{ ...story, guid: 'news-1' }]);
    ok(await run());
    feed('/press.xml', [{ ...story, guid: 'press-9' }]); // the copy appears later, in another feed
    ok(await run());
    expect(issues()).toHaveLength(1);
    feed('/press.xml', [{ ...story, link: 'https://press.example.com/2026/acme-outage', guid: 'press-9' }]);
    ok(await run());
    feed('/news.xml', [{ ...story, link: 'https://www.example.com/2026/12/acme-outage', guid: 'news-1' }]);
    ok(await run());
    expect(issues()).toHaveLength(1);
  });

  it("Discourse's posts feed: 50 posts on 5 pages (…?page=2#post_30) are 50 issues", async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('forum')}`);
    // the shape of https://meta.discourse.org/t/<slug>/<id>/posts.rss: one item per post, the link
    // names the post with a fragment, the guid is "<host>-post-<id>"
    feed(
      '/forum.xml',
      Array.from({ length: 50 }, (_, i) => ({
        title: 'Acme SSO broken?',
        text: `Reply ${i + 1}: Acme SSO still fails for me`,
        link: `https://forum.example.com/t/acme-sso-broken/2144?page=${Math.floor(i / 10) + 1}#post_${i + 1}`,
        guid: `forum.example.com-post-${9000 + i}`,
        hoursAgo: 1 + i / 100,
      })),
    );
    ok(await run());
    expect(issues()).toHaveLength(50);
    ok(await run());
    expect(issues()).toHaveLength(50);
  });

  it('budgets.maxItemsPerSource reached: the rest is read by the next runs, none lost', async () => {
    config(
      `company:\n  name: Acme\nbootstrap:\n  backfill: true\nbudgets:\n  maxItemsPerSource: 10\n${sources('blog')}`,
    );
    feed('/blog.xml', posts(25));
    const first = await run();
    ok(first);
    expect(first.stdout).toContain('left for the next run');
    expect(issues()).toHaveLength(10);
    ok(await run());
    ok(await run());
    expect(issues()).toHaveLength(25);
    expect(duplicates()).toEqual([]);
  });

  it('GitHub refuses one draft with 422 every time: it is set aside, visibly; the rest are filed', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', [
      ...posts(2),
      { title: 'Acme REFUSED post', link: 'https://blog.example.com/refused', hoursAgo: 3 },
      ...posts(2, 3),
    ]);
    emulator.faults.set([
      {
        match: { route: 'POST /repos/{owner}/{repo}/issues', bodyContains: 'REFUSED' },
        effect: { type: 'validation', message: 'body is too long' },
      },
    ]);
    const first = await run();
    ok(first);
    expect(issues()).toHaveLength(4);
    expect(first.summary).toContain('Set aside');
    expect(first.summary).toContain('REFUSED');
    const second = await run();
    ok(second);
    expect(issues()).toHaveLength(4);
    expect(second.summary).toContain('REFUSED'); // still listed
  });

  it('a minimal issue stands in for one GitHub refuses in full (a body past 65,536 characters)', async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', [
      {
        title: 'Acme LONGBODY',
        text: 'Acme is LONGBODY',
        link: 'https://blog.example.com/long',
        hoursAgo: 3,
      },
    ]);
    emulator.faults.set([
      {
        match: { route: 'POST /repos/{owner}/{repo}/issues' },
        nth: 1,
        effect: { type: 'validation', message: 'body is too long (maximum is 65536 characters)' },
      },
    ]);
    ok(await run());
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.body).toContain("GitHub refused this mention's full issue");
    expect(parseMarker(issues()[0]?.body)?.url).toBe('https://blog.example.com/long');
  });

  it("filed from pending, then its marker edited and another's label removed: never filed again", async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', posts(3));
    ok(await run({ inputs: { 'max-new-issues': '1' } }));
    served.delete('/blog.xml'); // the feed is down for a run: the two pending ones are filed from the state
    const down = await run();
    expect(down.code).toBe(1); // every source failed: the step fails, loudly, after filing
    expect(issues()).toHaveLength(3);
    feed('/blog.xml', posts(3)); // and back, with the same three posts
    const [, second, third] = issues();
    emulator.person('maintainer', 'maintain');
    const edit = emulator.as('maintainer', 'PATCH', `/repos/acme/mentions/issues/${second?.number}`, {
      body: 'A person rewrote this issue, marker and all.',
    });
    expect(edit.status).toBe(200);
    const unlabel = emulator.as(
      'maintainer',
      'DELETE',
      `/repos/acme/mentions/issues/${third?.number}/labels/earshot`,
    );
    expect(unlabel.status).toBe(200);
    expect(issues()).toHaveLength(2); // the edited one has no marker any more
    const all = () => emulator.state.issues as { labels: string[] }[];
    ok(await run());
    ok(await run());
    expect(all()).toHaveLength(3); // nothing filed again
  });

  it("an outsider's issue with a forged marker, labelled earshot, does not suppress the real mention", async () => {
    config(`company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('blog')}`);
    feed('/blog.xml', posts(1));
    ok(await run());
    const real = issues()[0];
    const { renderMarker } = await import('../../src/record/marker.js');
    const forged = renderMarker({
      key: 'url:https://blog.example.com/p/2',
      source: 'blog',
      kind: 'rss',
      published: new Date().toISOString(),
      category: 'neutral',
      confidence: 1,
      priority: 'low',
    });
    emulator.seed({
      issues: [{ title: 'totally a mention', body: forged, labels: ['earshot'], user: 'outsider' }],
    });
    feed('/blog.xml', posts(2));
    ok(await run());
    const mine = issues().filter((i) => i.user === real?.user);
    expect(mine.map((i) => parseMarker(i.body)?.key).sort()).toEqual([
      'url:https://blog.example.com/p/1',
      'url:https://blog.example.com/p/2',
    ]);
  });

  it('a quiet run costs the same few calls whether 200 or 10,000 Earshot issues changed in the window', async () => {
    config(`company:\n  name: Acme\n${sources('blog')}`);
    feed('/blog.xml', posts(1, 1, 48));
    const now = Date.now();
    const seedIssues = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        title: `old mention ${from + i}`,
        body: `x\n\n${'<!-- earshot:v1 '}${Buffer.from(JSON.stringify({ key: `k:${from + i}`, source: 'blog', kind: 'rss', published: new Date(now - HOUR).toISOString(), category: 'neutral', confidence: 1, priority: 'low' })).toString('base64url')} -->`,
        labels: ['earshot'],
        created_at: new Date(now - 2 * 24 * HOUR).toISOString(),
        updated_at: new Date(now - HOUR).toISOString(),
      }));
    emulator.seed({ issues: seedIssues(200, 1) });
    ok(await run()); // builds the index once (a full listing)
    emulator.calls.reset();
    ok(await run());
    const at200 = emulator.calls.snapshot().total;
    emulator.seed({ issues: seedIssues(9_800, 201) });
    ok(await run()); // 9,800 issues numbered above the mark: listed once, recorded
    // the team (or a report run) touches every one of them inside the look-back window
    emulator.person('maintainer', 'maintain');
    for (const issue of emulator.state.issues as { number: number }[])
      emulator.as('maintainer', 'POST', `/repos/acme/mentions/issues/${issue.number}/labels`, {
        labels: ['sla:breached'],
      });
    emulator.calls.reset();
    ok(await run());
    const at10000 = emulator.calls.snapshot().total;
    expect(at200).toBeLessThanOrEqual(5);
    expect(at10000).toBeLessThanOrEqual(5);
    expect(emulator.calls.snapshot().writes).toBe(0);
  }, 120_000);
});
