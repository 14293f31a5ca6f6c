import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

function start(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no "listening" line within 20 s: ${out} ${err}`)),
      20_000,
    );
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${err}`));
    });
  });
}

describe('npm run emulator', () => {
  it('prints "listening on http://127.0.0.1:P" and serves the API and the control API', async () => {
    const url = await start(['--port', '0', '--repo', 'corp/watch', '--user', 'alice:write']);
    const created = await fetch(`${url}/repos/corp/watch/issues`, {
      method: 'POST',
      headers: { authorization: 'token anything' },
      body: JSON.stringify({ title: 'from curl', assignees: ['alice'] }),
    });
    expect(created.status).toBe(201);
    const faults = await fetch(`${url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        rules: [{ match: { method: 'GET' }, nth: 1, effect: { type: 'status', status: 502 } }],
      }),
    });
    expect(faults.status).toBe(200);
    const failed = await fetch(`${url}/repos/corp/watch/issues`, { headers: { authorization: 'token t' } });
    expect(failed.status).toBe(502);
    const state = (await (await fetch(`${url}/_emulator/state`)).json()) as {
      repo: string;
      issues: { title: string; assignees: string[] }[];
    };
    expect(state.repo).toBe('corp/watch');
    expect(state.issues).toEqual([expect.objectContaining({ title: 'from curl', assignees: ['alice'] })]);
  });

  it('rejects a bad port with a usage message', async () => {
    await expect(start(['--port', 'seventy'])).rejects.toThrow(/--port must be 0-65535/);
  });
});
