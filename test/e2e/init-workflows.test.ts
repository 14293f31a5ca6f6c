/**
 * From `earshot init` to the first triaged issue, against the GitHub emulator: the bundled CLI sets
 * a repository up, validates it and dry-runs a scan; then the three workflows it wrote run as a
 * runner runs them (their `with:` inputs, test/helpers/act.ts): the scan files the mentions, a
 * `/draft` comment gets a reply draft, the report opens the week's report issue.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { act } from '../helpers/act.js';
import { blogFeed } from '../helpers/blog-feed.js';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { tempWorkspace } from '../helpers/run-action.js';

const CLI = resolve('dist/cli.js');
/** The bundled CLI in a child process (asynchronously: the feed it reads is served by this one). */
const cli = async (cwd: string, ...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
};

describe('earshot init, then its workflows against the emulator', () => {
  let emulator: Emulator;
  let feed: Loopback;
  let repo: string;
  beforeAll(async () => {
    const body = blogFeed([
      {
        n: 1,
        title: 'Acme charged me twice',
        text: 'Acme billing charged me twice, I want a refund',
        hoursAgo: 20,
      },
      {
        n: 2,
        title: 'Thanks Acme',
        text: 'The Acme team fixed my account in minutes, amazing',
        hoursAgo: 30,
      },
      { n: 3, title: 'Acme export?', text: 'How do I export my data from Acme?', hoursAgo: 40 },
    ]);
    feed = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
    emulator = await startEmulator({ repo: 'acme/site', users: [{ login: 'alice', permission: 'write' }] });
    repo = tempWorkspace('earshot-init-');
  });
  afterAll(async () => {
    await feed.close();
    await emulator.close();
  });

  it('writes the config, its schema and three least-privilege workflows, and names the secrets', async () => {
    const r = await cli(repo, 'init', '--company', 'Acme');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('wrote .github/earshot.yml');
    expect(r.out).toContain('none needed for these sources');
    expect(r.out).toContain('npx earshot@1 validate');
    const config = readFileSync(join(repo, '.github/earshot.yml'), 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=./earshot.schema.json');
    // the schema line resolves from .github/
    expect(JSON.parse(readFileSync(join(repo, '.github/earshot.schema.json'), 'utf8')).title).toBe(
      'Earshot configuration',
    );
    const perms = (file: string) => {
      const wf = parse(readFileSync(join(repo, '.github/workflows', file), 'utf8')) as {
        permissions: unknown;
        jobs: Record<string, { permissions: unknown; steps: { uses?: string }[] }>;
      };
      const [job] = Object.values(wf.jobs);
      expect(wf.permissions).toEqual({});
      expect(job?.steps.map((s) => s.uses)).toEqual(['actions/checkout@v4', 'earshot/earshot@v1']);
      return job?.permissions;
    };
    expect(perms('earshot-scan.yml')).toEqual({ issues: 'write', contents: 'write', actions: 'read' });
    expect(perms('earshot-respond.yml')).toEqual({ issues: 'write', contents: 'read' });
    expect(perms('earshot-report.yml')).toEqual({ issues: 'write', contents: 'write' });
    // a second init keeps the files
    const again = await cli(repo, 'init', '--company', 'Acme');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exist');
  });

  it('validate and scan --dry-run work in the repository', async () => {
    // The sources the template lists are on the internet; here one feed on loopback stands in.
    const file = join(repo, '.github/earshot.yml');
    const text = readFileSync(file, 'utf8');
    const local = text
      .replace(
        /\nsources:\n[\s\S]*?\nlookbackDays:/,
        `\nsources:\n  - id: blog\n    kind: rss\n    url: ${feed.url}/feed.xml\n\nlookbackDays:`,
      )
      .replace('backfill: false', 'backfill: true');
    expect(local).not.toBe(text);
    writeFileSync(file, local);
    const valid = await cli(repo, 'validate');
    expect(valid.code, valid.err).toBe(0);
    expect(valid.out).toContain('.github/earshot.yml is valid: 1 source(s) (rss)');
    const dry = await cli(repo, 'scan', '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('would file 3 new issue(s)');
  });

  it('the scan workflow files the mentions', async () => {
    const run = await act({
      apiUrl: emulator.url,
      repo: 'acme/site',
      workspace: repo,
      workflow: '.github/workflows/earshot-scan.yml',
      event: 'workflow_dispatch',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['new-issues']).toBe('3');
    const titles = (emulator.stateOf('acme/site').issues as { title: string }[]).map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(/^\[complaint\] /)]));
    expect(emulator.violations).toEqual([]);
  });

  it('the respond workflow answers /draft with a reply draft', async () => {
    const issues = emulator.stateOf('acme/site').issues as { number: number; title: string }[];
    const complaint = issues.find((i) => i.title.startsWith('[complaint]'));
    const run = await act({
      apiUrl: emulator.url,
      repo: 'acme/site',
      workspace: repo,
      workflow: '.github/workflows/earshot-respond.yml',
      issue: complaint?.number ?? 0,
      comment: '/draft',
      as: 'alice',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ command: 'draft', outcome: 'ok' });
    const comments = (
      emulator.stateOf('acme/site').comments as { issue_number: number; body: string }[]
    ).filter((c) => c.issue_number === complaint?.number);
    expect(comments.at(-1)?.body).toContain('Reply draft');
    expect(run.shownEnv['INPUT_GITHUB-TOKEN']).toBe('***');
  });

  it('the report workflow opens the week’s report issue', async () => {
    const run = await act({
      apiUrl: emulator.url,
      repo: 'acme/site',
      workspace: repo,
      workflow: '.github/workflows/earshot-report.yml',
      event: 'workflow_dispatch',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const number = Number(run.outputs['report-issue']);
    const report = (emulator.stateOf('acme/site').issues as { number: number; title: string }[]).find(
      (i) => i.number === number,
    );
    expect(report?.title).toMatch(/^Earshot report \d{4}-W\d\d$/);
    // Pinning goes through GraphQL, which the emulator does not emulate (best effort: the run passes).
    const violations = emulator.violations as { kind: string; method: string; path: string }[];
    expect(violations.filter((v) => !(v.kind === 'unemulated' && v.path === '/graphql'))).toEqual([]);
  });
});
