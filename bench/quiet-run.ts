/**
 * scan.quietRunSecondsAt500Feeds50ms: wall seconds of one quiet run of the bundled action
 * (`node dist/index.js`, spawned as a runner does, mode scan) against the GitHub emulator, over 500
 * rss sources on loopback that each answer after 50 ms; median of 3 runs. Default settings: the
 * config sets nothing but the company and the sources (budgets.concurrentSources 8, the HTTP
 * client's 4 per host), write pacing on (EARSHOT_THROTTLE=on). The 500 feeds are spread over 100
 * loopback hosts (a server per port; the per-host limit counts host:port), feed i on host i % 100.
 * "Quiet": a first, unmeasured run records what is there (a first run files nothing); each measured
 * run then finds nothing new, and the feeds answer 304 to the validators sent (the steady state).
 * The time runs from spawning the process to its exit, cold start included. Goal ≤ 5 s (issue #19);
 * fetched one after another (budgets.concurrentSources: 1) it takes 25 s and more.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../test/github-emulator/index.js';
import { type Loopback, startLoopback } from '../test/helpers/loopback.js';
import { runActionOnEmulator, tempWorkspace } from '../test/helpers/run-action.js';

const FEEDS = 500;
const HOSTS = 100;
const ANSWER_MS = 50;
const RUNS = 3;

function feedBody(n: number): string {
  const published = new Date(Date.now() - 3_600_000).toUTCString();
  return (
    `<?xml version="1.0"?><rss version="2.0"><channel><title>feed ${n}</title><link>https://example.com/</link>` +
    `<item><title>Acme post ${n}</title><link>https://example.com/p/${n}</link><guid>p-${n}</guid>` +
    `<pubDate>${published}</pubDate><description>Something about Acme, number ${n}</description></item>` +
    `</channel></rss>`
  );
}

export async function benchQuietRun(
  options: { feeds?: number; concurrentSources?: number; runs?: number; oneHost?: number } = {},
): Promise<{ seconds: number; runs: number[] }> {
  const feeds = options.feeds ?? FEEDS;
  const emulator = await startEmulator({ repo: 'acme/mentions' });
  const servers: Loopback[] = [];
  let requests = 0;
  try {
    const bodies = new Map<string, string>();
    for (let h = 0; h < HOSTS; h++) {
      servers.push(
        await startLoopback(async (req, res) => {
          requests++;
          await new Promise((r) => setTimeout(r, ANSWER_MS));
          const body = bodies.get(req.url) ?? '';
          const etag = `"${req.url.replace(/\W/g, '')}"`;
          if (req.headers['if-none-match'] === etag) {
            res.writeHead(304, { etag });
            res.end();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
          res.end(body);
        }),
      );
    }
    const lines = ['company:\n  name: Acme'];
    if (options.concurrentSources) lines.push(`budgets:\n  concurrentSources: ${options.concurrentSources}`);
    lines.push('sources:');
    for (let i = 0; i < feeds; i++) {
      bodies.set(`/feed-${i}.xml`, feedBody(i));
      // `oneHost`: the first feeds all on one host (say, Google Alerts), the rest spread as usual.
      const host = i < (options.oneHost ?? 0) ? servers[0]! : servers[i % HOSTS]!;
      lines.push(`  - id: feed-${i}\n    kind: rss\n    url: ${host.url}/feed-${i}.xml`);
    }
    const workspace = tempWorkspace('earshot-bench-quiet-');
    writeFileSync(join(workspace, 'earshot.yml'), `${lines.join('\n')}\n`);
    const run = async () => {
      const started = performance.now();
      const r = await runActionOnEmulator({
        workspace,
        apiUrl: emulator.url,
        mode: 'scan',
        env: { EARSHOT_THROTTLE: 'on' },
      });
      const seconds = (performance.now() - started) / 1000;
      if (r.code !== 0 || r.outputs['sources-failed'] !== '0') {
        throw new Error(
          `bench quiet run: exit ${r.code}, ${r.outputs['sources-failed']} failed\n${r.stderr}`,
        );
      }
      return { seconds, filed: Number(r.outputs['new-issues']) };
    };
    await run(); // the first run: records what is out there
    const times: number[] = [];
    for (let i = 0; i < (options.runs ?? RUNS); i++) {
      requests = 0;
      const r = await run();
      if (r.filed !== 0) throw new Error(`bench quiet run: filed ${r.filed}, expected nothing new`);
      if (requests !== feeds)
        throw new Error(`bench quiet run: ${requests} feed requests for ${feeds} feeds`);
      times.push(r.seconds);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { seconds: sorted[Math.floor(sorted.length / 2)]!, runs: times };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await emulator.close();
  }
}
