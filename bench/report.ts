/**
 * Report figures against the GitHub emulator, counting API calls (every HTTP request the action
 * makes: REST calls and GraphQL requests alike). 10,000 Earshot issues over the last seven weeks,
 * 80% of them touched (60% answered by a comment, 20% closed). Unless a name says otherwise a figure
 * is taken at the DEFAULTS — every `report.*` setting (pinning the report issue included) and
 * `sla.label` at its default, GraphQL on, pacing on (the client's throttling: GraphQL requests and
 * writes one a second) — with the SLA targets of CONFIG below (without targets nothing can breach). Each "run" is one action run: a
 * fresh client, the state read from the state branch.
 *
 *  report.coldRunsToComplete             runs until no history read and no breach label is pending,
 *                                        starting from no report state at all (goal 1)
 *  report.coldApiCallsFirstRun           the calls of that first run (goal ≤ 300)
 *  report.coldApiCallsToComplete         the calls of all those runs together
 *  report.coldTimelineQueries            GraphQL timeline queries of the first run (100 issues each)
 *  report.coldIssuesRead                 issues whose timeline the first run read
 *  report.coldSecondsFirstRun            wall seconds of the first run (one sample: it is cold once)
 *  report.breachLabelsAddedFirstRun      `sla:breached` labels the first run added
 *  report.labelRunsToConverge            runs after which every breached issue carries the label (goal 1)
 *  report.warmApiCalls                   the next run, nothing changed (goal ≤ 110)
 *  report.warmApiCallsPer100Issues       the same, per 100 issues
 *  report.warmSecondsMedian              its wall seconds, median of 3 unchanged runs
 *  report.apiCallsAfter50Changed         a run after people commented on 50 issues
 *  report.issuesReadAfter50Changed       timelines that run read (goal 50)
 *  report.restFallbackColdRunsToCompleteUnpaced  the cold report with GraphQL refused (HTTP 404, as a
 *                                        server without it), pacing OFF (else a run lasts hours):
 *                                        runs until nothing is pending
 *  report.restFallbackColdApiCallsFirstRunUnpaced  the calls of its first run
 *  report.cacheBytes                     the report cache in the state file
 *  report.dashboardBytes / secondsWithDashboard   the dashboard page for 10,000 mentions (an
 *                                        unchanged run plus the page; one sample)
 */

import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load.js';
import { silentLogger } from '../src/logger.js';
import { adapters } from '../src/platforms/index.js';
import { createOctokit } from '../src/record/github/client.js';
import { GitHubReportRecord } from '../src/record/github/report.js';
import { GitHubScanRecord } from '../src/record/github/scan.js';
import { type ReportResult, runReport } from '../src/report.js';
import { SCALE_SLA_YAML, seedScale } from '../test/fixtures/report/scale.js';
import { type Emulator, startEmulator } from '../test/github-emulator/index.js';
import { medianOf } from './action.js';

const N = 10_000;
const CONFIG = `company:
  name: Acme
sources:
  - id: hn
    kind: rss
    url: https://news.example.com/rss
${SCALE_SLA_YAML}`;

interface Run {
  result: ReportResult;
  seconds: number;
  calls: number;
  graphqlQueries: number;
}

async function seeded(now: number): Promise<Emulator> {
  const emulator = await startEmulator({ repo: 'acme/mentions', validate: false });
  seedScale(emulator, N, now);
  return emulator;
}

/** One action run of the report: a fresh client and record, the calls it made. */
async function run(emulator: Emulator, options: { pacing: boolean; htmlDir?: string }): Promise<Run> {
  const config = parseConfig(CONFIG, 'bench.yml', adapters);
  const octokit = createOctokit({
    token: 't',
    baseUrl: emulator.url,
    logger: silentLogger,
    throttle: options.pacing,
  });
  const tracker = new GitHubScanRecord({ octokit, owner: 'acme', repo: 'mentions', logger: silentLogger });
  const store = new GitHubReportRecord({
    octokit,
    owner: 'acme',
    repo: 'mentions',
    tracker,
    logger: silentLogger,
  });
  emulator.calls.reset();
  const started = performance.now();
  const result = await runReport(
    { config, store, now: () => new Date(), logger: silentLogger },
    options.htmlDir ? { htmlDir: options.htmlDir } : {},
  );
  return {
    result,
    seconds: (performance.now() - started) / 1000,
    calls: emulator.calls.total,
    graphqlQueries: emulator.calls.graphqlQueries,
  };
}

const pending = (r: ReportResult) => r.historyPending + r.labelsPending;

/** Runs until nothing is pending (at most `limit` runs): every run, in order. */
async function untilComplete(emulator: Emulator, pacing: boolean, limit: number): Promise<Run[]> {
  const runs: Run[] = [];
  do runs.push(await run(emulator, { pacing }));
  while (pending(runs.at(-1)!.result) > 0 && runs.length < limit);
  if (pending(runs.at(-1)!.result) > 0) throw new Error(`still pending after ${limit} runs`);
  return runs;
}

export async function benchReport(): Promise<Record<string, number>> {
  const now = Date.now();
  const figures: Record<string, number> = {};
  const emulator = await seeded(now);
  try {
    process.stderr.write('  report: cold report over 10,000 issues, defaults, pacing on …\n');
    const cold = await untilComplete(emulator, true, 30);
    const first = cold[0]!;
    if (first.result.metrics.overall.mentions !== N)
      throw new Error(`reported ${first.result.metrics.overall.mentions} of ${N} mentions`);
    const labelRuns = cold.findIndex((r) => r.result.labelsPending === 0) + 1;
    const breached = first.result.facts.filter((f) => f.breached).length;
    const labelledNow = emulator.state.issues.filter((i) => i.labels.includes('sla:breached')).length;
    if (labelledNow !== breached) throw new Error(`${labelledNow} issues labelled, ${breached} breached`);

    process.stderr.write('  report: warm runs …\n');
    const warm = [await run(emulator, { pacing: true }), await run(emulator, { pacing: true })];
    warm.push(await run(emulator, { pacing: true }));
    if (warm.some((w) => w.result.historyReads !== 0)) throw new Error('an unchanged report read timelines');

    const person = emulator.person('alice');
    for (let i = 0; i < 50; i++) person.comment(1 + i * 97, 'Following up.');
    const changed = await run(emulator, { pacing: true });

    const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-dashboard-'));
    const withPage = await run(emulator, { pacing: true, htmlDir: dir });
    const state = emulator.state.files['earshot-state']?.['state/report.json']?.content ?? '';
    Object.assign(figures, {
      'report.coldRunsToComplete': cold.length,
      'report.coldApiCallsFirstRun': first.calls,
      'report.coldApiCallsToComplete': cold.reduce((n, r) => n + r.calls, 0),
      'report.coldTimelineQueries': first.graphqlQueries - 1, // the label id lookup is a query too
      'report.coldIssuesRead': first.result.historyReads,
      'report.coldSecondsFirstRun': round(first.seconds),
      'report.breachLabelsAddedFirstRun': first.result.labeled.length,
      'report.labelRunsToConverge': labelRuns,
      'report.warmApiCalls': warm[0]!.calls,
      'report.warmApiCallsPer100Issues': round((warm[0]!.calls / N) * 100),
      'report.warmSecondsMedian': round(medianOf(warm.map((w) => w.seconds))),
      'report.apiCallsAfter50Changed': changed.calls,
      'report.issuesReadAfter50Changed': changed.result.historyReads,
      'report.cacheBytes': Buffer.byteLength(state),
      'report.dashboardBytes': withPage.result.dashboard ? statSync(withPage.result.dashboard).size : 0,
      'report.secondsWithDashboard': round(withPage.seconds),
    });
  } finally {
    await emulator.close();
  }

  const fallback = await seeded(now);
  try {
    process.stderr.write('  report: cold report with GraphQL refused (REST fallback), pacing off …\n');
    fallback.faults.add({ match: { route: 'POST /graphql' }, effect: { type: 'status', status: 404 } });
    const runs = await untilComplete(fallback, false, 40);
    Object.assign(figures, {
      'report.restFallbackColdRunsToCompleteUnpaced': runs.length,
      'report.restFallbackColdApiCallsFirstRunUnpaced': runs[0]!.calls,
    });
  } finally {
    await fallback.close();
  }
  return figures;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
