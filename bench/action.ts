/**
 * action.coldStartMs: from spawning `node dist/index.js` (as a runner does, INPUT_* variables) to
 * its first source request arriving at a loopback feed server; median of 5 runs.
 * action.bundleBytes: the size of dist/index.js.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function oneColdStart(): Promise<number> {
  let firstRequest = 0;
  const server = createServer((_req, res) => {
    if (!firstRequest) firstRequest = performance.now();
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const workspace = mkdtempSync(join(tmpdir(), 'earshot-cold-'));
  writeFileSync(
    join(workspace, 'earshot.yml'),
    `company:\n  name: Acme\nsources:\n  - id: feed\n    kind: rss\n    url: http://127.0.0.1:${port}/feed.xml\n`,
  );
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/index.js'], {
    env: {
      PATH: process.env.PATH,
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: 'schedule',
      'INPUT_GITHUB-TOKEN': '',
      INPUT_CONFIG: 'earshot.yml',
      INPUT_MODE: 'scan',
      'INPUT_DRY-RUN': 'true',
      GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
      GITHUB_OUTPUT: join(workspace, 'output'),
    },
    stdio: 'ignore',
  });
  await new Promise((r) => child.on('exit', r));
  server.close();
  if (!firstRequest) throw new Error('dist/index.js made no source request');
  return firstRequest - started;
}

export async function benchAction(): Promise<Record<string, number>> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await oneColdStart());
  times.sort((a, b) => a - b);
  return {
    'action.coldStartMs': Math.round(times[2]!),
    'action.bundleBytes': statSync('dist/index.js').size,
  };
}
