/**
 * The respond port's creates against the GitHub emulator: a comment (or a follow-up issue) whose
 * answer was lost is looked for before it is sent again, so it exists exactly once; a 4xx is final.
 * Each test counts the calls the emulator saw.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrackerError } from '../../../src/errors.js';
import { memoryLogger } from '../../../src/logger.js';
import { createOctokit } from '../../../src/record/github/client.js';
import { GitHubRespondRecord } from '../../../src/record/github/respond.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

const POST_COMMENT = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const LIST_COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const POST_ISSUE = 'POST /repos/{owner}/{repo}/issues';
const LIST_ISSUES = 'GET /repos/{owner}/{repo}/issues';
const BODY = '<!-- earshot:draft abc -->\nThanks for the report: we are on it.';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ repo: 'acme/mentions', users: [{ login: 'ada', permission: 'admin' }] });
});
afterAll(async () => emulator.close());
afterEach(() => {
  expect(emulator.violations).toEqual([]);
});
beforeEach(async () => {
  emulator.reset();
  await fetch(`${emulator.url}/_emulator/repos`, {
    method: 'POST',
    body: JSON.stringify({ repo: 'acme/followups', private: true }),
  });
  emulator.seed({ issues: [{ title: '[complaint] mention', labels: ['earshot'] }] });
  emulator.calls.reset();
});

function port(botLogin: string | undefined = 'github-actions[bot]') {
  const logger = memoryLogger();
  const octokit = createOctokit({
    token: 't',
    baseUrl: emulator.url,
    logger,
    throttle: false,
    retryAfterScale: 0.001,
  });
  const p = new GitHubRespondRecord({
    octokit,
    owner: 'acme',
    repo: 'mentions',
    logger,
    ...(botLogin ? { botLogin } : {}),
  });
  return { port: p, log: () => logger.lines.map((l) => l.message).join('\n') };
}

const bodies = () => emulator.state.comments.map((c) => c.body);

describe('the bot comment', () => {
  it('applied, then answered 502: found by one listing, not posted again', async () => {
    emulator.faults.add({ match: { route: POST_COMMENT }, nth: 1, effect: 'applyThenFail' });
    const { port: p, log } = port();
    const c = await p.comment(1, BODY);
    expect(bodies()).toEqual([BODY]);
    expect(c).toMatchObject({
      id: emulator.state.comments[0]?.id,
      body: BODY,
      user: { login: 'github-actions[bot]' },
    });
    expect(emulator.calls.count(POST_COMMENT)).toBe(1);
    expect(emulator.calls.count(LIST_COMMENTS)).toBe(1);
    expect(log()).toContain("commenting on #1: done although GitHub's answer was lost");
    expect(emulator.violations).toEqual([]);
  });

  it('not applied, answered 502: looked for, then sent again once', async () => {
    emulator.faults.add({ match: { route: POST_COMMENT }, nth: 1, effect: { type: 'status', status: 502 } });
    const { port: p } = port();
    await p.comment(1, BODY);
    expect(bodies()).toEqual([BODY]);
    expect(emulator.calls.log.map((c) => `${c.route} ${c.status}`)).toEqual([
      `${POST_COMMENT} 502`,
      `${LIST_COMMENTS} 200`,
      `${POST_COMMENT} 201`,
    ]);
  });

  it('a reset connection: looked for, then sent again once', async () => {
    emulator.faults.add({ match: { route: POST_COMMENT }, nth: 1, effect: 'crash' });
    await port().port.comment(1, BODY);
    expect(bodies()).toEqual([BODY]);
    expect(emulator.calls.count(POST_COMMENT)).toBe(2);
    expect(emulator.calls.count(LIST_COMMENTS)).toBe(1);
  });

  it('a person’s comment with the same body is not taken for the bot’s', async () => {
    emulator.person('ada').comment(1, BODY);
    emulator.calls.reset();
    emulator.faults.add({ match: { route: POST_COMMENT }, nth: 1, effect: { type: 'status', status: 503 } });
    const c = await port().port.comment(1, BODY);
    expect(c.user.login).toBe('github-actions[bot]');
    expect(emulator.state.comments.map((x) => x.user)).toEqual(['ada', 'github-actions[bot]']);
    expect(emulator.calls.count(POST_COMMENT)).toBe(2);
  });

  it('without a bot login, the same body posted since the first send is enough', async () => {
    emulator.faults.add({ match: { route: POST_COMMENT }, nth: 1, effect: 'applyThenFail' });
    await port(undefined).port.comment(1, BODY);
    expect(bodies()).toEqual([BODY]);
    expect(emulator.calls.count(POST_COMMENT)).toBe(1);
  });

  it('failing every time: 3 sends, each followed by a look, then a TrackerError', async () => {
    emulator.faults.add({ match: { route: POST_COMMENT }, effect: { type: 'status', status: 500 } });
    const error = await port()
      .port.comment(1, BODY)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerError);
    expect((error as TrackerError).status).toBe(500);
    expect(bodies()).toEqual([]);
    expect(emulator.calls.count(POST_COMMENT)).toBe(3);
    expect(emulator.calls.count(LIST_COMMENTS)).toBe(3);
  });

  it('a 4xx is not resent and not looked for', async () => {
    for (const status of [403, 404, 422]) {
      emulator.calls.reset();
      emulator.faults.set([{ match: { route: POST_COMMENT }, effect: { type: 'status', status } }]);
      const error = await port()
        .port.comment(1, BODY)
        .catch((e: unknown) => e);
      expect((error as TrackerError).status).toBe(status);
      expect(emulator.calls.total).toBe(1);
    }
    expect(bodies()).toEqual([]);
  });

  it('when the look itself fails, the comment is not sent again', async () => {
    emulator.faults.add({ match: { route: POST_COMMENT }, nth: 1, effect: 'applyThenFail' });
    emulator.faults.add({ match: { route: LIST_COMMENTS }, effect: { type: 'status', status: 404 } });
    const error = await port()
      .port.comment(1, BODY)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/answer was lost .* not sent again/);
    expect(bodies()).toEqual([BODY]);
    expect(emulator.calls.count(POST_COMMENT)).toBe(1);
  });
});

describe('the other creates of the port', () => {
  it('a reaction answered 502 is sent again by the client (a duplicate reaction is a 200 on GitHub)', async () => {
    emulator.faults.add({ match: { method: 'POST' }, nth: 1, effect: 'applyThenFail' });
    await port().port.react({ issue: 1 }, 'eyes');
    expect(emulator.calls.log.map((c) => c.status)).toEqual([502, 200]);
    expect(emulator.state.reactions.map((r) => r.content)).toEqual(['eyes']);
  });

  it('labels and assignees answered 502 are sent again (adding twice leaves one)', async () => {
    emulator.faults.add({ match: { method: 'POST' }, nth: [1, 3], effect: 'applyThenFail' });
    const { port: p } = port();
    await p.addLabels(1, ['status:drafted']);
    expect(await p.addAssignees(1, ['ada'])).toEqual(['ada']);
    expect(emulator.calls.log.map((c) => `${c.method} ${c.status}`)).toEqual([
      'POST 502',
      'POST 200',
      'POST 502',
      'POST 201',
    ]);
    expect(emulator.state.issues[0]).toMatchObject({
      labels: ['earshot', 'status:drafted'],
      assignees: ['ada'],
    });
  });

  it('the follow-up record, applied then answered 502, exists once', async () => {
    emulator.faults.add({ match: { route: POST_ISSUE }, nth: 1, effect: 'applyThenFail' });
    const made = await port().port.createIssueIn?.('acme/followups', {
      title: 'Follow-up: #1',
      body: 'note',
    });
    expect(made?.number).toBe(1);
    expect(emulator.stateOf('acme/followups').issues.map((i) => i.title)).toEqual(['Follow-up: #1']);
    expect(emulator.calls.count(POST_ISSUE)).toBe(1);
    expect(emulator.calls.count(LIST_ISSUES)).toBe(1);
  });

  it('the follow-up record, answered 503 without being filed, is filed once', async () => {
    emulator.faults.add({ match: { route: POST_ISSUE }, nth: 1, effect: { type: 'status', status: 503 } });
    await port().port.createIssueIn?.('acme/followups', { title: 'Follow-up: #1', body: 'note' });
    expect(emulator.stateOf('acme/followups').issues).toHaveLength(1);
    expect(emulator.calls.count(POST_ISSUE)).toBe(2);
  });
});
