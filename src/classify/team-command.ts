/**
 * `earshot train --from-issues` and `earshot eval --from-issues`: learning from the team.
 *
 * train: the shipped training data (unless EARSHOT_TRAINING_DATA=none) plus the team's labels as
 * one more domain, `team`, which the exported model is targeted at (feature augmentation: the
 * shared weights learn from everything, the team's own copy adapts them to the company's domain).
 * eval: how often the classifier agrees with the team — the categories issues were filed with, and
 * the current model (embedded, or classify.model) on the same mentions.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigError } from '../errors.js';
import { createModelClassifier, shippedLexicon } from './classifier.js';
import { defaultDataDir, type LoadedTrainingData, loadTrainingData, MODEL_NOTICE } from './data.js';
import { evalReportJson } from './eval-command.js';
import { type EvalReport, evaluate, formatEvalReport } from './evaluate.js';
import { decodeModelFile, type ModelFile } from './model-file.js';
import { agreementOf, type TeamLabel } from './team-labels.js';
import type { TeamLabelSource } from './team-source.js';
import { buildModelFile, DEFAULT_TRAIN_OPTIONS, type LabeledText, trainWeights } from './train.js';
import type { Classifier } from './types.js';

/** Corrections needed before `train --from-issues` writes a model (without --force). */
export const MIN_CORRECTIONS = 20;

export const TEAM_DOMAIN = 'team';

export function teamRows(labels: readonly TeamLabel[]): LabeledText[] {
  return labels.map((l) => ({ text: l.text, label: l.team, id: `issue-${l.number}` }));
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

/** The shipped data, or none (EARSHOT_TRAINING_DATA=none), or a clear error when it is missing. */
function shippedData(dataDir: string | undefined): LoadedTrainingData {
  if (!dataDir && process.env.EARSHOT_TRAINING_DATA === 'none')
    return { domains: [], provenance: [], terms: [] };
  const dir = dataDir ?? defaultDataDir();
  if (!existsSync(dir))
    throw new ConfigError(
      `the shipped training data is not at ${dir}: pass --data DIR, or set EARSHOT_TRAINING_DATA=none to train on the team's labels alone`,
    );
  return loadTrainingData(dir);
}

export interface TeamTrainArgs {
  source: TeamLabelSource;
  out: string;
  dataDir?: string | undefined;
  force: boolean;
  created: string;
  log: (s: string) => void;
}

export interface TeamTrainResult {
  labels: number;
  corrections: number;
  perLabel: Record<string, number>;
  out: string;
  bytes: number;
  bytesGzip: number;
  /** On the team's own rows (training fit, not a held-out score). */
  fitAgreement: number;
  filedAgreement: number;
  apiCalls: number;
}

export async function runTeamTrain(args: TeamTrainArgs): Promise<TeamTrainResult> {
  const read = await args.source.read();
  const { corrections } = read;
  args.log(
    `${args.source.where}: ${read.issues} Earshot issue(s) read in ${read.calls} call(s); ${read.labels.length} team label(s): ${corrections} correction(s), ${read.labels.length - corrections} confirmed by closing`,
  );
  if (corrections < MIN_CORRECTIONS && !args.force)
    throw new ConfigError(
      `only ${corrections} correction(s) so far (at least ${MIN_CORRECTIONS} are needed to move the model; --force trains anyway)`,
    );
  if (read.labels.length === 0) throw new ConfigError('no team labels to train on');
  const rows = teamRows(read.labels);
  const shipped = shippedData(args.dataDir);
  const domains = [...shipped.domains, { name: TEAM_DOMAIN, rows }];
  const lexicon = shippedLexicon();
  const options = { ...DEFAULT_TRAIN_OPTIONS, targetDomain: TEAM_DOMAIN, ...(lexicon ? { lexicon } : {}) };
  args.log(`training on ${domains.map((d) => `${d.name} (${d.rows.length})`).join(', ')} …`);
  const started = performance.now();
  const trained = trainWeights(domains, options);
  args.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const perLabel = countBy(rows, (r) => r.label);
  const teamContent = rows.map((r) => JSON.stringify(r)).join('\n');
  const file: ModelFile = buildModelFile({
    trained,
    options,
    data: [
      ...shipped.provenance,
      {
        file: `issues of ${args.source.where}`,
        sha256: createHash('sha256').update(teamContent).digest('hex'),
        rows: rows.length,
        labels: perLabel,
        domain: TEAM_DOMAIN,
      },
    ],
    terms: [
      ...shipped.terms,
      {
        data: `issues of ${args.source.where}`,
        source: "the team's corrections and confirmations on Earshot's mention issues",
        license: "the team's own",
        terms: 'Mentions are public posts; the labels are the team’s.',
      },
    ],
    created: args.created,
    notice:
      shipped.domains.length > 0
        ? `${MODEL_NOTICE} Adapted to ${args.source.where} with ${rows.length} team label(s).`
        : `Trained on the team's labels from ${args.source.where} alone; its terms are the team's.`,
  });
  const json = `${JSON.stringify(file)}\n`;
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, json);
  const model = createModelClassifier(decodeModelFile(file), 'team');
  const fit = await model.classify(rows.map((r) => r.text));
  const fitAgreement = rows.length
    ? fit.filter((c, i) => c.category === rows[i]?.label).length / rows.length
    : 0;
  const result: TeamTrainResult = {
    labels: rows.length,
    corrections,
    perLabel,
    out: args.out,
    bytes: Buffer.byteLength(json),
    bytesGzip: gzipSync(json).length,
    fitAgreement,
    filedAgreement: agreementOf(read.labels).rate,
    apiCalls: read.calls,
  };
  args.log(
    `wrote ${args.out}: ${result.bytes.toLocaleString('en-US')} bytes (${result.bytesGzip.toLocaleString('en-US')} gzipped); team labels ${JSON.stringify(perLabel)}; ` +
      `agreement with the team: ${pct(result.filedAgreement)} as filed, ${pct(fitAgreement)} for the new model on the same rows (it trained on them: measure it on new corrections with \`earshot eval --from-issues\`). ` +
      'Set classify.model to this file in earshot.yml and commit both.',
  );
  return result;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export interface TeamEvalArgs {
  source: TeamLabelSource;
  classifier: Classifier;
  json: boolean;
  out: (s: string) => void;
}

export interface TeamEvalResult {
  filed: { n: number; agreed: number; rate: number };
  current: EvalReport;
  corrections: number;
  apiCalls: number;
}

export async function runTeamEval(args: TeamEvalArgs): Promise<TeamEvalResult> {
  const read = await args.source.read();
  if (read.labels.length === 0)
    throw new ConfigError(
      `${args.source.where}: no team labels yet (${read.issues} Earshot issue(s); none reclassified, none closed)`,
    );
  const rows = teamRows(read.labels);
  const current = await evaluate(args.classifier, rows);
  const filed = agreementOf(read.labels);
  const { corrections } = read;
  if (args.json)
    args.out(
      JSON.stringify({
        issues: read.issues,
        teamLabels: read.labels.length,
        corrections,
        apiCalls: read.calls,
        filedAgreement: filed.rate,
        classifier: args.classifier.name,
        current: evalReportJson(current),
      }),
    );
  else
    args.out(
      [
        `${args.source.where}: ${read.issues} Earshot issue(s), ${read.labels.length} team label(s) (${corrections} correction(s), ${read.labels.length - corrections} confirmed by closing), ${read.calls} call(s)`,
        `agreement as filed: ${filed.agreed}/${filed.n} = ${pct(filed.rate)}`,
        `agreement of the current classifier (${args.classifier.name}): ${pct(current.accuracy)}`,
        '',
        formatEvalReport(current),
      ].join('\n'),
    );
  return { filed, current, corrections, apiCalls: read.calls };
}
