/**
 * The npm package `npx earshot@1` runs: packed as `npm publish` would pack it, unpacked where no
 * node_modules exist, its bin runs `init`, `validate` and the offline demo — the bundle needs no
 * dependency installed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamicImports, staticClosure } from '../../scripts/bundle-graph.js';

const run = promisify(execFile);

describe('the published package', () => {
  let root: string;
  let files: string[];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'earshot-pack-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', root]);
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    files = packed?.files.map((f) => f.path) ?? [];
    await run('tar', ['xzf', join(root, packed?.filename ?? ''), '-C', root]);
  }, 60_000);

  const earshot = (cwd: string, ...args: string[]) =>
    run(process.execPath, [join(root, 'package/bin/earshot.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH },
    });

  it('holds the CLI bundle and what it reads at run time, and no dependency to install', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/earshot.js',
        'dist/cli.js',
        'config/playbooks/complaint.yml',
        'config/schema.json',
        'package.json',
        'README.md',
        'CHANGELOG.md',
      ]),
    );
    expect(files).not.toContain('dist/index.js');
    // Every chunk the CLI loads, at start or later (dynamic import), transitively.
    const loads = new Set<string>();
    const visit = (file: string) => {
      for (const f of staticClosure(file))
        if (!loads.has(f)) {
          loads.add(f);
          for (const d of dynamicImports([f])) visit(d);
        }
    };
    visit(join(root, 'package/dist/cli.js'));
    expect(loads.size).toBeGreaterThan(1);
    for (const f of loads) expect(files).toContain(f.slice(join(root, 'package/').length));
    expect(files.some((f) => f.startsWith('src/'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(root, 'package/package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.private).toBeUndefined();
    expect(pkg.publishConfig).toMatchObject({ access: 'public', provenance: true });
  });

  it('runs init and validate in a repository, and the offline demo', async () => {
    const repo = join(root, 'repo');
    mkdirSync(repo);
    const init = await earshot(repo, 'init', '--company', 'Acme');
    expect(init.stdout).toContain('wrote .github/workflows/earshot-respond.yml');
    const validate = await earshot(repo, 'validate');
    expect(validate.stdout).toContain('.github/earshot.yml is valid');
    const demo = await earshot(repo, 'demo', '--store', join(root, 'demo-store'), '--json');
    expect(JSON.parse(demo.stdout.trim().split('\n').at(-1) ?? '{}').new).toBeGreaterThan(0);
  }, 60_000);
});
