/**
 * The bundled action's start, spawned as a runner runs it (`node dist/index.js`, INPUT_* variables,
 * a schedule event, mode scan) with one rss source on a loopback feed server:
 *  action.coldStartMsLocal      from spawning the process to the feed's first request, without a
 *                               token (the local tracker) and dry-run: module load, config, the
 *                               local record read
 *  action.coldStartMsWithToken  the same with a token against the GitHub emulator (pacing on, as a
 *                               user runs): the record read from the emulator (state file, issue
 *                               listing) comes before the first source request
 *  (both: median of 9 runs, each a new process; the first request is the feed server's first
 *  request received, timed in the bench process)
 *  action.cpuMsToFirstRequestLocal / cpuMsToFirstRequestWithToken  the child's own CPU time (user +
 *                               system, process.cpuUsage()) when it starts its request to the feed
 *                               (diagnostics channel `http.client.request.start`, read by a small
 *                               --import hook): what the start costs on a loaded machine, where the
 *                               wall time also counts waiting for a core; median of the same 9 runs
 * The bundle (scripts/build.mjs: minified, split into chunks loaded on first use), read from dist/:
 *  action.entryBytes            dist/index.js alone
 *  action.scanStartBytes / scanStartGzipBytes  what every action run loads before its first line
 *                               runs: dist/index.js and its static imports, transitively (gzip:
 *                               each file on its own, level 9)
 *  action.scanClassifyingBytes / scanClassifyingGzipBytes  that plus the classifier chunk (the
 *                               model) a scan loads once it has new mentions to classify
 *  cli.startBytes               dist/cli.js and its static imports
 *  dist.totalBytes / totalGzipBytes  every file in dist/ (action, CLI, chunks, iconv tables)
 * Needs `npm run build`.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dynamicImports, sizeOf, staticClosure } from '../scripts/bundle-graph.js';
import { stats } from '../src/report/stats.js';
import { type Emulator, startEmulator } from '../test/github-emulator/index.js';

/** An --import hook: the process's CPU time when it starts its first request for /feed.xml. */
function cpuHook(file: string): string {
  const code = `import dc from 'node:diagnostics_channel';import { writeFileSync } from 'node:fs';
let done = false;
dc.subscribe('http.client.request.start', ({ request }) => {
  if (done || !String(request.path).startsWith('/feed.xml')) return;
  done = true;
  const u = process.cpuUsage();
  writeFileSync(${JSON.stringify(file)}, String((u.user + u.system) / 1000));
});`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

export interface ColdStart {
  /** Wall ms from spawn to the feed server's first request. */
  ms: number;
  /** The child's CPU ms when it started that request. */
  cpuMs: number;
}

export async function oneColdStart(emulator?: Emulator, dist = 'dist'): Promise<ColdStart> {
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
  const github: Record<string, string> = emulator
    ? {
        'INPUT_GITHUB-TOKEN': 'bench-token',
        'INPUT_DRY-RUN': 'false',
        GITHUB_API_URL: emulator.url,
        GITHUB_SERVER_URL: emulator.url,
        GITHUB_REPOSITORY: 'acme/mentions',
        GITHUB_RUN_ID: '3001',
        EARSHOT_THROTTLE: 'on',
      }
    : { 'INPUT_GITHUB-TOKEN': '', 'INPUT_DRY-RUN': 'true' };
  const cpuFile = join(workspace, 'cpu-ms');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', cpuHook(cpuFile), join(dist, 'index.js')], {
    env: {
      PATH: process.env.PATH,
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: 'schedule',
      INPUT_CONFIG: 'earshot.yml',
      INPUT_MODE: 'scan',
      GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
      GITHUB_OUTPUT: join(workspace, 'output'),
      ...github,
    },
    stdio: 'ignore',
  });
  await new Promise((r) => child.on('exit', r));
  server.close();
  if (!firstRequest) throw new Error(`${dist}/index.js made no source request`);
  return { ms: firstRequest - started, cpuMs: Number(readFileSync(cpuFile, 'utf8')) };
}

/** The median (the mean of the two middle values for an even count), as every report computes it. */
export function medianOf(values: readonly number[]): number {
  return stats(values).median ?? Number.NaN;
}

const RUNS = 9;

async function median(emulator?: Emulator): Promise<ColdStart> {
  const runs: ColdStart[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneColdStart(emulator));
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
  process.stderr.write(`  action: cold starts ${times.map((t) => Math.round(t)).join(', ')} ms\n`);
  process.stderr.write(`  action: CPU to the first request ${cpu.map((t) => Math.round(t)).join(', ')} ms\n`);
  return { ms: Math.round(medianOf(times)), cpuMs: Math.round(medianOf(cpu)) };
}

function bundleFigures(): Record<string, number> {
  const start = staticClosure('dist/index.js');
  const classifier = dynamicImports(start).filter((f) => basename(f).startsWith('classifier-'));
  if (classifier.length !== 1) throw new Error(`expected one classifier chunk, found ${classifier.length}`);
  const classifying = [...new Set([...start, ...classifier.flatMap((c) => staticClosure(c))])];
  const all = readdirSync('dist', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  const [scanStart, scanClassifying, dist] = [sizeOf(start), sizeOf(classifying), sizeOf(all)];
  return {
    'action.entryBytes': statSync('dist/index.js').size,
    'action.scanStartBytes': scanStart.bytes,
    'action.scanStartGzipBytes': scanStart.gzipBytes,
    'action.scanClassifyingBytes': scanClassifying.bytes,
    'action.scanClassifyingGzipBytes': scanClassifying.gzipBytes,
    'cli.startBytes': sizeOf(staticClosure('dist/cli.js')).bytes,
    'dist.totalBytes': dist.bytes,
    'dist.totalGzipBytes': dist.gzipBytes,
  };
}

export async function benchAction(): Promise<Record<string, number>> {
  const local = await median();
  const emulator = await startEmulator({ repo: 'acme/mentions' });
  let withToken: ColdStart;
  try {
    await oneColdStart(emulator); // the repository's first run: labels, the state branch
    withToken = await median(emulator);
  } finally {
    await emulator.close();
  }
  return {
    'action.coldStartMsLocal': local.ms,
    'action.coldStartMsWithToken': withToken.ms,
    'action.cpuMsToFirstRequestLocal': local.cpuMs,
    'action.cpuMsToFirstRequestWithToken': withToken.cpuMs,
    ...bundleFigures(),
  };
}
