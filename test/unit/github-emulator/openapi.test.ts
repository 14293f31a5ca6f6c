import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DispatchEnv, dispatch, resolve } from '../../github-emulator/dispatch.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';
import {
  findOperation,
  toJsonSchema,
  validateComponent,
  validateRequestBody,
  validateResponseBody,
} from '../../github-emulator/openapi.js';
import { Renderer } from '../../github-emulator/render.js';
import { Router } from '../../github-emulator/router.js';
import { buildRouter } from '../../github-emulator/routes/index.js';
import { Store } from '../../github-emulator/store.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('OpenAPI 3.0 → JSON Schema', () => {
  it('turns nullable into a null type (and enum member), oneOf into anyOf and rewrites component refs', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(toJsonSchema({ $ref: '#/components/schemas/user', nullable: true })).toEqual({
      anyOf: [
        { type: 'null' },
        { $ref: 'https://earshot.invalid/api.github.com.json#/components/schemas/user' },
      ],
    });
    expect(
      toJsonSchema({ properties: { x: { oneOf: [{ type: 'string' }], example: 'e', 'x-github': {} } } }),
    ).toEqual({ properties: { x: { anyOf: [{ type: 'string' }] } } });
  });
});

describe('validators', () => {
  const renderer = new Renderer('http://127.0.0.1:1', 'http://127.0.0.1:1');
  const store = new Store({
    now: () => new Date('2026-01-02T03:04:05.678Z'),
    defaultPrivate: false,
    defaultBranch: 'main',
  });
  const repo = store.repo('acme', 'mentions');
  const issue = repo.createIssue(
    { title: 'Hello', labels: ['earshot'] },
    store.account('github-actions[bot]'),
  );
  const create = findOperation('POST', '/repos/{owner}/{repo}/issues');
  if (!create) throw new Error('issues/create missing from the description');

  it('accepts what the renderer produces', () => {
    const body = renderer.issue(repo, issue);
    expect(body.created_at).toBe('2026-01-02T03:04:05Z');
    expect(validateResponseBody(create, 201, body)).toEqual({ undocumented: false, errors: [] });
    expect(
      validateComponent('label', renderer.label(repo, issue.labels[0] ?? repo.ensureLabel('x'))),
    ).toEqual([]);
  });

  it('catches hand-made bad bodies', () => {
    const { node_id: _dropped, ...missing } = renderer.issue(repo, issue);
    expect(validateResponseBody(create, 201, missing).errors[0]?.message).toMatch(/node_id/);
    const wrongType = { ...renderer.issue(repo, issue), number: '1' };
    expect(validateResponseBody(create, 201, wrongType).errors).toEqual([
      expect.objectContaining({ path: '/number', message: expect.stringMatching(/integer/) }),
    ]);
    expect(validateComponent('label', { id: 1, name: 'x' }).length).toBeGreaterThan(0);
    expect(validateResponseBody(create, 299, {})).toEqual({ undocumented: true, errors: [] });
  });

  it('checks request bodies (labels must be an array, title required)', () => {
    expect(validateRequestBody(create, { title: 't', labels: ['a', { name: 'b' }] })).toEqual([]);
    expect(validateRequestBody(create, { title: 't', labels: 5 })).toEqual([
      expect.objectContaining({ path: '/labels' }),
    ]);
    expect(validateRequestBody(create, { body: 'no title' })[0]?.message).toMatch(/title/);
    expect(validateRequestBody(create, undefined)[0]?.message).toMatch(/required/);
  });
});

describe('validation in the server', () => {
  let emu: Emulator;
  let octokit: Octokit;
  const repo = { owner: 'acme', repo: 'mentions' };

  beforeAll(async () => {
    emu = await startEmulator();
    octokit = new Octokit({ auth: 'test', baseUrl: emu.url, log: quiet });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('records a malformed request as a violation and answers 422 like GitHub', async () => {
    const bad = { ...repo, title: 't', labels: 5 } as unknown as Parameters<
      typeof octokit.rest.issues.create
    >[0];
    const res = await octokit.rest.issues.create(bad).catch((e: { status: number; message: string }) => e);
    expect(res.status).toBe(422);
    expect(emu.violations).toEqual([
      expect.objectContaining({
        kind: 'request-body',
        route: 'POST /repos/{owner}/{repo}/issues',
        operationId: 'issues/create',
      }),
    ]);
    expect(emu.violations[0]?.errors[0]?.path).toBe('/labels');
    expect(emu.state.issues).toEqual([]);
    emu.violations.length = 0;

    const query = await fetch(`${emu.url}/repos/acme/mentions/issues?state=bogus`, {
      headers: { authorization: 'token t' },
    });
    expect(query.status).toBe(422);
    expect(emu.violations.map((v) => v.kind)).toEqual(['request-query']);
    emu.violations.length = 0;

    const unknown = await fetch(`${emu.url}/repos/acme/mentions/pulls`, {
      headers: { authorization: 'token t' },
    });
    expect(unknown.status).toBe(404);
    expect(emu.violations.map((v) => v.kind)).toEqual(['unemulated']);
    emu.violations.length = 0;
  });
});

describe('coverage', () => {
  it('maps every emulated route to an operation of the description', () => {
    const missing = buildRouter()
      .routes.filter((r) => !findOperation(r.method, r.template))
      .map((r) => `${r.method} ${r.template}`);
    expect(missing).toEqual([]);
  });

  it('answers every emulated route in the documented shape', async () => {
    const emu = await startEmulator({
      users: [
        { login: 'alice', permission: 'admin' },
        { login: 'bob', permission: 'write' },
      ],
    });
    try {
      const alice = emu.person('alice');
      const bot = emu.person('github-actions[bot]');
      const R = '/repos/acme/mentions';
      const statuses: string[] = [];
      const routes = new Set<string>();
      const call = (who: typeof alice, method: string, path: string, body?: unknown) => {
        const res = who.request(method, path, body);
        statuses.push(`${res.status} ${method} ${path.split('?')[0]}`);
        if (res.route) routes.add(res.route);
        return res.body as Record<string, unknown>;
      };
      call(alice, 'POST', `${R}/milestones`, {
        title: 'M',
        due_on: '2026-02-01T00:00:00Z',
        description: 'd',
      });
      call(alice, 'POST', `${R}/issues`, {
        title: 'T',
        body: 'b',
        labels: ['x'],
        assignees: ['bob'],
        milestone: 1,
      });
      call(bot, 'POST', `${R}/issues`, { title: 'by bot', labels: ['x'], assignees: ['bob'] });
      call(alice, 'PATCH', `${R}/issues/1`, { assignees: ['alice'], milestone: null, state: 'closed' });
      call(bot, 'PATCH', `${R}/issues/1`, { state: 'open', title: 'T2', milestone: 1 });
      const comment = call(alice, 'POST', `${R}/issues/1/comments`, { body: 'hello' });
      call(bot, 'POST', `${R}/issues/comments/${comment.id}/reactions`, { content: 'eyes' });
      const rocket = call(alice, 'POST', `${R}/issues/1/reactions`, { content: 'rocket' });
      call(alice, 'PATCH', `${R}/issues/comments/${comment.id}`, { body: 'edited' });
      for (const path of [
        `${R}`,
        `${R}/issues?state=all&sort=updated&direction=asc&labels=x&milestone=*&assignee=*`,
        `${R}/issues/1`,
        `${R}/issues/1/events`,
        `${R}/issues/1/timeline`,
        `${R}/issues/1/labels`,
        `${R}/issues/1/reactions`,
        `${R}/issues/1/comments`,
        `${R}/issues/comments?sort=updated&direction=desc`,
        `${R}/issues/comments/${comment.id}`,
        `${R}/issues/comments/${comment.id}/reactions`,
        `${R}/issues/events`,
        `${R}/labels`,
        `${R}/labels/x`,
        `${R}/milestones?state=all&sort=completeness`,
        `${R}/milestones/1`,
        `${R}/assignees`,
        `${R}/collaborators/bob/permission`,
        `${R}/git/ref/heads/main`,
        `${R}/branches/main`,
        '/rate_limit',
      ]) {
        call(alice, 'GET', path);
      }
      const events = call(alice, 'GET', `${R}/issues/events`) as unknown as { id: number }[];
      call(alice, 'GET', `${R}/issues/events/${events[0]?.id}`);
      call(alice, 'PUT', `${R}/issues/1/labels`, { labels: ['y', 'z'] });
      call(alice, 'POST', `${R}/issues/1/labels`, { labels: ['w'] });
      call(alice, 'DELETE', `${R}/issues/1/labels/w`);
      call(alice, 'DELETE', `${R}/issues/1/labels`);
      call(alice, 'POST', `${R}/issues/1/assignees`, { assignees: ['bob'] });
      call(alice, 'DELETE', `${R}/issues/1/assignees`, { assignees: ['bob'] });
      call(alice, 'POST', `${R}/labels`, { name: 'new', color: 'abcdef', description: 'd' });
      call(alice, 'PATCH', `${R}/labels/new`, { new_name: 'newer', description: '' });
      call(alice, 'DELETE', `${R}/labels/newer`);
      call(alice, 'PATCH', `${R}/milestones/1`, { state: 'closed', title: 'M!' });
      call(alice, 'GET', `${R}/assignees/bob`);
      call(alice, 'GET', `${R}/collaborators/bob`);
      const put = call(alice, 'PUT', `${R}/contents/a/b/c.txt`, {
        message: 'm',
        content: Buffer.from('hi').toString('base64'),
      });
      call(alice, 'GET', `${R}/contents/a?ref=main`);
      call(alice, 'GET', `${R}/contents/a/b/c.txt`);
      const sha = (put.content as { sha: string }).sha;
      call(alice, 'GET', `${R}/git/blobs/${sha}`);
      const blob = call(alice, 'POST', `${R}/git/blobs`, { content: 'aGk=', encoding: 'base64' });
      expect(blob.sha).toBe(sha);
      emu.setWorkflowRun({ id: 7, status: 'completed', conclusion: 'failure' });
      emu.setWorkflowRun({ id: 8, status: 'in_progress', runAttempt: 2 });
      call(alice, 'GET', `${R}/actions/runs/7`);
      call(bot, 'GET', `${R}/actions/runs/8?exclude_pull_requests=true`);
      call(alice, 'DELETE', `${R}/contents/a/b/c.txt`, { message: 'rm', sha });
      const head = (put.commit as { sha: string }).sha;
      call(alice, 'POST', `${R}/git/refs`, { ref: 'refs/heads/feature/x', sha: head });
      call(alice, 'GET', `${R}/branches/feature/x`);
      call(alice, 'PATCH', `${R}/git/refs/heads/feature/x`, { sha: head });
      call(alice, 'DELETE', `${R}/git/refs/heads/feature/x`);
      call(alice, 'DELETE', `${R}/issues/comments/${comment.id}/reactions/${(comment.id as number) + 1}`);
      call(alice, 'DELETE', `${R}/issues/comments/${comment.id}`);
      call(alice, 'DELETE', `${R}/milestones/1`);
      call(alice, 'DELETE', `${R}/issues/1/reactions/${rocket.id}`);
      const all = buildRouter().routes.map((r) => `${r.method} ${r.template}`);
      expect(all.filter((r) => !routes.has(r))).toEqual([]);
      expect(statuses.filter((s) => !/^20[0-4] /.test(s))).toEqual([]);
      expect(emu.violations).toEqual([]);
      expect(emu.calls.total).toBe(0); // acting as a person is not an API call
    } finally {
      await emu.close();
    }
  });
});

describe('a broken response', () => {
  function env(strict: boolean): DispatchEnv {
    const store = new Store({ now: () => new Date(), defaultPrivate: false, defaultBranch: 'main' });
    const router = new Router().add({
      method: 'GET',
      template: '/repos/{owner}/{repo}/labels/{name}',
      access: { scope: 'issues', level: 'read' },
      handle: (ctx) => ({ status: 200, body: { name: ctx.params.name, color: 7 } }),
    });
    return {
      store,
      render: new Renderer('http://x.test', 'http://x.test'),
      router,
      validate: true,
      strict,
      violations: [],
    };
  }
  const input = (e: DispatchEnv) => ({
    method: 'GET',
    path: '/repos/acme/mentions/labels/bug',
    query: new URLSearchParams(),
    body: undefined,
    actor: e.store.account('github-actions[bot]'),
  });

  it('fails loudly: recorded, and answered with a 500 naming the problem when strict', () => {
    const strict = env(true);
    const result = dispatch(strict, input(strict), resolve(strict, 'GET', '/repos/acme/mentions/labels/bug'));
    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).toMatch(/violates the OpenAPI description/);
    expect(strict.violations).toEqual([
      expect.objectContaining({ kind: 'response', status: 200, operationId: 'issues/get-label' }),
    ]);
  });

  it('is recorded but passed through when not strict', () => {
    const lax = env(false);
    const result = dispatch(lax, input(lax), resolve(lax, 'GET', '/repos/acme/mentions/labels/bug'));
    expect(result.status).toBe(200);
    expect(lax.violations).toHaveLength(1);
  });
});
