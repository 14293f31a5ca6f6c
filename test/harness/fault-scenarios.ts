/**
 * The randomized fault test (issue: never a duplicate, never lost). Each seeded scenario runs
 * several rounds of scans through the real GitHubScanRecord and Octokit against the GitHub emulator,
 * then two clean runs, and checks the invariant per mention identity (a *story*: an item, its
 * copies under the same URL in other sources, its republications under a new URL): exactly one
 * issue, or set aside because GitHub refused it every time; zero duplicates, zero lost, and no
 * issue for a mention that did not match (phantom).
 *
 * Each of these is chosen at random, per scenario or per round, from the seed:
 * - faults: a crash at any API call (that call and every later one fail, as if the process died),
 *   5xx answers, secondary rate limits with retry-after 0, creates applied but answered 502;
 * - runs: two unsharded runs at once (different run ids); a matrix of 2–4 shards run at once with
 *   one run id (`shard: i/n`), the layout changing between rounds (none → 4 → 2 …);
 * - after a crash: the next cron 31 minutes later (new run id, the lease expired), "Re-run jobs"
 *   at once (the SAME run id and layout, no clock jump: the run takes its own lease over), or the
 *   crashed run marked completed in the Actions API and a new run id taking over at once;
 * - a create outliving the lease: a secondary rate limit with a retry-after longer than what is
 *   left of a short lease (60 s), throttling on, the deadline wired as action/runner.ts wires it;
 * - a refused draft: GitHub answers 422 to any create carrying one story's text, every time;
 * - feeds: new items, the same URL in two sources (at once or later), late items (dated days
 *   before the newest, inside lookbackDays), an item republished under a new URL (same id/guid);
 *   the fake source keys like an API source whose URL names the item, or like a feed;
 * - the record: the state padded past 1 MB (read as a git blob), truncated, or its branch deleted;
 *   people editing titles, labels and states, removing an issue's marker or its `earshot` label;
 *   more than 1,000 existing Earshot issues; small write budgets.
 *
 * Two more conditions are options, off by default, because they break the invariant today (each
 * pinned by a test in test/e2e/fault-scenarios.test.ts until src/ is fixed): GitHub's issue
 * listing lagging 1–8 s behind creation (ScenarioOptions.listingLag: lost create answers are filed
 * twice), and one copy of a cross-posted story republished under a new URL
 * (ScenarioOptions.crossPostLinkEdits: a second issue).
 *
 * What people do to an issue is only done to issues the state already records, and once a
 * scenario has tampered with an issue the state is not destroyed afterwards: an issue with neither
 * marker nor label is invisible, and a record rebuilt from the issues cannot know it.
 *
 * Used by `npm test` (200 scenarios, test/e2e/fault-scenarios.test.ts) and the benchmark (2,000).
 */
import { parseConfig } from '../../src/config/load.js';
import { createHttpClient } from '../../src/http/client.js';
import { allLabels } from '../../src/issue/labels.js';
import type { Logger } from '../../src/logger.js';
import { createOctokit } from '../../src/record/github/client.js';
import { GitHubScanRecord } from '../../src/record/github/scan.js';
import { idHash } from '../../src/record/known.js';
import { parseMarker } from '../../src/record/marker.js';
import { rememberedHashes } from '../../src/record/state.js';
import { runScan, type ScanDeps, type ScanResult } from '../../src/scan.js';
import { triageLabels } from '../../src/triage/run.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { asAdapters, fakeAdapter, keywordClassifier } from '../helpers/fakes.js';
import {
  type AdapterMode,
  adapterFlags,
  countingLogger,
  deleteStateBranch,
  padState,
  readState,
  rng,
  ScenarioClock,
  SOURCES,
  STATE_INLINE_LIMIT,
  stateFile,
  truncateState,
  World,
} from './scenario-world.js';

/** How often each condition happened (summed over the scenarios). */
export interface Conditions {
  /** Rounds whose runs found the state past the contents API's 1 MB (and read it as a blob). */
  bigStateRounds: number;
  /** `GET …/git/blobs/{sha}` calls: the state read past 1 MB. */
  blobReads: number;
  /** Rounds that ran a 2–4 shard matrix at once (one run id). */
  shardedRounds: number;
  /** Rounds whose shard layout differs from the round before (none, 2, 3, 4). */
  layoutChanges: number;
  /** Stories whose URL is in two sources' feeds (at once / found later). */
  crossPosts: number;
  crossPostsLater: number;
  /** Items added later with a date days before the newest item (inside lookbackDays). */
  lateItems: number;
  /** Items republished under a new URL (same id/guid). */
  linkEdits: number;
  /** Crashed rounds that left a live filing lease behind. */
  crashesHoldingLease: number;
  /** Rounds after a crash that were "Re-run jobs": same run id, same layout, no clock jump. */
  reruns: number;
  /** …of which found their own run's live lease and took it over at once. */
  rerunLeaseTakeovers: number;
  /** Rounds after a crash whose crashed run was marked completed and a new run id took over. */
  handovers: number;
  /** Runs that logged taking over a finished run's lease. */
  finishedRunTakeovers: number;
  /** Rounds after a crash that came 31 minutes later with a new run id (the lease expired). */
  laterCrons: number;
  /** Rounds set up for a create outliving the lease (60 s lease, retry-after 60–110 s). */
  leaseOutlivingRounds: number;
  /** Rate-limit waits refused because they would pass the filing lease's end. */
  leaseOutlived: number;
  /** Polls of another run's live lease (a waiting run logs one per poll). */
  leaseWaits: number;
  /** Runs that gave up on a live lease and kept everything pending. */
  leaseSkips: number;
  /** Stories GitHub refused every time. */
  refusedStories: number;
  stateDeleted: number;
  stateTruncated: number;
  statePadded: number;
  /** Deletions / truncations that a later run found (missing / damaged) and rebuilt from the issues. */
  rebuiltMissing: number;
  rebuiltDamaged: number;
  markersEdited: number;
  labelsRemoved: number;
  /** Link edits of one copy of a cross-posted story (ScenarioOptions.crossPostLinkEdits). */
  crossPostLinkEdits: number;
  /** Rounds during which the issue listing lagged 1–8 s behind creation (ScenarioOptions). */
  listingLagRounds: number;
  /** Scenarios keying like an API source with permalinks (`api`) or like a feed (`feed`). */
  apiKeyed: number;
  feedKeyed: number;
}

export interface ScenarioReport {
  scenarios: number;
  runs: number;
  crashedRuns: number;
  failedRuns: number;
  concurrentRuns: number;
  /** Matched stories (mention identities): each must end with one issue, or set aside. */
  expectedMentions: number;
  duplicates: number;
  lost: number;
  phantom: number;
  /** Refused stories that ended set aside in the state's `refused` list (accounted, not lost). */
  setAside: number;
  existingIssuesMax: number;
  apiCalls: number;
  conditions: Conditions;
  /** Scenarios that broke the invariant, with their seeds, for reproduction. */
  failures: { seed: number; duplicates: string[]; lost: string[]; phantom: string[] }[];
  violations: number;
}

function noConditions(): Conditions {
  return {
    bigStateRounds: 0,
    blobReads: 0,
    shardedRounds: 0,
    layoutChanges: 0,
    crossPosts: 0,
    crossPostsLater: 0,
    lateItems: 0,
    linkEdits: 0,
    crashesHoldingLease: 0,
    reruns: 0,
    rerunLeaseTakeovers: 0,
    handovers: 0,
    finishedRunTakeovers: 0,
    laterCrons: 0,
    leaseOutlivingRounds: 0,
    leaseOutlived: 0,
    leaseWaits: 0,
    leaseSkips: 0,
    refusedStories: 0,
    stateDeleted: 0,
    stateTruncated: 0,
    statePadded: 0,
    rebuiltMissing: 0,
    rebuiltDamaged: 0,
    markersEdited: 0,
    labelsRemoved: 0,
    crossPostLinkEdits: 0,
    listingLagRounds: 0,
    apiKeyed: 0,
    feedKeyed: 0,
  };
}

const LOOKBACK_DAYS = 14;
const CONFIG = `company:
  name: Acme
  products: [AcmeCloud]
lookbackDays: ${LOOKBACK_DAYS}
bootstrap:
  backfill: true
sources:
${SOURCES.map((s) => `  - id: ${s}\n    kind: fake\n    feed: ${s}\n`).join('')}`;

/** What the runs' logs are counted for. */
const LOG_PATTERNS = {
  finishedRunTakeovers: /left from a finished run: taking it over/,
  // the Octokit's own line (the filing stopped line repeats the reason)
  leaseOutlived: /would pass the filing lease's end; failing now/,
  leaseWaits: /is filing; waiting for it/,
};

const MINUTE = 60_000;

export interface ScenarioEmulator {
  emulator: Emulator;
  /** The running scenario's clock (the emulator reads it). */
  clock: { current: ScenarioClock };
}

/** An emulator whose clock is the running scenario's. */
export async function startScenarioEmulator(o: { validate?: boolean } = {}): Promise<ScenarioEmulator> {
  const clock = { current: new ScenarioClock() };
  const emulator = await startEmulator({
    repo: 'acme/mentions',
    now: () => clock.current.now(),
    ...(o.validate === false ? { validate: false } : {}),
  });
  return { emulator, clock };
}

export interface ScenarioResult {
  runs: number;
  crashed: number;
  failed: number;
  concurrent: number;
  expected: number;
  setAside: number;
  duplicates: string[];
  lost: string[];
  phantom: string[];
  existing: number;
  apiCalls: number;
  conditions: Conditions;
}

type Layout = 1 | 2 | 3 | 4;

/** One scenario; returns what the invariant check found. */
export interface ScenarioOptions {
  /**
   * The share of rounds during which GitHub's issue listing lags (an issue shows in
   * `GET /repos/{o}/{r}/issues` 1–8 s after it was created; `emulator.setIssueListingLag`).
   * Default 0. Drawn from its own random sequence: the rest of each scenario stays the same.
   */
  listingLag?: number;
  /**
   * Link edits may also move one copy of a cross-posted story (the same item id/guid under a new
   * URL). Off by default: today that files a second issue (the copy that was skipped as known by
   * its URL never had its guid recorded); pinned by a test until src/ is fixed.
   */
  crossPostLinkEdits?: boolean;
}

export async function runScenario(
  world: ScenarioEmulator,
  seed: number,
  options: ScenarioOptions = {},
): Promise<ScenarioResult> {
  const { emulator } = world;
  const random = rng(seed);
  const lagRandom = rng(seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const clock = new ScenarioClock();
  world.clock.current = clock;
  emulator.reset();
  const [owner, repo] = emulator.repo.split('/') as [string, string];
  const c = noConditions();
  const logCounts: Record<string, number> = {};
  const logger: Logger = countingLogger(logCounts, LOG_PATTERNS);

  // Existing history: sometimes more than 1,000 Earshot issues, some updated within the window.
  const existing = random() < 0.1 ? 1000 + Math.floor(random() * 300) : Math.floor(random() * 40);
  if (existing > 0) {
    const recent = clock.now().getTime() - 2 * 86_400_000;
    emulator.seed({
      issues: Array.from({ length: existing }, (_, i) => ({
        title: `[neutral] someone on old: mention ${i}`,
        body: `old mention\n<!-- earshot:v1 ${Buffer.from(JSON.stringify({ key: `old:${i}`, source: 'x', kind: 'x', published: '', category: 'neutral', confidence: 1, priority: 'low' })).toString('base64url')} -->`,
        labels: ['earshot', 'neutral'],
        created_at: new Date(recent - i * 60_000).toISOString(),
        updated_at: new Date(recent - i * 60_000).toISOString(),
        state: i % 3 === 0 ? 'closed' : 'open',
      })),
    });
  }

  const mode: AdapterMode = random() < 0.5 ? 'api' : 'feed';
  if (mode === 'api') c.apiKeyed++;
  else c.feedKeyed++;
  const world_ = new World(seed, random, mode, clock.now, LOOKBACK_DAYS);
  const refuses = random() < 0.3;
  const grown = world_.grow({ refuse: refuses, crossPost: 0.25, late: 0 });
  c.crossPosts += grown.crossPosted;
  if (refuses) c.refusedStories++;
  // GitHub refuses any create carrying the refused story's text, every time (the minimal form
  // keeps the title, so it is refused too): the story must end set aside.
  const refusal = refuses
    ? [
        {
          match: { method: 'POST', route: '/repos/{owner}/{repo}/issues', bodyContains: `refuseme${seed}x` },
          effect: { type: 'validation' as const, message: 'body is not acceptable' },
        },
      ]
    : [];

  const adapter = Object.assign(fakeAdapter(world_.feeds), adapterFlags(mode));
  const adapters = asAdapters(adapter);
  const config = parseConfig(CONFIG, 'scenario.yml', adapters);
  // Mostly a repository Earshot ran in before (its labels exist); else the first run creates them.
  if (random() < 0.75) emulator.seed({ labels: [...allLabels(['fake']), ...triageLabels(config)] });
  // A run waiting for another's lease polls in real milliseconds (the scenario clock stands still).
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(1, ms / 1000)));
  const makeDeps = (o: { throttle?: boolean } = {}): ScanDeps => {
    // Wired as action/runner.ts wires it: the scan sets the filing deadline, the Octokit's
    // rate-limit waits read it (in real time: this clock runs ahead by its jumps).
    let deadline: number | undefined;
    const octokit = createOctokit({
      token: 'test-token',
      baseUrl: emulator.url,
      logger,
      throttle: o.throttle ?? false,
      retries: 2,
      retryAfterScale: 0.001,
      deadline: () => (deadline === undefined ? undefined : clock.toReal(deadline)),
      deadlineName: "the filing lease's end",
    });
    return {
      config,
      adapters,
      tracker: new GitHubScanRecord({
        octokit,
        owner,
        repo,
        logger,
        createAttempts: 2,
        onDeadline: (at) => {
          deadline = at;
        },
      }),
      http: createHttpClient(),
      classifier: keywordClassifier,
      env: {},
      now: clock.now,
      logger,
      sleep,
    };
  };

  let runs = 0;
  let crashed = 0;
  let failed = 0;
  let concurrent = 0;
  let apiCalls = 0;
  let runCounter = 0;
  const newRunId = () => String(seed * 100 + ++runCounter);
  let tampered = false;
  /** Issues whose marker a person removed: the story each belonged to. */
  const unmarked = new Map<number, number>();
  // A deleted or truncated state waits for a run that finds it so and rebuilds it.
  let deletedUnseen = false;
  let truncatedUnseen = false;
  const seeResult = (r: PromiseSettledResult<ScanResult>) => {
    if (r.status === 'rejected') {
      failed++;
      return;
    }
    if (r.value.record?.state === 'missing' && deletedUnseen) {
      c.rebuiltMissing++;
      deletedUnseen = false;
    }
    if (r.value.record?.state === 'damaged' && truncatedUnseen) {
      c.rebuiltDamaged++;
      truncatedUnseen = false;
    }
    if (r.value.skipped) c.leaseSkips++;
  };

  let prev: { crashed: boolean; runIds: string[]; layout: Layout } | undefined;
  const rounds = 2 + Math.floor(random() * 4);
  // At most one round per scenario outlives its lease (throttling on paces writes a second apart),
  // never the first (which may create every label: twenty paced writes).
  const outlivingRound = random() < 0.06 ? 1 + Math.floor(random() * (rounds - 1)) : -1;
  for (let round = 0; round < rounds; round++) {
    // ---- how this round starts ----
    let kind: 'cron' | 'rerun' | 'handover' | 'later' = 'cron';
    if (prev?.crashed) kind = pick(['rerun', 'rerun', 'handover', 'handover', 'later'] as const);
    if (kind === 'cron' || kind === 'later') clock.jump(31 * MINUTE); // past any lease left behind
    if (kind === 'later') c.laterCrons++;
    if (kind === 'handover') {
      c.handovers++;
      for (const id of prev!.runIds)
        emulator.setWorkflowRun({ id: Number(id), status: 'completed', conclusion: 'failure' });
    }
    const outliving = round === outlivingRound && kind === 'cron';
    const layout: Layout = kind === 'rerun' ? prev!.layout : outliving ? 1 : pick([1, 1, 2, 3, 4] as const);
    if (prev && layout !== prev.layout) c.layoutChanges++;
    if (outliving) world_.grow({ crossPost: 0, late: 0 }); // something to file
    const twoAtOnce = layout === 1 && !outliving && random() < 0.2;
    const runIds =
      kind === 'rerun' ? [prev!.runIds[0]!] : twoAtOnce ? [newRunId(), newRunId()] : [newRunId()];
    for (const id of runIds) emulator.setWorkflowRun({ id: Number(id), status: 'in_progress' });
    const holders =
      layout === 1
        ? runIds.map((id) => `run:${id}:default`)
        : Array.from({ length: layout }, (_, i) => `run:${runIds[0]}:shard-${i + 1}-of-${layout}`);
    const before = stateFile(emulator);
    if (before && Buffer.byteLength(before.content) > STATE_INLINE_LIMIT) c.bigStateRounds++;
    if (kind === 'rerun') {
      c.reruns++;
      const lease = readState(emulator)?.lease;
      if (lease && Date.parse(lease.until) > clock.now().getTime() && holders.includes(lease.holder))
        c.rerunLeaseTakeovers++;
    }

    // ---- faults ----
    // GitHub's refusal first: a refused create is never also applied by another rule.
    const rules: Parameters<Emulator['faults']['configure']>[0]['rules'] = [...refusal];
    let crashAt: number | null = null;
    let killAfterCreate: number | null = null;
    if (outliving) {
      c.leaseOutlivingRounds++;
      // Longer than what a 60 s lease leaves (its end less a 12 s margin), shorter than the 120 s
      // the client accepts at all: only the lease refuses the wait.
      rules.push({
        match: { method: 'POST', route: '/repos/{owner}/{repo}/issues' },
        nth: 1,
        effect: { type: 'secondaryRateLimit' as const, retryAfter: 60 + Math.floor(random() * 50) },
      });
    } else {
      if (random() < 0.4)
        rules.push({
          match: { method: 'POST', route: '/repos/{owner}/{repo}/issues' },
          nth: 1 + Math.floor(random() * 4),
          effect: 'applyThenFail' as const,
        });
      if (random() < 0.3)
        rules.push({
          probability: 0.1,
          seed: seed + round,
          effect: { type: 'status' as const, status: pick([500, 502, 503]) },
        });
      if (random() < 0.3)
        rules.push({
          match: { method: 'POST' },
          nth: 1 + Math.floor(random() * 5),
          effect: { type: 'secondaryRateLimit' as const, retryAfter: 0 },
        });
      if (random() < 0.2)
        rules.push({
          match: { method: 'GET', route: '/repos/{owner}/{repo}/issues' },
          nth: 1,
          effect: { type: 'status' as const, status: 502 },
        });
      // The process dies at any API call, or (half of the crashes) right after its 1st–3rd issue
      // was created: killed mid-filing, its lease left behind.
      if (random() < 0.35) {
        if (random() < 0.5) crashAt = 1 + Math.floor(random() * 40);
        else killAfterCreate = 1 + Math.floor(random() * 3);
      }
    }
    emulator.faults.configure({ rules, crashAtCall: crashAt });
    if (lagRandom() < (options.listingLag ?? 0)) {
      c.listingLagRounds++;
      emulator.setIssueListingLag(1000 + Math.floor(lagRandom() * 7000));
    }
    emulator.calls.reset();
    let creates = 0;
    const unsubscribe = emulator.calls.on((call) => {
      if (call.route !== 'POST /repos/{owner}/{repo}/issues' || call.status !== 201) return;
      if (++creates === killAfterCreate && emulator.faults.crashAtCall === null)
        emulator.faults.crashAtCall = emulator.calls.total + 1;
    });

    // ---- the runs ----
    const budget = random() < 0.5 ? 1 + Math.floor(random() * 5) : 50;
    let attempts: Promise<ScanResult>[];
    if (layout > 1) {
      c.shardedRounds++;
      attempts = Array.from({ length: layout }, (_, i) =>
        runScan(makeDeps(), { maxNewIssues: budget, runId: runIds[0]!, shard: `${i + 1}/${layout}` }),
      );
    } else if (outliving) {
      // GitHub's pacing on (the throttling plugin handles rate limits), a 60 s lease.
      attempts = [
        runScan(makeDeps({ throttle: true }), { maxNewIssues: budget, runId: runIds[0]!, leaseMs: MINUTE }),
      ];
    } else {
      if (twoAtOnce) concurrent++;
      attempts = runIds.map((runId) => runScan(makeDeps(), { maxNewIssues: budget, runId }));
    }
    const results = await Promise.allSettled(attempts);
    unsubscribe();
    runs += attempts.length;
    for (const r of results) seeResult(r);
    const snapshot = emulator.calls.snapshot();
    apiCalls += snapshot.total;
    c.blobReads += emulator.calls.count('GET /repos/{owner}/{repo}/git/blobs/{file_sha}');
    const dying = emulator.faults.crashAtCall;
    const crashedNow = dying !== null && snapshot.total >= dying;
    if (crashedNow) {
      crashed++;
      const lease = readState(emulator)?.lease;
      if (lease && Date.parse(lease.until) > clock.now().getTime() && holders.includes(lease.holder))
        c.crashesHoldingLease++;
    }
    emulator.faults.configure({ rules: [], crashAtCall: null });
    emulator.setIssueListingLag(0);
    // A run that ended (even failing) is completed in the Actions API; a crashed runner is not
    // (until a handover says so).
    if (!crashedNow)
      for (const id of runIds)
        emulator.setWorkflowRun({
          id: Number(id),
          status: 'completed',
          conclusion: results.some((r) => r.status === 'rejected') ? 'failure' : 'success',
        });
    prev = { crashed: crashedNow, runIds, layout };

    // ---- between rounds: people, accidents, feeds ----
    const issues = emulator.state.issues;
    for (let k = 0; k < 3 && issues.length > 0; k++) {
      const issue = pick(issues);
      const person = emulator.person('alice', 'write');
      const action = random();
      if (action < 0.33) person.editIssue(issue.number, { title: `edited by a person ${round}` });
      else if (action < 0.66) person.removeLabel(issue.number, 'neutral');
      else person.editIssue(issue.number, { state: 'closed', state_reason: 'completed' });
    }
    if (random() < 0.25) {
      // A person removes the marker of an issue (rewrites its body) or its `earshot` label: only
      // issues the state already records (see the module comment).
      const state = readState(emulator);
      const remembered = new Set(state ? rememberedHashes(state) : []);
      const known = issues.filter((i) => {
        const marker = parseMarker(i.body);
        return marker && !marker.key.startsWith('old:') && remembered.has(idHash(marker.key));
      });
      if (known.length > 0) {
        const issue = pick(known);
        const marker = parseMarker(issue.body)!;
        const person = emulator.person('maintainer', 'maintain');
        if (random() < 0.5) {
          const story = world_.storyOf([marker.key, ...(marker.ids ?? [])]);
          if (story !== undefined && story >= 0) {
            person.editIssue(issue.number, { body: 'A person rewrote this issue, marker and all.' });
            unmarked.set(issue.number, story);
            c.markersEdited++;
            tampered = true;
          }
        } else if (issue.labels.includes('earshot')) {
          person.removeLabel(issue.number, 'earshot');
          c.labelsRemoved++;
          tampered = true;
        }
      }
    }
    if (!tampered) {
      const accident = random();
      if (accident < 0.1 && deleteStateBranch(emulator)) {
        c.stateDeleted++;
        deletedUnseen = true;
      } else if (accident < 0.2 && truncateState(emulator, random)) {
        c.stateTruncated++;
        truncatedUnseen = true;
      }
    }
    if (random() < 0.08) {
      const file = stateFile(emulator);
      if (file && Buffer.byteLength(file.content) <= STATE_INLINE_LIMIT && padState(emulator))
        c.statePadded++;
    }
    if (random() < 0.7) {
      const g = world_.grow({ crossPost: 0.25, late: 0.2 });
      c.crossPosts += g.crossPosted;
      c.lateItems += g.late;
    }
    if (random() < 0.2 && world_.crossPostLater()) c.crossPostsLater++;
    if (random() < 0.25 && world_.editLink()) c.linkEdits++;
    if (options.crossPostLinkEdits && lagRandom() < 0.5 && world_.editLink({ crossPosted: true }))
      c.crossPostLinkEdits++;
  }

  // The final clean runs: no faults (GitHub still refuses the refused story), a budget large
  // enough to drain anything pending, 31 minutes apart (past any lease left behind).
  emulator.faults.configure({ rules: [...refusal], crashAtCall: null });
  for (let k = 0; k < 2; k++) {
    clock.jump(31 * MINUTE);
    const runId = newRunId();
    emulator.setWorkflowRun({ id: Number(runId), status: 'in_progress' });
    emulator.calls.reset();
    const [r] = await Promise.allSettled([runScan(makeDeps(), { maxNewIssues: 500, runId })]);
    seeResult(r!);
    apiCalls += emulator.calls.snapshot().total;
    runs++;
  }
  emulator.faults.configure({ rules: [], crashAtCall: null });
  c.leaseOutlived += logCounts.leaseOutlived ?? 0;
  c.finishedRunTakeovers += logCounts.finishedRunTakeovers ?? 0;
  c.leaseWaits += logCounts.leaseWaits ?? 0;

  // ---- the invariant, per story ----
  const issuesOf = new Map<number, number[]>();
  const phantom: string[] = [];
  for (const issue of emulator.state.issues) {
    let story = unmarked.get(issue.number);
    if (story === undefined) {
      const marker = parseMarker(issue.body);
      if (!marker || marker.key.startsWith('old:')) continue; // not a mention (or seeded history)
      story = world_.storyOf([marker.key, ...(marker.ids ?? [])]);
      if (story === undefined || story < 0 || !world_.stories[story]!.matched) {
        phantom.push(`#${issue.number} ${marker.key}`);
        continue;
      }
    }
    issuesOf.set(story, [...(issuesOf.get(story) ?? []), issue.number]);
  }
  const finalState = readState(emulator);
  const setAsideStories = new Set(
    (finalState?.refused ?? []).map((r) => world_.storyOf([r.key])).filter((n) => n !== undefined),
  );
  const name = (n: number) => `story ${n} (${[...world_.stories[n]!.sources].join('+')})`;
  const duplicates: string[] = [];
  const lost: string[] = [];
  let expected = 0;
  let setAside = 0;
  for (const story of world_.stories) {
    if (!story.matched) continue;
    expected++;
    const filed = issuesOf.get(story.n) ?? [];
    if (filed.length > 1) duplicates.push(`${name(story.n)}: issues ${filed.map((n) => `#${n}`).join(', ')}`);
    if (filed.length === 0) {
      // Set aside is accounted only for a story GitHub really refused.
      if (story.refused && setAsideStories.has(story.n)) setAside++;
      else lost.push(name(story.n));
    }
  }
  return {
    runs,
    crashed,
    failed,
    concurrent,
    expected,
    setAside,
    duplicates,
    lost,
    phantom,
    existing,
    apiCalls,
    conditions: c,
  };
}

export async function runFaultScenarios(
  options: ScenarioOptions & {
    count: number;
    firstSeed?: number;
    onProgress?: (done: number) => void;
    /** Check every request and answer against GitHub's OpenAPI description (default true). */
    validate?: boolean;
  },
): Promise<ScenarioReport> {
  const world = await startScenarioEmulator({ validate: options.validate ?? true });
  const report: ScenarioReport = {
    scenarios: 0,
    runs: 0,
    crashedRuns: 0,
    failedRuns: 0,
    concurrentRuns: 0,
    expectedMentions: 0,
    duplicates: 0,
    lost: 0,
    phantom: 0,
    setAside: 0,
    existingIssuesMax: 0,
    apiCalls: 0,
    conditions: noConditions(),
    failures: [],
    violations: 0,
  };
  try {
    for (let i = 0; i < options.count; i++) {
      const seed = (options.firstSeed ?? 1) + i;
      const r = await runScenario(world, seed, options);
      report.scenarios++;
      report.runs += r.runs;
      report.crashedRuns += r.crashed;
      report.failedRuns += r.failed;
      report.concurrentRuns += r.concurrent;
      report.expectedMentions += r.expected;
      report.duplicates += r.duplicates.length;
      report.lost += r.lost.length;
      report.phantom += r.phantom.length;
      report.setAside += r.setAside;
      report.existingIssuesMax = Math.max(report.existingIssuesMax, r.existing);
      report.apiCalls += r.apiCalls;
      for (const [k, v] of Object.entries(r.conditions)) report.conditions[k as keyof Conditions] += v;
      report.violations += world.emulator.violations.length;
      if (r.duplicates.length + r.lost.length + r.phantom.length > 0) {
        report.failures.push({ seed, duplicates: r.duplicates, lost: r.lost, phantom: r.phantom });
      }
      options.onProgress?.(i + 1);
    }
  } finally {
    await world.emulator.close();
  }
  return report;
}
