/**
 * Respond mode end to end: the bundled action on recorded issue_comment payloads against the GitHub
 * emulator and the local reply servers. Drafting, approving and replying on Mastodon; follow-up,
 * escalation, assignment, reclassification, help, closing; a refused command from a person with
 * read access; bots ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDraftText } from '../../src/respond/drafts/comment.js';
import { parseCommentMarker } from '../../src/respond/markers.js';
import { type Harness, ok, startHarness } from '../unit/respond/e2e-harness.js';

describe('respond commands through the bundled action', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      'respond:\n  teams:\n    billing: { mention: "@acme/billing", label: "team:billing", assignees: [carol] }\n',
    );
  });
  afterAll(async () => {
    await h.close_();
  });

  it('/draft → /approve → /reply posts the approved text on Mastodon and records the reply', async () => {
    const n = h.mention('mastodon');
    const draft = await h.comment(n, 'alice', '/draft');
    expect(ok(draft.run)).toBe('');
    expect(draft.run.outputs).toMatchObject({ command: 'draft', outcome: 'ok' });
    expect(h.reactionsOn(draft.commentId)).toEqual([]); // the draft comment is the answer
    const text = extractDraftText(h.lastComment(n));
    expect(text).toMatch(/^@mira@mastodon\.social I'm sorry AcmeCloud let you down/);
    expect(h.labels(n)).toContain('status:drafted');

    const approve = await h.comment(n, 'carol', '/approve');
    expect(approve.run.outputs.outcome).toBe('ok');
    expect(h.labels(n)).toContain('status:approved');

    const reply = await h.comment(n, 'alice', '/reply');
    expect(reply.run.outputs).toMatchObject({ command: 'reply', outcome: 'ok' });
    expect(h.servers.posts.map((p) => [p.platform, p.text])).toEqual([['mastodon', text]]);
    expect(h.servers.posts[0]?.body).toMatchObject({
      in_reply_to_id: '114137700000000000',
      visibility: 'public',
    });
    const recorded = parseCommentMarker(h.lastComment(n));
    expect(recorded?.type).toBe('replied');
    expect(h.lastComment(n)).toMatch(/Replied on Mastodon: https:\/\/mastodon\.social\/@acme\/\d+/);
    expect(h.labels(n)).toContain('status:replied');
    expect(h.labels(n)).not.toContain('status:approved');
    expect(h.emulator.violations).toEqual([]);
  });

  it('/draft, /approve, /reply cost 3, 4, 5 API calls; 2, 3, 4 for the owner, whose association proves write access', async () => {
    const callsOf = async (n: number, login: string, body: string) => {
      h.emulator.calls.reset();
      const r = await h.comment(n, login, body);
      expect(r.run.outputs.outcome).toBe('ok');
      expect(h.reactionsOn(r.commentId)).toEqual([]); // each posts a comment: no reaction
      // the comment and the issue read of h.comment go past the call counter (emulator.as)
      return h.emulator.calls.snapshot().byRoute;
    };
    const permission = 'GET /repos/{owner}/{repo}/collaborators/{username}/permission';
    const total = (routes: Record<string, number>) => Object.values(routes).reduce((a, b) => a + b, 0);
    for (const [login, expected] of [
      ['alice', [3, 4, 5]],
      ['acme', [2, 3, 4]],
    ] as const) {
      const n = h.mention('mastodon');
      const draft = await callsOf(n, login, '/draft');
      const approve = await callsOf(n, login, '/approve');
      // a person labels the issue after the event was sent: /reply's label removal must keep it
      h.emulator.calls.reset();
      const replied = await h.comment(n, login, '/reply', {
        afterEvent: () =>
          h.emulator.as('alice', 'POST', `/repos/acme/mentions/issues/${n}/labels`, { labels: ['vip'] }),
      });
      expect(replied.run.outputs.outcome).toBe('ok');
      expect(h.reactionsOn(replied.commentId)).toEqual([]);
      const reply = h.emulator.calls.snapshot().byRoute;
      expect([total(draft), total(approve), total(reply)]).toEqual(expected);
      for (const routes of [draft, approve, reply])
        expect(routes[permission] ?? 0).toBe(login === 'acme' ? 0 : 1);
      // status:approved and status:drafted go in one mutation; nothing is replaced wholesale
      expect(reply['POST /graphql']).toBe(1);
      expect(reply['PUT /repos/{owner}/{repo}/issues/{issue_number}/labels'] ?? 0).toBe(0);
      expect(h.labels(n)).toEqual(expect.arrayContaining(['status:replied', 'vip']));
      expect(h.labels(n)).not.toEqual(expect.arrayContaining(['status:approved']));
      expect(h.labels(n)).not.toEqual(expect.arrayContaining(['status:drafted']));
    }
  });

  it('refuses a command from a person with read access, politely and once', async () => {
    const n = h.mention('reddit');
    const first = await h.comment(n, 'bob', '/resolve');
    expect(ok(first.run)).toBe('');
    expect(first.run.outputs).toMatchObject({ command: 'resolve', outcome: 'refused' });
    expect(h.lastComment(n)).toContain('Thanks @bob');
    expect(h.reactionsOn(first.commentId)).toEqual([]); // the refusal is the answer
    const count = h.comments(n).length;
    const second = await h.comment(n, 'bob', '/draft');
    expect(second.run.outputs.outcome).toBe('refused');
    expect(h.comments(n).length).toBe(count + 1);
    expect(h.reactionsOn(second.commentId)).toEqual(['-1']); // told once: a 👎 only
    expect(h.emulator.state.issues.find((i) => i.number === n)?.state).toBe('open');
  });

  it('/followup in a public repository records only the fact and warns', async () => {
    const n = h.mention('bluesky');
    const r = await h.comment(n, 'alice', '/followup emailed mira@example.com, refund issued');
    expect(r.run.outputs.outcome).toBe('ok');
    const body = h.lastComment(n);
    expect(body).toContain('This repository is public');
    expect(body).not.toContain('mira@example.com');
    expect(h.labels(n)).toContain('status:followed-up');
  });

  it('/escalate billing pings the team, labels and assigns; /assign; /reclassify', async () => {
    const n = h.mention('discourse');
    expect((await h.comment(n, 'alice', '/escalate billing')).run.outputs.outcome).toBe('ok');
    expect(h.lastComment(n)).toContain('@acme/billing');
    expect(h.labels(n)).toEqual(expect.arrayContaining(['escalated', 'team:billing']));
    expect(h.issue(n).assignees).toEqual([expect.objectContaining({ login: 'carol' })]);

    expect((await h.comment(n, 'alice', '/assign @dev')).run.outputs.outcome).toBe('ok');
    expect((h.issue(n).assignees as { login: string }[]).map((a) => a.login).sort()).toEqual([
      'carol',
      'dev',
    ]);

    expect((await h.comment(n, 'alice', '/reclassify question')).run.outputs.outcome).toBe('ok');
    expect(h.labels(n)).toContain('question');
    expect(h.labels(n)).not.toContain('complaint');
    expect(String(h.issue(n).title)).toMatch(/^\[question\] /);
  });

  it('/help answers with the command list; /resolve and /dismiss close with a summary', async () => {
    const n = h.mention('lemmy');
    await h.comment(n, 'alice', '/help');
    expect(h.lastComment(n)).toContain('| `/followup <note>` |');
    const resolve = await h.comment(n, 'alice', '/resolve');
    expect(resolve.run.outputs.outcome).toBe('ok');
    expect(h.lastComment(n)).toContain('Resolved by @alice');
    expect(h.issue(n)).toMatchObject({ state: 'closed', state_reason: 'completed' });

    const m = h.mention('hacker-news');
    await h.comment(m, 'alice', '/dismiss not about us');
    expect(h.lastComment(m)).toContain('Dismissed by @alice: not about us');
    expect(h.issue(m)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(h.emulator.violations).toEqual([]);
  });

  it("ignores a bot's comment and a comment whose first line is not a command", async () => {
    const n = h.mention('mastodon');
    const before = h.comments(n).length;
    const bot = await h.comment(n, 'github-actions[bot]', '/resolve');
    expect(bot.run.outputs.outcome).toBe('ignored');
    const chat = await h.comment(n, 'alice', 'Looks bad.\n/resolve');
    expect(chat.run.outputs.outcome).toBe('ignored');
    expect(h.comments(n).length).toBe(before + 2);
    expect(h.issue(n).state).toBe('open');
  });
});
