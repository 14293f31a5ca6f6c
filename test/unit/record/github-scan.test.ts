/** GitHubScanRecord against the GitHub emulator (in-process Octokit, real HTTP on 127.0.0.1). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrackerError } from '../../../src/errors.js';
import { memoryLogger } from '../../../src/logger.js';
import { createOctokit } from '../../../src/record/github/client.js';
import { GitHubScanRecord } from '../../../src/record/github/scan.js';
import { renderMarker } from '../../../src/record/marker.js';
import { emptyState, type IssueDraft, StateConflictError } from '../../../src/record/port.js';
import { mergeStates } from '../../../src/record/state.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ repo: 'acme/mentions' });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.reset());

function tracker(token = 'test-token') {
  const logger = memoryLogger();
  const octokit = createOctokit({
    token,
    baseUrl: emulator.url,
    logger,
    throttle: false,
    retryAfterScale: 0.001,
  });
  return { t: new GitHubScanRecord({ octokit, owner: 'acme', repo: 'mentions', logger }), logger };
}

const marker = (key: string) =>
  renderMarker({
    key,
    source: 's',
    kind: 'rss',
    published: '',
    category: 'neutral',
    confidence: 1,
    priority: 'low',
  });

const draft = (key: string): IssueDraft => ({
  key,
  title: `[neutral] someone on blog: ${key}`,
  body: `text\n\n${marker(key)}`,
  labels: ['earshot', 'neutral'],
  milestone: { title: '2026-W47', dueOn: '2026-11-22T23:59:59Z' },
  assignees: [],
});

describe('GitHubScanRecord', () => {
  it('lists every page of Earshot issues in the window, open and closed, by their markers', async () => {
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    emulator.seed({
      issues: [
        ...Array.from({ length: 250 }, (_, i) => ({
          title: `renamed by a person ${i}`,
          body: `x\n${marker(`k:${i}`)}`,
          labels: ['earshot'],
          state: i % 2 ? ('closed' as const) : ('open' as const),
          created_at: recent,
          updated_at: recent,
        })),
        {
          title: 'outside the window',
          body: marker('k:old'),
          labels: ['earshot'],
          created_at: old,
          updated_at: old,
        },
        {
          title: 'not ours',
          body: marker('k:unlabeled'),
          labels: ['bug'],
          created_at: recent,
          updated_at: recent,
        },
      ],
    });
    emulator.calls.reset();
    const listed = await tracker().t.listIssues(new Date(Date.now() - 14 * 86_400_000));
    const keys = new Set(listed.map((i) => i.key).filter((k): k is string => k !== undefined));
    expect(keys.size).toBe(250);
    expect(keys.has('k:old')).toBe(false);
    expect(keys.has('k:unlabeled')).toBe(false);
    expect(emulator.calls.count('GET /repos/{owner}/{repo}/issues')).toBe(3);
    expect(emulator.violations).toEqual([]);
  });

  it('files with one create call carrying labels and a milestone created on demand with its due date', async () => {
    const { t } = tracker();
    const issue = await t.create(draft('k:1'));
    await t.create(draft('k:2'));
    expect(issue.key).toBe('k:1');
    const state = emulator.state;
    expect(state.milestones).toEqual([
      expect.objectContaining({ title: '2026-W47', due_on: '2026-11-22T23:59:59Z', open_issues: 2 }),
    ]);
    expect(state.issues[0]).toMatchObject({ labels: ['earshot', 'neutral'], milestone: '2026-W47' });
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/milestones')).toBe(1);
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(2);
    expect(emulator.violations).toEqual([]);
  });

  it('a create GitHub applied but answered 502 is found, not repeated', async () => {
    emulator.faults.add({
      match: { method: 'POST', route: '/repos/{owner}/{repo}/issues' },
      nth: 1,
      effect: 'applyThenFail',
    });
    const { t, logger } = tracker();
    const issue = await t.create(draft('k:lost'));
    expect(emulator.state.issues).toHaveLength(1);
    expect(issue.number).toBe(1);
    expect(logger.lines.map((l) => l.message).join('\n')).toContain('although GitHub');
  });

  it('a lagging issue listing: a create applied but answered 502 is found by its number, not repeated', async () => {
    // Another issue and a pull request's number were taken before; the listing shows nothing newer
    // than 5 s ago, so the lost create is only visible when read by its number.
    emulator.seed({ issues: [{ title: 'a person opened this', body: 'hello' }] });
    await tracker().t.create(draft('k:earlier'));
    emulator.setIssueListingLag(5_000);
    emulator.faults.add({
      match: { method: 'POST', route: '/repos/{owner}/{repo}/issues' },
      nth: 1,
      effect: 'applyThenFail',
    });
    const { t, logger } = tracker();
    const issue = await t.create(draft('k:lost-in-lag'));
    expect(emulator.state.issues).toHaveLength(3);
    expect(issue.number).toBe(3);
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(2); // one before, one lost: none resent
    expect(logger.lines.map((l) => l.message).join('\n')).toContain('although GitHub');
  });

  it('a create that failed with 503 and was not applied is tried again: exactly one issue', async () => {
    emulator.faults.add({
      match: { method: 'POST', route: '/repos/{owner}/{repo}/issues' },
      nth: 1,
      effect: { type: 'status', status: 503 },
    });
    await tracker().t.create(draft('k:retry'));
    expect(emulator.state.issues).toHaveLength(1);
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(2);
  });

  it('a read-only token fails with the permission to add to the workflow', async () => {
    emulator.setToken('ro', { readOnly: true });
    const error = await tracker('ro')
      .t.create(draft('k:ro'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerError);
    expect((error as Error).message).toContain('permissions:');
    expect((error as Error).message).toContain('issues: write');
  });

  it('keeps the state on its branch with compare-and-swap: a lost race merges, an exclusive save refuses', async () => {
    const a = tracker().t;
    const b = tracker().t;
    expect(await a.loadState('default')).toEqual({ state: emptyState(), status: 'missing' });
    await a.saveState('default', { ...emptyState(), sources: { one: { since: '2026-11-01T00:00:00Z' } } });
    expect(emulator.state.files['earshot-state']?.['state/default.json']).toBeDefined();

    await a.loadState('default');
    await b.loadState('default');
    await b.saveState('default', { ...emptyState(), sources: { two: { since: '2026-11-02T00:00:00Z' } } });
    await expect(a.saveState('default', emptyState(), { exclusive: true })).rejects.toBeInstanceOf(
      StateConflictError,
    );
    await a.saveState(
      'default',
      { ...emptyState(), sources: { one: { since: '2026-11-03T00:00:00Z' } } },
      { merge: (theirs, ours) => mergeStates(theirs, ours, { holder: 'a', shard: 'default' }) },
    );
    const merged = (await tracker().t.loadState('default')).state;
    expect(merged.sources).toEqual({
      one: { since: '2026-11-03T00:00:00Z' },
      two: { since: '2026-11-02T00:00:00Z' },
    });
  });

  it('creates missing labels with colors and descriptions and leaves existing ones alone', async () => {
    emulator.seed({ labels: [{ name: 'Complaint', color: '000000', description: 'ours' }] });
    await tracker().t.ensureLabels([
      { name: 'complaint', color: 'd73a4a', description: 'Earshot' },
      { name: 'earshot', color: '5319e7', description: 'Earshot index' },
    ]);
    const labels = emulator.state.labels;
    expect(labels).toEqual(
      expect.arrayContaining([
        { name: 'Complaint', color: '000000', description: 'ours' },
        { name: 'earshot', color: '5319e7', description: 'Earshot index' },
      ]),
    );
    expect(labels).toHaveLength(2);
  });
});
