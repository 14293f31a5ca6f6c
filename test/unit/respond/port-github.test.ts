/** The GitHub respond port against the emulator: permissions, reactions, labels, and the private follow-up repository. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/logger.js';
import { createOctokit } from '../../../src/record/github/client.js';
import { GitHubRespondRecord } from '../../../src/record/github/respond.js';
import { runCommand } from '../../../src/respond.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';
import { makeConfig, makeDeps, markerFor, mentionBody } from './helpers.js';

describe('GitHubRespondRecord', () => {
  let emulator: Emulator;
  let port: GitHubRespondRecord;
  beforeAll(async () => {
    emulator = await startEmulator({
      repo: 'acme/mentions',
      users: [
        { login: 'ada', permission: 'admin' },
        { login: 'mai', permission: 'maintain' },
        { login: 'wes', permission: 'write' },
        { login: 'tri', permission: 'triage' },
        { login: 'rea', permission: 'read' },
        { login: 'ghost-user', exists: false },
      ],
    });
    for (const [repo, isPrivate] of [
      ['acme/followups', true],
      ['acme/open-notes', false],
    ] as const)
      await fetch(`${emulator.url}/_emulator/repos`, {
        method: 'POST',
        body: JSON.stringify({ repo, private: isPrivate }),
      });
    const marker = markerFor('mastodon');
    emulator.seed({
      issues: [
        {
          title: '[complaint] mention',
          body: mentionBody(marker),
          labels: ['earshot', 'complaint'],
          user: 'github-actions[bot]',
        },
      ],
    });
    const octokit = createOctokit({
      token: 't',
      baseUrl: emulator.url,
      logger: memoryLogger(),
      throttle: false,
    });
    port = new GitHubRespondRecord({ octokit, owner: 'acme', repo: 'mentions' });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('reads permissions from the collaborator-permission endpoint', async () => {
    const got = await Promise.all(
      ['ada', 'mai', 'wes', 'tri', 'rea', 'stranger', 'ghost-user'].map((l) => port.permission(l)),
    );
    expect(got).toEqual(['admin', 'maintain', 'write', 'triage', 'read', 'read', 'none']);
  });

  it('comments, reacts, labels, assigns, updates; a missing issue is undefined', async () => {
    const c = await port.comment(1, 'hello');
    expect(c.user).toEqual({ login: 'github-actions[bot]', type: 'Bot' });
    await port.react({ comment: c.id }, 'eyes');
    await port.addLabels(1, ['status:drafted']);
    await port.removeLabel(1, 'status:drafted');
    await port.removeLabel(1, 'not-there');
    expect(await port.addAssignees(1, ['wes', 'rea'])).toEqual(['wes']);
    await port.updateIssue(1, { title: '[question] mention', state: 'closed', stateReason: 'not_planned' });
    expect(await port.getIssue(1)).toMatchObject({
      title: '[question] mention',
      state: 'closed',
      stateReason: 'not_planned',
      assignees: ['wes'],
    });
    expect(await port.getIssue(99)).toBeUndefined();
    expect((await port.listComments(1)).map((x) => x.body)).toEqual(['hello']);
    expect(emulator.state.reactions.map((r) => r.content)).toEqual(['eyes']);
    await port.updateIssue(1, { state: 'open' });
    expect(emulator.violations).toEqual([]);
  });

  it('removes several labels in one GraphQL call by the node ids the event gave, and only those', async () => {
    const n = 1;
    await port.addLabels(n, ['status:drafted', 'status:approved']);
    const seen = await port.getIssue(n); // the issue as the event would carry it
    if (!seen?.nodeId || !seen.labelIds) throw new Error('node ids expected');
    // a person adds a label between the event and our call: it must stay
    emulator.as('wes', 'POST', '/repos/acme/mentions/issues/1/labels', { labels: ['vip'] });
    emulator.calls.reset();
    await port.removeLabels(n, ['status:approved', 'status:drafted'], {
      issue: seen.nodeId,
      labels: seen.labelIds,
    });
    expect(emulator.calls.snapshot().byRoute).toEqual({ 'POST /graphql': 1 });
    expect((await port.getIssue(n))?.labels.sort()).toEqual(['complaint', 'earshot', 'vip']);

    // without node ids, or with one that no longer resolves: one REST call a label, by name
    await port.addLabels(n, ['status:drafted', 'status:approved']);
    emulator.calls.reset();
    await port.removeLabels(n, ['status:approved', 'status:drafted']);
    expect(emulator.calls.snapshot().byRoute).toEqual({
      'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': 2,
    });
    await port.addLabels(n, ['status:drafted', 'status:approved']);
    emulator.calls.reset();
    await port.removeLabels(n, ['status:approved', 'status:drafted'], {
      issue: seen.nodeId,
      labels: { ...seen.labelIds, 'status:drafted': 'LA_gone' },
    });
    expect(emulator.calls.snapshot().byRoute).toEqual({
      'POST /graphql': 1,
      'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': 2,
    });
    expect((await port.getIssue(n))?.labels.sort()).toEqual(['complaint', 'earshot', 'vip']);
    await port.removeLabel(n, 'vip');
    expect(emulator.violations).toEqual([]);
  });

  it('knows which repositories are private', async () => {
    expect(await port.repo()).toMatchObject({ fullName: 'acme/mentions', private: false });
    expect(await port.repoInfo('acme/followups')).toMatchObject({ private: true });
    expect(await port.repoInfo('acme/open-notes')).toMatchObject({ private: false });
  });

  it('/followup files the note in the private follow-up repository and links both ways', async () => {
    const deps = makeDeps(port, { config: makeConfig('respond:\n  followupRepo: acme/followups\n') });
    const issue = await port.getIssue(1);
    if (!issue) throw new Error('missing');
    const user = { login: 'wes', type: 'User' };
    const c = emulator.person('wes').comment(1, '/followup called Mira on +1 555 0100; refund issued')
      .body as { id: number };
    const result = await runCommand(deps, {
      kind: 'comment',
      action: 'created',
      issue: { ...issue, isPullRequest: false },
      comment: { id: c.id, body: '/followup called Mira on +1 555 0100; refund issued', user },
      sender: user,
    });
    expect(result).toMatchObject({ outcome: 'ok', command: 'followup' });
    const record = emulator.stateOf('acme/followups').issues[0];
    expect(record?.title).toBe('Follow-up: acme/mentions#1');
    expect(record?.body).toContain('refund issued');
    expect(record?.body).toContain('/acme/mentions/issues/1');
    const mine = emulator.state.comments.at(-1)?.body ?? '';
    expect(mine).toContain('/acme/followups/issues/1');
    expect(mine).not.toContain('555');
    expect(emulator.state.issues[0]?.labels).toContain('status:followed-up');

    const open = makeDeps(port, { config: makeConfig('respond:\n  followupRepo: acme/open-notes\n') });
    const again = await runCommand(open, {
      kind: 'comment',
      action: 'created',
      issue: { ...issue, isPullRequest: false },
      comment: { id: c.id, body: '/followup secret', user },
      sender: user,
    });
    expect(again.outcome).toBe('failed');
    expect(emulator.stateOf('acme/open-notes').issues).toEqual([]);
    expect(emulator.violations).toEqual([]);
  });
});
