/** `npm run demo` on a fresh store: the bundled CLI files every recorded mention once. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const demo = (store: string) => {
  const run = spawnSync(process.execPath, ['dist/cli.js', 'demo', '--store', store, '--json'], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as {
    new: number;
    sources: { id: string; error: string | null; new: number }[];
  };
};

describe('the offline demo through dist/cli.js', () => {
  it('files at least 10 mentions from recorded payloads, and a second run files none', () => {
    const store = join(mkdtempSync(join(tmpdir(), 'earshot-demo-')), '.earshot');
    const first = demo(store);
    expect(first.new).toBeGreaterThanOrEqual(10);
    expect(first.sources.filter((s) => s.error)).toEqual([]);
    expect(first.sources.filter((s) => s.new > 0).length).toBeGreaterThanOrEqual(10);
    expect(readdirSync(join(store, 'issues'))).toHaveLength(first.new);
    const second = demo(store);
    expect(second.new).toBe(0);
    expect(readdirSync(join(store, 'issues'))).toHaveLength(first.new);
  });
});
