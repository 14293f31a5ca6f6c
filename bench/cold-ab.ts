/**
 * Interleaved A/B of two builds' cold start (bench/action.ts's run: `node <dist>/index.js`, one rss
 * source on a loopback server): A, B, A, B … 15 runs each, without a token and then with a token
 * against one GitHub emulator (after one warm-up run of each). Prints the medians of the wall ms to
 * the feed's first request and of the child's CPU ms at that moment. Interleaving makes a shared
 * machine's load fall on both alike.
 *
 *   npx tsx bench/cold-ab.ts <distA> <distB> [runs]
 */
import { startEmulator } from '../test/github-emulator/index.js';
import { type ColdStart, medianOf, oneColdStart } from './action.js';

const [a = 'dist-main', b = 'dist', runsArg = '15'] = process.argv.slice(2);
const runs = Number(runsArg);

async function ab(label: string, once: (dist: string) => Promise<ColdStart>): Promise<void> {
  const results: Record<string, ColdStart[]> = { [a]: [], [b]: [] };
  for (let i = 0; i < runs; i++) {
    for (const dist of i % 2 ? [b, a] : [a, b]) results[dist]!.push(await once(dist));
  }
  for (const dist of [a, b]) {
    const r = results[dist]!;
    process.stdout.write(
      `${label} ${dist}: wall median ${Math.round(medianOf(r.map((x) => x.ms)))} ms, CPU median ${Math.round(medianOf(r.map((x) => x.cpuMs)))} ms (${runs} runs)\n`,
    );
  }
}

await ab('local', (dist) => oneColdStart(undefined, dist));
const emulator = await startEmulator({ repo: 'acme/mentions' });
try {
  await oneColdStart(emulator, a);
  await oneColdStart(emulator, b);
  await ab('with token', (dist) => oneColdStart(emulator, dist));
} finally {
  await emulator.close();
}
