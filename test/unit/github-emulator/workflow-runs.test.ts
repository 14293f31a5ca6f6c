import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let emu: Emulator;
let octokit: Octokit;
let clock = Date.parse('2026-03-01T10:00:00Z');
const repo = { owner: 'acme', repo: 'mentions' };

beforeAll(async () => {
  emu = await startEmulator({
    now: () => new Date(clock),
    tokens: {
      'ro-token': { readOnly: true },
      'no-actions': { permissions: { actions: 'none' } },
      'issues-only': { permissions: { issues: 'read' } },
    },
    users: [{ login: 'rita', permission: 'read', token: 'rita-token' }],
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

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data: unknown; headers: Record<string, unknown> } };
    return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {} };
  }
  throw new Error('expected the request to fail');
}

describe('Get a workflow run', () => {
  it('answers a run created and moved through queued → in_progress → completed with the control API', async () => {
    const created = emu.setWorkflowRun({ id: 9001, name: 'Earshot scan', status: 'queued' });
    expect(created).toMatchObject({ repo: 'acme/mentions', id: 9001, status: 'queued', conclusion: null });
    const queued = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 9001 });
    expect(queued.status).toBe(200);
    expect(queued.data).toMatchObject({
      id: 9001,
      name: 'Earshot scan',
      run_attempt: 1,
      run_number: 1,
      status: 'queued',
      conclusion: null,
      created_at: '2026-03-01T10:00:00Z',
      updated_at: '2026-03-01T10:00:00Z',
      run_started_at: '2026-03-01T10:00:00Z',
      html_url: `${emu.url}/acme/mentions/actions/runs/9001`,
      url: `${emu.url}/repos/acme/mentions/actions/runs/9001`,
      head_branch: 'main',
      path: '.github/workflows/earshot.yml',
      previous_attempt_url: null,
    });
    expect(queued.data.head_sha).toBe(emu.state.branches.main);
    expect(queued.data.repository.full_name).toBe('acme/mentions');

    clock += 5_000;
    emu.setWorkflowRun({ id: 9001, status: 'in_progress' });
    clock += 60_000;
    emu.setWorkflowRun({ id: 9001, status: 'completed', conclusion: 'failure' });
    const done = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 9001 });
    expect(done.data).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      name: 'Earshot scan',
      created_at: '2026-03-01T10:00:00Z',
      updated_at: '2026-03-01T10:01:05Z',
      run_attempt: 1,
    });
  });

  it('models a re-run: run_attempt goes up, conclusion clears, run_started_at restarts', async () => {
    emu.setWorkflowRun({ id: 5, status: 'completed', conclusion: 'cancelled' });
    clock += 120_000;
    emu.setWorkflowRun({ id: 5, status: 'queued', runAttempt: 2 });
    const rerun = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 5 });
    expect(rerun.data).toMatchObject({ run_attempt: 2, status: 'queued', conclusion: null });
    expect(rerun.data.run_started_at).not.toBe(rerun.data.created_at);
    expect(rerun.data.previous_attempt_url).toBe(`${emu.url}/repos/acme/mentions/actions/runs/5/attempts/1`);
    emu.setWorkflowRun({ id: 5, status: 'completed' });
    expect((await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 5 })).data.conclusion).toBe(
      'success',
    );
  });

  it('refuses a conclusion on a run that has not completed, and unknown statuses', () => {
    expect(() => emu.setWorkflowRun({ id: 1, status: 'in_progress', conclusion: 'success' })).toThrow(
      /no conclusion/,
    );
    expect(() => emu.setWorkflowRun({ id: 1, status: 'done' as 'completed' })).toThrow();
    expect(emu.store.repo('acme', 'mentions').workflowRuns.size).toBe(0);
  });

  it('answers 404 for an unknown run, and runs live per repository until reset', async () => {
    expect((await failure(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 404 }))).status).toBe(404);
    emu.setWorkflowRun({ id: 77, repo: 'other/place', status: 'in_progress' });
    expect((await failure(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 77 }))).status).toBe(404);
    const there = await octokit.rest.actions.getWorkflowRun({ owner: 'other', repo: 'place', run_id: 77 });
    expect(there.data.status).toBe('in_progress');
    emu.reset();
    expect(
      (await failure(octokit.rest.actions.getWorkflowRun({ owner: 'other', repo: 'place', run_id: 77 })))
        .status,
    ).toBe(404);
  });
});

describe('the actions permission', () => {
  it('lets the default and read-only tokens read runs; actions: none gets 403 naming actions=read', async () => {
    emu.setWorkflowRun({ id: 3, status: 'completed', conclusion: 'success' });
    for (const token of ['test', 'ro-token', 'issues-only']) {
      const client = new Octokit({ auth: token, baseUrl: emu.url, log: quiet });
      expect((await client.rest.actions.getWorkflowRun({ ...repo, run_id: 3 })).status).toBe(200);
    }
    const denied = new Octokit({ auth: 'no-actions', baseUrl: emu.url, log: quiet });
    const res = await failure(denied.rest.actions.getWorkflowRun({ ...repo, run_id: 3 }));
    expect(res.status).toBe(403);
    expect(res.data).toMatchObject({ message: 'Resource not accessible by integration' });
    expect(res.headers['x-accepted-github-permissions']).toBe('actions=read');
    // Other scopes are untouched by actions: none.
    expect((await denied.rest.issues.listForRepo(repo)).status).toBe(200);
  });

  it('lets anyone with read access read a run (404 for strangers on a private repository)', async () => {
    emu.setWorkflowRun({ id: 4 });
    const rita = new Octokit({ auth: 'rita-token', baseUrl: emu.url, log: quiet });
    expect((await rita.rest.actions.getWorkflowRun({ ...repo, run_id: 4 })).status).toBe(200);
    emu.users([{ login: 'stranger', token: 'stranger-token' }]);
    const stranger = new Octokit({ auth: 'stranger-token', baseUrl: emu.url, log: quiet });
    expect((await stranger.rest.actions.getWorkflowRun({ ...repo, run_id: 4 })).status).toBe(200);
    emu.seed({ private: true });
    expect((await failure(stranger.rest.actions.getWorkflowRun({ ...repo, run_id: 4 }))).status).toBe(404);
    expect((await rita.rest.actions.getWorkflowRun({ ...repo, run_id: 4 })).status).toBe(200);
  });
});

describe('workflow runs over the control API', () => {
  it('POST /_emulator/workflow-runs creates and changes runs; bad specs answer 400', async () => {
    const post = (body: unknown) =>
      fetch(`${emu.url}/_emulator/workflow-runs`, { method: 'POST', body: JSON.stringify(body) });
    const made = await post({
      id: 12,
      status: 'in_progress',
      runAttempt: 3,
      actor: 'rita',
      event: 'schedule',
    });
    expect(made.status).toBe(200);
    expect(await made.json()).toMatchObject({ id: 12, status: 'in_progress', run_attempt: 3, actor: 'rita' });
    await post({ id: 12, status: 'completed', conclusion: 'timed_out' });
    const run = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 12 });
    expect(run.data).toMatchObject({
      status: 'completed',
      conclusion: 'timed_out',
      run_attempt: 3,
      event: 'schedule',
      actor: { login: 'rita' },
    });
    expect((await post({ id: 13, status: 'queued', conclusion: 'success' })).status).toBe(400);
    expect((await post({ id: 'x' })).status).toBe(400);
    expect((await post({ id: 14, conclusion: 'great' })).status).toBe(400);

    const token = await fetch(`${emu.url}/_emulator/tokens`, {
      method: 'POST',
      body: JSON.stringify({ token: 'scoped', permissions: { actions: 'none' } }),
    });
    expect(token.status).toBe(200);
    const scoped = new Octokit({ auth: 'scoped', baseUrl: emu.url, log: quiet });
    expect((await failure(scoped.rest.actions.getWorkflowRun({ ...repo, run_id: 12 }))).status).toBe(403);
  });
});
