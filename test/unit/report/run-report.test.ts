/**
 * runReport() against the GitHub emulator seeded with the fixture history, on the REST path (GraphQL
 * turned off, as where it is refused): what it reads (one listing page, one timeline per changed issue), what it writes (breach labels, the report issue,
 * milestones, the cache), and that a second report over an unchanged repository costs two reads and
 * writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_LABEL } from '../../../src/record/report-port.js';
import { type ReportResult, runReport } from '../../../src/report.js';
import { fixtureEmulator, fixtureReportConfig, fixtureReportStore } from '../../fixtures/report/github.js';
import { FIXTURE_NOW } from '../../fixtures/report/history.js';
import { testClock } from '../../fixtures/report/seed.js';
import type { Emulator } from '../../github-emulator/index.js';

const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';
const LIST = 'GET /repos/{owner}/{repo}/issues';

const config = fixtureReportConfig;
/** The REST path (the fallback where GraphQL is refused); graphql-report.test.ts covers GraphQL. */
const restStore = (emulator: Emulator) => fixtureReportStore(emulator, { graphql: false });

describe('runReport on GitHub (emulator)', () => {
  let emulator: Emulator;
  const clock = testClock();
  beforeEach(async () => {
    emulator = await fixtureEmulator(clock);
  });
  afterEach(async () => {
    expect(emulator.violations).toEqual([]);
    await emulator.close();
  });

  const report = (extra = '', now = FIXTURE_NOW): Promise<ReportResult> => {
    const { store, logger } = restStore(emulator);
    return runReport({
      config: config(extra),
      store,
      now: () => new Date(now),
      logger,
    });
  };

  it('first report: one listing call, a timeline per touched issue, labels, report issue, milestones, cache', async () => {
    const r = await report();
    // 9 mentions in W47–W48; #5 was never touched (updated_at = created_at): no timeline for it.
    expect(r.metrics.overall.mentions).toBe(9);
    // Two listing calls: the mentions (one page of 100), and the first lookup of a report issue.
    expect(emulator.calls.count(LIST)).toBe(2);
    expect(emulator.calls.count(TIMELINE)).toBe(8);
    expect(r.historyReads).toBe(8);
    // The linked fix #11 was read once.
    expect(emulator.calls.count('GET /repos/{owner}/{repo}/issues/{issue_number}')).toBe(1);
    expect(r.facts.find((f) => f.number === 2)?.leadTimeSeconds).toBe(331_200);
    // Breached: #2 (answered late) and #6 (overdue); one call each.
    expect(r.labeled.sort()).toEqual([2, 6]);
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues/{issue_number}/labels')).toBe(2);
    const state = emulator.state;
    const labelsOf = (n: number) => state.issues.find((i) => i.number === n)?.labels ?? [];
    expect(labelsOf(2)).toContain('sla:breached');
    expect(labelsOf(6)).toContain('sla:breached');
    expect(labelsOf(9)).not.toContain('sla:breached');

    const reportIssue = state.issues.find((i) => i.title === 'Earshot report 2026-W48');
    expect(reportIssue?.labels).toEqual([REPORT_LABEL]);
    expect(reportIssue?.body).toContain('<!-- earshot-report:v1 2026-W48 -->');
    expect(reportIssue?.body).toContain('**4 mentions** published in 2026-W48');
    expect(r.reportIssue).toMatchObject({ number: reportIssue?.number, created: true });

    const w47 = state.milestones.find((m) => m.title === '2026-W47');
    expect(w47?.due_on).toBe('2026-11-22T23:59:59Z');
    expect(w47?.description).toContain(
      '5 mentions · 4 answered (80%) · first response median 3h 00m · SLA 75% (1 breached)',
    );
    expect(r.milestonesUpdated.sort()).toEqual(['2026-W47', '2026-W48']);
    expect(state.files['earshot-state']?.['state/report.json']).toBeDefined();
  });

  it('a second report over an unchanged repository reads two things and writes nothing', async () => {
    await report();
    emulator.calls.reset();
    const r = await report();
    const calls = emulator.calls.snapshot();
    // The state file and one listing page. Our own sla:breached writes are recognised.
    expect(calls.byRoute).toEqual({
      'GET /repos/{owner}/{repo}/contents/{path}': 1,
      [LIST]: 1,
    });
    expect(calls.writes).toBe(0);
    expect(r.historyReads).toBe(0);
    expect(r.historyCached).toBe(8);
    expect(r.reportIssue).toMatchObject({ created: false, updated: false });
  });

  it('after a change, reads only the changed issue and updates the report issue in place', async () => {
    await report();
    clock.ms = Date.parse('2026-11-25T11:00:00Z');
    emulator.person('carol').comment(5, 'Thanks for the mention!');
    clock.ms = undefined;
    emulator.calls.reset();
    const r = await report();
    expect(emulator.calls.count(TIMELINE)).toBe(1);
    const five = r.facts.find((f) => f.number === 5);
    // Filed 23 Nov 01:00, carol's comment 25 Nov 11:00 → 2d 10h.
    expect(five).toMatchObject({ responded: true, firstResponseSeconds: 208_800, firstResponseSla: 'met' });
    expect(r.reportIssue).toMatchObject({ created: false, updated: true });
    expect(emulator.state.issues.filter((i) => i.title.startsWith('Earshot report'))).toHaveLength(1);
    expect(emulator.calls.count('PATCH /repos/{owner}/{repo}/issues/{issue_number}')).toBe(1);
  });

  it('a new period: a new report issue; the previous one gets its final figures and is closed', async () => {
    await report();
    const r = await report('', '2026-11-30T09:00:00Z');
    expect(r.metrics.current).toBe('2026-W49');
    const issues = emulator.state.issues.filter((i) => i.title.startsWith('Earshot report'));
    expect(issues.map((i) => [i.title, i.state])).toEqual([
      ['Earshot report 2026-W48', 'closed'],
      ['Earshot report 2026-W49', 'open'],
    ]);
    expect(issues[0]?.body).toContain('## Earshot report — 2026-W48');
  });

  it('the history read budget: the rest keep listing facts and wait for the next run', async () => {
    const r = await report('  maxHistoryReads: 3\n');
    expect(emulator.calls.count(TIMELINE)).toBe(3);
    expect(r.historyPending).toBe(5);
    expect(r.markdown).toContain('5 pending (read budget)');
    emulator.calls.reset();
    const next = await report('  maxHistoryReads: 100\n');
    expect(emulator.calls.count(TIMELINE)).toBe(5);
    expect(next.metrics.overall.firstResponse.median).toBe(7200);
  });

  it('dry run: computes everything and writes nothing', async () => {
    emulator.calls.reset();
    const { store, logger } = restStore(emulator);
    const dry = await runReport(
      {
        config: config(),
        store,
        now: () => new Date('2026-11-26T12:00:00Z'),
        logger,
      },
      { dryRun: true },
    );
    expect(dry.metrics.overall.mentions).toBe(9);
    expect(emulator.calls.snapshot().writes).toBe(0);
  });
});
