/**
 * Evaluation of any Classifier on labeled texts, and K-fold cross-validation of the training
 * recipe.
 *
 * Which classes are scored: exactly the labels present in the data. The model's decision is
 * taken among them: a data set without `question` is scored on the best of complaint /
 * compliment / neutral, and `not_<class>` stands for every class but that one (complaints.jsonl
 * is scored as complaint vs not_complaint). A classifier that exposes its scores (the embedded
 * one) is decided on those; any other is mapped from its category, then its secondary category.
 */
import { CATEGORIES, type Category } from '../mentions/mention.js';
import { roundTripWeights } from './model-file.js';
import { type CategoryScores, hasScores, Predictor } from './predictor.js';
import { stratifiedFolds } from './random.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  type LabeledText,
  SHARED_VIEW,
  type TrainingDomain,
  type TrainOptions,
  trainWeights,
} from './train.js';
import type { Classification, Classifier } from './types.js';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of items whose true label is this class. */
  support: number;
}

export interface EvalReport {
  n: number;
  macroF1: number;
  accuracy: number;
  perClass: Record<string, ClassMetrics>;
  /** confusion[trueLabel][predictedLabel] = count */
  confusion: Record<string, Record<string, number>>;
  itemsPerSecond: number;
  /** The classes scored, in table order. */
  classes: string[];
  /** Present for cross-validation: how it was run. */
  crossValidation?: {
    k: number;
    seed: number;
    /** Extra training data added to every fold's training part (never scored). */
    auxiliary: { name: string; rows: number }[];
    /** The evaluated data's domain name among the training domains. */
    domain: string;
    /**
     * The domain whose view (shared weights plus that domain's own copy and bias) each fold's model
     * takes, as `npm run train --target` would export it. The shipped model takes `complaints`.
     */
    view: string;
  };
}

/** Predicted when a classifier's answer maps to none of the scored classes. */
export const UNMAPPED = '(other)';

const isCategory = (label: string): label is Category => (CATEGORIES as readonly string[]).includes(label);

function negated(label: string): Category | undefined {
  if (!label.startsWith('not_')) return undefined;
  const base = label.slice(4);
  return isCategory(base) ? base : undefined;
}

/** The scored classes: labels present in the rows, categories first in their usual order. */
export function classesOf(rows: readonly { label: string }[]): string[] {
  const present = new Set(rows.map((r) => r.label));
  const order = (label: string) => {
    const base = negated(label) ?? label;
    const i = (CATEGORIES as readonly string[]).indexOf(base);
    return (i < 0 ? CATEGORIES.length : i) * 2 + (label.startsWith('not_') ? 1 : 0);
  };
  return [...present].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

function scoreOf(label: string, scores: CategoryScores): number {
  const base = negated(label);
  if (base === 'question') return 1 - scores.question;
  if (base) return 1 - scores[base];
  return isCategory(label) ? scores[label] : Number.NEGATIVE_INFINITY;
}

/** The model's answer among `classes` (see the module comment). */
export function decideAmong(classes: readonly string[], c: Classification): string {
  const questionScored = classes.some((l) => l === 'question' || l === 'not_question');
  if (hasScores(c) && !questionScored) {
    let best = UNMAPPED;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const label of classes) {
      const s = scoreOf(label, c.scores);
      if (s > bestScore) {
        best = label;
        bestScore = s;
      }
    }
    return best;
  }
  if (classes.includes(c.category)) return c.category;
  if (c.secondary && classes.includes(c.secondary)) return c.secondary;
  const not = classes.find((l) => {
    const base = negated(l);
    return base !== undefined && base !== c.category && base !== c.secondary;
  });
  return not ?? UNMAPPED;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Metrics from true and predicted labels. Precision of a never-predicted class counts as 0. */
export function scorePredictions(
  truth: readonly string[],
  predicted: readonly string[],
  classes: readonly string[],
): Omit<EvalReport, 'itemsPerSecond'> {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const columns = [...classes];
  if (predicted.some((p) => !classes.includes(p))) columns.push(UNMAPPED);
  const confusion: Record<string, Record<string, number>> = {};
  for (const t of classes) confusion[t] = Object.fromEntries(columns.map((p) => [p, 0]));
  truth.forEach((t, i) => {
    const row = confusion[t];
    if (!row) throw new Error(`label "${t}" is not among the scored classes`);
    const p = classes.includes(predicted[i] as string) ? (predicted[i] as string) : UNMAPPED;
    row[p] = (row[p] ?? 0) + 1;
  });
  const perClass: Record<string, ClassMetrics> = {};
  let correct = 0;
  for (const c of classes) {
    const tp = confusion[c]?.[c] ?? 0;
    correct += tp;
    const support = Object.values(confusion[c] ?? {}).reduce((a, b) => a + b, 0);
    const predictedCount = classes.reduce((sum, t) => sum + (confusion[t]?.[c] ?? 0), 0);
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    perClass[c] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  }
  const macroF1 = classes.length
    ? classes.reduce((s, c) => s + (perClass[c]?.f1 ?? 0), 0) / classes.length
    : 0;
  return {
    n: truth.length,
    macroF1,
    accuracy: ratio(correct, truth.length),
    perClass,
    confusion,
    classes: [...classes],
  };
}

/** Classifies every row's text and scores the answers against the labels. */
export async function evaluate(classifier: Classifier, rows: readonly LabeledText[]): Promise<EvalReport> {
  if (rows.length === 0) throw new Error('nothing to evaluate: no rows');
  const classes = classesOf(rows);
  const started = performance.now();
  const answers = await classifier.classify(rows.map((r) => r.text));
  const seconds = (performance.now() - started) / 1000;
  const predicted = answers.map((a) => decideAmong(classes, a));
  const report = scorePredictions(
    rows.map((r) => r.label),
    predicted,
    classes,
  );
  return { ...report, itemsPerSecond: seconds > 0 ? rows.length / seconds : Number.POSITIVE_INFINITY };
}

export interface CrossValidationOptions {
  seed?: number;
  train?: TrainOptions;
  /** Extra training domains added to every fold's training part (never scored). */
  auxiliary?: readonly TrainingDomain[];
  /** Name of the evaluated data's domain among the training domains. */
  name?: string;
  /** Where the evaluated data's domain goes among the auxiliary domains (default 0: first). */
  position?: number;
  /**
   * The domain whose view each fold's model takes (shared weights + that domain's copy and bias).
   * Default: the first training domain, as `npm run train` without `--target` (the shipped model:
   * `complaints`). Naming the evaluated data's domain scores a per-domain view that ships only
   * if you train with `--target` on it.
   */
  view?: string;
  /** Called with each held-out row's answer, for error analysis. */
  onPrediction?: (index: number, predicted: string, classification: Classification) => void;
}

/**
 * Stratified K-fold cross-validation: for each fold, retrains the full recipe from scratch on the
 * other K−1 folds (plus any auxiliary domains), exports the `view` domain's weights and rounds
 * them as the model file would, and classifies the held-out fold. Scores all held-out answers
 * together.
 */
export function crossValidate(
  rows: readonly LabeledText[],
  k: number,
  options: CrossValidationOptions = {},
): EvalReport {
  const seed = options.seed ?? 42;
  const name = options.name ?? 'data';
  const auxiliary = options.auxiliary ?? [];
  const position = options.position ?? 0;
  if (!Number.isInteger(position) || position < 0 || position > auxiliary.length)
    throw new Error(`position ${position} is outside 0..${auxiliary.length}`);
  if (auxiliary.some((d) => d.name === name))
    throw new Error(`auxiliary domain name "${name}" clashes with the data`);
  const domainsWith = (trainRows: readonly LabeledText[]): TrainingDomain[] => [
    ...auxiliary.slice(0, position),
    { name, rows: trainRows },
    ...auxiliary.slice(position),
  ];
  const view = options.view ?? (domainsWith([])[0] as TrainingDomain).name;
  if (view !== SHARED_VIEW && !domainsWith([]).some((d) => d.name === view))
    throw new Error(`view "${view}" is not among the training domains`);
  const trainOptions: TrainOptions = { ...(options.train ?? DEFAULT_TRAIN_OPTIONS), targetDomain: view };
  const classes = classesOf(rows);
  const folds = stratifiedFolds(
    rows.map((r) => r.label),
    k,
    seed,
  );
  const predicted = new Array<string>(rows.length).fill(UNMAPPED);
  let classifySeconds = 0;
  for (let fold = 0; fold < k; fold++) {
    const trainRows = rows.filter((_, i) => folds[i] !== fold);
    const trained = trainWeights(domainsWith(trainRows), trainOptions);
    const predictor = new Predictor(roundTripWeights(trained.weights));
    const started = performance.now();
    rows.forEach((row, i) => {
      if (folds[i] !== fold) return;
      const classification = predictor.classify(row.text);
      predicted[i] = decideAmong(classes, classification);
      options.onPrediction?.(i, predicted[i] as string, classification);
    });
    classifySeconds += (performance.now() - started) / 1000;
  }
  const report = scorePredictions(
    rows.map((r) => r.label),
    predicted,
    classes,
  );
  return {
    ...report,
    itemsPerSecond: classifySeconds > 0 ? rows.length / classifySeconds : Number.POSITIVE_INFINITY,
    crossValidation: {
      k,
      seed,
      auxiliary: auxiliary.map((d) => ({ name: d.name, rows: d.rows.length })),
      domain: name,
      view,
    },
  };
}

const pct = (x: number) => x.toFixed(3);

/**
 * The view the shipped model takes (its header's `targetDomain`): the shared weights, to which the
 * mixture's gate adds each group's own as far as a text reads like it.
 */
export const SHIPPED_VIEW = SHARED_VIEW;

function viewLine(view: string, domain: string): string {
  if (view === SHIPPED_VIEW)
    return 'each fold’s model is built as the embedded model ships: the weights all domains share, plus the views its gate picks for each text (no fixed per-domain view)';
  if (view === domain)
    return `each fold's model takes the evaluated data's own per-domain view (its own weights and bias): what \`--target ${view}\` would ship, not the embedded model`;
  return `each fold's model takes the ${view} view (shared weights + ${view}'s own)`;
}

/** A plain-text table of a report. */
export function formatEvalReport(report: EvalReport): string {
  const width = Math.max(12, ...report.classes.map((c) => c.length + 2));
  const pad = (s: string, w = width) => s.padEnd(w);
  const num = (s: string) => s.padStart(10);
  const lines: string[] = [];
  const cv = report.crossValidation;
  if (cv) {
    const aux = cv.auxiliary.length
      ? `; every fold also trained on ${cv.auxiliary.map((a) => `${a.name} (${a.rows})`).join(', ')}`
      : '';
    lines.push(
      `${cv.k}-fold cross-validation (stratified, seed ${cv.seed}; each fold retrains the model)${aux}`,
    );
    if (cv.auxiliary.length > 0) lines.push(viewLine(cv.view, cv.domain));
  }
  lines.push(
    `n = ${report.n}   macro-F1 = ${pct(report.macroF1)}   accuracy = ${pct(report.accuracy)}   ${Math.round(report.itemsPerSecond).toLocaleString('en-US')} items/s`,
  );
  lines.push('');
  lines.push(pad('class') + num('precision') + num('recall') + num('F1') + num('support'));
  for (const c of report.classes) {
    const m = report.perClass[c];
    if (!m) continue;
    lines.push(pad(c) + num(pct(m.precision)) + num(pct(m.recall)) + num(pct(m.f1)) + num(String(m.support)));
  }
  lines.push('');
  const columns = Object.keys(report.confusion[report.classes[0] ?? ''] ?? {});
  const cw = Math.max(8, ...columns.map((c) => c.length + 2));
  lines.push(`confusion (rows: true label, columns: predicted)`);
  lines.push(pad('') + columns.map((c) => c.padStart(cw)).join(''));
  for (const t of report.classes) {
    lines.push(pad(t) + columns.map((p) => String(report.confusion[t]?.[p] ?? 0).padStart(cw)).join(''));
  }
  return lines.join('\n');
}
