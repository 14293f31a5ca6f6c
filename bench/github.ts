/**
 * GitHub figures, against the emulator (throttling off), counting API calls, not only seconds:
 *  github.writesPerNewMention     issue writes (POST/PATCH of issues) per new mention — goal 1.00
 *  github.stateWritesPerFilingRun state-file writes of a run that files (the lease, then the state)
 *  github.readsPerRunSteadyState  API calls of a run with nothing new — goal ≤ 3
 *  github.secondsPer1000MentionsUnpaced  wall seconds of one run filing 1,000 mentions with GitHub's
 *                                 write pacing off (as the other figures here): the code's own cost
 *  github.secondsPer100MentionsPaced      wall seconds of one run filing 100 mentions with the pacing a
 *                                 user runs with (default on; octokit's throttling spaces the issue
 *                                 creations, which notify, 3 s apart), the run's other calls included;
 *                                 1,000 take about ten times as long (about 50 minutes)
 *  github.faultScenarios / duplicates / lost / phantom  the randomized fault test at 2,000 seeds
 */
import { parseConfig } from '../src/config/load.js';
import { createHttpClient } from '../src/http/client.js';
import { silentLogger } from '../src/logger.js';
import type { RawItem } from '../src/mentions/mention.js';
import { createOctokit } from '../src/record/github/client.js';
import { GitHubScanRecord } from '../src/record/github/scan.js';
import { runScan, type ScanDeps } from '../src/scan.js';
import { type Emulator, startEmulator } from '../test/github-emulator/index.js';
import { runFaultScenarios } from '../test/harness/fault-scenarios.js';
import { asAdapters, fakeAdapter, keywordClassifier } from '../test/helpers/fakes.js';

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
    now: () => new Date(),
    logger: silentLogger,
  };
}

const mentions = (n: number, offset = 0): RawItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${offset + i}`,
    url: `https://example.com/m${offset + i}`,
    text: `Acme mention number ${offset + i}: ${i % 3 ? 'love it, thanks' : 'terrible, refund please'}`,
    author: `user${i}`,
    published: new Date(Date.now() - (i % 48) * 3_600_000).toISOString(),
  }));

const issueWrites = (e: Emulator) =>
  e.calls.count('POST /repos/{owner}/{repo}/issues') +
  e.calls.count('PATCH /repos/{owner}/{repo}/issues/{issue_number}');
const stateWrites = (e: Emulator) => e.calls.count('PUT /repos/{owner}/{repo}/contents/{path}');

export async function benchGithub(options: { scenarios?: number } = {}): Promise<Record<string, number>> {
  const emulator = await startEmulator({ repo: 'acme/mentions', validate: false });
  try {
    // First run in a fresh repository (labels, milestones, state branch), then a filing run.
    const first = mentions(100);
    await runScan(deps(emulator, first), { maxNewIssues: 1000 });
    emulator.calls.reset();
    const more = [...first, ...mentions(100, 100)];
    const filing = await runScan(deps(emulator, more), { maxNewIssues: 1000 });
    const writesPerNew = issueWrites(emulator) / filing.new;
    const stateWritesPerRun = stateWrites(emulator);

    emulator.calls.reset();
    await runScan(deps(emulator, more), { maxNewIssues: 1000 });
    const steadyCalls = emulator.calls.total;

    emulator.reset();
    const thousand = mentions(1000, 10_000);
    const started = performance.now();
    const big = await runScan(deps(emulator, thousand), { maxNewIssues: 1000 });
    const seconds = (performance.now() - started) / 1000;
    if (big.new !== 1000) throw new Error(`filed ${big.new} of 1000`);

    emulator.reset();
    await runScan(deps(emulator, mentions(1, 20_000), true), { maxNewIssues: 1000 }); // labels, branch
    const pacedStarted = performance.now();
    const paced = await runScan(deps(emulator, mentions(101, 20_000), true), { maxNewIssues: 1000 });
    const pacedSeconds = (performance.now() - pacedStarted) / 1000;
    if (paced.new !== 100) throw new Error(`filed ${paced.new} of 100 (paced)`);

    const count = options.scenarios ?? Number(process.env.EARSHOT_FAULT_SCENARIOS ?? 2000);
    process.stderr.write(`  github: ${count} fault scenarios …\n`);
    const report = await runFaultScenarios(emulator, {
      count,
      firstSeed: 100_000,
      onProgress: (n) => {
        if (n % 100 === 0) process.stderr.write(`  github: ${n}/${count} scenarios\n`);
      },
    });
    return {
      'github.writesPerNewMention': Math.round(writesPerNew * 100) / 100,
      'github.stateWritesPerFilingRun': stateWritesPerRun,
      'github.readsPerRunSteadyState': steadyCalls,
      'github.secondsPer1000MentionsUnpaced': Math.round(seconds * 100) / 100,
      'github.secondsPer100MentionsPaced': Math.round(pacedSeconds * 100) / 100,
      'github.faultScenarios': report.scenarios,
      'github.faultRuns': report.runs,
      'github.faultCrashedRuns': report.crashedRuns,
      'github.faultConcurrentRuns': report.concurrentRuns,
      'github.faultMentions': report.expectedMentions,
      'github.duplicates': report.duplicates,
      'github.lost': report.lost,
      'github.phantom': report.phantom,
    };
  } finally {
    await emulator.close();
  }
}
