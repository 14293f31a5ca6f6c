/**
 * `earshot eval --data F.jsonl [--json] [--cv K] [--llm]`: scores the embedded classifier (or, with
 * --llm, the config's `classify.llm` classifier) on a JSONL of `{"text", "label"}`, or, with --cv,
 * cross-validates the training recipe on it.
 *
 * Cross-validation trains each fold on the file's other folds plus, when the development data
 * is found (see defaultDataDir), the same data the shipped model learns from, minus every row
 * that also occurs in the evaluated file (same id, or same normalized text). That measures what
 * retraining on your data would give. Set EARSHOT_TRAINING_DATA=none to train on the file alone.
 */
import { existsSync } from 'node:fs';
import { loadEmbeddedClassifier } from './classifier.js';
import { defaultDataDir, loadTrainingData, readLabeledJsonl } from './data.js';
import { crossValidate, type EvalReport, evaluate, formatEvalReport } from './evaluate.js';
import { normalizeText } from './text.js';
import type { LabeledText, TrainingDomain } from './train.js';
import type { Classifier } from './types.js';

export interface EvalCommandArgs {
  data: string;
  json: boolean;
  cv?: number;
  /** Score this classifier instead of the embedded model (e.g. the LLM classifier, `--llm`). */
  classifier?: Classifier;
}

/** The stable JSON shape of `earshot eval --json`. */
export function evalReportJson(report: EvalReport): Record<string, unknown> {
  const perClass: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
  for (const c of report.classes) {
    const m = report.perClass[c];
    if (m) perClass[c] = { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support };
  }
  return {
    n: report.n,
    macroF1: report.macroF1,
    accuracy: report.accuracy,
    perClass,
    confusion: report.confusion,
    itemsPerSecond: report.itemsPerSecond,
    ...(report.crossValidation ? { crossValidation: report.crossValidation } : {}),
  };
}

/** The development data minus anything that also occurs in `rows`, or none when it is absent. */
export function auxiliaryTrainingData(rows: readonly LabeledText[]): TrainingDomain[] {
  if (process.env.EARSHOT_TRAINING_DATA === 'none') return [];
  const dir = defaultDataDir();
  if (!existsSync(dir)) return [];
  const ids = new Set(rows.flatMap((r) => (r.id ? [r.id] : [])));
  const texts = new Set(rows.map((r) => normalizeText(r.text)));
  return loadTrainingData(dir)
    .domains.map((d) => ({
      name: d.name,
      rows: d.rows.filter((r) => !(r.id && ids.has(r.id)) && !texts.has(normalizeText(r.text))),
    }))
    .filter((d) => d.rows.length > 0);
}

export async function runEvalCommand(args: EvalCommandArgs, out: (s: string) => void): Promise<EvalReport> {
  const rows = readLabeledJsonl(args.data);
  if (rows.length === 0) throw new Error(`${args.data}: no rows`);
  let report: EvalReport;
  if (args.cv !== undefined) {
    if (!Number.isInteger(args.cv) || args.cv < 2 || args.cv > rows.length) {
      throw new Error(`--cv needs an integer between 2 and ${rows.length}, got ${args.cv}`);
    }
    report = crossValidate(rows, args.cv, { name: 'data', auxiliary: auxiliaryTrainingData(rows) });
  } else {
    report = await evaluate(args.classifier ?? loadEmbeddedClassifier(), rows);
  }
  out(args.json ? JSON.stringify(evalReportJson(report)) : formatEvalReport(report));
  const note = args.classifier?.report?.();
  if (note && !args.json) out(`classifier: ${note}`);
  return report;
}
