import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let emu: Emulator;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'mentions' };

beforeAll(async () => {
  emu = await startEmulator({
    users: [
      { login: 'alice', permission: 'write', token: 'alice-token' },
      { login: 'trish', permission: 'triage' },
      { login: 'ghost', exists: false },
    ],
    tokens: { 'ro-token': { readOnly: true } },
  });
  octokit = new Octokit({ auth: 'test', baseUrl: emu.url, log: quiet });
});

afterEach(() => {
  expect(emu.violations).toEqual([]);
  emu.reset();
});

afterAll(async () => {
  await emu.close();
});

async function status(
  promise: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> {
  try {
    await promise;
    return { status: 200, data: undefined, headers: {} };
  } catch (error) {
    const e = error as { status: number; response?: { data: unknown; headers: Record<string, unknown> } };
    return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {} };
  }
}

describe('issues', () => {
  it('creates an issue with labels, milestone and assignee in one call, auto-creating labels', async () => {
    const milestone = await octokit.rest.issues.createMilestone({
      ...repo,
      title: '2026-W47',
      due_on: '2026-11-22T23:59:59Z',
    });
    const { data, status: code } = await octokit.rest.issues.create({
      ...repo,
      title: '[complaint] bob on hn: slow',
      body: 'quoted',
      labels: ['earshot', 'complaint'],
      milestone: milestone.data.number,
      assignees: ['alice'],
    });
    expect(code).toBe(201);
    expect(data.number).toBe(1);
    expect(data.user?.login).toBe('github-actions[bot]');
    expect(data.user?.type).toBe('Bot');
    expect(data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['earshot', 'complaint']);
    expect(data.milestone?.title).toBe('2026-W47');
    expect(data.milestone?.open_issues).toBe(1);
    expect(data.assignees?.map((a) => a.login)).toEqual(['alice']);
    expect(data.html_url).toBe(`${emu.url}/acme/mentions/issues/1`);
    expect(data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const labels = await octokit.rest.issues.listLabelsForRepo(repo);
    expect(labels.data.map((l) => [l.name, l.color])).toEqual([
      ['earshot', 'ededed'],
      ['complaint', 'ededed'],
    ]);
  });

  it('rejects assignees who cannot be assigned with 422, and creates nothing', async () => {
    const res = await status(octokit.rest.issues.create({ ...repo, title: 't', assignees: ['nobody-here'] }));
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'nobody-here' }],
    });
    expect(emu.state.issues).toHaveLength(0);
  });

  it('updates title, labels, milestone and state, keeping milestone counts and recording events', async () => {
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: 'M1' });
    await octokit.rest.issues.create({ ...repo, title: 'first', labels: ['a'], milestone: m.data.number });
    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: 1,
      title: 'renamed',
      labels: ['b'],
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.state_reason).toBe('not_planned');
    expect(closed.data.closed_at).not.toBeNull();
    expect(closed.data.closed_by?.login).toBe('github-actions[bot]');
    let milestone = await octokit.rest.issues.getMilestone({ ...repo, milestone_number: m.data.number });
    expect([milestone.data.open_issues, milestone.data.closed_issues]).toEqual([0, 1]);
    await octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'open', milestone: null });
    milestone = await octokit.rest.issues.getMilestone({ ...repo, milestone_number: m.data.number });
    expect([milestone.data.open_issues, milestone.data.closed_issues]).toEqual([0, 0]);
    const events = await octokit.rest.issues.listEvents({ ...repo, issue_number: 1 });
    expect(events.data.map((e) => e.event)).toEqual([
      'labeled',
      'milestoned',
      'renamed',
      'unlabeled',
      'labeled',
      'closed',
      'demilestoned',
      'reopened',
    ]);
    const issue = await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(issue.data.state_reason).toBe('reopened');
    const repoEvents = await octokit.rest.issues.listEventsForRepo(repo);
    expect(repoEvents.data[0]?.event).toBe('reopened');
    expect(repoEvents.data[0]?.issue?.number).toBe(1);
  });

  it('adds and removes labels and assignees on an issue', async () => {
    await octokit.rest.issues.create({ ...repo, title: 't' });
    const added = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: 1,
      labels: ['status:drafted', 'x'],
    });
    expect(added.data.map((l) => l.name)).toEqual(['status:drafted', 'x']);
    const removed = await octokit.rest.issues.removeLabel({
      ...repo,
      issue_number: 1,
      name: 'status:drafted',
    });
    expect(removed.data.map((l) => l.name)).toEqual(['x']);
    expect(
      (await status(octokit.rest.issues.removeLabel({ ...repo, issue_number: 1, name: 'nope' }))).status,
    ).toBe(404);
    const assigned = await octokit.rest.issues.addAssignees({
      ...repo,
      issue_number: 1,
      assignees: ['alice', 'stranger'],
    });
    expect(assigned.status).toBe(201);
    expect(assigned.data.assignees?.map((a) => a.login)).toEqual(['alice']);
    await octokit.rest.issues.removeAllLabels({ ...repo, issue_number: 1 });
    expect(emu.state.issues[0]?.labels).toEqual([]);
  });

  it('paginates with GitHub-style Link headers and filters by labels, state and since', async () => {
    const issues = Array.from({ length: 250 }, (_, i) => ({
      title: `issue ${i + 1}`,
      labels: i % 2 === 0 ? ['earshot', 'complaint'] : ['earshot'],
      state: i % 5 === 0 ? ('closed' as const) : ('open' as const),
      created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }));
    emu.seed({ issues });
    const page1 = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', per_page: 100 });
    expect(page1.data).toHaveLength(100);
    expect(page1.data[0]?.number).toBe(250);
    const link1 = page1.headers.link ?? '';
    expect(link1).toContain('page=2>; rel="next"');
    expect(link1).toContain('page=3>; rel="last"');
    expect(link1).not.toContain('rel="prev"');
    const page2 = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', per_page: 100, page: 2 });
    expect(page2.headers.link).toMatch(
      /page=1>; rel="prev", <[^>]+page=3>; rel="next", <[^>]+page=3>; rel="last", <[^>]+page=1>; rel="first"/,
    );
    const page3 = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', per_page: 100, page: 3 });
    expect(page3.data).toHaveLength(50);
    expect(page3.headers.link).not.toContain('rel="next"');

    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'all',
      per_page: 100,
      direction: 'asc',
    });
    expect(all.map((i) => i.number)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 100 });
    expect(open).toHaveLength(200);
    const both = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'all',
      labels: 'earshot,complaint',
      per_page: 100,
    });
    expect(both).toHaveLength(125);
    const recent = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'all',
      since: new Date(Date.UTC(2026, 0, 1) + 240 * 60_000).toISOString(),
    });
    expect(recent.map((i) => i.number).sort((a, b) => a - b)).toEqual([
      241, 242, 243, 244, 245, 246, 247, 248, 249, 250,
    ]);
  });
});

describe('labels and milestones', () => {
  it('answers 422 already_exists for a duplicate label name in any case', async () => {
    await octokit.rest.issues.createLabel({
      ...repo,
      name: 'Earshot',
      color: '0e8a16',
      description: 'index',
    });
    const res = await status(octokit.rest.issues.createLabel({ ...repo, name: 'earshot', color: 'ffffff' }));
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
    });
    const got = await octokit.rest.issues.getLabel({ ...repo, name: 'EARSHOT' });
    expect(got.data).toMatchObject({ name: 'Earshot', color: '0e8a16', description: 'index' });
    const updated = await octokit.rest.issues.updateLabel({
      ...repo,
      name: 'earshot',
      new_name: 'earshot',
      color: '000000',
    });
    expect(updated.data.color).toBe('000000');
    expect((await status(octokit.rest.issues.getLabel({ ...repo, name: 'missing' }))).status).toBe(404);
  });

  it('creates milestones, rejects duplicate titles and lists by state', async () => {
    await octokit.rest.issues.createMilestone({ ...repo, title: '2026-W02', due_on: '2026-01-11T23:59:59Z' });
    await octokit.rest.issues.createMilestone({ ...repo, title: '2026-W01', due_on: '2026-01-04T23:59:59Z' });
    const dup = await status(octokit.rest.issues.createMilestone({ ...repo, title: '2026-w01' }));
    expect(dup.status).toBe(422);
    await octokit.rest.issues.updateMilestone({ ...repo, milestone_number: 1, state: 'closed' });
    const open = await octokit.rest.issues.listMilestones(repo);
    expect(open.data.map((m) => m.title)).toEqual(['2026-W01']);
    const all = await octokit.rest.issues.listMilestones({ ...repo, state: 'all' });
    expect(all.data.map((m) => m.title)).toEqual(['2026-W01', '2026-W02']);
    expect(all.data[0]?.due_on).toBe('2026-01-04T23:59:59Z');
  });
});

describe('comments and reactions', () => {
  it('creates, lists (since), edits and deletes comments; reactions answer 201 then 200', async () => {
    await octokit.rest.issues.create({ ...repo, title: 't' });
    const c = await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: '/draft' });
    expect(c.status).toBe(201);
    expect(c.data.html_url).toBe(`${emu.url}/acme/mentions/issues/1#issuecomment-${c.data.id}`);
    const list = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: 1,
      since: c.data.created_at,
    });
    expect(list.data.map((x) => x.body)).toEqual(['/draft']);
    const future = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: 1,
      since: '2999-01-01T00:00:00Z',
    });
    expect(future.data).toEqual([]);
    const first = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: c.data.id,
      content: 'eyes',
    });
    const again = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: c.data.id,
      content: 'eyes',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    const onIssue = await octokit.rest.reactions.createForIssue({ ...repo, issue_number: 1, content: '+1' });
    expect(onIssue.status).toBe(201);
    const edited = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: c.data.id,
      body: 'edited',
    });
    expect(edited.data.body).toBe('edited');
    const got = await octokit.rest.issues.getComment({ ...repo, comment_id: c.data.id });
    expect(got.data.reactions?.eyes).toBe(1);
    const issue = await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(issue.data.comments).toBe(1);
    expect(issue.data.reactions?.['+1']).toBe(1);
    const timeline = await octokit.rest.issues.listEventsForTimeline({ ...repo, issue_number: 1 });
    expect(timeline.data.map((e) => ('event' in e ? e.event : undefined))).toEqual(['commented']);
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: c.data.id });
    expect((await status(octokit.rest.issues.getComment({ ...repo, comment_id: c.data.id }))).status).toBe(
      404,
    );
  });

  it('lets tests act as people, whose edits show up as events by them', async () => {
    await octokit.rest.issues.create({ ...repo, title: 'by bot' });
    const alice = emu.person('alice');
    expect(alice.editIssue(1, { title: 'by alice' }).status).toBe(200);
    expect(alice.comment(1, '/resolve').status).toBe(201);
    expect(alice.addLabels(1, ['escalated']).status).toBe(200);
    const events = await octokit.rest.issues.listEvents({ ...repo, issue_number: 1 });
    expect(events.data.map((e) => [e.event, e.actor?.login])).toEqual([
      ['renamed', 'alice'],
      ['labeled', 'alice'],
    ]);
    const comments = await octokit.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(comments.data[0]?.user?.login).toBe('alice');
    expect(comments.data[0]?.author_association).toBe('COLLABORATOR');
  });
});

describe('repository, permissions and auth', () => {
  it('reports collaborator permissions like GitHub (maintain→write, triage→read, unknown→read on public)', async () => {
    const alice = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'alice' });
    expect(alice.data).toMatchObject({ permission: 'write', role_name: 'write' });
    expect(alice.data.user?.permissions).toMatchObject({ push: true, admin: false });
    const trish = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'trish' });
    expect(trish.data).toMatchObject({ permission: 'read', role_name: 'triage' });
    const stranger = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: 'stranger',
    });
    expect(stranger.data.permission).toBe('read');
    emu.seed({ private: true });
    const privateStranger = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: 'stranger',
    });
    expect(privateStranger.data.permission).toBe('none');
    const ghost = await status(
      octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'ghost' }),
    );
    expect(ghost.status).toBe(404);
    const info = await octokit.rest.repos.get(repo);
    expect(info.data).toMatchObject({ private: true, default_branch: 'main', full_name: 'acme/mentions' });
  });

  it('requires a token, and a read-only token gets 403 naming the missing permission', async () => {
    const anonymous = new Octokit({ baseUrl: emu.url, log: quiet });
    expect((await status(anonymous.rest.issues.listForRepo(repo))).status).toBe(401);
    const readOnly = new Octokit({ auth: 'ro-token', baseUrl: emu.url, log: quiet });
    expect((await readOnly.rest.issues.listForRepo(repo)).status).toBe(200);
    const denied = await status(readOnly.rest.issues.create({ ...repo, title: 't' }));
    expect(denied.status).toBe(403);
    expect(denied.data).toMatchObject({ message: 'Resource not accessible by integration' });
    expect(denied.headers['x-accepted-github-permissions']).toBe('issues=write');
    const contents = await status(
      readOnly.rest.repos.createOrUpdateFileContents({ ...repo, path: 'a', message: 'm', content: '' }),
    );
    expect(contents.headers['x-accepted-github-permissions']).toBe('contents=write');
    expect(emu.state.issues).toHaveLength(0);
  });

  it('people act with their role: a read-only person cannot create labels', async () => {
    emu.users([{ login: 'rita', permission: 'read', token: 'rita-token' }]);
    const rita = new Octokit({ auth: 'rita-token', baseUrl: emu.url, log: quiet });
    expect((await status(rita.rest.issues.createLabel({ ...repo, name: 'x' }))).status).toBe(403);
    const issue = await rita.rest.issues.create({ ...repo, title: 'from rita', labels: ['dropped'] });
    expect(issue.data.user?.login).toBe('rita');
    expect(issue.data.labels).toEqual([]);
  });

  it('sends rate-limit headers and answers /rate_limit', async () => {
    const res = await octokit.rest.issues.listForRepo(repo);
    expect(res.headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(5000);
    const limit = await octokit.rest.rateLimit.get();
    expect(limit.data.resources.core.limit).toBe(5000);
    expect(limit.data.rate.used).toBeGreaterThan(0);
  });
});

describe('contents and git refs', () => {
  it('creates a state branch and writes a file with compare-and-swap (409 on a stale sha)', async () => {
    const main = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    expect((await status(octokit.rest.git.getRef({ ...repo, ref: 'heads/earshot-state' }))).status).toBe(404);
    const created = await octokit.rest.git.createRef({
      ...repo,
      ref: 'refs/heads/earshot-state',
      sha: main.data.object.sha,
    });
    expect(created.status).toBe(201);
    const dupRef = await status(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/earshot-state', sha: main.data.object.sha }),
    );
    expect(dupRef.status).toBe(422);
    const path = 'shards/default.json';
    expect(
      (await status(octokit.rest.repos.getContent({ ...repo, path, ref: 'earshot-state' }))).status,
    ).toBe(404);
    const put = (content: string, sha?: string) =>
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path,
        branch: 'earshot-state',
        message: 'state',
        content: Buffer.from(content).toString('base64'),
        ...(sha ? { sha } : {}),
      });
    const v1 = await put('{"v":1}');
    expect(v1.status).toBe(201);
    const v1sha = v1.data.content?.sha ?? '';
    expect(v1sha).toMatch(/^[0-9a-f]{40}$/);
    const v2 = await put('{"v":2}', v1sha);
    expect(v2.status).toBe(200);
    const stale = await status(put('{"v":3}', v1sha));
    expect(stale.status).toBe(409);
    const missing = await status(put('{"v":3}'));
    expect(missing.status).toBe(422);
    expect(missing.data).toMatchObject({ message: expect.stringContaining(`"sha" wasn't supplied`) });
    expect(stale.data).toMatchObject({ message: `${path} does not match ${v1sha}` });
    const got = await octokit.rest.repos.getContent({ ...repo, path, ref: 'earshot-state' });
    const file = got.data as { content: string; sha: string; encoding: string };
    expect(file.encoding).toBe('base64');
    expect(Buffer.from(file.content, 'base64').toString()).toBe('{"v":2}');
    expect(file.sha).toBe(v2.data.content?.sha);
    expect((await status(octokit.rest.repos.getContent({ ...repo, path }))).status).toBe(404);
    const branch = await octokit.rest.repos.getBranch({ ...repo, branch: 'earshot-state' });
    expect(branch.data.commit.sha).toBe(v2.data.commit.sha);
    expect(emu.state.files['earshot-state']?.[path]?.content).toBe('{"v":2}');
    expect(emu.state.branches).toHaveProperty('main');
  });
});

describe('control API', () => {
  it('returns the state as JSON, seeds, resets and acts as a person over HTTP', async () => {
    const seeded = await fetch(`${emu.url}/_emulator/seed`, {
      method: 'POST',
      body: JSON.stringify({
        labels: [{ name: 'earshot', color: '0e8a16' }],
        milestones: [{ title: '2026-W01' }],
        issues: [
          {
            title: 'one',
            labels: ['earshot'],
            milestone: '2026-W01',
            comments: [{ body: 'c', user: 'carol' }],
          },
        ],
      }),
    });
    expect(seeded.status).toBe(201);
    const acted = await fetch(`${emu.url}/_emulator/as`, {
      method: 'POST',
      body: JSON.stringify({
        login: 'dave',
        permission: 'write',
        method: 'POST',
        path: '/repos/acme/mentions/issues/1/reactions',
        body: { content: 'heart' },
      }),
    });
    expect(((await acted.json()) as { status: number }).status).toBe(201);
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(
      [
        'branches',
        'comments',
        'default_branch',
        'events',
        'files',
        'issues',
        'labels',
        'milestones',
        'private',
        'reactions',
        'repo',
        'repos',
      ].sort(),
    );
    expect(state.issues).toEqual([
      expect.objectContaining({
        number: 1,
        title: 'one',
        state: 'open',
        labels: ['earshot'],
        milestone: '2026-W01',
        assignees: [],
        comments: 1,
      }),
    ]);
    expect(state.comments).toEqual([expect.objectContaining({ issue_number: 1, body: 'c', user: 'carol' })]);
    expect(state.reactions).toEqual([
      expect.objectContaining({ issue_number: 1, content: 'heart', user: 'dave' }),
    ]);
    expect(state.milestones).toEqual([expect.objectContaining({ title: '2026-W01', open_issues: 1 })]);
    const bad = await fetch(`${emu.url}/_emulator/seed`, {
      method: 'POST',
      body: JSON.stringify({ issues: [{}] }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
    expect(emu.state.issues).toEqual([]);
  });

  it('registers tokens with per-scope permissions over HTTP', async () => {
    const res = await fetch(`${emu.url}/_emulator/tokens`, {
      method: 'POST',
      body: JSON.stringify({ token: 'scoped', permissions: { contents: 'read' } }),
    });
    expect(res.status).toBe(200);
    const scoped = new Octokit({ auth: 'scoped', baseUrl: emu.url, log: quiet });
    expect((await scoped.rest.issues.create({ ...repo, title: 'allowed' })).status).toBe(201);
    const denied = await status(
      scoped.rest.repos.createOrUpdateFileContents({ ...repo, path: 'f', message: 'm', content: '' }),
    );
    expect(denied.status).toBe(403);
    expect(denied.headers['x-accepted-github-permissions']).toBe('contents=write');
    const bad = await fetch(`${emu.url}/_emulator/tokens`, {
      method: 'POST',
      body: JSON.stringify({ token: 'x', permissions: { issues: 'admin' } }),
    });
    expect(bad.status).toBe(400);
  });

  it('creates any owner/name repository on first use', async () => {
    await octokit.rest.issues.create({ owner: 'other', repo: 'place', title: 'elsewhere' });
    expect(emu.stateOf('other/place').issues.map((i) => i.title)).toEqual(['elsewhere']);
    expect(emu.state.issues).toEqual([]);
  });
});
