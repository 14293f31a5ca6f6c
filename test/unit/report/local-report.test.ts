/**
 * The report on the local tracker's store: the fixture history replayed into .earshot/ (issue files,
 * the comment files `earshot respond` writes, label and state changes). The local store keeps no
 * label events, so a first response that only a label records has no time there.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { memoryLogger } from '../../../src/logger.js';
import { localReportStore } from '../../../src/report/setup.js';
import { runReport } from '../../../src/report.js';
import { adapters } from '../../../src/sources/index.js';
import { LocalTracker } from '../../../src/tracker/local.js';
import { milestoneFor } from '../../../src/triage/milestone.js';
import {
  BOT,
  FIXTURE_FIX,
  FIXTURE_ISSUES,
  FIXTURE_NOW,
  FIXTURE_SLA_YAML,
  fixtureBody,
  fixtureLabels,
} from '../../fixtures/report/history.js';

async function localFixture(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-report-local-'));
  let now = 0;
  const tracker = new LocalTracker({ dir, now: () => new Date(now) });
  for (const issue of FIXTURE_ISSUES) {
    now = Date.parse(issue.created);
    await tracker.create({
      key: `fixture:${issue.number}`,
      title: issue.title,
      body: fixtureBody(issue),
      labels: fixtureLabels(issue),
      milestone: milestoneFor(new Date(issue.published), 'week')!,
      assignees: [],
    });
  }
  now = Date.parse(FIXTURE_FIX.created);
  await tracker.create({
    key: 'fix',
    title: FIXTURE_FIX.title,
    body: 'The cause.',
    labels: [],
    assignees: [],
  });
  const events = [
    ...FIXTURE_ISSUES.flatMap((i) => i.events.map((e) => ({ n: i.number, e }))),
    { n: FIXTURE_FIX.number, e: { at: FIXTURE_FIX.closedAt, close: 'completed' as const, by: 'bob' } },
  ].sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at));
  mkdirSync(join(dir, 'comments'), { recursive: true });
  for (const { n, e } of events) {
    now = Date.parse(e.at);
    const issue = (await tracker.listIssues()).find((i) => i.number === n)!;
    if ('comment' in e) {
      const file = join(dir, 'comments', `${String(n).padStart(5, '0')}.json`);
      let data: { comments: unknown[]; reactions: unknown[] } = { comments: [], reactions: [] };
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch {}
      const login = e.by === 'bot' ? BOT : e.by;
      data.comments.push({
        id: n * 100_000 + data.comments.length + 1,
        body: e.comment,
        user: { login, type: e.by === 'bot' ? 'Bot' : 'User' },
        createdAt: e.at,
        url: `${file}#${data.comments.length + 1}`,
        reactions: [],
      });
      writeFileSync(file, JSON.stringify(data));
    } else if ('label' in e) await tracker.update({ ...issue, labels: [...issue.labels, e.label] });
    else if ('close' in e)
      await tracker.update({ ...issue, state: 'closed', stateReason: e.close, closedAt: e.at });
  }
  return dir;
}

describe('runReport on the local store', () => {
  it('dates first responses from comments and closes; label-only answers have no time', async () => {
    const dir = await localFixture();
    const config = parseConfig(
      `company:\n  name: Acme\nsources:\n  - id: hn\n    kind: rss\n    url: https://news.example.com/rss\n${FIXTURE_SLA_YAML}report:\n  periods: 2\n`,
      'earshot.yml',
      adapters,
    );
    const tracker = new LocalTracker({ dir, now: () => new Date(FIXTURE_NOW) });
    const r = await runReport({
      config,
      store: localReportStore(tracker, config),
      now: () => new Date(FIXTURE_NOW),
      logger: memoryLogger(),
    });
    const f = (n: number) => r.facts.find((x) => x.number === n);
    expect(f(1)).toMatchObject({ firstResponseBy: 'comment', firstResponseSeconds: 5400 });
    // #2: its status:followed-up label has no time locally; bob's `/link #11` comment (31h) dates it.
    expect(f(2)).toMatchObject({ firstResponseSeconds: 111_600, followedUp: true, leadTimeSeconds: 331_200 });
    expect(f(3)).toMatchObject({ firstResponseBy: 'closed', firstResponseSeconds: 7200 });
    // #7: answered only by a label → answered, time unknown.
    expect(f(7)).toMatchObject({ responded: true, replied: true, firstResponseSla: 'unknown' });
    expect(f(7)?.firstResponseSeconds).toBeUndefined();
    const o = r.metrics.overall;
    expect(o.responded).toBe(6);
    // Known times: 1200 5400 7200 14400 111600.
    expect(o.firstResponse).toMatchObject({ count: 5, median: 7200, p90: 111_600 });
    expect(o.sla).toMatchObject({ met: 4, breached: 2, pending: 2, unknown: 1 });
    expect(r.metrics.distribution.at(-1)).toEqual({ label: 'answered, time unknown', count: 1 });
    // The breaches are labelled in the issue files; the report is a file.
    expect(r.labeled.sort()).toEqual([2, 6]);
    expect(readFileSync(join(dir, 'issues', '00006.md'), 'utf8')).toMatch(/- sla:breached/);
    const report = readFileSync(join(dir, 'reports', '2026-W48.md'), 'utf8');
    expect(report).toContain('# Earshot report 2026-W48');
    expect(report).toContain('**4 mentions** published in 2026-W48');
    expect(r.reportIssue?.url).toBe(join(dir, 'reports', '2026-W48.md'));
  });
});
