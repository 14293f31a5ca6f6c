/**
 * Report figures against the GitHub emulator (validation off, throttling off), counting API calls:
 *  report.secondsFor10000Issues          a first report over 10,000 Earshot issues (cold cache: every
 *                                        touched issue's timeline is read)
 *  report.apiCallsFor10000Issues         a report over the same 10,000 issues, nothing changed — goal
 *                                        ≤ one call per 100 issues (+ the state file)
 *  report.apiCallsPer100Issues           the same, per 100 issues
 *  report.apiCallsColdFor10000Issues     the first report's calls (listing + one timeline per touched issue)
 *  report.apiCallsAfter50Changed         after people commented on 50 issues
 *  report.timelineReadsAfter50Changed    timeline reads of that report — goal 50
 *  report.secondsWarmFor10000Issues      the unchanged report's seconds
 *  report.cacheBytes                     the report cache in the state file
 *  report.dashboardBytes / dashboardSeconds   the dashboard page for 10,000 mentions
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load.js';
import { allLabels } from '../src/issue/labels.js';
import { silentLogger } from '../src/logger.js';
import { adapters } from '../src/platforms/index.js';
import { createOctokit } from '../src/record/github/client.js';
import { GitHubReportRecord } from '../src/record/github/report.js';
import { GitHubScanRecord } from '../src/record/github/scan.js';
import { renderMarker } from '../src/record/marker.js';
import { type ReportResult, runReport } from '../src/report.js';
import { milestoneFor } from '../src/triage/milestone.js';
import { type Emulator, type SeedIssue, startEmulator } from '../test/github-emulator/index.js';

const N = 10_000;
const CATEGORIES = ['complaint', 'compliment', 'question', 'neutral'];
const PRIORITIES = ['high', 'normal', 'normal', 'low'];
const SOURCES = [
  ['hn', 'hacker-news'],
  ['blog', 'rss'],
  ['reddit', 'reddit'],
  ['masto', 'mastodon'],
] as const;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** 10,000 mentions over the last seven weeks: 20% untouched, 60% answered by a comment, 20% closed. */
function issues(now: number): SeedIssue[] {
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: N }, (_, i) => {
    const created = now - 3_600_000 - Math.floor(random() * 48 * 86_400_000);
    const category = CATEGORIES[i % 4]!;
    const priority = PRIORITIES[Math.floor(random() * 4)]!;
    const [source, kind] = SOURCES[i % SOURCES.length]!;
    const body = renderMarker({
      key: `bench:${i}`,
      source,
      kind,
      published: iso(created - 600_000),
      category,
      confidence: 0.9,
      priority,
    });
    const labels = ['earshot', category, `source:${kind}`, `priority:${priority}`];
    const base: SeedIssue = {
      title: `[${category}] someone on ${source}: mention ${i}`,
      body,
      labels,
      milestone: milestoneFor(new Date(created - 600_000), 'week')!.title,
      created_at: iso(created),
    };
    const kindOf = i % 10;
    if (kindOf < 2) return base;
    const answered = Math.min(now - 60_000, created + Math.floor(random() * 3 * 86_400_000));
    // (The emulator's seed keeps updated_at as given; on GitHub a comment moves it.)
    if (kindOf < 8)
      return {
        ...base,
        updated_at: iso(answered),
        comments: [{ body: 'On it.', user: 'alice', created_at: iso(answered) }],
      };
    return { ...base, state: 'closed', state_reason: 'completed', closed_at: iso(answered) };
  });
}

const CONFIG = `company:
  name: Acme
sources:
  - id: hn
    kind: rss
    url: https://news.example.com/rss
sla:
  firstResponse: { complaint: { high: 4h, normal: 24h }, question: 24h, default: 3d }
  label: false
report:
  periods: 8
  pin: false
  maxHistoryReads: ${N}
`;

export async function benchReport(): Promise<Record<string, number>> {
  const emulator: Emulator = await startEmulator({ repo: 'acme/mentions', validate: false });
  try {
    const now = Date.now();
    emulator.seed({
      users: [{ login: 'alice', permission: 'write' }],
      labels: allLabels(['hacker-news', 'rss', 'reddit', 'mastodon']).map((l) => ({
        name: l.name,
        color: l.color,
        description: l.description,
      })),
    });
    emulator.seed({ issues: issues(now) });
    const config = parseConfig(CONFIG, 'bench.yml', adapters);
    const report = async (
      htmlDir?: string,
    ): Promise<{ result: ReportResult; seconds: number; calls: number }> => {
      const octokit = createOctokit({
        token: 't',
        baseUrl: emulator.url,
        logger: silentLogger,
        throttle: false,
      });
      const tracker = new GitHubScanRecord({
        octokit,
        owner: 'acme',
        repo: 'mentions',
        logger: silentLogger,
      });
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
        htmlDir ? { htmlDir } : {},
      );
      return { result, seconds: (performance.now() - started) / 1000, calls: emulator.calls.total };
    };
    const timelines = () => emulator.calls.count('GET /repos/{owner}/{repo}/issues/{issue_number}/timeline');

    process.stderr.write('  report: cold report over 10,000 issues …\n');
    const cold = await report();
    if (cold.result.metrics.overall.mentions !== N)
      throw new Error(`reported ${cold.result.metrics.overall.mentions} of ${N} mentions`);
    const coldTimelines = timelines();

    const warm = await report();
    if (timelines() !== 0) throw new Error(`an unchanged report read ${timelines()} timelines`);

    const person = emulator.person('alice');
    for (let i = 0; i < 50; i++) person.comment(1 + i * 97, 'Following up.');
    const changed = await report();
    const changedTimelines = timelines();

    const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-dashboard-'));
    const started = performance.now();
    const withPage = await report(dir);
    const dashboardSeconds = (performance.now() - started) / 1000; // a cached report plus the page
    const state = emulator.state.files['earshot-state']?.['state/report.json']?.content ?? '';
    return {
      'report.secondsFor10000Issues': round(cold.seconds),
      'report.apiCallsFor10000Issues': warm.calls,
      'report.apiCallsPer100Issues': round((warm.calls / N) * 100),
      'report.apiCallsColdFor10000Issues': cold.calls,
      'report.timelineReadsCold': coldTimelines,
      'report.apiCallsAfter50Changed': changed.calls,
      'report.timelineReadsAfter50Changed': changedTimelines,
      'report.secondsWarmFor10000Issues': round(warm.seconds),
      'report.cacheBytes': Buffer.byteLength(state),
      'report.dashboardBytes': withPage.result.dashboard ? statSync(withPage.result.dashboard).size : 0,
      'report.secondsWithDashboard': round(dashboardSeconds),
    };
  } finally {
    await emulator.close();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
