/**
 * Respond figures, against the GitHub emulator (throttling off) and the local reply servers,
 * counting API calls per command, not only seconds:
 *  respond.callsPerDraft / writesPerDraft      a /draft (reactions, permission, comments, draft, label)
 *  respond.callsPerApprove / callsPerReply     /approve, and /reply publishing on Mastodon
 *  respond.callsPerRefusal                     a command from a person without write access
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
    ],
  });
  const servers = await startReplyServers();
  try {
    const marker = markerFor('mastodon');
    const n = 200;
    emulator.seed({
      issues: Array.from({ length: n + 1 }, () => ({
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
      const made = emulator.person(login).comment(issue, body).body as { id: number };
      const i = await port.getIssue(issue);
      if (!i) throw new Error('missing issue');
      const user = { login, type: 'User' };
      const event: RespondEvent = {
        kind: 'comment',
        action: 'created',
        issue: { ...i, isPullRequest: false },
        comment: { id: made.id, body, user },
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
    const started = performance.now();
    for (let i = 2; i <= n + 1; i++) await command(i, 'alice', '/draft');
    const seconds = (performance.now() - started) / 1000;
    const calls = (s: { byMethod: Record<string, number> }) =>
      Object.values(s.byMethod).reduce((a, b) => a + b, 0);
    return {
      'respond.callsPerDraft': calls(draft),
      'respond.writesPerDraft': draft.writes,
      'respond.callsPerApprove': calls(approve),
      'respond.callsPerReply': calls(reply),
      'respond.callsPerRefusal': calls(refusal),
      'respond.commandsPerSecond': Math.round(n / seconds),
    };
  } finally {
    await servers.close();
    await emulator.close();
  }
}
