/**
 * npm run train [-- --data DIR] [--file F.jsonl …] [--target DOMAIN] [--out FILE] [--created YYYY-MM-DD]
 *
 * Trains the embedded classifier and writes src/classify/model.json. By default it learns from
 * the development data: complaints.jsonl and airline-dev.jsonl in --data (default
 * ../shared/data/mentions-dev next to the repository, or $EARSHOT_TRAINING_DATA), and the review
 * and developer-comment training sets the repository ships in data/training/ (data.ts TRAINING_FILES;
 * a file of the same name in --data wins).
 * The sentiment lexicon (AFINN-165 + VADER) is extracted from the devDependencies `sentiment` and
 * `vader-sentiment` and embedded in the model file. With one or more --file options it learns from
 * those JSONL files of `{"text", "label"}` instead (labels: complaint, not_complaint, compliment,
 * neutral, question), each file a domain named after it; --target picks the domain the model is
 * exported for (default `*`: the weights all domains share, for text from any domain).
 * Deterministic: the same data and options give the same weights. The header's `created` date
 * comes from --created, else $SOURCE_DATE_EPOCH, else today (UTC).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultDataDir, loadTrainingData, MODEL_NOTICE, ownFileSpec } from '../src/classify/data.js';
import { buildLexicon, LEXICON_TERMS } from '../src/classify/lexicon-source.js';
import {
  buildModelFile,
  DEFAULT_TRAIN_OPTIONS,
  type TrainOptions,
  trainWeights,
} from '../src/classify/train.js';

function options(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg !== name) return;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    values.push(value);
  });
  return values;
}

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
  const ownFiles = options(args, '--file');
  const data = ownFiles.length
    ? loadTrainingData(
        process.cwd(),
        ownFiles.map((f) => ownFileSpec(resolve(f))),
      )
    : loadTrainingData(dataDir);
  for (const p of data.provenance) {
    process.stderr.write(
      `data ${p.file}: ${p.rows} rows ${JSON.stringify(p.labels)} sha256 ${p.sha256.slice(0, 12)}…\n`,
    );
  }
  const target = option(args, '--target');
  const lexicon = buildLexicon();
  process.stderr.write(`lexicon: ${lexicon.size} tokens (AFINN-165 + VADER)\n`);
  // The mixture's groups name the shipped training domains: your own files are one view.
  const { mixture, ...recipe } = DEFAULT_TRAIN_OPTIONS;
  const base: TrainOptions = ownFiles.length || !mixture ? recipe : { ...recipe, mixture };
  const trainOptions: TrainOptions = target
    ? { ...base, targetDomain: target, lexicon }
    : { ...base, lexicon };
  const started = performance.now();
  const trained = trainWeights(data.domains, trainOptions);
  process.stderr.write(
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(trained.stats)}\n`,
  );
  const file = buildModelFile({
    trained,
    options: trainOptions,
    data: data.provenance,
    terms: [...data.terms, LEXICON_TERMS],
    created: createdDate(args),
    notice: ownFiles.length
      ? `Trained on supplied data (${data.provenance.map((p) => p.file).join(', ')}); its terms are those of its owner.`
      : MODEL_NOTICE,
  });
  const json = `${JSON.stringify(file)}\n`;
  writeFileSync(out, json);
  const gzipped = gzipSync(json, { level: 9 }).length;
  process.stderr.write(
    `wrote ${out}: ${Buffer.byteLength(json).toLocaleString('en-US')} bytes, ${gzipped.toLocaleString('en-US')} gzipped\n`,
  );
}

main();
