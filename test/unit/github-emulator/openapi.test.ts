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
