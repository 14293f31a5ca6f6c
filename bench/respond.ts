/**
 * Respond figures, against the GitHub emulator (throttling off) and the local reply servers,
 * counting API calls per command, not only seconds:
 * each command a comment event carrying the comment's author_association as the emulator renders it:
 *  respond.callsPerDraft / writesPerDraft      API calls (all / writes) of a /draft by a teammate with
 *                                              write access (association COLLABORATOR: proves nothing,
 *                                              so the permission is asked): the permission, the draft
 *                                              comment, the label status:drafted. No reaction: the
 *                                              draft comment is the acknowledgement
 *  respond.callsPerApprove                     the same teammate's /approve: the permission, the
 *                                              comments read (the draft), the approval comment, the
 *                                              label status:approved
 *  respond.callsPerReply                       the same teammate's /reply publishing on Mastodon: the
 *                                              permission, the comments read, the "Replied" comment,
 *                                              the label status:replied, and status:approved and
 *                                              status:drafted removed in one GraphQL mutation
 *                                              (removeLabelsFromLabelable, by the node ids the event
 *                                              carries; the bench reads the issue as the event
 *                                              would carry it, outside the count)
 *  respond.callsPer{Draft,Approve,Reply}ByOwner  the same three by the repository's owner (association
 *                                              OWNER proves write access: no permission call)
 *  respond.callsPerRefusal                     a first command from a person with read access (MEMBER
 *                                              or not, the permission is asked): the permission, the
 *                                              comments read (refused before?), the refusal comment
 *  respond.commandsPerSecond                   /draft on 200 mentions, one after the other
 */
import { createHttpClient } from '../src/http/client.js';
import { silentLogger } from '../src/logger.js';
import { createOctokit } from '../src/record/github/client.js';
import { GitHubRespondRecord } from '../src/record/github/respond.js';
import type { RespondDeps, RespondEvent } from '../src/respond/types.js';
import { runCommand } from '../src/respond.js';
import { startEmulator } from '../test/github-emulator/index.js';
import { ENV, makeConfig, markerFor, mentionBody } from '../test/unit/respond/helpers.js';
import { startReplyServers } from '../test/unit/respond/reply-servers.js';

export async function benchRespond(): Promise<Record<string, number>> {
  const emulator = await startEmulator({
    repo: 'acme/mentions',
    users: [
      { login: 'alice', permission: 'write' },
      { login: 'bob', permission: 'read' },
      { login: 'acme', permission: 'admin' }, // the owner (author_association OWNER)
    ],
  });
  const servers = await startReplyServers();
  try {
    const marker = markerFor('mastodon');
    const n = 200;
    emulator.seed({
      issues: Array.from({ length: n + 2 }, () => ({
        title: '[complaint] mention',
        body: mentionBody(marker),
        labels: ['earshot', 'complaint'],
        user: 'github-actions[bot]',
      })),
    });
    const octokit = createOctokit({
      token: 't',
      baseUrl: emulator.url,
      logger: silentLogger,
      throttle: false,
    });
    const port = new GitHubRespondRecord({ octokit, owner: 'acme', repo: 'mentions' });
    const deps: RespondDeps = {
      config: makeConfig('', servers.url),
      port,
      http: createHttpClient(),
      env: ENV,
      now: () => new Date(),
      logger: silentLogger,
      root: process.cwd(),
    };
    const command = async (issue: number, login: string, body: string) => {
      const made = emulator.person(login).comment(issue, body).body as {
        id: number;
        author_association: string;
      };
      const i = await port.getIssue(issue);
      if (!i) throw new Error('missing issue');
      const user = { login, type: 'User' };
      const event: RespondEvent = {
        kind: 'comment',
        action: 'created',
        issue: { ...i, isPullRequest: false },
        comment: { id: made.id, body, user, association: made.author_association },
        sender: user,
      };
      emulator.calls.reset();
      await runCommand(deps, event);
      return emulator.calls.snapshot();
    };
    const draft = await command(1, 'alice', '/draft');
    const approve = await command(1, 'alice', '/approve');
    const reply = await command(1, 'alice', '/reply');
    const refusal = await command(1, 'bob', '/resolve');
    const ownerDraft = await command(2, 'acme', '/draft');
    const ownerApprove = await command(2, 'acme', '/approve');
    const ownerReply = await command(2, 'acme', '/reply');
    const started = performance.now();
    for (let i = 3; i <= n + 2; i++) await command(i, 'alice', '/draft');
    const seconds = (performance.now() - started) / 1000;
    const calls = (s: { byMethod: Record<string, number> }) =>
      Object.values(s.byMethod).reduce((a, b) => a + b, 0);
    return {
      'respond.callsPerDraft': calls(draft),
      'respond.writesPerDraft': draft.writes,
      'respond.callsPerApprove': calls(approve),
      'respond.callsPerReply': calls(reply),
      'respond.callsPerDraftByOwner': calls(ownerDraft),
      'respond.callsPerApproveByOwner': calls(ownerApprove),
      'respond.callsPerReplyByOwner': calls(ownerReply),
      'respond.callsPerRefusal': calls(refusal),
      'respond.commandsPerSecond': Math.round(n / seconds),
    };
  } finally {
    await servers.close();
    await emulator.close();
  }
}
