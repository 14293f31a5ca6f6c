/** The local backend's issue files: an update keeps what only the file holds (the milestone's due date). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueFileName, LocalScanRecord } from '../../../src/record/local/scan.js';

describe('the local scan record', () => {
  it('an update (a /resolve closing the issue) keeps the milestone and its due date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-local-'));
    const record = new LocalScanRecord({ dir, now: () => new Date('2026-11-20T10:00:00Z') });
    const issue = await record.create({
      key: 'url:https://example.com/a',
      title: '[complaint] a on blog: Acme broke',
      body: 'body',
      labels: ['earshot', 'complaint'],
      milestone: { title: '2026-W47', dueOn: '2026-11-22T23:59:59Z' },
      assignees: [],
    });
    const file = join(dir, 'issues', issueFileName(issue.number));
    expect(readFileSync(file, 'utf8')).toContain('milestone_due_on: 2026-11-22T23:59:59Z');
    await record.update({ ...issue, state: 'closed', stateReason: 'completed' });
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('state: closed');
    expect(after).toContain('milestone_due_on: 2026-11-22T23:59:59Z');
    // a changed milestone does not inherit the old date
    await record.update({ ...issue, milestone: '2026-W48' });
    expect(readFileSync(file, 'utf8')).toContain('milestone_due_on: null');
  });
});
