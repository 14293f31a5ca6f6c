/** `npm run act`: the bundled action on one event against an emulator it starts itself. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runInit } from '../../src/init/command.js';
import { adapters } from '../../src/platforms/index.js';
import { tempWorkspace } from '../helpers/run-action.js';

const act = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)(
      process.execPath,
      [resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/act.ts', ...args],
      {
        env: { PATH: process.env.PATH },
      },
    );
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
};

describe('npm run act', () => {
  it('runs a workflow of the repository and shows the variables it set', async () => {
    const workspace = tempWorkspace('earshot-act-');
    await runInit({ dir: workspace, company: 'Acme', force: false, adapters, out: () => {} });
    const r = await act(
      '--workspace',
      workspace,
      '--workflow',
      '.github/workflows/earshot-report.yml',
      '--show-env',
    );
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('== schedule → exit 0');
    expect(r.out).toContain('env INPUT_GITHUB-TOKEN=***');
    expect(r.out).toContain('env INPUT_MODE=report');
    expect(r.out).toMatch(/issue #1 \[open\] Earshot report \d{4}-W\d\d/);
    expect(r.out).not.toContain('::debug::');
  });

  it('says what is missing, with its usage', async () => {
    const r = await act('--comment', '/draft');
    expect(r.code).toBe(2);
    expect(r.err).toContain('act: --comment, --label and --close need --issue N');
    expect(r.err).toContain('usage: npm run act');
  });
});
