/**
 * npm run train [-- --data DIR] [--out FILE] [--created YYYY-MM-DD]
 *
 * Trains the embedded classifier on the development data (default ../shared/data/mentions-dev
 * next to the repository, or $EARSHOT_TRAINING_DATA) and writes src/classify/model.json.
 * Deterministic: the same data and options give the same weights. The header's `created` date
 * comes from --created, else $SOURCE_DATE_EPOCH, else today (UTC).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultDataDir, loadTrainingData, MODEL_NOTICE } from '../src/classify/data.js';
import { buildModelFile, DEFAULT_TRAIN_OPTIONS, trainWeights } from '../src/classify/train.js';

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

function createdDate(args: readonly string[]): string {
  const given = option(args, '--created');
  if (given) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(given)) throw new Error('--created must be YYYY-MM-DD');
    return given;
  }
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const date = epoch ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}

function main(): void {
  const args = process.argv.slice(2);
  const dataDir = resolve(option(args, '--data') ?? defaultDataDir());
  const out = resolve(option(args, '--out') ?? join(import.meta.dirname, '../src/classify/model.json'));
  const data = loadTrainingData(dataDir);
  for (const p of data.provenance) {
    process.stderr.write(
      `data ${p.file}: ${p.rows} rows ${JSON.stringify(p.labels)} sha256 ${p.sha256.slice(0, 12)}…\n`,
    );
  }
  const options = DEFAULT_TRAIN_OPTIONS;
  const started = performance.now();
  const trained = trainWeights(data.domains, options);
  process.stderr.write(
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(trained.stats)}\n`,
  );
  const file = buildModelFile({
    trained,
    options,
    data: data.provenance,
    terms: data.terms,
    created: createdDate(args),
    notice: MODEL_NOTICE,
  });
  const json = `${JSON.stringify(file)}\n`;
  writeFileSync(out, json);
  const gzipped = gzipSync(json, { level: 9 }).length;
  process.stderr.write(
    `wrote ${out}: ${json.length.toLocaleString('en-US')} bytes, ${gzipped.toLocaleString('en-US')} gzipped\n`,
  );
}

main();
