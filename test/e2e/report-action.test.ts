/**
 * mode: report through the bundled action (dist/index.js, run as a runner runs it) against the GitHub
 * emulator seeded with the fixture history: the job summary (Mermaid charts with tables, the
 * hand-computed figures), the report issue, `sla:breached` labels, milestones, the dashboard page,
 * and a second run that reads no timeline and writes nothing. `earshot report` (dist/cli.js) on the
 * local store gives the same figures where the local store can know them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, FIXTURE_SLA_YAML } from '../fixtures/report/history.js';
import { localFixture } from '../fixtures/report/local.js';
import { seedFixture, testClock } from '../fixtures/report/seed.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { runActionOnEmulator, tempWorkspace } from '../helpers/run-action.js';

const CONFIG = `company:\n  name: Acme\nsources:\n  - id: hn\n    kind: rss\n    url: https://news.example.com/rss\n${FIXTURE_SLA_YAML}report:\n  periods: 2\n  pin: false\n`;
const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';

describe('mode: report through the bundled action', () => {
  let emulator: Emulator;
  let workspace: string;
  const clock = testClock();
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions', now: clock.now });
    seedFixture(emulator, clock);
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
      inputs: { 'report-html': '_site' },
      event: { name: 'schedule', payload: { schedule: '0 6 * * *' } },
      env: { EARSHOT_NOW: FIXTURE_NOW },
    });

  it('writes the job summary, the report issue, breach labels, milestones and the dashboard', async () => {
    emulator.calls.reset();
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const s = result.summary;
    // Pictures first, each with its table.
    expect(s.match(/```mermaid/g)).toHaveLength(3);
    expect(s).toMatch(/```mermaid[\s\S]*?bar \[5, 4\][\s\S]*?```\n\n\| Week \| Complaints/);
    // Hand-computed figures (test/unit/report/metrics.test.ts): W48 has 4 mentions, 2 answered,
    // first response median 25m (1200 s and 1800 s), SLA 2 of 3; over both weeks median 2h 00m
    // (a /draft is not a response: #1's is its status:replied label, 2h after filing).
    expect(s).toContain('**4 mentions** published in 2026-W48 (23–29 Nov 2026): **2 answered** (50%)');
    expect(s).toContain('first response median **25m**, 90th percentile 30m');
    expect(s).toContain('Over the last 2 weeks: 9 mentions, 67% answered, first response median 2h 00m');
    expect(s).toContain('| 2026-W47 | 5 | 4 | 80% | 3h 00m | 1d 6h | 1d | 2d | 75% | 1 | 1 | 25% |');
    expect(s).toContain('Histories: 8 read, 0 from cache.');

    const out = JSON.parse(result.outputs.report ?? '{}');
    expect(out).toMatchObject({ period: '2026-W48', periods: ['2026-W47', '2026-W48'], labeled: [2, 6] });
    expect(out.overall).toMatchObject({
      mentions: 9,
      responded: 6,
      sla: { met: 5, breached: 2, pending: 2 },
    });

    const state = emulator.state;
    const reportIssue = state.issues.find((i) => i.title === 'Earshot report 2026-W48');
    expect(result.outputs['report-issue']).toBe(String(reportIssue?.number));
    expect(reportIssue?.body).toContain('<!-- earshot-report:v1 2026-W48 -->');
    expect(state.issues.filter((i) => i.labels.includes('sla:breached')).map((i) => i.number)).toEqual([
      2, 6,
    ]);
    expect(state.milestones.find((m) => m.title === '2026-W48')?.description).toContain(
      '4 mentions · 2 answered (50%)',
    );
    // The 8 changed timelines in one GraphQL query, no REST timeline read; the two labels in one
    // mutation (after the label-id lookup).
    expect(emulator.calls.count(TIMELINE)).toBe(0);
    expect(emulator.calls.graphqlQueries).toBe(2);
    expect(emulator.calls.count('POST /graphql')).toBe(3);

    const page = resolve(workspace, '_site', 'index.html');
    expect(result.outputs['report-html']).toBe(page);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain(
      '<div class="kpi" id="kpi-mentions"><div class="label">Mentions</div><div class="value">9</div>',
    );
    expect(emulator.violations).toEqual([]);
  });

  it('a second run reads no timeline, keeps the same report issue and writes nothing', async () => {
    emulator.calls.reset();
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(emulator.calls.count(TIMELINE)).toBe(0);
    expect(emulator.calls.count('POST /graphql')).toBe(0);
    expect(emulator.calls.snapshot().writes).toBe(0);
    expect(result.summary).toContain('Histories: 0 read, 8 from cache.');
    expect(emulator.state.issues.filter((i) => i.title.startsWith('Earshot report'))).toHaveLength(1);
    expect(emulator.violations).toEqual([]);
  });
});

describe('earshot report (dist/cli.js) on the local store', () => {
  it('prints the JSON report and writes the dashboard', async () => {
    const store = await localFixture();
    const workspace = tempWorkspace();
    writeFileSync(join(workspace, 'earshot.yml'), CONFIG);
    const cli = resolve('dist/cli.js');
    expect(existsSync(cli), 'dist/cli.js is missing: run `npm run build`').toBe(true);
    const run = spawnSync(
      process.execPath,
      [
        cli,
        'report',
        '--config',
        'earshot.yml',
        '--store',
        store,
        '--json',
        '--now',
        FIXTURE_NOW,
        '--html',
        'site',
      ],
      { cwd: workspace, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.overall).toMatchObject({
      mentions: 9,
      responded: 6,
      // Known times locally: 1200 7200 14400 86400 (see test/unit/report/local-report.test.ts).
      firstResponse: { count: 4, median: 10_800 },
    });
    expect(out.reportIssue.url).toBe(join(store, 'reports', '2026-W48.md'));
    expect(readFileSync(join(workspace, 'site', 'index.html'), 'utf8')).toContain('id="kpi-mentions"');
    expect(run.stderr).toContain('dashboard:');
  });
});
