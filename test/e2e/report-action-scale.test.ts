/**
 * mode: report through the bundled action over a few thousand issues, cold (no report state): one
 * run reads every changed timeline (GraphQL, 100 issues a query) and labels every breached issue
 * (batched mutations), within a bounded number of calls; the next run, nothing changed, reads the
 * listing and the state only. Pacing is off here (EARSHOT_THROTTLE=off, as in every e2e test) to
 * keep the test short; bench/report.ts measures with it on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCALE_SLA_YAML, seedScale } from '../fixtures/report/scale.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { runActionOnEmulator, tempWorkspace } from '../helpers/run-action.js';

const N = 3000;
/** 80% of the scale history was touched after filing: those timelines must be read. */
const TOUCHED = N * 0.8;
const CONFIG = `company:\n  name: Acme\nsources:\n  - id: hn\n    kind: rss\n    url: https://news.example.com/rss\n${SCALE_SLA_YAML}`;
const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';
const LABELS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels';

describe(`mode: report over ${N} issues, cold, through the bundled action`, () => {
  let emulator: Emulator;
  let workspace: string;
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions', validate: false });
    seedScale(emulator, N, Date.now());
    workspace = tempWorkspace();
    writeFileSync(join(workspace, 'earshot.yml'), CONFIG);
  });
  afterAll(async () => {
    await emulator.close();
  });

  const run = () =>
    runActionOnEmulator({
      workspace,
      apiUrl: emulator.url,
      mode: 'report',
      event: { name: 'schedule', payload: { schedule: '0 6 * * *' } },
    });
  const labelled = () => emulator.state.issues.filter((i) => i.labels.includes('sla:breached')).length;

  it('one run reads every changed timeline and labels every breached issue, in few calls', async () => {
    emulator.calls.reset();
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const out = JSON.parse(result.outputs.report ?? '{}');
    expect(out.overall.mentions).toBe(N);
    expect(result.summary).toContain(`Histories: ${TOUCHED} read, 0 from cache.`);
    expect(result.summary).not.toContain('pending (read budget)');
    expect(result.summary).not.toContain('left for the next run');

    const labels = out.labeled.length as number;
    expect(labels).toBeGreaterThan(100); // more than the old per-run cap: convergence is the point
    expect(labelled()).toBe(labels);

    const calls = emulator.calls.snapshot();
    expect(calls.byRoute[TIMELINE] ?? 0).toBe(0);
    expect(calls.byRoute[LABELS] ?? 0).toBe(0);
    // Timeline queries (100 issues each) and the label-id lookup; the mutations carry 50 labels
    // each, and one pins the report issue (report.pin at its default).
    expect(emulator.calls.graphqlQueries).toBe(Math.ceil(TOUCHED / 100) + 1);
    expect(calls.byRoute['POST /graphql']).toBe(Math.ceil(TOUCHED / 100) + 1 + Math.ceil(labels / 50) + 1);
    expect(result.stdout + result.stderr).toContain(`pinned the report issue #${out.reportIssue.number}`);
    // Listing (30 pages) + GraphQL + the state, report issue and milestones: far below one per issue.
    expect(calls.total).toBeLessThanOrEqual(30 + Math.ceil(TOUCHED / 100) + 1 + Math.ceil(labels / 50) + 25);
  }, 120_000);

  it('the next run, nothing changed, lists and reads the state only, and labels nothing', async () => {
    const before = labelled();
    emulator.calls.reset();
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // (Untouched issues the first run labelled are cache entries now, recognised as our own write.)
    expect(result.summary).toMatch(/Histories: 0 read, \d+ from cache\./);
    expect(JSON.parse(result.outputs.report ?? '{}').labeled).toEqual([]);
    expect(labelled()).toBe(before);
    const calls = emulator.calls.snapshot();
    expect(calls.writes).toBe(0);
    expect(calls.byRoute['POST /graphql'] ?? 0).toBe(0);
    expect(calls.total).toBeLessThanOrEqual(30 + 2);
  }, 120_000);
});
