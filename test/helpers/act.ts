/**
 * Runs the bundled action (dist/index.js) as a runner would, on one event, against the GitHub
 * emulator: a scheduled scan, a command comment, a label, a close. `npm run act` (scripts/act.ts)
 * is its command line; the end-to-end tests use it too.
 *
 * With a workflow file, the inputs are that workflow's `with:` for the Earshot step and its `env:`
 * secrets are read from the environment of the same name, so the workflows `earshot init` writes run
 * here exactly as on GitHub. People act through the emulator's control API (`POST /_emulator/as`),
 * so a running emulator (`npm run emulator`) keeps the issues from one `act` to the next.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { payload } from '../unit/respond/payloads.js';
import { type ActionRun, runAction } from './run-action.js';

type Json = Record<string, unknown>;
export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface ActOptions {
  /** The emulator's URL (GITHUB_API_URL). */
  apiUrl: string;
  /** The repository checkout the action runs in (GITHUB_WORKSPACE). */
  workspace: string;
  repo?: string;
  /** A workflow file (relative to the workspace): its Earshot step's `with:` and `env:`. */
  workflow?: string;
  /** Action inputs, over the workflow's (config, mode, dry-run …). */
  inputs?: Record<string, string>;
  /** The event: a scheduled run unless a command, label or close is given. */
  event?: 'schedule' | 'workflow_dispatch';
  issue?: number;
  comment?: string;
  label?: string;
  close?: 'completed' | 'not_planned';
  /** Who comments, labels or closes, and their role in the repository (default alice, write). */
  as?: string;
  role?: Role;
  /** Where `${{ secrets.X }}` values come from (default: process.env). */
  secrets?: Readonly<Record<string, string | undefined>>;
}

export interface ActResult extends ActionRun {
  /** The event the action ran on. */
  eventName: string;
  /** The variables set for the action (the token shown as ***), to run it by hand. */
  shownEnv: Record<string, string>;
}

/** The Earshot step of a workflow: its `with:` inputs and the names its `env:` takes from secrets. */
export function earshotStep(workflowText: string): {
  inputs: Record<string, string>;
  secretEnv: Record<string, string>;
} {
  const wf = parse(workflowText) as {
    jobs?: Record<string, { steps?: { uses?: string; with?: Json; env?: Json }[] }>;
  };
  for (const job of Object.values(wf.jobs ?? {}))
    for (const step of job.steps ?? []) {
      if (!step.uses || !(/^earshot\/earshot@/.test(step.uses) || step.uses === './')) continue;
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));
      const secretEnv: Record<string, string> = {};
      for (const [name, value] of Object.entries(step.env ?? {})) {
        const m = /^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(String(value));
        if (m?.[1]) secretEnv[name] = m[1];
      }
      return { inputs, secretEnv };
    }
  throw new Error('no Earshot step (uses: earshot/earshot@… or ./) in this workflow');
}

async function control(apiUrl: string, path: string, body: unknown): Promise<Json> {
  const res = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Json;
}

/** A person's request to the repository, through the emulator's control API. */
async function asPerson(o: ActOptions, method: string, path: string, body?: unknown): Promise<Json> {
  const repo = o.repo ?? 'acme/mentions';
  const r = (await control(o.apiUrl, '/_emulator/as', {
    login: o.as ?? 'alice',
    permission: o.role ?? 'write',
    method,
    path: `/repos/${repo}${path}`,
    ...(body !== undefined ? { body } : {}),
  })) as { status: number; body: Json };
  if (r.status >= 300)
    throw new Error(`${method} ${path} as ${o.as ?? 'alice'}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

function withRepo(p: Json, repo: string): Json {
  const [owner = '', name = ''] = repo.split('/');
  const base = (p.repository ?? {}) as Json;
  return {
    ...p,
    repository: { ...base, name, full_name: repo, owner: { ...(base.owner as Json), login: owner } },
  };
}

/** What happens on the emulator for the event, and the event's payload. */
async function eventFor(o: ActOptions): Promise<{ name: string; payload: Json }> {
  const who = o.as ?? 'alice';
  const repo = o.repo ?? 'acme/mentions';
  const n = o.issue;
  if (o.comment !== undefined || o.label !== undefined || o.close !== undefined) {
    if (n === undefined) throw new Error('--comment, --label and --close need --issue N');
    if (o.comment !== undefined) {
      const c = await asPerson(o, 'POST', `/issues/${n}/comments`, { body: o.comment });
      const issue = await asPerson(o, 'GET', `/issues/${n}`);
      return {
        name: 'issue_comment',
        payload: withRepo(
          payload('issue_comment.created', {
            issue,
            comment: { id: Number(c.id), body: o.comment, html_url: String(c.html_url), user: who },
            sender: who,
          }),
          repo,
        ),
      };
    }
    if (o.label !== undefined) {
      await asPerson(o, 'POST', `/issues/${n}/labels`, { labels: [o.label] });
      const issue = await asPerson(o, 'GET', `/issues/${n}`);
      return {
        name: 'issues',
        payload: withRepo(payload('issues.labeled', { issue, label: o.label, sender: who }), repo),
      };
    }
    await asPerson(o, 'PATCH', `/issues/${n}`, { state: 'closed', state_reason: o.close });
    const issue = await asPerson(o, 'GET', `/issues/${n}`);
    return { name: 'issues', payload: withRepo(payload('issues.closed', { issue, sender: who }), repo) };
  }
  const name = o.event ?? 'schedule';
  return { name, payload: name === 'schedule' ? { schedule: '*/30 * * * *' } : { inputs: {} } };
}

export async function act(o: ActOptions): Promise<ActResult> {
  const step = o.workflow ? earshotStep(readFileSync(`${o.workspace}/${o.workflow}`, 'utf8')) : undefined;
  const secrets = o.secrets ?? process.env;
  const env: Record<string, string> = {
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: o.apiUrl,
    GITHUB_REPOSITORY: o.repo ?? 'acme/mentions',
    GITHUB_RUN_ID: String(Date.now() % 1_000_000_000),
    // The emulator needs none of GitHub's write pacing.
    EARSHOT_THROTTLE: 'off',
  };
  for (const [name, secret] of Object.entries(step?.secretEnv ?? {})) {
    const value = secrets[secret];
    if (value) env[name] = value;
  }
  const inputs = {
    'github-token': 'emulator-token',
    config: '.github/earshot.yml',
    mode: 'auto',
    'dry-run': 'false',
    'max-new-issues': '',
    ...step?.inputs,
    ...o.inputs,
  };
  const event = await eventFor(o);
  const run = await runAction({ workspace: o.workspace, inputs, event, env, timeoutMs: 120_000 });
  const shownEnv: Record<string, string> = {
    ...env,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_WORKSPACE: o.workspace,
  };
  for (const [k, v] of Object.entries(inputs))
    shownEnv[`INPUT_${k.toUpperCase()}`] = k === 'github-token' ? '***' : v;
  return { ...run, eventName: event.name, shownEnv };
}
