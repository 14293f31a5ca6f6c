/**
 * Classifier figures for `npm run bench`, the embedded model in this process (tsx, not the bundle):
 *  classify.itemsPerSecond      mentions classified per second on one core, the complaints and
 *                               airline texts of data/ (the hand-labeled set without them), warmed
 *                               up; the median of 5 passes
 *  classify.loadMs / loadMsWarm JSON parse + validate + decode + build of model.json: the first time
 *                               in this process, and the median of the next 4
 *  classify.modelBytes(Gzip)    model.json's size, raw and gzipped at level 9
 *  classify.question* / handLabeled*  the question detector's P/R/F1 and the whole classifier's
 *                               macro-F1 and accuracy on data/questions/questions-labeled.jsonl
 *  classify.domain.<set>.*      macro-F1 of the shipped model, AFINN and VADER on each cross-domain
 *                               development set (dev-sets.ts), margin = model − the better list;
 *                               classify.domainMeanMacroF1, classify.domainMinMargin, and
 *                               classify.devItemsPerSecond (median of 5 passes over those texts)
 *  and (behind a flag, minutes of CPU) the cross-validated macro-F1 on the tweets, as shipped.
 *
 *   npx tsx bench/classify.ts [--cv]        (or EARSHOT_BENCH_CV=1)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { classifyText } from '../src/classify/classifier.js';
import { defaultDataDir, loadTrainingData } from '../src/classify/data.js';
import { availableDevSets } from '../src/classify/dev-sets.js';
import { domainsReport } from '../src/classify/domains-command.js';
import { crossValidationPlan } from '../src/classify/eval-command.js';
import { crossValidate, scorePredictions } from '../src/classify/evaluate.js';
import { loadTimes, modelBytes, throughput } from '../src/classify/model-figures.js';
import { detectQuestion } from '../src/classify/questions.js';

const ROOT = join(import.meta.dirname, '..');
const MODEL_PATH = join(ROOT, 'src/classify/model.json');
const QUESTIONS_PATH = join(ROOT, 'data/questions/questions-labeled.jsonl');

interface HandLabeled {
  text: string;
  label: 'question' | 'not_question';
  category: 'complaint' | 'compliment' | 'neutral';
}

function questionFigures(rows: readonly HandLabeled[]): Record<string, number> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const predicted = detectQuestion(r.text).isQuestion;
    const actual = r.label === 'question';
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  // The whole classifier against the hand labels, four categories with the documented
  // precedence: a question that is not a complaint is `question`.
  const truth = rows.map((r) =>
    r.label === 'question' && r.category !== 'complaint' ? 'question' : r.category,
  );
  const predicted = rows.map((r) => classifyText(r.text).category);
  const four = scorePredictions(truth, predicted, ['complaint', 'compliment', 'question', 'neutral']);
  return {
    'classify.questionPrecision': precision,
    'classify.questionRecall': recall,
    'classify.questionF1': (2 * precision * recall) / (precision + recall),
    'classify.handLabeledMacroF1': four.macroF1,
    'classify.handLabeledAccuracy': four.accuracy,
  };
}

export async function benchClassify(options: { cv?: boolean } = {}): Promise<Record<string, number>> {
  const raw = readFileSync(MODEL_PATH, 'utf8');
  const handLabeled = readFileSync(QUESTIONS_PATH, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as HandLabeled);
  const load = loadTimes(raw);
  const size = modelBytes(raw);
  const figures: Record<string, number> = {
    'classify.modelBytes': size.bytes,
    'classify.modelBytesGzip': size.gzip,
    'classify.loadMs': load.cold,
    'classify.loadMsWarm': load.warm,
    ...questionFigures(handLabeled),
  };

  const dir = defaultDataDir();
  let data: ReturnType<typeof loadTrainingData> | undefined;
  try {
    data = loadTrainingData(dir);
  } catch {
    data = undefined;
  }
  const tweets = data?.domains.filter((d) => d.name === 'complaints' || d.name === 'airline');
  const texts = tweets?.length
    ? tweets.flatMap((d) => d.rows.map((r) => r.text))
    : handLabeled.map((r) => r.text);
  figures['classify.itemsPerSecond'] = throughput(classifyText, texts);

  // Across domains: the shipped model and the two word lists on each development set.
  if (availableDevSets().length > 0) {
    const report = await domainsReport();
    for (const d of report.domains) {
      figures[`classify.domain.${d.domain}.macroF1`] = d.model;
      if (d.afinn !== undefined) figures[`classify.domain.${d.domain}.afinnMacroF1`] = d.afinn;
      if (d.vader !== undefined) figures[`classify.domain.${d.domain}.vaderMacroF1`] = d.vader;
      if (d.margin !== undefined) figures[`classify.domain.${d.domain}.margin`] = d.margin;
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    figures['classify.domainMeanMacroF1'] = mean(report.domains.map((d) => d.model));
    if (report.baselines) {
      figures['classify.domainMinMargin'] = Math.min(...report.domains.map((d) => d.margin as number));
    }
    figures['classify.devItemsPerSecond'] = report.cost.itemsPerSecond;
  }

  const cv = options.cv ?? (process.env.EARSHOT_BENCH_CV === '1' || process.argv.includes('--cv'));
  if (cv && data) {
    // As shipped: every fold trains on all the training domains (the evaluated file's folds in its
    // place) with the shipped lexicon, and takes the shipped (shared) view.
    const complaints = data.domains.find((d) => d.name === 'complaints');
    const airline = data.domains.find((d) => d.name === 'airline');
    if (complaints && airline) {
      const c = crossValidate(complaints.rows, 10, crossValidationPlan(complaints.rows));
      figures['classify.complaintsMacroF1Cv10'] = c.macroF1;
      const a = crossValidate(airline.rows, 10, crossValidationPlan(airline.rows));
      figures['classify.airlineMacroF1Cv'] = a.macroF1;
    }
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchClassify().then(
    (figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
