/**
 * Every command and label transition through runCommand, on an in-memory port: what is posted,
 * labelled, reacted and closed; refusals once per person; bots and edits ignored.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Publisher } from '../../../src/platforms/publisher.js';
import { PublishError } from '../../../src/platforms/publisher.js';
import { extractDraftText } from '../../../src/respond/drafts/comment.js';
import { parseCommentMarker } from '../../../src/respond/markers.js';
import type { EventIssue } from '../../../src/respond/types.js';
import { runCommand } from '../../../src/respond.js';
import { addMention, commentEvent, eventIssue, labelEvent, makeConfig, makeDeps } from './helpers.js';
import { MemoryPort } from './memory-port.js';

const BOB = { login: 'bob', type: 'User' };

function lastBody(port: MemoryPort, n: number): string {
  return port.comments(n).at(-1)?.body ?? '';
}

function markerTypes(port: MemoryPort, n: number): string[] {
  return port
    .comments(n)
    .map((c) => (c.user.type === 'Bot' ? parseCommentMarker(c.body)?.type : undefined))
    .filter((t): t is string => t !== undefined);
}

function fakePublisher(kind: string, impl: Publisher['publish']): Publisher {
  return { kind, title: kind, credentials: [], check: () => undefined, publish: impl };
}

describe('runCommand', () => {
  let port: MemoryPort;
  beforeEach(() => {
    port = new MemoryPort();
    port.permissions = { alice: 'write', admin: 'admin', bob: 'read', tri: 'triage', dev: 'write' };
    port.assignable = new Set(['alice', 'carol']);
    addMention(port, 1, 'mastodon');
  });

  it('/draft posts a playbook draft in a code block and labels status:drafted; the draft is the only answer (no reaction)', async () => {
    const deps = makeDeps(port);
    const event = commentEvent(port, 1, '/draft\nmore text that is ignored');
    const result = await runCommand(deps, event);
    expect(result).toMatchObject({ outcome: 'ok', command: 'draft', issue: 1 });
    const body = lastBody(port, 1);
    expect(parseCommentMarker(body)?.type).toBe('draft');
    const text = extractDraftText(body);
    expect(text).toContain('@mira@mastodon.social');
    expect(text).toContain('AcmeCloud');
    expect(text).toContain('the Acme team');
    expect(text).not.toContain('{link}');
    expect(body).toContain('/ 500 characters');
    expect(port.issues.get(1)?.labels).toContain('status:drafted');
    if (event.kind !== 'comment') throw new Error('comment event expected');
    expect(port.reactionsOn(event.comment.id)).toEqual([]);
  });

  it('reacts only when nothing was posted: 👍 for an effect on labels or assignees alone, 👎 for an unexpected failure', async () => {
    const deps = makeDeps(port);
    const reactions = async (body: string) => {
      const event = commentEvent(port, 1, body);
      await runCommand(deps, event).catch(() => undefined);
      if (event.kind !== 'comment') throw new Error('comment event expected');
      return port.reactionsOn(event.comment.id);
    };
    // /assign answers with no comment: the 👍 is the acknowledgement
    expect(await reactions('/assign')).toEqual(['+1']);
    expect(port.issues.get(1)?.assignees).toEqual(['alice']);
    // a problem is answered by its comment
    const before = port.comments(1).length;
    expect(await reactions('/approve')).toEqual([]);
    expect(port.comments(1).length).toBe(before + 2);
    expect(lastBody(port, 1)).toContain('`/approve` did nothing: there is no draft');
    // /approve of a draft already approved posts nothing: 👍
    expect(await reactions('/draft')).toEqual([]);
    expect(await reactions('/approve')).toEqual([]);
    const count = port.comments(1).length;
    expect(await reactions('/approve')).toEqual(['+1']);
    expect(port.comments(1).length).toBe(count + 1); // only the command itself
    // a failure the command did not expect (GitHub refusing the comment): 👎
    port.failOn = 'comment';
    expect(await reactions('/draft')).toEqual(['-1']);
  });

  it('/draft with text uses that text; an over-limit draft is flagged and /approve refuses it', async () => {
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, `/draft ${'x'.repeat(600)}`));
    expect(lastBody(port, 1)).toContain('Shorten it before approving');
    const result = await runCommand(deps, commentEvent(port, 1, '/approve'));
    expect(result.outcome).toBe('failed');
    expect(lastBody(port, 1)).toMatch(
      /^`\/approve` did nothing: the draft is 600 characters; Mastodon allows 500/,
    );
    expect(port.issues.get(1)?.labels).not.toContain('status:approved');
  });

  it('/approve records the SHA-256 of the draft text and labels status:approved', async () => {
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, '/draft'));
    const result = await runCommand(deps, commentEvent(port, 1, '/approve'));
    expect(result.outcome).toBe('ok');
    const approval = parseCommentMarker(lastBody(port, 1));
    expect(approval?.type).toBe('approval');
    expect(approval?.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(port.issues.get(1)?.labels).toContain('status:approved');
  });

  it('/approve without a draft, and unfilled placeholders, are refused with a reason', async () => {
    const deps = makeDeps(port);
    expect((await runCommand(deps, commentEvent(port, 1, '/approve'))).outcome).toBe('failed');
    expect(lastBody(port, 1)).toContain('there is no draft to approve yet');
    await runCommand(deps, commentEvent(port, 1, '/draft Hi {author}, see {link}'));
    await runCommand(deps, commentEvent(port, 1, '/approve'));
    expect(lastBody(port, 1)).toContain('`{link}`');
  });

  it('/reply publishes exactly the approved text, records the URL, labels status:replied', async () => {
    const seen: string[] = [];
    const publishers = new Map([
      [
        'mastodon',
        fakePublisher('mastodon', async (req) => {
          seen.push(req.text);
          expect(req.credential('accessToken')).toBe('masto-secret');
          return { url: 'https://mastodon.social/@acme/1' };
        }),
      ],
    ]);
    const deps = makeDeps(port, { publishers });
    await runCommand(deps, commentEvent(port, 1, '/draft'));
    const draftText = extractDraftText(lastBody(port, 1));
    await runCommand(deps, commentEvent(port, 1, '/approve'));
    const result = await runCommand(deps, commentEvent(port, 1, '/reply'));
    expect(result).toMatchObject({ outcome: 'ok', command: 'reply' });
    expect(seen).toEqual([draftText]);
    const replied = parseCommentMarker(lastBody(port, 1));
    expect(replied?.type).toBe('replied');
    expect(replied?.data.url).toBe('https://mastodon.social/@acme/1');
    const labels = port.issues.get(1)?.labels ?? [];
    expect(labels).toContain('status:replied');
    expect(labels).not.toContain('status:approved');
    expect(labels).not.toContain('status:drafted');
    // A second /reply does not post twice.
    expect((await runCommand(deps, commentEvent(port, 1, '/reply'))).outcome).toBe('failed');
    expect(seen).toHaveLength(1);
  });

  it('/reply refuses an unapproved draft, and a draft edited after approval', async () => {
    const calls: string[] = [];
    const publishers = new Map([
      [
        'mastodon',
        fakePublisher('mastodon', async (r) => {
          calls.push(r.text);
          return { url: 'u' };
        }),
      ],
    ]);
    const deps = makeDeps(port, { publishers });
    await runCommand(deps, commentEvent(port, 1, '/draft'));
    await runCommand(deps, commentEvent(port, 1, '/reply'));
    expect(lastBody(port, 1)).toContain('not approved yet');
    await runCommand(deps, commentEvent(port, 1, '/approve'));
    const draft = port.comments(1).find((c) => parseCommentMarker(c.body)?.type === 'draft');
    if (!draft) throw new Error('draft missing');
    draft.body = draft.body.replace('AcmeCloud', 'AcmeCloud (edited)');
    await runCommand(deps, commentEvent(port, 1, '/reply'));
    expect(lastBody(port, 1)).toContain('edited after it was approved');
    expect(calls).toEqual([]);
  });

  it('a failing publisher keeps the draft and approval, leaves labels alone, says why; /reply retries', async () => {
    let fail = true;
    const publishers = new Map([
      [
        'mastodon',
        fakePublisher('mastodon', async () => {
          if (fail) throw new PublishError('Mastodon answered HTTP 503 to posting the reply', true, 503);
          return { url: 'https://mastodon.social/@acme/2' };
        }),
      ],
    ]);
    const deps = makeDeps(port, { publishers });
    await runCommand(deps, commentEvent(port, 1, '/draft'));
    await runCommand(deps, commentEvent(port, 1, '/approve'));
    const labelsBefore = [...(port.issues.get(1)?.labels ?? [])];
    const failed = await runCommand(deps, commentEvent(port, 1, '/reply'));
    expect(failed.outcome).toBe('failed');
    const body = lastBody(port, 1);
    expect(parseCommentMarker(body)?.type).toBe('publish-failed');
    expect(body).toContain('HTTP 503');
    expect(body).toContain('may have been posted anyway');
    expect(port.issues.get(1)?.labels).toEqual(labelsBefore);
    fail = false;
    expect((await runCommand(deps, commentEvent(port, 1, '/reply'))).outcome).toBe('ok');
    expect(port.issues.get(1)?.labels).toContain('status:replied');
  });

  it('/reply on a source without a write API gives copy-ready text and the reply link; --done records it', async () => {
    addMention(port, 2, 'hacker-news');
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 2, '/draft'));
    await runCommand(deps, commentEvent(port, 2, '/approve'));
    await runCommand(deps, commentEvent(port, 2, '/reply'));
    const body = lastBody(port, 2);
    expect(body).toContain('### Ready to post on Hacker News');
    expect(body).toContain('https://news.ycombinator.com/reply?id=43299871');
    expect(body).toContain('````text');
    expect(port.issues.get(2)?.labels).not.toContain('status:replied');
    const done = await runCommand(
      deps,
      commentEvent(port, 2, '/reply --done https://news.ycombinator.com/item?id=1'),
    );
    expect(done.outcome).toBe('ok');
    expect(parseCommentMarker(lastBody(port, 2))?.data).toMatchObject({ how: 'manual', by: 'alice' });
    expect(port.issues.get(2)?.labels).toContain('status:replied');
  });

  it('/reply names missing credentials and falls back to copy-ready text', async () => {
    const deps = makeDeps(port, { env: {} });
    await runCommand(deps, commentEvent(port, 1, '/draft'));
    await runCommand(deps, commentEvent(port, 1, '/approve'));
    await runCommand(deps, commentEvent(port, 1, '/reply'));
    expect(lastBody(port, 1)).toContain('MASTO_TOKEN is empty');
    expect(lastBody(port, 1)).toContain('/reply --done');
  });

  it('/followup in a public repository records only the fact, with a warning', async () => {
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, '/followup called Mira at +1 555 0100, refund issued'));
    const body = lastBody(port, 1);
    expect(parseCommentMarker(body)?.data).toMatchObject({ stored: 'none', by: 'alice' });
    expect(body).not.toContain('555');
    expect(body).toContain('This repository is public');
    expect(port.issues.get(1)?.labels).toContain('status:followed-up');
  });

  it('/followup writes the note to a private followup repository, linked both ways', async () => {
    port.other.set('acme/followups', {
      fullName: 'acme/followups',
      private: true,
      url: 'https://github.example/acme/followups',
      issues: [],
    });
    const deps = makeDeps(port, { config: makeConfig('respond:\n  followupRepo: acme/followups\n') });
    await runCommand(deps, commentEvent(port, 1, '/followup called Mira, refund issued'));
    const record = port.other.get('acme/followups')?.issues[0];
    expect(record?.body).toContain('refund issued');
    expect(record?.body).toContain(port.issues.get(1)?.url);
    const body = lastBody(port, 1);
    expect(body).toContain('https://github.example/acme/followups/issues/1');
    expect(body).not.toContain('refund');
    expect(parseCommentMarker(body)?.data).toMatchObject({
      stored: 'followup-repo',
      ref: 'acme/followups#1',
    });
  });

  it('/followup refuses a public followup repository and writes nothing', async () => {
    port.other.set('acme/open', { fullName: 'acme/open', private: false, url: 'u', issues: [] });
    const deps = makeDeps(port, { config: makeConfig('respond:\n  followupRepo: acme/open\n') });
    const result = await runCommand(deps, commentEvent(port, 1, '/followup secret note'));
    expect(result.outcome).toBe('failed');
    expect(port.other.get('acme/open')?.issues).toEqual([]);
    expect(lastBody(port, 1)).toContain('is PUBLIC');
    expect(port.issues.get(1)?.labels).not.toContain('status:followed-up');
  });

  it('/followup keeps the note on the issue when the repository itself is private', async () => {
    port.info = { ...port.info, private: true };
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, '/followup refund issued'));
    expect(lastBody(port, 1)).toContain('refund issued');
    expect(parseCommentMarker(lastBody(port, 1))?.data).toMatchObject({ stored: 'here' });
  });

  it('/escalate uses respond.teams (ping, label, assignees) and refuses unknown teams', async () => {
    const deps = makeDeps(port, {
      config: makeConfig(
        'respond:\n  teams:\n    billing: { mention: "@acme/billing", label: "team:billing", assignees: [carol] }\n',
      ),
    });
    expect((await runCommand(deps, commentEvent(port, 1, '/escalate payroll'))).outcome).toBe('failed');
    expect(lastBody(port, 1)).toContain('`billing`');
    await runCommand(deps, commentEvent(port, 1, '/escalate billing'));
    expect(lastBody(port, 1)).toContain('@acme/billing');
    expect(port.issues.get(1)?.labels).toEqual(expect.arrayContaining(['escalated', 'team:billing']));
    expect(port.issues.get(1)?.assignees).toEqual(['carol']);
  });

  it('/assign assigns the named people (or the commenter) and reports who cannot be assigned', async () => {
    const deps = makeDeps(port);
    expect((await runCommand(deps, commentEvent(port, 1, '/assign'))).outcome).toBe('ok');
    expect(port.issues.get(1)?.assignees).toEqual(['alice']);
    const r = await runCommand(deps, commentEvent(port, 1, '/assign @carol @mallory'));
    expect(r.outcome).toBe('failed');
    expect(port.issues.get(1)?.assignees).toEqual(['alice', 'carol']);
    expect(lastBody(port, 1)).toContain('@mallory');
  });

  it('/reclassify swaps the category label and title prefix and keeps the correction', async () => {
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, '/reclassify question'));
    const issue = port.issues.get(1);
    expect(issue?.labels).toContain('question');
    expect(issue?.labels).not.toContain('complaint');
    expect(issue?.title.startsWith('[question] ')).toBe(true);
    expect(parseCommentMarker(lastBody(port, 1))?.data).toMatchObject({ from: 'complaint', to: 'question' });
    expect((await runCommand(deps, commentEvent(port, 1, '/reclassify angry'))).outcome).toBe('failed');
  });

  it('/reclassify and a category label swap take needs-triage off, whether they correct or confirm the guess', async () => {
    const deps = makeDeps(port);
    port.issues.get(1)?.labels.push('needs-triage');
    // Confirming the guessed category answers it too.
    expect(await runCommand(deps, commentEvent(port, 1, '/reclassify complaint'))).toMatchObject({
      outcome: 'ok',
      message: 'already complaint',
    });
    expect(port.issues.get(1)?.labels).not.toContain('needs-triage');
    expect(port.issues.get(1)?.labels).toContain('complaint');
    addMention(port, 2, 'reddit');
    port.issues.get(2)?.labels.push('needs-triage');
    expect(await runCommand(deps, labelEvent(port, 2, 'compliment'))).toMatchObject({
      outcome: 'ok',
      command: 'reclassify',
    });
    expect(port.issues.get(2)?.labels).not.toContain('needs-triage');
    expect(port.issues.get(2)?.labels).not.toContain('complaint');
    expect(parseCommentMarker(lastBody(port, 2))?.data).toMatchObject({
      from: 'complaint',
      to: 'compliment',
    });
    // An issue that never carried it: nothing to take off.
    addMention(port, 3, 'reddit');
    await runCommand(deps, commentEvent(port, 3, '/reclassify question'));
    expect(port.issues.get(3)?.labels).toEqual(['earshot', 'source:reddit', 'priority:high', 'question']);
  });

  it('closing a linked fix or merging a pull request without write access drafts nothing and pings no one', async () => {
    port.add({ number: 8, title: 'My own bug report', body: 'opened by an outsider', labels: [] });
    port.issues.get(1)?.assignees.push('carol');
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, '/link #8'));
    const before = port.comments(1).length;
    const fixIssue: EventIssue = {
      number: 8,
      title: 'My own bug report',
      body: '',
      labels: [],
      state: 'closed',
      stateReason: 'completed',
      assignees: [],
      url: 'https://github.example/acme/mentions/issues/8',
      isPullRequest: false,
      createdAt: '2026-11-20T00:00:00Z',
      updatedAt: '2026-11-20T00:00:00Z',
    };
    for (const login of ['bob', 'tri', 'stranger']) {
      const closed = await runCommand(deps, {
        kind: 'closed',
        issue: fixIssue,
        sender: { login, type: 'User' },
      });
      expect(closed).toMatchObject({ outcome: 'refused', issue: 8 });
      const merged = await runCommand(deps, {
        kind: 'merged',
        pull: { number: 8, title: 'fix', url: fixIssue.url },
        sender: { login, type: 'User' },
      });
      expect(merged.outcome).toBe('refused');
    }
    // a mention closed by hand by someone without write access gets no summary either
    await runCommand(deps, {
      kind: 'closed',
      issue: { ...eventIssue(port, 1), state: 'closed' },
      sender: { login: 'tri', type: 'User' },
    });
    expect(port.comments(1)).toHaveLength(before);
    expect(port.comments(1).some((c) => c.body.includes('@carol'))).toBe(false);
  });

  it('/link records the link both ways; closing the fix drafts the follow-up and notifies', async () => {
    port.add({ number: 7, title: 'Billing double charge', body: 'engineering issue', labels: ['bug'] });
    port.issues.get(1)?.assignees.push('carol');
    const deps = makeDeps(port);
    expect((await runCommand(deps, commentEvent(port, 1, '/link #7'))).outcome).toBe('ok');
    expect(markerTypes(port, 1)).toContain('link');
    expect(parseCommentMarker(lastBody(port, 7))).toEqual({ type: 'linked-from', data: { mention: 1 } });
    const closed = await runCommand(deps, {
      kind: 'closed',
      issue: {
        number: 7,
        title: 'x',
        body: 'engineering issue',
        labels: ['bug'],
        state: 'closed',
        stateReason: 'completed',
        assignees: [],
        url: 'https://github.example/acme/mentions/issues/7',
        isPullRequest: false,
        createdAt: '2026-11-20T00:00:00Z',
        updatedAt: '2026-11-20T00:00:00Z',
      },
      sender: { login: 'dev', type: 'User' },
    });
    expect(closed).toMatchObject({ outcome: 'ok', command: 'fixed' });
    const draft = lastBody(port, 1);
    expect(parseCommentMarker(draft)?.data).toMatchObject({ purpose: 'fixed', fix: 7 });
    expect(draft).toContain('@carol');
    expect(extractDraftText(draft)).toContain('https://github.example/acme/mentions/issues/7');
    // The same close again drafts nothing more.
    const again = await runCommand(deps, {
      kind: 'closed',
      issue: {
        number: 7,
        title: 'x',
        body: '',
        labels: [],
        state: 'closed',
        stateReason: 'completed',
        assignees: [],
        url: 'u',
        isPullRequest: false,
        createdAt: '2026-11-20T00:00:00Z',
        updatedAt: '2026-11-20T00:00:00Z',
      },
      sender: { login: 'dev', type: 'User' },
    });
    expect(again.outcome).toBe('ignored');
  });

  it('/link refuses itself, missing issues and other mentions', async () => {
    addMention(port, 3, 'reddit');
    const deps = makeDeps(port);
    for (const [arg, why] of [
      ['#1', 'itself'],
      ['#99', 'does not exist'],
      ['#3', 'is a mention too'],
      ['soon', '`/link #123`'],
    ] as const) {
      expect((await runCommand(deps, commentEvent(port, 1, `/link ${arg}`))).outcome).toBe('failed');
      expect(lastBody(port, 1)).toContain(why);
    }
  });

  it('/resolve and /dismiss close with a summary of what was done', async () => {
    addMention(port, 4, 'reddit');
    const publishers = new Map([
      ['mastodon', fakePublisher('mastodon', async () => ({ url: 'https://mastodon.social/@acme/9' }))],
    ]);
    const deps = makeDeps(port, { publishers });
    for (const c of ['/draft', '/approve', '/reply', '/followup called', '/resolve'])
      await runCommand(deps, commentEvent(port, 1, c));
    const summary = lastBody(port, 1);
    expect(summary).toContain('Resolved by @alice');
    expect(summary).toContain('https://mastodon.social/@acme/9');
    expect(summary).toContain('**Private follow-up:** by @alice');
    expect(port.issues.get(1)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    await runCommand(deps, commentEvent(port, 4, '/dismiss spam'));
    expect(lastBody(port, 4)).toContain('Dismissed by @alice: spam');
    expect(lastBody(port, 4)).toContain('**Public reply:** none');
    expect(port.issues.get(4)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
  });

  it('/help lists every command', async () => {
    const deps = makeDeps(port);
    await runCommand(deps, commentEvent(port, 1, '/help'));
    for (const c of [
      '/draft',
      '/approve',
      '/reply',
      '/followup',
      '/escalate',
      '/assign',
      '/reclassify',
      '/link',
      '/resolve',
      '/dismiss',
    ])
      expect(lastBody(port, 1)).toContain(`\`${c}`);
  });

  it('refuses people without write access politely, once per person per issue', async () => {
    const deps = makeDeps(port);
    const first = commentEvent(port, 1, '/resolve', BOB);
    expect(await runCommand(deps, first)).toMatchObject({ outcome: 'refused', command: 'resolve' });
    expect(lastBody(port, 1)).toContain('Thanks @bob');
    const count = port.comments(1).length;
    const second = commentEvent(port, 1, '/draft', BOB);
    expect((await runCommand(deps, second)).outcome).toBe('refused');
    expect(port.comments(1).length).toBe(count + 1); // only bob's own comment
    expect(port.issues.get(1)?.state).toBe('open');
    // the refusal answers the first command; the later one, answered by nothing else, gets 👎
    if (first.kind === 'comment') expect(port.reactionsOn(first.comment.id)).toEqual([]);
    if (second.kind === 'comment') expect(port.reactionsOn(second.comment.id)).toEqual(['-1']);
    // triage is not write either
    expect(
      (await runCommand(deps, commentEvent(port, 1, '/draft', { login: 'tri', type: 'User' }))).outcome,
    ).toBe('refused');
  });

  it('ignores bots, its own comments, edits, non-commands, pull requests and non-Earshot issues', async () => {
    const deps = makeDeps(port);
    port.add({ number: 9, body: 'plain issue', labels: [] });
    const cases = [
      commentEvent(port, 1, '/resolve', { login: 'dependabot[bot]', type: 'Bot' }),
      commentEvent(port, 1, '/resolve', { login: 'github-actions[bot]', type: 'Bot' }),
      { ...commentEvent(port, 1, '/resolve'), action: 'edited' },
      commentEvent(port, 1, 'thanks! /resolve'),
      commentEvent(port, 9, '/resolve'),
    ];
    for (const e of cases) expect((await runCommand(deps, e as never)).outcome).toBe('ignored');
    const pr = commentEvent(port, 1, '/resolve');
    if (pr.kind === 'comment') pr.issue.isPullRequest = true;
    expect((await runCommand(deps, pr)).outcome).toBe('ignored');
    expect(port.issues.get(1)?.state).toBe('open');
    expect(port.writes).toBe(0);
  });

  it('acts on edited comments when respond.allowEditedComments is on', async () => {
    const deps = makeDeps(port, { config: makeConfig('respond:\n  allowEditedComments: true\n') });
    const e = { ...commentEvent(port, 1, '/resolve'), action: 'edited' };
    expect((await runCommand(deps, e as never)).outcome).toBe('ok');
  });

  it('an unknown command gets a 😕 reaction and nothing else', async () => {
    const deps = makeDeps(port);
    const e = commentEvent(port, 1, '/aprove');
    expect((await runCommand(deps, e)).outcome).toBe('ignored');
    if (e.kind === 'comment') expect(port.reactionsOn(e.comment.id)).toEqual(['confused']);
    expect(port.writes).toBe(0);
  });
});

describe('label transitions', () => {
  let port: MemoryPort;
  beforeEach(() => {
    port = new MemoryPort();
    port.permissions = { alice: 'write', bob: 'read' };
    addMention(port, 1, 'mastodon');
  });

  it('status:drafted drafts, status:approved approves, status:replied records a manual reply', async () => {
    const deps = makeDeps(port);
    expect(await runCommand(deps, labelEvent(port, 1, 'status:drafted'))).toMatchObject({
      outcome: 'ok',
      command: 'draft',
    });
    expect(await runCommand(deps, labelEvent(port, 1, 'status:approved'))).toMatchObject({
      outcome: 'ok',
      command: 'approve',
    });
    expect(markerTypes(port, 1)).toEqual(['draft', 'approval']);
    expect(await runCommand(deps, labelEvent(port, 1, 'status:replied'))).toMatchObject({
      outcome: 'ok',
      command: 'reply',
    });
    expect(parseCommentMarker(lastBody(port, 1))?.data).toMatchObject({ how: 'manual' });
  });

  it('a failed transition removes the label again and says why', async () => {
    const deps = makeDeps(port);
    const r = await runCommand(deps, labelEvent(port, 1, 'status:approved'));
    expect(r.outcome).toBe('failed');
    expect(port.issues.get(1)?.labels).not.toContain('status:approved');
    expect(lastBody(port, 1)).toMatch(/^Label `status:approved` was removed again: there is no draft/);
  });

  it('status:followed-up, escalated, a category label, resolved and dismissed', async () => {
    const deps = makeDeps(port);
    expect((await runCommand(deps, labelEvent(port, 1, 'status:followed-up'))).command).toBe('followup');
    expect((await runCommand(deps, labelEvent(port, 1, 'escalated'))).command).toBe('escalate');
    const re = await runCommand(deps, labelEvent(port, 1, 'question'));
    expect(re).toMatchObject({ outcome: 'ok', command: 'reclassify' });
    expect(port.issues.get(1)?.labels).not.toContain('complaint');
    expect(parseCommentMarker(lastBody(port, 1))?.data).toMatchObject({ from: 'complaint', to: 'question' });
    expect((await runCommand(deps, labelEvent(port, 1, 'resolved'))).command).toBe('resolve');
    expect(port.issues.get(1)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    addMention(port, 2, 'reddit');
    await runCommand(deps, labelEvent(port, 2, 'dismissed'));
    expect(port.issues.get(2)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
  });

  it('labels from people without write access are refused and removed', async () => {
    const deps = makeDeps(port);
    const r = await runCommand(deps, labelEvent(port, 1, 'resolved', { login: 'bob', type: 'User' }));
    expect(r.outcome).toBe('refused');
    expect(port.issues.get(1)?.labels).not.toContain('resolved');
    expect(port.issues.get(1)?.state).toBe('open');
  });

  it('other labels, removals and the bot’s own labels are ignored', async () => {
    const deps = makeDeps(port);
    expect((await runCommand(deps, labelEvent(port, 1, 'priority:low'))).outcome).toBe('ignored');
    expect(
      (await runCommand(deps, { ...labelEvent(port, 1, 'resolved'), action: 'unlabeled' } as never)).outcome,
    ).toBe('ignored');
    expect(
      (await runCommand(deps, labelEvent(port, 1, 'resolved', { login: 'github-actions[bot]', type: 'Bot' })))
        .outcome,
    ).toBe('ignored');
    expect(port.issues.get(1)?.state).toBe('open');
  });

  it('closing a mention by hand posts the summary', async () => {
    const deps = makeDeps(port);
    const i = port.issues.get(1);
    if (!i) throw new Error('missing');
    i.state = 'closed';
    i.stateReason = 'not_planned';
    const r = await runCommand(deps, {
      kind: 'closed',
      issue: { ...i, labels: [...i.labels], assignees: [], isPullRequest: false },
      sender: { login: 'alice', type: 'User' },
    });
    expect(r.outcome).toBe('ok');
    expect(lastBody(port, 1)).toContain('Dismissed by @alice');
  });
});
