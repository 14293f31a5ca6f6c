/**
 * `earshot eval --domains [--data DIR] [--json]`: the shipped model on each cross-domain
 * development set (dev-sets.ts) against the AFINN and VADER word lists (when their packages are
 * installed), then the model's size, load time and speed.
 */
import { loadBaselines } from './baselines.js';
import { classifyText, embeddedModelJson } from './classifier.js';
import { readLabeledJsonl } from './data.js';
import { availableDevSets, defaultDevSetDir } from './dev-sets.js';
import { type DomainFigures, formatDomainTable, scoreDomain } from './domain-eval.js';
import { loadTimes, modelBytes, throughput } from './model-figures.js';

export interface ModelCost {
  modelBytes: number;
  modelBytesGzip: number;
  loadMs: number;
  loadMsWarm: number;
  /** Median of 5 passes over the development texts. */
  itemsPerSecond: number;
}

export interface DomainsReport {
  dir: string;
  domains: DomainFigures[];
  baselines: boolean;
  cost: ModelCost;
}

export async function domainsReport(dir = defaultDevSetDir()): Promise<DomainsReport> {
  const sets = availableDevSets(dir);
  if (sets.length === 0)
    throw new Error(`no development sets in ${dir} (set --data DIR or EARSHOT_DEV_SETS)`);
  const baselines = await loadBaselines();
  const read = sets.map(({ spec, path }) => ({ spec, rows: readLabeledJsonl(path) }));
  const domains = read.map(({ spec, rows }) => scoreDomain(spec, rows, classifyText, baselines));
  const raw = embeddedModelJson();
  const size = modelBytes(raw);
  const load = loadTimes(raw);
  const texts = read.flatMap(({ rows }) => rows.map((r) => r.text));
  return {
    dir,
    domains,
    baselines: baselines !== undefined,
    cost: {
      modelBytes: size.bytes,
      modelBytesGzip: size.gzip,
      loadMs: load.cold,
      loadMsWarm: load.warm,
      itemsPerSecond: throughput(classifyText, texts),
    },
  };
}

export function formatDomainsReport(report: DomainsReport): string {
  const { cost } = report;
  return [
    `macro-F1 (complaint / compliment / neutral) on the development sets in ${report.dir}`,
    report.baselines
      ? ''
      : '(AFINN and VADER columns need the devDependencies `sentiment` and `vader-sentiment`)',
    formatDomainTable(report.domains),
    '',
    `model: ${cost.modelBytes.toLocaleString('en-US')} bytes, ${cost.modelBytesGzip.toLocaleString('en-US')} gzipped; load ${cost.loadMs.toFixed(1)} ms cold, ${cost.loadMsWarm.toFixed(1)} ms warm; ${Math.round(cost.itemsPerSecond).toLocaleString('en-US')} items/s (median of 5 passes, one core)`,
  ]
    .filter((line, i) => i !== 1 || line)
    .join('\n');
}

export async function runDomainsCommand(
  args: { dir?: string | undefined; json: boolean },
  out: (s: string) => void,
): Promise<DomainsReport> {
  const report = await domainsReport(args.dir);
  out(args.json ? JSON.stringify(report) : formatDomainsReport(report));
  return report;
}
