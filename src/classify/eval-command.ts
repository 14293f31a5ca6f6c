/**
 * `earshot eval --data F.jsonl [--json] [--cv K [--own-domain-view]] [--llm]`: scores the embedded
 * classifier (or, with --llm, the config's `classify.llm` classifier) on a JSONL of
 * `{"text", "label"}`, or, with --cv, cross-validates the training recipe on it.
 *
 * Cross-validation retrains the model for each fold on the file's other folds plus, when the
 * development data is found (see defaultDataDir), the same data the shipped model learns from,
 * minus every row that also occurs in the evaluated file (same id, or same normalized text). Set
 * EARSHOT_TRAINING_DATA=none to train on the file alone.
 *
 * Each fold's model is the shipped one's recipe exactly: when the file is one of the training
 * files, its folds take that file's place (same domain name, same order), and the model takes the
 * view the embedded model ships with (`complaints`: the shared weights plus the complaints copy),
 * whichever file is scored. `--own-domain-view` instead takes the evaluated file's own per-domain
 * weights and bias, which ship only in a model trained with `--target` on that file.
 */
import { existsSync } from 'node:fs';
import { embeddedModelHeader, loadEmbeddedClassifier, shippedLexicon } from './classifier.js';
import { defaultDataDir, loadTrainingData, readLabeledJsonl } from './data.js';
import { crossValidate, type EvalReport, evaluate, formatEvalReport, SHIPPED_VIEW } from './evaluate.js';
import { normalizeText } from './text.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  type LabeledText,
  SHARED_VIEW,
  type TrainingDomain,
  type TrainOptions,
} from './train.js';
import type { Classifier } from './types.js';

export interface EvalCommandArgs {
  data: string;
  json: boolean;
  cv?: number;
  /**
   * With --cv: each fold's model takes the evaluated file's own per-domain view (weights and bias)
   * instead of the view the embedded model ships with. Not what ships unless you retrain with
   * `--target` on this file.
   */
  ownDomainView?: boolean;
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
  return withoutEvaluated(developmentData(), rows);
}

export interface CrossValidationPlan {
  /** The evaluated file's domain: the training file's it replaces, else `data`. */
  name: string;
  auxiliary: TrainingDomain[];
  /** Where the evaluated file goes among `auxiliary`. */
  position: number;
  /** The domain whose view each fold's model takes (SHARED_VIEW: the shared weights alone). */
  view: string;
  /** The shipped recipe, with the shipped model's lexicon. */
  train: TrainOptions;
}

/**
 * How `eval --cv` trains each fold. A development file that the evaluated file holds entirely
 * (every row of it also occurs there) is that file: the evaluated rows take its name and place.
 * Any other file is one more domain, `data`, after the development data. The view is the shipped
 * model's (`complaints`) when that domain is trained on, else the evaluated file's; with
 * `ownDomainView`, always the evaluated file's.
 */
export function crossValidationPlan(
  rows: readonly LabeledText[],
  ownDomainView = false,
): CrossValidationPlan {
  const full = developmentData();
  const auxiliary = withoutEvaluated(full, rows);
  const replaced = full.findIndex((d) => d.rows.length > 0 && !auxiliary.some((a) => a.name === d.name));
  const name = replaced >= 0 ? (full[replaced] as TrainingDomain).name : 'data';
  // Where it stood among the domains that remain (the empty ones are dropped).
  const position =
    replaced >= 0
      ? full.slice(0, replaced).filter((d) => auxiliary.some((a) => a.name === d.name)).length
      : auxiliary.length;
  const names = [name, ...auxiliary.map((d) => d.name)];
  const target = embeddedModelHeader().provenance.training.targetDomain;
  const shipped = typeof target === 'string' ? target : SHIPPED_VIEW;
  const view = !ownDomainView && (shipped === SHARED_VIEW || names.includes(shipped)) ? shipped : name;
  const lexicon = shippedLexicon();
  return {
    name,
    auxiliary,
    position,
    view,
    train: { ...DEFAULT_TRAIN_OPTIONS, ...(lexicon ? { lexicon } : {}) },
  };
}

function developmentData(): TrainingDomain[] {
  if (process.env.EARSHOT_TRAINING_DATA === 'none') return [];
  const dir = defaultDataDir();
  if (!existsSync(dir)) return [];
  return loadTrainingData(dir).domains;
}

function withoutEvaluated(
  domains: readonly TrainingDomain[],
  rows: readonly LabeledText[],
): TrainingDomain[] {
  const ids = new Set(rows.flatMap((r) => (r.id ? [r.id] : [])));
  const texts = new Set(rows.map((r) => normalizeText(r.text)));
  return domains
    .map((d) => ({
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
    report = crossValidate(rows, args.cv, crossValidationPlan(rows, args.ownDomainView ?? false));
  } else {
    report = await evaluate(args.classifier ?? loadEmbeddedClassifier(), rows);
  }
  out(args.json ? JSON.stringify(evalReportJson(report)) : formatEvalReport(report));
  const note = args.classifier?.report?.();
  if (note && !args.json) out(`classifier: ${note}`);
  return report;
}
