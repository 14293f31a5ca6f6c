/**
 * `npm run bench [-- --json] [-- --only area,area]`: figures named `<area>.<figure>`.
 * With --json, one flat JSON object on stdout (DESIGN §8); progress goes to stderr.
 * Speed and memory are measured here, never in timed tests.
 */
import { parseArgs } from 'node:util';

type Bench = () => Promise<Record<string, number>>;

const areas: Record<string, () => Promise<Bench>> = {
  scan: async () => (await import('./scan.js')).benchScan,
  action: async () => (await import('./action.js')).benchAction,
  classify: async () => (await import('./classify.js')).benchClassify,
  github: async () => (await import('./github.js')).benchGithub,
  feeds: async () => (await import('../src/platforms/shared/feed/corpus.js')).benchFeeds,
  sources: async () => (await import('./sources.js')).benchSources,
  respond: async () => (await import('./respond.js')).benchRespond,
  report: async () => (await import('./report.js')).benchReport,
  hardening: async () => (await import('./hardening.js')).benchHardening,
};

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, only: { type: 'string' } },
  allowPositionals: true,
});
const only = values.only?.split(',').map((s) => s.trim());
const figures: Record<string, number> = {};
for (const [name, load] of Object.entries(areas)) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`bench ${name} …\n`);
  const started = performance.now();
  const result = await (await load())();
  Object.assign(figures, result);
  process.stderr.write(`bench ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
else for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k.padEnd(40)} ${v}\n`);
