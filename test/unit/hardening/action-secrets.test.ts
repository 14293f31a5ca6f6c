/**
 * Secrets through the bundled action (dist/index.js, run as a runner runs it; `npm run build`
 * first): every credentialed source fails against an echo server that quotes the credentials back,
 * and neither stdout (but its ::add-mask:: commands), stderr, the job summary, the outputs nor any
 * file the local tracker writes holds a secret in any form. A server's error text cannot inject a
 * workflow command either (a newline would start one).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';
import {
  type ActionRun,
  LOCAL_SCAN_INPUTS,
  runAction,
  tempWorkspace,
  withoutMaskCommands,
} from '../../helpers/run-action.js';
import { echoHandler, findLeaks, SECRETS, secretSources } from './secret-leaks.js';

const INJECTION = '\n::error title=pwned::injected\n::add-mask::x\n::stop-commands::token\n';

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('the bundled action keeps every credential out of what it writes', () => {
  let server: Loopback;
  let workspace: string;
  let run: ActionRun;

  beforeAll(async () => {
    server = await startLoopback((req, res) => {
      if (req.url.startsWith('/inject/')) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        res.end(`denied${INJECTION}`);
        return;
      }
      echoHandler(req, res);
    });
    workspace = tempWorkspace('earshot-secrets-');
    const sources = [
      // The modes the HTTP client does not retry (the action backs off for real): runScan's test has all.
      ...secretSources((mode) => `${server.url}/${mode}`, ['401', 'html', 'wrong-json', 'echo-item']),
      { id: 'injection', kind: 'hacker-news', baseUrl: `${server.url}/inject` },
    ];
    writeFileSync(
      join(workspace, 'earshot.yml'),
      stringify({ company: { name: 'Acme' }, bootstrap: { backfill: true }, sources }),
    );
    run = await runAction({
      workspace,
      inputs: LOCAL_SCAN_INPUTS,
      env: SECRETS,
      timeoutMs: 90_000,
    });
  }, 120_000);
  afterAll(async () => server.close());

  it('ran the scan: every credentialed source failed, the echo endpoint filed', () => {
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.outputs.result ?? '{}') as {
      sources: { id: string; error: string | null }[];
    };
    expect(result.sources.filter((s) => s.error).length).toBeGreaterThan(25);
    expect(result.sources.find((s) => s.id === 'json-echo-item')?.error).toBeNull();
  });

  it('masks every credential, in every form it can be logged in', () => {
    const masked = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'))
      // as the runner reads a command's data
      .map((l) =>
        l.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
      );
    // As the action reads them: trimmed (a PEM key ends with a newline).
    for (const value of Object.values(SECRETS).map((v) => v.trim())) {
      expect(masked, value).toContain(value);
      expect(masked, value).toContain(encodeURIComponent(value));
    }
  });

  it('no secret in stdout, stderr, the summary, the outputs or the local tracker files', () => {
    const stdout = withoutMaskCommands(run.stdout);
    const leaks = findLeaks({
      stdout,
      stderr: run.stderr,
      summary: run.summary,
      outputs: JSON.stringify(run.outputs),
      ...filesUnder(join(workspace, '.earshot')),
    });
    expect(leaks).toEqual([]);
  });

  it("a server's error text cannot start a workflow command", () => {
    const lines = run.stdout.split('\n');
    expect(lines.some((l) => l.includes('injected'))).toBe(true); // it was logged …
    expect(lines.filter((l) => /^::(error title=pwned|stop-commands)/.test(l))).toEqual([]); // … never as a command
    expect(lines.filter((l) => l === '::add-mask::x')).toEqual([]);
  });
});
