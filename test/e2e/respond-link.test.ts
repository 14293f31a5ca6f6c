/**
 * Complaint to fix end to end: `/link #N` records the link on both issues; closing #N as completed
 * (an issues.closed payload) drafts the follow-up reply on the mention and notifies its assignees;
 * a merged pull request (a pull_request.closed payload) does the same; closing as not planned drafts
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDraftText } from '../../src/respond/drafts/comment.js';
import { parseCommentMarker } from '../../src/respond/markers.js';
import { type Harness, ok, startHarness } from '../unit/respond/e2e-harness.js';

describe('/link and the fix closing, through the bundled action', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close_();
  });

  it('links both ways, then closing the fix drafts the follow-up and pings the assignee', async () => {
    const n = h.mention('mastodon');
    h.emulator.as('alice', 'POST', `/repos/acme/mentions/issues/${n}/assignees`, { assignees: ['carol'] });
    const fix = h.plainIssue('Billing: double charge on plan change');
    const link = await h.comment(n, 'alice', `/link #${fix}`);
    expect(ok(link.run)).toBe('');
    expect(link.run.outputs).toMatchObject({ command: 'link', outcome: 'ok' });
    expect(parseCommentMarker(h.lastComment(n))?.data).toMatchObject({ number: fix, by: 'alice' });
    expect(parseCommentMarker(h.lastComment(fix))).toEqual({ type: 'linked-from', data: { mention: n } });

    const closed = await h.close(fix, 'dev', 'completed');
    expect(closed.outputs).toMatchObject({ command: 'fixed', outcome: 'ok' });
    const draft = h.lastComment(n);
    expect(parseCommentMarker(draft)?.data).toMatchObject({ purpose: 'fixed', fix });
    expect(draft).toContain(`@carol: the linked issue #${fix} is closed as completed`);
    expect(extractDraftText(draft)).toMatch(new RegExp(`is fixed \\(.*/issues/${fix}\\)`));
    expect(h.labels(n)).toContain('status:drafted');
    expect(h.emulator.violations).toEqual([]);
  });

  it('a merged pull request drafts the follow-up; one closed as not planned drafts nothing', async () => {
    const n = h.mention('bluesky');
    const pr = h.plainIssue('Fix export timeouts (stands in for a pull request: the emulator has none)');
    await h.comment(n, 'alice', `/link #${pr}`);
    const merged = await h.pullClosed(pr, 'dev', true);
    expect(merged.outputs).toMatchObject({ command: 'fixed', outcome: 'ok' });
    expect(parseCommentMarker(h.lastComment(n))?.data).toMatchObject({ purpose: 'fixed', fix: pr });
    expect(h.lastComment(n)).toContain('@alice'); // no assignees: whoever linked it

    const m = h.mention('reddit');
    const wontfix = h.plainIssue('Not a bug');
    await h.comment(m, 'alice', `/link #${wontfix}`);
    const before = h.comments(m).length;
    const closed = await h.close(wontfix, 'dev', 'not_planned');
    expect(closed.outputs.outcome).toBe('ignored');
    expect(h.comments(m).length).toBe(before);
  });
});
