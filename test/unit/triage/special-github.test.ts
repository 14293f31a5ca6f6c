/** Special issues (crisis, first-run summary) through GitHubScanRecord, against the GitHub emulator. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/logger.js';
import { createOctokit } from '../../../src/record/github/client.js';
import { GitHubScanRecord } from '../../../src/record/github/scan.js';
import { parseSpecialMarker, renderSpecialMarker } from '../../../src/record/marker.js';
import type { RecordIssue, SpecialIssueSpec } from '../../../src/record/port.js';
import { renderCrisis } from '../../../src/triage/crisis.js';
import type { DetectedSpike } from '../../../src/triage/volume.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    repo: 'acme/mentions',
    users: [{ login: 'oncall', permission: 'write' }],
  });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

function tracker() {
  const logger = memoryLogger();
  const octokit = createOctokit({ token: 't', baseUrl: emulator.url, logger, throttle: false });
  return new GitHubScanRecord({ octokit, owner: 'acme', repo: 'mentions', logger });
}

const spike = (count: number, periodStart: string, keys: string[]): DetectedSpike => ({
  spike: true,
  count,
  mean: 1,
  sigma: 0.9,
  effectiveSigma: 1,
  threshold: 5,
  query: 'company',
  metric: 'complaint',
  periodStart,
  periodEnd: new Date(Date.parse(periodStart) + 3_600_000).toISOString(),
  baselinePeriods: 12,
  refs: keys.map((k, i) => ({ key: k, title: `[complaint] @someone on hn: down #12 ${k}`, issue: i + 1 })),
});

const crisisSpec = (s: DetectedSpike): SpecialIssueSpec => ({
  id: 'crisis:company',
  label: 'crisis',
  render: (existing: RecordIssue | undefined) =>
    renderCrisis(existing, s, { assignees: ['oncall'], labels: [] }),
});

type EmuIssue = {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  state: string;
};
type EmuComment = { issue_number: number; body: string };

describe('GitHubScanRecord.upsertSpecial', () => {
  it('opens the crisis issue once, then updates it in place with a comment that notifies watchers', async () => {
    const t = tracker();
    const first = await t.upsertSpecial(crisisSpec(spike(9, '2026-11-20T10:00:00.000Z', ['a', 'b'])));
    expect(first.created).toBe(true);
    emulator.calls.reset();
    const second = await t.upsertSpecial(crisisSpec(spike(12, '2026-11-20T11:00:00.000Z', ['b', 'c'])));
    expect(second).toMatchObject({ created: false, issue: { number: first.issue.number } });
    // one listing, one update, one comment
    expect(emulator.calls.count('GET /repos/{owner}/{repo}/issues')).toBe(1);
    expect(emulator.calls.count('PATCH /repos/{owner}/{repo}/issues/{issue_number}')).toBe(1);
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(0);

    const state = emulator.state as { issues: EmuIssue[]; comments: EmuComment[] };
    expect(state.issues).toHaveLength(1);
    const issue = state.issues[0]!;
    expect(issue.labels).toEqual(['crisis']);
    expect(issue.labels).not.toContain('earshot'); // not a mention
    expect(issue.assignees).toEqual(['oncall']);
    expect(issue.body).toContain('### Mentions involved (3)');
    expect(issue.body).toContain('| 2026-11-20 10:00–11:00 UTC | 9 |');
    expect(issue.body).toContain('| 2026-11-20 11:00–12:00 UTC | 12 |');
    // untrusted titles: no ping, no cross-link
    expect(issue.body).not.toMatch(/(^|[^`])@someone/);
    expect(issue.body).not.toMatch(/(^|[^`\\])#12\b/);
    expect(parseSpecialMarker(issue.body)).toMatchObject({ id: 'crisis:company' });
    expect(state.comments.map((c) => [c.issue_number, c.body.slice(0, 30)])).toEqual([
      [issue.number, 'New spike: **12 complaints** i'],
    ]);
    expect(emulator.violations).toEqual([]);
  });

  it('finds its issue by the marker, not the title or label alone; a closed one starts a new episode', async () => {
    emulator.seed({
      issues: [
        { title: 'crisis drill (by a person)', body: 'no marker', labels: ['crisis'] },
        {
          title: 'renamed by a person',
          body: `old\n${renderSpecialMarker({ id: 'crisis:company', spikes: [], refs: [] })}`,
          labels: ['crisis'],
          state: 'closed',
        },
      ],
    });
    const t = tracker();
    const result = await t.upsertSpecial(crisisSpec(spike(9, '2026-11-20T10:00:00.000Z', ['a'])));
    expect(result).toMatchObject({ created: true, issue: { number: 3 } });
    const again = await t.upsertSpecial(crisisSpec(spike(9, '2026-11-20T11:00:00.000Z', ['z'])));
    expect(again).toMatchObject({ created: false, issue: { number: 3 } });
    expect(emulator.violations).toEqual([]);
  });

  it('files unassigned when the assignee cannot be assigned', async () => {
    const t = tracker();
    const result = await t.upsertSpecial({
      id: 'bootstrap:default',
      label: 'earshot-summary',
      render: () => ({
        title: 'Earshot started listening',
        body: renderSpecialMarker({ id: 'bootstrap:default' }),
        labels: ['earshot-summary'],
        assignees: ['nobody-here'],
      }),
    });
    expect(result.created).toBe(true);
    expect((emulator.state as { issues: EmuIssue[] }).issues[0]?.assignees).toEqual([]);
  });
});
