/**
 * Triage inside runScan, on the local tracker: the quiet first run and backfill, a spike in the
 * recorded fixture history opening then updating one crisis issue, alerts to a loopback receiver
 * that checks the signature while Slack is down — and the run still succeeds.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifyWebhook } from '../../../src/alerts/webhook.js';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import type { RawItem } from '../../../src/mentions/mention.js';
import { idHash } from '../../../src/record/known.js';
import { LocalScanRecord } from '../../../src/record/local/scan.js';
import { parseSpecialMarker } from '../../../src/record/marker.js';
import { decodeState } from '../../../src/record/state.js';
import { runScan, type ScanDeps } from '../../../src/scan.js';
import { asAdapters, fakeAdapter, keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

const SECRET = 'webhook-secret';
const NOW = new Date('2026-11-20T10:40:00Z');

const item = (id: string, text: string, published: string, extra: Partial<RawItem> = {}): RawItem => ({
  id,
  url: `https://example.com/${id}`,
  text,
  author: `user-${id}`,
  published,
  ...extra,
});

function deps(configText: string, feeds: Record<string, RawItem[]>, tracker: ScanDeps['tracker'], env = {}) {
  const adapter = fakeAdapter(feeds);
  const logger = memoryLogger();
  const d: ScanDeps = {
    config: parseConfig(configText, 'test.yml', asAdapters(adapter)),
    adapters: asAdapters(adapter),
    tracker,
    http: createHttpClient({ retryBaseMs: 1, retryMaxMs: 2 }),
    classifier: keywordClassifier,
    env,
    now: () => NOW,
    logger,
  };
  return { deps: d, logger };
}

const sources = (...ids: string[]) =>
  `sources:\n${ids.map((id) => `  - id: ${id}\n    kind: fake\n    feed: ${id}\n`).join('')}`;

describe('the quiet first run', () => {
  const old = [
    item('o1', 'Acme refund please, charged twice, worst ever', '2026-11-12T09:00:00Z'),
    item('o2', 'Does Acme do SSO?', '2026-11-13T09:00:00Z'),
    item('o3', 'I love Acme', '2026-11-14T09:00:00Z'),
  ];
  const recent = item('r1', 'Acme is broken today', '2026-11-20T08:00:00Z');

  it('records what is already out there, files one summary issue, and files only what comes after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-bootstrap-'));
    const tracker = new LocalScanRecord({ dir, now: () => NOW });
    const feeds = { a: [...old, recent] };
    const config = `company:\n  name: Acme\n${sources('a')}`;
    const { deps: d, logger } = deps(config, feeds, tracker);
    const first = await runScan(d);
    expect(first.new).toBe(0);
    expect(first.triage).toMatchObject({ bootstrapSkipped: 4, bootstrapSources: ['a'] });
    const issues = await tracker.listIssues();
    expect(issues).toHaveLength(1);
    const summary = issues[0]!;
    expect(summary.labels).toEqual(['earshot-summary']);
    expect(summary.title).toBe('Earshot started listening: 4 existing mention(s) skipped');
    expect(summary.body).toContain('**4 existing mention(s) skipped**');
    expect(summary.body).toContain('| a | 4 |');
    expect(summary.body).toContain('By category: 2 complaint, 1 question, 1 compliment.');
    expect(summary.body).toContain('bootstrap.backfill: true');
    // the most urgent first, linked to where it was said
    expect(summary.body).toMatch(
      /most urgent[\s\S]*\n- \*\*high\*\* \(score [\d.]+\) \[.*\]\(https:\/\/example\.com\/o1\)/,
    );
    expect(summary.key).toBeUndefined(); // not a mention: no key in the listing
    expect((await tracker.listIssues()).filter((i) => i.key)).toEqual([]);
    expect(
      logger.lines.some((l) => l.message.includes('4 existing mention(s) recorded without filing')),
    ).toBe(true);

    // second run: the old ones stay unfiled, the new one is filed
    feeds.a.push(item('n1', 'Acme support was great, thanks', '2026-11-20T10:30:00Z'));
    const second = await runScan(d);
    expect(second.new).toBe(1);
    expect(second.triage?.bootstrapSkipped).toBe(0);
    expect((await tracker.listIssues()).map((i) => i.title)).toEqual([
      summary.title,
      expect.stringMatching(/^\[compliment\] user-n1/),
    ]);

    // a source added later has its own quiet first run (o1, already recorded, is not counted
    // again): the open summary issue is updated
    const { deps: d2 } = deps(
      `company:\n  name: Acme\n${sources('a', 'b')}`,
      { ...feeds, b: [old[0]!, item('b1', 'Acme meh', '2026-11-15T00:00:00Z')] },
      tracker,
    );
    const third = await runScan(d2);
    expect(third).toMatchObject({ new: 0, triage: { bootstrapSkipped: 1, bootstrapSources: ['b'] } });
    const after = await tracker.listIssues();
    expect(after).toHaveLength(2);
    expect(after[0]?.title).toBe('Earshot started listening: 5 existing mention(s) skipped');
    expect(after[0]?.body).toContain('| b | 1 |');
    expect((parseSpecialMarker(after[0]?.body) as unknown as { runs: unknown[] }).runs).toHaveLength(2);
  });

  it('recentHours still files what was published just before the first run', async () => {
    const tracker = new MemoryTracker();
    const config = `company:\n  name: Acme\nbootstrap:\n  recentHours: 6\n${sources('a')}`;
    // an undated item's time is the fetch time: it cannot be shown to be recent, so it is recorded
    const undated = { id: 'u1', url: 'https://example.com/u1', text: 'Acme is the worst', author: 'x' };
    const { deps: d, logger } = deps(config, { a: [...old, recent, undated] }, tracker);
    const result = await runScan(d);
    expect(result.new).toBe(1);
    expect(tracker.issues.map((i) => i.key)).toEqual(['fake:r1']);
    expect(result.triage?.bootstrapSkipped).toBe(4);
    // the memory tracker has no special issues: said, not failed
    expect(result.triage?.warnings).toEqual(['this tracker cannot open the first-run summary issue']);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    // the skipped keys are remembered, so they are never filed later
    const { state } = await tracker.loadState('default');
    expect(state.recent.a).toEqual(
      expect.arrayContaining(['fake:o1', 'fake:o2', 'fake:o3', 'fake:u1', 'fake:r1'].map(idHash)),
    );
    expect((await runScan(d)).new).toBe(0);
  });

  it('backfill: true files everything the first run finds, within the write budget', async () => {
    const tracker = new MemoryTracker();
    const config = `company:\n  name: Acme\nbudgets:\n  maxNewIssues: 3\nbootstrap:\n  backfill: true\n${sources('a')}`;
    const { deps: d } = deps(config, { a: [...old, recent] }, tracker);
    const first = await runScan(d);
    expect([first.new, first.deferred, first.triage?.bootstrapSkipped]).toEqual([3, 1, 0]);
    expect((await runScan(d)).new).toBe(1);
    expect(tracker.issues).toHaveLength(4);
  });

  it('a backfill after a quiet first run updates the summary issue with what it filed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-backfill-'));
    const tracker = new LocalScanRecord({ dir, now: () => NOW });
    const feeds = { a: [...old, recent] };
    const quiet = deps(`company:\n  name: Acme\n${sources('a')}`, feeds, tracker);
    expect((await runScan(quiet.deps)).triage?.bootstrapSkipped).toBe(4);
    // as the summary issue says: backfill: true, and this shard's state deleted
    rmSync(join(dir, 'state', 'default.json'));
    const backfill = deps(
      `company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('a')}`,
      feeds,
      tracker,
    );
    const run = await runScan(backfill.deps);
    expect(run.new).toBe(4);
    const summaries = (await tracker.listIssues()).filter((i) => i.labels.includes('earshot-summary'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.title).toBe(
      'Earshot started listening: 4 existing mention(s) skipped, 4 filed by backfill',
    );
    expect(summaries[0]?.body).toContain('A backfill has since **filed 4** existing mention(s)');
    expect(summaries[0]?.body).toContain('**4 existing mention(s) filed** (`bootstrap.backfill: true`)');
    expect(run.triage?.summaryIssue?.number).toBe(summaries[0]?.number);
    // a later backfill run with nothing new leaves it alone
    expect((await runScan(backfill.deps)).new).toBe(0);
    expect((await tracker.listIssues()).find((i) => i.number === summaries[0]?.number)?.title).toBe(
      summaries[0]?.title,
    );
  });

  it('a backfill from the start opens no summary issue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-backfill-'));
    const tracker = new LocalScanRecord({ dir, now: () => NOW });
    const { deps: d } = deps(
      `company:\n  name: Acme\nbootstrap:\n  backfill: true\n${sources('a')}`,
      { a: [...old, recent] },
      tracker,
    );
    const run = await runScan(d);
    expect(run.new).toBe(4);
    expect(run.triage?.warnings).toEqual([]);
    expect((await tracker.listIssues()).filter((i) => i.labels.includes('earshot-summary'))).toEqual([]);
  });

  it('a dry run says what a quiet first run would skip and writes nothing', async () => {
    const tracker = new MemoryTracker();
    const { deps: d } = deps(`company:\n  name: Acme\n${sources('a')}`, { a: [...old, recent] }, tracker);
    const result = await runScan(d, { dryRun: true });
    expect([result.new, result.triage?.bootstrapSkipped]).toEqual([0, 4]);
    expect(tracker.states.size).toBe(0);
  });
});

describe('a spike in the recorded history', () => {
  let receiver: Loopback;
  let slackDown: Loopback;
  beforeAll(async () => {
    receiver = await startLoopback((req, res) => {
      const v = verifyWebhook(SECRET, req.body, req.headers[SIGNATURE_HEADER] as string | undefined, NOW);
      res.writeHead(v.ok ? 204 : 401).end();
    });
    slackDown = await startLoopback((_req, res) => {
      res.writeHead(503).end();
    });
  });
  afterAll(async () => {
    await receiver.close();
    await slackDown.close();
  });

  const config = `company:
  name: Acme
  aliases: [AcmeCloud]
queries:
  - id: company
    query: 'Acme OR AcmeCloud'
  - id: pricing
    query: 'AcmeCloud AND pricing'
spikes:
  assignees: [oncall]
alerts:
  targets:
    - type: webhook
      urlEnv: HOOK_URL
      secretEnv: HOOK_SECRET
    - type: slack
      urlEnv: SLACK_URL
${sources('a')}`;

  function storeWithHistory(): { dir: string; tracker: LocalScanRecord } {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-spike-'));
    mkdirSync(join(dir, 'state'), { recursive: true });
    writeFileSync(
      join(dir, 'state', 'default.json'),
      readFileSync(new URL('../../fixtures/triage/state-with-history.json', import.meta.url)),
    );
    return { dir, tracker: new LocalScanRecord({ dir, now: () => NOW }) };
  }

  const complaints = (prefix: string, n: number, hour: string) =>
    Array.from({ length: n }, (_, i) =>
      item(
        `${prefix}${i}`,
        i % 2 ? 'AcmeCloud is down, terrible' : 'AcmeCloud charged twice, refund now',
        `${hour}:${String(5 + i * 4).padStart(2, '0')}:00Z`,
      ),
    );

  it('opens one crisis issue listing the mentions involved, alerts, and survives Slack being down', async () => {
    const { tracker } = storeWithHistory();
    const feeds = { a: complaints('c', 7, '2026-11-20T10') };
    const env = { HOOK_URL: `${receiver.url}/hook`, HOOK_SECRET: SECRET, SLACK_URL: `${slackDown.url}/x` };
    const { deps: d } = deps(config, feeds, tracker, env);
    const before = receiver.requests.length;
    const result = await runScan(d);
    expect(result.new).toBe(7);
    expect(result.triage?.spikes).toEqual([
      {
        query: 'company',
        metric: 'complaint',
        periodStart: '2026-11-20T10:00:00.000Z',
        count: 9,
        mean: 1,
        sigma: 1,
        threshold: 5,
        issueNumber: 8,
        issueUrl: expect.stringContaining('00008.md'),
      },
    ]);
    const crisis = (await tracker.listIssues()).find((i) => i.labels.includes('crisis'))!;
    expect(crisis.title).toBe('[crisis] Spike of complaints about company');
    expect(crisis.assignees).toEqual(['oncall']);
    expect(crisis.body).toContain(
      '**9 complaints** matching `company` in the period 2026-11-20 10:00–11:00 UTC',
    );
    expect(crisis.body).toContain('usual 1 ± 1 per period over the previous 12 (threshold 5');
    expect(crisis.body).toContain('### Mentions involved (9)');
    expect(crisis.body).toContain('- #41 '); // counted by an earlier run, already filed
    expect(crisis.body).toMatch(
      /- \\\[complaint\\\] bob on a: AcmeCloud login broken again \(\[source\]\(https:\/\/example\.com\/earlier-2\)\) — not filed yet/,
    );
    for (let n = 1; n <= 7; n++) expect(crisis.body).toContain(`- #${n} `);

    // alerts: the spike and the high-priority mentions reached the verifying receiver
    const deliveries = receiver.requests.slice(before);
    expect(deliveries.map((r) => r.headers['x-earshot-event'])).toEqual([
      'spike',
      'mention',
      'mention',
      'mention',
      'mention',
    ]);
    expect(result.triage?.alerts).toEqual([
      { target: 'webhook (HOOK_URL)', sent: 5, failed: 0 },
      { target: 'slack (SLACK_URL)', sent: 0, failed: 5, error: 'answered HTTP 503' },
    ]);
    expect(result.triage?.warnings).toEqual([
      'alert target slack (SLACK_URL): answered HTTP 503 (5 not delivered)',
    ]);
    expect(result.triage?.priorities).toEqual({ high: 4, normal: 3, low: 0 });

    // the same period is not reported twice
    const again = await runScan(d);
    expect(again.triage?.spikes).toEqual([]);
  });

  it('a later spike updates the open crisis issue; once it is closed, the next spike opens a new one', async () => {
    const { tracker } = storeWithHistory();
    const feeds = { a: complaints('c', 7, '2026-11-20T10') };
    const { deps: d } = deps(config, feeds, tracker);
    await runScan(d);
    const at = (iso: string) => ({ ...d, now: () => new Date(iso) });
    feeds.a.push(...complaints('d', 12, '2026-11-20T11'));
    const later = await runScan(at('2026-11-20T11:55:00Z'));
    // baseline now 23:00–10:00: 0 2 1 0 1 3 1 0 2 1 0 9 → μ = 20/12, σ ≈ 2.392, threshold = 20/12 + 3·2.392 ≈ 8.84
    expect(
      later.triage?.spikes.map((s) => [s.periodStart, s.count, Math.round(s.threshold * 100) / 100]),
    ).toEqual([['2026-11-20T11:00:00.000Z', 12, 8.84]]);
    let crises = (await tracker.listIssues()).filter((i) => i.labels.includes('crisis'));
    expect(crises).toHaveLength(1);
    expect(crises[0]?.body).toContain('### Mentions involved (21)');
    expect(crises[0]?.body).toContain('| 2026-11-20 11:00–12:00 UTC | 12 |');
    expect(crises[0]?.body).toContain('| 2026-11-20 10:00–11:00 UTC | 9 |');

    await tracker.update({ ...crises[0]!, state: 'closed' });
    feeds.a.push(...complaints('e', 40, '2026-11-20T12'));
    const third = await runScan(at('2026-11-20T12:59:00Z'));
    expect(third.triage?.spikes.map((s) => s.count)).toEqual([40]);
    crises = (await tracker.listIssues()).filter((i) => i.labels.includes('crisis'));
    expect(crises.map((c) => c.state)).toEqual(['closed', 'open']);
    expect(crises[1]?.body).toContain('### Mentions involved (40)');
  });

  it('on a tracker without special issues the spike is still announced and reported once', async () => {
    const tracker = new MemoryTracker();
    const history = JSON.parse(
      readFileSync(new URL('../../fixtures/triage/state-with-history.json', import.meta.url), 'utf8'),
    );
    await tracker.saveState('default', decodeState(JSON.stringify(history)));
    const env = { HOOK_URL: `${receiver.url}/hook`, HOOK_SECRET: SECRET };
    const { deps: d } = deps(
      config.replace('    - type: slack\n      urlEnv: SLACK_URL\n', ''),
      { a: complaints('c', 7, '2026-11-20T10') },
      tracker,
      env,
    );
    const result = await runScan(d);
    expect(result.triage?.spikes.map((s) => s.count)).toEqual([9]);
    expect(result.triage?.warnings).toEqual([
      'this tracker cannot open crisis issues; the spike is only announced',
    ]);
    expect((await tracker.loadState('default')).state.volumes?.default?.reported).toEqual({
      company: '2026-11-20T10:00:00.000Z',
    });
  });
});
