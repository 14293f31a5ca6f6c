/**
 * Label transitions end to end (issues.labeled payloads through the bundled action): each status
 * label, a category label, resolved and dismissed; a label from a person with read access; and a
 * mention closed by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommentMarker } from '../../src/respond/markers.js';
import { type Harness, ok, startHarness } from '../unit/respond/e2e-harness.js';

describe('label transitions through the bundled action', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close_();
  });

  const types = (n: number) =>
    h
      .comments(n)
      .map((c) => parseCommentMarker(c.body)?.type)
      .filter(Boolean);

  it('status:drafted drafts, status:approved approves, status:replied records a reply a person posted', async () => {
    const n = h.mention('bluesky');
    const drafted = await h.label(n, 'alice', 'status:drafted');
    expect(ok(drafted)).toBe('');
    expect(drafted.outputs).toMatchObject({ command: 'draft', outcome: 'ok' });
    expect((await h.label(n, 'alice', 'status:approved')).outputs).toMatchObject({
      command: 'approve',
      outcome: 'ok',
    });
    expect((await h.label(n, 'alice', 'status:replied')).outputs).toMatchObject({
      command: 'reply',
      outcome: 'ok',
    });
    expect(types(n)).toEqual(['draft', 'approval', 'replied']);
    expect(parseCommentMarker(h.lastComment(n))?.data).toMatchObject({ how: 'manual', by: 'alice' });
    expect(h.labels(n)).toContain('status:replied');
  });

  it('a transition that cannot happen removes the label again and says why', async () => {
    const n = h.mention('mastodon');
    const r = await h.label(n, 'alice', 'status:approved');
    expect(r.outputs).toMatchObject({ command: 'approve', outcome: 'failed' });
    expect(h.labels(n)).not.toContain('status:approved');
    expect(h.lastComment(n)).toMatch(/^Label `status:approved` was removed again: there is no draft/);
  });

  it('status:followed-up, escalated and a category label', async () => {
    const n = h.mention('reddit');
    expect((await h.label(n, 'alice', 'status:followed-up')).outputs.command).toBe('followup');
    expect((await h.label(n, 'alice', 'escalated')).outputs.command).toBe('escalate');
    const re = await h.label(n, 'alice', 'compliment');
    expect(re.outputs).toMatchObject({ command: 'reclassify', outcome: 'ok' });
    expect(types(n)).toEqual(['followup', 'escalation', 'reclassify']);
    expect(h.labels(n)).not.toContain('complaint');
    expect(String(h.issue(n).title)).toMatch(/^\[compliment\] /);
  });

  it('resolved closes as completed and dismissed as not planned, each with a summary', async () => {
    const a = h.mention('lemmy');
    expect((await h.label(a, 'alice', 'resolved')).outputs.command).toBe('resolve');
    expect(h.issue(a)).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(h.lastComment(a)).toContain('Resolved by @alice');
    const b = h.mention('hacker-news');
    expect((await h.label(b, 'carol', 'dismissed')).outputs.command).toBe('dismiss');
    expect(h.issue(b)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(h.lastComment(b)).toContain('Dismissed by @carol');
  });

  it('a label added by a person with read access is refused and removed', async () => {
    const n = h.mention('discourse');
    const r = await h.label(n, 'bob', 'resolved');
    expect(r.outputs).toMatchObject({ command: 'resolve', outcome: 'refused' });
    expect(h.labels(n)).not.toContain('resolved');
    expect(h.issue(n).state).toBe('open');
    expect(h.lastComment(n)).toContain('Thanks @bob');
  });

  it('closing a mention by hand posts the summary', async () => {
    const n = h.mention('mastodon');
    const r = await h.close(n, 'carol', 'not_planned');
    expect(r.outputs).toMatchObject({ command: 'close', outcome: 'ok' });
    expect(h.lastComment(n)).toContain('Dismissed by @carol');
    expect(h.emulator.violations).toEqual([]);
  });
});
