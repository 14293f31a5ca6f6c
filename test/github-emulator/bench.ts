/**
 * Emulator throughput: seeds ~10,000 issues, then drives a request mix over keep-alive loopback
 * connections and reports requests/second with OpenAPI validation on (and off, for comparison),
 * plus the in-process dispatch rate (no HTTP stack), which is what the emulator itself costs.
 * Run: `npx tsx test/github-emulator/bench.ts [--json]`. Bounded in count and time; 127.0.0.1 only.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startEmulator } from './server.js';

export interface EmulatorBenchOptions {
  issues?: number;
  /** Requests per measured mix. */
  requests?: number;
  concurrency?: number;
}

type Figures = Record<string, number>;

interface Job {
  path: string;
  method?: string;
  body?: string;
}

/**
 * The load generator runs in a worker thread (plain JavaScript, node:http with a keep-alive agent;
 * undici's fetch is ~3x slower here and would measure the client), so the
 * emulator's event loop is measured rather than the client's.
 */
const WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, jobs, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let next = 0, failures = 0;
function one(job) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: 'token bench' };
    if (job.body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(job.body);
    }
    const req = http.request(url + job.path, { method: job.method || 'GET', agent, headers }, (res) => {
      if (res.statusCode >= 400) failures++;
      res.on('data', () => {});
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(job.body);
  });
}
async function worker() {
  while (next < jobs.length) await one(jobs[next++]);
}
const started = performance.now();
Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
  parentPort.postMessage({ ms: performance.now() - started, failures });
  agent.destroy();
});
`;

function drive(
  url: string,
  jobs: Job[],
  concurrency: number,
): Promise<{ perSecond: number; failures: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { url, jobs, concurrency } });
    worker.once('message', (m: { ms: number; failures: number }) => {
      resolve({ perSecond: Math.round(jobs.length / (m.ms / 1000)), failures: m.failures });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export async function benchEmulator(options: EmulatorBenchOptions = {}): Promise<Figures> {
  const issueCount = options.issues ?? 10_000;
  const requests = options.requests ?? 3_000;
  const concurrency = options.concurrency ?? 8;
  const figures: Figures = {};
  for (const validate of [false, true]) {
    const emu = await startEmulator({ validate });
    const suffix = validate ? '' : 'NoValidation';
    try {
      const base = Date.UTC(2026, 0, 1);
      const seedStart = performance.now();
      emu.seed({
        issues: Array.from({ length: issueCount }, (_, i) => ({
          title: `mention ${i}`,
          body: `body ${i}`,
          labels: i % 3 === 0 ? ['earshot', 'complaint'] : ['earshot'],
          state: i % 4 === 0 ? ('closed' as const) : ('open' as const),
          created_at: new Date(base + i * 60_000).toISOString(),
        })),
      });
      if (validate)
        figures['emulator.seedIssuesPerSecond'] = Math.round(
          issueCount / ((performance.now() - seedStart) / 1000),
        );
      const since = new Date(base + (issueCount - 200) * 60_000).toISOString();
      const repo = '/repos/acme/mentions';
      // Warm-up: compiles the validators and lets the JIT settle.
      const jobs = (n: number, pick: (i: number) => Job): Job[] =>
        Array.from({ length: n }, (_, i) => pick(i));
      const getIssue = (i: number): Job => ({ path: `${repo}/issues/${(i % issueCount) + 1}` });
      await drive(emu.url, jobs(1000, getIssue), concurrency);
      const single = await drive(emu.url, jobs(requests, getIssue), concurrency);
      const list = await drive(
        emu.url,
        jobs(Math.ceil(requests / 10), (i) => ({
          path: `${repo}/issues?state=all&labels=earshot&since=${since}&per_page=100&page=${(i % 2) + 1}`,
        })),
        concurrency,
      );
      const mixed = await drive(
        emu.url,
        jobs(requests, (i) => {
          const n = (i % issueCount) + 1;
          if (i % 10 === 0) {
            return {
              path: `${repo}/issues`,
              method: 'POST',
              body: JSON.stringify({ title: `new ${i}`, labels: ['earshot'] }),
            };
          }
          if (i % 10 === 1)
            return {
              path: `${repo}/issues/${n}/comments`,
              method: 'POST',
              body: JSON.stringify({ body: 'hi' }),
            };
          if (i % 10 === 2) return { path: `${repo}/issues?state=all&since=${since}&per_page=30` };
          return { path: `${repo}/issues/${n}` };
        }),
        concurrency,
      );
      // In-process (no HTTP): what one request costs the emulator itself.
      const inProcess = (n: number, pick: (i: number) => string): number => {
        const started = performance.now();
        for (let i = 0; i < n; i++) emu.as('github-actions[bot]', 'GET', pick(i));
        return Math.round(n / ((performance.now() - started) / 1000));
      };
      figures[`emulator.dispatchGetIssuePerSecond${suffix}`] = inProcess(requests, (i) => getIssue(i).path);
      figures[`emulator.dispatchList100PerSecond${suffix}`] = inProcess(
        Math.ceil(requests / 10),
        (i) => `${repo}/issues?state=all&labels=earshot&since=${since}&per_page=100&page=${(i % 2) + 1}`,
      );
      figures[`emulator.getIssuePerSecond${suffix}`] = single.perSecond;
      figures[`emulator.list100PerSecond${suffix}`] = list.perSecond;
      figures[`emulator.mixedPerSecond${suffix}`] = mixed.perSecond;
      figures[`emulator.failures${suffix}`] = single.failures + list.failures + mixed.failures;
      if (validate) figures['emulator.violations'] = emu.violations.length;
    } finally {
      await emu.close();
    }
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchEmulator();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k.padEnd(40)} ${v}\n`);
}
