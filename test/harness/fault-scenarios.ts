/**
 * The randomized fault test (issue: never a duplicate, never lost). Each seeded scenario runs
 * several scans through the real GitHubScanRecord and Octokit against the GitHub emulator, mixing:
 * a crash at any API call (every later call fails too, as if the process died), 5xx answers,
 * secondary rate limits, writes applied but answered 502, reruns, two runs at once, people editing
 * titles, labels and states, feeds that grow between runs, small write budgets, and more than
 * 1,000 existing issues. Then a final clean run, and the invariant: every matched mention has
 * exactly one issue — zero duplicates, zero lost — and no issue exists for a mention that did not
 * match. Used by `npm test` (200 scenarios) and the benchmark (2,000).
 */
import { parseConfig } from '../../src/config/load.js';
import { createHttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/logger.js';
import type { RawItem } from '../../src/mentions/mention.js';
import { createOctokit } from '../../src/record/github/client.js';
import { GitHubScanRecord } from '../../src/record/github/scan.js';
import { parseMarker } from '../../src/record/marker.js';
import { runScan, type ScanDeps } from '../../src/scan.js';
import type { Emulator } from '../github-emulator/index.js';
import { asAdapters, fakeAdapter, keywordClassifier } from '../helpers/fakes.js';

export interface ScenarioReport {
  scenarios: number;
  runs: number;
  crashedRuns: number;
  failedRuns: number;
  concurrentRuns: number;
  expectedMentions: number;
  duplicates: number;
  lost: number;
  phantom: number;
  existingIssuesMax: number;
  apiCalls: number;
  /** Scenarios that broke the invariant, with their seeds, for reproduction. */
  failures: { seed: number; duplicates: string[]; lost: string[]; phantom: string[] }[];
  violations: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONFIG = `company:
  name: Acme
  products: [AcmeCloud]
bootstrap:
  backfill: true
sources:
  - id: forum
    kind: fake
    feed: forum
  - id: news
    kind: fake
    feed: news
  - id: social
    kind: fake
    feed: social
`;

const PHRASES = [
  'AcmeCloud charged me twice, terrible',
  'I love Acme, thanks team',
  'Does Acme support SAML?',
  'Acme released a new version',
  'the weather is nice today',
  'unrelated chatter about cooking',
];

/** One scenario; returns what the invariant check found. */
export async function runScenario(
  emulator: Emulator,
  seed: number,
): Promise<{
  runs: number;
  crashed: number;
  failed: number;
  concurrent: number;
  expected: Set<string>;
  duplicates: string[];
  lost: string[];
  phantom: string[];
  existing: number;
}> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  emulator.reset();
  const [owner, repo] = emulator.repo.split('/') as [string, string];

  // Existing history: sometimes more than 1,000 Earshot issues, some updated within the window.
  const existing = random() < 0.1 ? 1000 + Math.floor(random() * 300) : Math.floor(random() * 40);
  if (existing > 0) {
    const recent = Date.now() - 2 * 86_400_000;
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

  // Feeds that grow between runs; some items are copies of the same URL in two sources.
  const feeds: Record<string, RawItem[]> = { forum: [], news: [], social: [] };
  const expected = new Set<string>();
  let serial = 0;
  const grow = () => {
    const n = 1 + Math.floor(random() * 8);
    for (let i = 0; i < n; i++) {
      serial++;
      const text = `${pick(PHRASES)} #${serial}`;
      const item: RawItem = {
        id: `item-${seed}-${serial}`,
        url: `https://example.com/${seed}/${serial}?utm_source=x`,
        text,
        author: `person${serial}`,
        published: new Date(Date.now() - Math.floor(random() * 5 * 86_400_000)).toISOString(),
      };
      const source = pick(['forum', 'news', 'social']);
      feeds[source]!.push(item);
      if (/acme/i.test(text)) expected.add(`fake:${item.id}`);
    }
  };
  grow();

  const adapter = fakeAdapter(feeds);
  const adapters = asAdapters(adapter);
  const config = parseConfig(CONFIG, 'scenario.yml', adapters);
  let clock = Date.now();
  const makeDeps = (): ScanDeps => {
    const octokit = createOctokit({
      token: 'test-token',
      baseUrl: emulator.url,
      logger: silentLogger,
      throttle: false,
      retries: 2,
      retryAfterScale: 0.001,
    });
    const at = clock;
    return {
      config,
      adapters,
      tracker: new GitHubScanRecord({ octokit, owner, repo, logger: silentLogger, createAttempts: 2 }),
      http: createHttpClient(),
      classifier: keywordClassifier,
      env: {},
      now: () => new Date(at),
      logger: silentLogger,
      // A run waiting for another's lease looks again at once (the clock stands still here).
      sleep: async () => {},
    };
  };

  let runs = 0;
  let crashed = 0;
  let failed = 0;
  let concurrent = 0;
  const rounds = 2 + Math.floor(random() * 4);
  for (let round = 0; round < rounds; round++) {
    clock += 31 * 60_000; // past any lease a crashed run left behind
    const rules = [];
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
    const crashAt = random() < 0.35 ? 1 + Math.floor(random() * 40) : null;
    emulator.faults.configure({ rules, crashAtCall: crashAt });
    emulator.calls.reset();
    const budget = random() < 0.5 ? 1 + Math.floor(random() * 5) : 50;
    const twoAtOnce = random() < 0.2;
    const attempts = twoAtOnce ? [makeDeps(), makeDeps()] : [makeDeps()];
    if (twoAtOnce) concurrent++;
    const results = await Promise.allSettled(
      attempts.map((deps, i) => runScan(deps, { maxNewIssues: budget, runId: `run-${round}-${i}` })),
    );
    runs += attempts.length;
    for (const r of results) if (r.status === 'rejected') failed++;
    if (crashAt !== null && emulator.calls.snapshot().total >= crashAt) crashed++;
    emulator.faults.configure({ rules: [], crashAtCall: null });

    // People work the issues between runs: titles edited, labels swapped, issues closed.
    const issues = emulator.state.issues as { number: number }[];
    for (let k = 0; k < 3 && issues.length > 0; k++) {
      const issue = pick(issues);
      const person = emulator.person('alice', 'write');
      const action = random();
      if (action < 0.33) person.editIssue(issue.number, { title: `edited by a person ${round}` });
      else if (action < 0.66) person.removeLabel(issue.number, 'neutral');
      else person.editIssue(issue.number, { state: 'closed', state_reason: 'completed' });
    }
    if (random() < 0.7) grow();
  }

  // The final clean runs: no faults, a budget large enough to drain anything pending.
  for (let k = 0; k < 2; k++) {
    clock += 31 * 60_000;
    await runScan(makeDeps(), { maxNewIssues: 500, runId: `final-${k}` });
    runs++;
  }

  const counts = new Map<string, number>();
  for (const issue of emulator.state.issues as { body: string | null }[]) {
    const key = parseMarker(issue.body)?.key;
    if (key && !key.startsWith('old:')) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    runs,
    crashed,
    failed,
    concurrent,
    expected,
    duplicates: [...counts].filter(([, n]) => n > 1).map(([k]) => k),
    lost: [...expected].filter((k) => !counts.has(k)),
    phantom: [...counts.keys()].filter((k) => !expected.has(k)),
    existing,
  };
}

export async function runFaultScenarios(
  emulator: Emulator,
  options: { count: number; firstSeed?: number; onProgress?: (done: number) => void },
): Promise<ScenarioReport> {
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
    existingIssuesMax: 0,
    apiCalls: 0,
    failures: [],
    violations: 0,
  };
  for (let i = 0; i < options.count; i++) {
    const seed = (options.firstSeed ?? 1) + i;
    const r = await runScenario(emulator, seed);
    report.scenarios++;
    report.runs += r.runs;
    report.crashedRuns += r.crashed;
    report.failedRuns += r.failed;
    report.concurrentRuns += r.concurrent;
    report.expectedMentions += r.expected.size;
    report.duplicates += r.duplicates.length;
    report.lost += r.lost.length;
    report.phantom += r.phantom.length;
    report.existingIssuesMax = Math.max(report.existingIssuesMax, r.existing);
    report.violations += emulator.violations.length;
    if (r.duplicates.length + r.lost.length + r.phantom.length > 0) {
      report.failures.push({ seed, duplicates: r.duplicates, lost: r.lost, phantom: r.phantom });
    }
    options.onProgress?.(i + 1);
  }
  return report;
}
