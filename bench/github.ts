/**
 * GitHub figures, against the GitHub emulator (request/response schema checks off), counting API
 * calls, not only seconds. "In process" = runScan with the real GitHubScanRecord and Octokit and a
 * fake source, GitHub's write pacing (throttling) off, runs 31 minutes apart on a clock the
 * emulator shares; "bundled action" = dist/index.js run as a child process the way a runner runs it
 * (test/helpers/run-action.ts), reading an RSS feed served on 127.0.0.1. docs/metrics.md ("The
 * record's figures") has them with measured values.
 *
 *  github.writesPerNewMention      issue writes (POST/PATCH of issues) per new mention in a run filing
 *                                  100 new mentions in a repository that already ran (in process,
 *                                  budget 1,000) — goal 1.00
 *  github.stateWritesPerFilingRun  state-document writes (contents PUT) of that run: the lease taken,
 *                                  then the state saved (which releases it); a renewal adds one only
 *                                  when filing outlasts half the 10-minute lease
 *  github.readsPerRunSteadyState   API calls of the second quiet run after it (in process, 200 issues,
 *                                  100 of them filed by that run; all reads): the state, then the
 *                                  issues created since the last listing that was saved, i.e. the
 *                                  filing run's (a quiet run saves nothing), less 10 minutes
 *  github.readsPerRunSteadyStateAt{200,10000,50000}Issues  API calls of a quiet run (nothing new;
 *                                  all reads, checked) when that many Earshot issues exist, all
 *                                  updated inside the look-back window, after one run built the id
 *                                  index (bundled action, default settings: throttling on)
 *  github.callsFor10NewMentions    API calls of the next run, filing 10 new mentions (in process,
 *                                  default budget 50): the state, those two listing pages, the lease,
 *                                  the milestones, 10 creates, the state — goal ≤ 20
 *  github.secondsPer1000MentionsUnpaced  wall seconds of one run filing 1,000 mentions (in process,
 *                                  budget 1,000, the emulator in the same process) with GitHub's write
 *                                  pacing off: the code's own cost
 *  github.secondsPer100MentionsPaced  wall seconds of one run filing 100 mentions with the pacing a
 *                                  user runs with (default on: octokit's throttling spaces issue
 *                                  creations, which notify, 3 s apart), the run's other calls included;
 *                                  1,000 take about ten times as long
 *  github.stateBytesAfter1000Pending  bytes of the state document after a first run finding 1,000
 *                                  new mentions (~320-character texts) with the default budget 50:
 *                                  950 drafts pending, gzipped (in process)
 *  github.quietRunPeakRssMbAt{200,50000}Issues  peak resident memory (MB, the process's maxRSS,
 *                                  read at exit by a preloaded probe) of the action process in that
 *                                  quiet run; the emulator runs in the bench process, not in it
 *  github.indexBuildCallsAt50000Issues  API calls of the run that built the index at 50,000 issues
 *                                  (the one full listing: on a new, lost or damaged state)
 *  github.stateBytesAt50000Issues  bytes of the state document holding those 50,000 ids
 *  github.rerunBlockedSeconds      a run killed (SIGKILL) after 3 of its 8 creates, then "Re-run jobs"
 *                                  at once (same GITHUB_RUN_ID, default 10-minute lease): seconds from
 *                                  the re-run's first lease-waiting call after its listing (a poll of
 *                                  the state, a look at the holder's workflow run) to its write taking
 *                                  the lease; 0 when it took the lease at once — goal 0 (bundled
 *                                  action, throttling off)
 *  github.rerunSecondsToFirstCreate  that re-run's wall seconds from process start to its first create
 *  github.otherRunBlockedSecondsLease20s  the same measure for a run with ANOTHER id right after a
 *                                  kill, with a 20 s lease (the killed run unknown to the Actions
 *                                  API): it waits for the lease to expire (shows what blocking costs)
 *  github.faultScenarios / faultRuns / faultCrashedRuns / faultConcurrentRuns / faultMentions
 *                                  the randomized fault test (test/harness/fault-scenarios.ts; 2,000
 *                                  seeds from 100,000; EARSHOT_FAULT_SCENARIOS overrides): scenarios,
 *                                  scan runs, rounds with a crash, rounds with two unsharded runs at
 *                                  once, matched mention identities
 *  github.duplicates / lost / phantom  identities with more than one issue / with none and not set
 *                                  aside / issues for no matched identity — goal 0 each
 *  github.setAside                 identities GitHub refused every time (422), set aside in the
 *                                  state's `refused` list: accounted, not lost
 *  github.fault<Condition>         how often each condition occurred (the fields of Conditions in
 *                                  test/harness/fault-scenarios.ts)
 *  github.listingLag*              the fault test again (its first 200 seeds;
 *                                  EARSHOT_FAULT_KNOWN_BUG_SCENARIOS overrides) with the issue listing
 *                                  lagging 1–8 s in half the rounds: scenarios, lagging rounds,
 *                                  identities, duplicates, lost, phantom (a known bug: lost create
 *                                  answers are filed twice)
 *  github.crossPostLinkEdit*       the same, with one copy of a cross-posted story republished under a
 *                                  new URL in half the rounds (a known bug: a second issue)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load.js';
import { createHttpClient } from '../src/http/client.js';
import { silentLogger } from '../src/logger.js';
import type { RawItem } from '../src/mentions/mention.js';
import { createOctokit } from '../src/record/github/client.js';
import { GitHubScanRecord } from '../src/record/github/scan.js';
import { renderMarker } from '../src/record/marker.js';
import { decodeState } from '../src/record/state.js';
import { runScan, type ScanDeps } from '../src/scan.js';
import { type Emulator, startEmulator } from '../test/github-emulator/index.js';
import { runFaultScenarios } from '../test/harness/fault-scenarios.js';
import { blogFeed } from '../test/helpers/blog-feed.js';
import { asAdapters, fakeAdapter, keywordClassifier } from '../test/helpers/fakes.js';
import { type Loopback, startLoopback } from '../test/helpers/loopback.js';
import { type ActionRun, runAction, tempWorkspace } from '../test/helpers/run-action.js';

const STATE_PATH = 'state/default.json';
const HOUR = 3_600_000;

/** The emulator and the in-process scans share this clock: runs are "31 minutes apart" like a cron. */
const clock = { offset: 0, now: () => new Date(Date.now() + clock.offset) };
const nextCron = () => {
  clock.offset += 31 * 60_000;
};

function deps(emulator: Emulator, items: RawItem[], throttle = false): ScanDeps {
  const adapter = fakeAdapter({ feed: items });
  const adapters = asAdapters(adapter);
  const octokit = createOctokit({ token: 't', baseUrl: emulator.url, logger: silentLogger, throttle });
  return {
    config: parseConfig(
      'company:\n  name: Acme\nbootstrap:\n  backfill: true\nsources:\n  - id: feed\n    kind: fake\n    feed: feed\n',
      'bench',
      adapters,
    ),
    adapters,
    tracker: new GitHubScanRecord({ octokit, owner: 'acme', repo: 'mentions', logger: silentLogger }),
    http: createHttpClient(),
    classifier: keywordClassifier,
    env: {},
    now: clock.now,
    logger: silentLogger,
  };
}

const WORDS =
  'acme cloud billing support outage login account invoice latency dashboard api team release mobile sync export plan refund upgrade region backup password email status deploy webhook'.split(
    ' ',
  );

/** `n` mentions of Acme, ~300 characters of varied words each (a tweet or a short post). */
const mentions = (n: number, offset = 0): RawItem[] =>
  Array.from({ length: n }, (_, i) => {
    const k = offset + i;
    const words = Array.from({ length: 40 }, (_, w) => WORDS[(k * 7 + w * w * 13 + w * k) % WORDS.length]);
    return {
      id: `m${k}`,
      url: `https://example.com/m${k}`,
      text: `Acme mention number ${k}: ${i % 3 ? 'love it, thanks' : 'terrible, refund please'}. ${words.join(' ')}`,
      author: `user${k}`,
      published: new Date(Date.now() - (i % 48) * HOUR).toISOString(),
    };
  });

const issueWrites = (e: Emulator) =>
  e.calls.count('POST /repos/{owner}/{repo}/issues') +
  e.calls.count('PATCH /repos/{owner}/{repo}/issues/{issue_number}');
const stateWrites = (e: Emulator) => e.calls.count('PUT /repos/{owner}/{repo}/contents/{path}');

function stateDocument(emulator: Emulator): Buffer {
  const file = emulator.store.repo('acme', 'mentions').head('earshot-state')?.files.get(STATE_PATH);
  if (!file) throw new Error('no state document');
  return file.content;
}
const stateBytes = (emulator: Emulator) => stateDocument(emulator).length;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Filing figures, in process, runs 31 minutes apart. */
async function filingFigures(emulator: Emulator): Promise<Record<string, number>> {
  emulator.reset();
  // First run in a fresh repository (labels, milestones, state branch), then a filing run.
  const first = mentions(100);
  await runScan(deps(emulator, first), { maxNewIssues: 1000 });
  nextCron();
  emulator.calls.reset();
  const more = [...first, ...mentions(100, 100)];
  const filing = await runScan(deps(emulator, more), { maxNewIssues: 1000 });
  if (filing.new !== 100) throw new Error(`filed ${filing.new} of 100`);
  const writesPerNew = issueWrites(emulator) / filing.new;
  const stateWritesPerRun = stateWrites(emulator);

  // The run after it lists what it filed (created after its listing); the one after that is steady.
  nextCron();
  await runScan(deps(emulator, more), { maxNewIssues: 1000 });
  nextCron();
  emulator.calls.reset();
  await runScan(deps(emulator, more), { maxNewIssues: 1000 });
  const steady = emulator.calls.snapshot();
  if (steady.writes !== 0) throw new Error(`a quiet run wrote ${steady.writes} time(s)`);

  nextCron();
  emulator.calls.reset();
  const ten = await runScan(deps(emulator, [...more, ...mentions(10, 200)]));
  if (ten.new !== 10) throw new Error(`filed ${ten.new} of 10`);
  const callsFor10 = emulator.calls.total;

  emulator.reset();
  const thousand = mentions(1000, 10_000);
  const started = performance.now();
  const big = await runScan(deps(emulator, thousand), { maxNewIssues: 1000 });
  const seconds = (performance.now() - started) / 1000;
  if (big.new !== 1000) throw new Error(`filed ${big.new} of 1000`);

  emulator.reset();
  await runScan(deps(emulator, mentions(1, 30_000), true), { maxNewIssues: 1000 }); // labels, branch
  nextCron();
  const pacedStarted = performance.now();
  const paced = await runScan(deps(emulator, mentions(101, 30_000), true), { maxNewIssues: 1000 });
  const pacedSeconds = (performance.now() - pacedStarted) / 1000;
  if (paced.new !== 100) throw new Error(`filed ${paced.new} of 100 (paced)`);

  emulator.reset();
  const pending = await runScan(deps(emulator, mentions(1000, 20_000))); // default budget 50
  if (pending.new !== 50 || pending.deferred !== 950)
    throw new Error(`filed ${pending.new}, deferred ${pending.deferred} (expected 50 and 950)`);
  if (decodeState(stateDocument(emulator).toString('utf8')).pending.length !== 950)
    throw new Error('the state does not hold the 950 pending drafts');
  return {
    'github.writesPerNewMention': round2(writesPerNew),
    'github.stateWritesPerFilingRun': stateWritesPerRun,
    'github.readsPerRunSteadyState': steady.total,
    'github.callsFor10NewMentions': callsFor10,
    'github.secondsPer1000MentionsUnpaced': round2(seconds),
    'github.secondsPer100MentionsPaced': round2(pacedSeconds),
    'github.stateBytesAfter1000Pending': stateBytes(emulator),
  };
}

// ---- the bundled action --------------------------------------------------------------------

/**
 * Preloaded into the action process (NODE_OPTIONS=--require): writes the process's peak resident
 * set size (kB, from the kernel's rusage) to EARSHOT_BENCH_RSS_FILE when it exits.
 */
const RSS_PROBE = `process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.EARSHOT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
`;

interface ActionBench {
  emulator: Emulator;
  feeds: Loopback;
  served: Map<string, string>;
  probe: string;
  close(): Promise<void>;
}

async function actionBench(emulator: Emulator): Promise<ActionBench> {
  const served = new Map<string, string>();
  const feeds = await startLoopback((req, res) => {
    const body = served.get(req.url.split('?')[0] ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/rss+xml' });
    res.end(body ?? 'no such feed');
  });
  const probe = join(mkdtempSync(join(tmpdir(), 'earshot-bench-')), 'rss-probe.cjs');
  writeFileSync(probe, RSS_PROBE);
  return { emulator, feeds, served, probe, close: () => feeds.close() };
}

/** One run of dist/index.js in scan mode; `peakRssKb` from the probe. */
async function runScanAction(
  b: ActionBench,
  workspace: string,
  o: { runId: string; env?: Record<string, string>; killWhen?: () => boolean },
): Promise<ActionRun & { peakRssKb: number }> {
  const rssFile = join(workspace, `rss-${o.runId}-${Date.now()}`);
  const run = await runAction({
    workspace,
    inputs: {
      'github-token': 'test-token',
      config: 'earshot.yml',
      mode: 'scan',
      'dry-run': 'false',
      'max-new-issues': '',
    },
    event: { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
    timeoutMs: 15 * 60_000,
    ...(o.killWhen ? { killWhen: o.killWhen } : {}),
    env: {
      GITHUB_API_URL: b.emulator.url,
      GITHUB_SERVER_URL: b.emulator.url,
      GITHUB_REPOSITORY: 'acme/mentions',
      GITHUB_RUN_ID: o.runId,
      NODE_OPTIONS: `--require ${b.probe}`,
      EARSHOT_BENCH_RSS_FILE: rssFile,
      ...o.env,
    },
  });
  let peakRssKb = 0;
  try {
    peakRssKb = Number(readFileSync(rssFile, 'utf8'));
  } catch {
    // killed: no exit handler ran
  }
  return { ...run, peakRssKb };
}

function ok(run: ActionRun): void {
  if (run.code !== 0) throw new Error(`the action failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

/** `n` Earshot issues created two days ago, updated an hour ago (inside the look-back window). */
function seedIssues(emulator: Emulator, n: number): void {
  const now = Date.now();
  const batch = 5000;
  for (let from = 0; from < n; from += batch)
    emulator.seed({
      issues: Array.from({ length: Math.min(batch, n - from) }, (_, j) => {
        const i = from + j;
        return {
          title: `[neutral] someone on blog: mention ${i}`,
          body: `An old mention.\n\n${renderMarker({ key: `url:https://old.example.com/${i}`, source: 'blog', kind: 'rss', published: new Date(now - 50 * HOUR).toISOString(), category: 'neutral', confidence: 1, priority: 'low' })}`,
          labels: ['earshot', 'neutral'],
          created_at: new Date(now - 48 * HOUR - i * 1000).toISOString(),
          updated_at: new Date(now - HOUR).toISOString(),
        };
      }),
    });
}

/** Quiet runs at 200, 10,000 and 50,000 issues; the index build and peak memory at 50,000. */
async function quietFigures(b: ActionBench): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  clock.offset = 0; // the action runs on the real clock
  for (const n of [200, 10_000, 50_000]) {
    b.emulator.reset();
    const workspace = tempWorkspace();
    // A quiet repository: one feed whose one post is older than the first run (recorded, not filed).
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:\n  name: Acme\nsources:\n  - id: blog\n    kind: rss\n    url: ${b.feeds.url}/blog.xml\n`,
    );
    b.served.set('/blog.xml', blogFeed([{ n: 1, title: 'Acme post', text: 'Acme is fine', hoursAgo: 30 }]));
    process.stderr.write(`  github: ${n} issues: seeding …\n`);
    seedIssues(b.emulator, n);
    const env = { EARSHOT_THROTTLE: 'on' }; // the default: GitHub's pacing and rate-limit handling
    b.emulator.calls.reset();
    const build = await runScanAction(b, workspace, { runId: '4001', env });
    ok(build);
    const buildCalls = b.emulator.calls.total;
    b.emulator.calls.reset();
    const quiet = await runScanAction(b, workspace, { runId: '4002', env });
    ok(quiet);
    const calls = b.emulator.calls.snapshot();
    if (calls.writes !== 0 || quiet.outputs['new-issues'] !== '0')
      throw new Error(`the quiet run at ${n} issues wrote ${calls.writes} time(s)`);
    process.stderr.write(`  github: ${n} issues: build ${buildCalls} calls, quiet ${calls.total} calls\n`);
    out[`github.readsPerRunSteadyStateAt${n}Issues`] = calls.total;
    if (n === 200) out['github.quietRunPeakRssMbAt200Issues'] = Math.round(quiet.peakRssKb / 1024);
    if (n === 50_000) {
      out['github.indexBuildCallsAt50000Issues'] = buildCalls;
      out['github.stateBytesAt50000Issues'] = stateBytes(b.emulator);
      out['github.quietRunPeakRssMbAt50000Issues'] = Math.round(quiet.peakRssKb / 1024);
    }
  }
  return out;
}

/** The run is killed (SIGKILL) once it has created 3 of its 8 issues (creates slowed to 150 ms). */
async function killMidFiling(b: ActionBench, workspace: string, runId: string, env: Record<string, string>) {
  const issues = () => b.emulator.store.repo('acme', 'mentions').issues.length;
  const before = issues();
  b.emulator.faults.set([
    { match: { route: 'POST /repos/{owner}/{repo}/issues' }, effect: { type: 'latency', ms: 150 } },
  ]);
  const killed = await runScanAction(b, workspace, { runId, env, killWhen: () => issues() >= before + 3 });
  b.emulator.faults.clear();
  if (killed.code !== null) throw new Error(`run ${runId} was not killed mid-filing (exit ${killed.code})`);
  if (issues() >= before + 8) throw new Error(`run ${runId} filed everything before it was killed`);
}

/**
 * A run after the kill, timed through its API calls: after its listing, a run that finds the lease
 * held looks at the holder's workflow run and polls the state until it may take it; `blocked` is
 * the time from the first of those calls to the write that takes the lease (0 when it took the
 * lease at once: no call in between).
 */
async function timedRun(b: ActionBench, workspace: string, runId: string, env: Record<string, string>) {
  const { emulator } = b;
  emulator.calls.reset();
  let listed = false;
  let firstWait: number | undefined;
  let leaseTaken: number | undefined;
  let firstCreate: number | undefined;
  const stop = emulator.calls.on((call) => {
    const at = performance.now();
    if (call.route === 'GET /repos/{owner}/{repo}/issues') listed = true;
    else if (
      listed &&
      leaseTaken === undefined &&
      (call.route === 'GET /repos/{owner}/{repo}/contents/{path}' ||
        call.route === 'GET /repos/{owner}/{repo}/actions/runs/{run_id}')
    )
      firstWait ??= at;
    else if (call.route === 'PUT /repos/{owner}/{repo}/contents/{path}' && listed) leaseTaken ??= at;
    else if (call.route === 'POST /repos/{owner}/{repo}/issues') firstCreate ??= at;
  });
  const started = performance.now();
  const run = await runScanAction(b, workspace, { runId, env });
  stop();
  ok(run);
  if (leaseTaken === undefined || firstCreate === undefined)
    throw new Error(`run ${runId} did not take the lease and file`);
  return {
    blockedSeconds: firstWait === undefined ? 0 : (leaseTaken - firstWait) / 1000,
    secondsToFirstCreate: (firstCreate - started) / 1000,
  };
}

/**
 * kill -9 mid-filing, then "Re-run jobs" with the same GITHUB_RUN_ID (as the e2e suite does), with
 * the default 10-minute lease. For contrast, with a 20 s lease: killed again, then a run with
 * another id (the killed run unknown to the Actions API) waits for the lease to expire.
 */
async function rerunFigures(b: ActionBench): Promise<Record<string, number>> {
  const { emulator } = b;
  emulator.reset();
  const workspace = tempWorkspace();
  writeFileSync(
    join(workspace, 'earshot.yml'),
    `company:\n  name: Acme\nbootstrap:\n  backfill: true\nsources:\n  - id: blog\n    kind: rss\n    url: ${b.feeds.url}/blog.xml\n`,
  );
  const posts = (n: number) =>
    blogFeed(
      Array.from({ length: n }, (_, i) => ({
        n: i + 1,
        title: `Acme post ${i + 1}`,
        text: 'Acme is fine',
        hoursAgo: 2,
      })),
    );
  const issues = () => emulator.store.repo('acme', 'mentions').issues.length;
  b.served.set('/blog.xml', posts(8));
  await killMidFiling(b, workspace, '7001', {});
  const rerun = await timedRun(b, workspace, '7001', {});
  if (issues() !== 8) throw new Error(`after the re-run: ${issues()} issues, expected 8`);

  b.served.set('/blog.xml', posts(16));
  const short = { EARSHOT_LEASE_SECONDS: '20' };
  await killMidFiling(b, workspace, '7002', short);
  const other = await timedRun(b, workspace, '7003', short);
  if (issues() !== 16) throw new Error(`after the other run: ${issues()} issues, expected 16`);
  return {
    'github.rerunBlockedSeconds': round2(rerun.blockedSeconds),
    'github.rerunSecondsToFirstCreate': round2(rerun.secondsToFirstCreate),
    'github.otherRunBlockedSecondsLease20s': round2(other.blockedSeconds),
  };
}

async function faultFigures(count: number): Promise<Record<string, number>> {
  process.stderr.write(`  github: ${count} fault scenarios …\n`);
  const started = performance.now();
  const report = await runFaultScenarios({
    count,
    firstSeed: 100_000,
    validate: false,
    onProgress: (n) => {
      if (n % 100 === 0)
        process.stderr.write(
          `  github: ${n}/${count} scenarios (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
        );
    },
  });
  for (const f of report.failures)
    process.stderr.write(`  github: FAILED seed ${f.seed}: ${JSON.stringify(f)}\n`);
  const conditions = Object.fromEntries(
    Object.entries(report.conditions).map(([k, v]) => [`github.fault${k[0]!.toUpperCase()}${k.slice(1)}`, v]),
  );
  return {
    'github.faultScenarios': report.scenarios,
    'github.faultRuns': report.runs,
    'github.faultCrashedRuns': report.crashedRuns,
    'github.faultConcurrentRuns': report.concurrentRuns,
    'github.faultMentions': report.expectedMentions,
    'github.duplicates': report.duplicates,
    'github.lost': report.lost,
    'github.phantom': report.phantom,
    'github.setAside': report.setAside,
    ...conditions,
  };
}

/** The fault test with one copy of cross-posted stories republished under a new URL (known bug). */
async function crossPostLinkEditFigures(count: number): Promise<Record<string, number>> {
  process.stderr.write(`  github: ${count} fault scenarios with cross-posted copies moving …\n`);
  const report = await runFaultScenarios({
    count,
    firstSeed: 100_000,
    validate: false,
    crossPostLinkEdits: true,
  });
  return {
    'github.crossPostLinkEditScenarios': report.scenarios,
    'github.crossPostLinkEdits': report.conditions.crossPostLinkEdits,
    'github.crossPostLinkEditMentions': report.expectedMentions,
    'github.crossPostLinkEditDuplicates': report.duplicates,
    'github.crossPostLinkEditLost': report.lost,
    'github.crossPostLinkEditPhantom': report.phantom,
  };
}

/** The same fault test with GitHub's issue listing lagging 1–8 s in half the rounds (known bug). */
async function listingLagFigures(count: number): Promise<Record<string, number>> {
  process.stderr.write(`  github: ${count} fault scenarios with a lagging issue listing …\n`);
  const report = await runFaultScenarios({ count, firstSeed: 100_000, validate: false, listingLag: 0.5 });
  return {
    'github.listingLagScenarios': report.scenarios,
    'github.listingLagRounds': report.conditions.listingLagRounds,
    'github.listingLagMentions': report.expectedMentions,
    'github.listingLagDuplicates': report.duplicates,
    'github.listingLagLost': report.lost,
    'github.listingLagPhantom': report.phantom,
  };
}

export async function benchGithub(options: { scenarios?: number } = {}): Promise<Record<string, number>> {
  const emulator = await startEmulator({ repo: 'acme/mentions', validate: false, now: clock.now });
  const b = await actionBench(emulator);
  try {
    const figures: Record<string, number> = {};
    Object.assign(figures, await filingFigures(emulator));
    Object.assign(figures, await quietFigures(b));
    Object.assign(figures, await rerunFigures(b));
    const count = options.scenarios ?? Number(process.env.EARSHOT_FAULT_SCENARIOS ?? 2000);
    Object.assign(figures, await faultFigures(count));
    const known = Number(process.env.EARSHOT_FAULT_KNOWN_BUG_SCENARIOS ?? Math.min(count, 200));
    Object.assign(figures, await listingLagFigures(known));
    Object.assign(figures, await crossPostLinkEditFigures(known));
    return figures;
  } finally {
    await b.close();
    await emulator.close();
  }
}
