import { describe, expect, it } from 'vitest';
import {
  classesOf,
  crossValidate,
  decideAmong,
  evaluate,
  formatEvalReport,
  scorePredictions,
  UNMAPPED,
} from '../../../src/classify/evaluate.js';
import type { ScoredClassification } from '../../../src/classify/predictor.js';
import { stratifiedFolds } from '../../../src/classify/random.js';
import type { Classification, Classifier } from '../../../src/classify/types.js';
import { readFixtureRows, TINY_TRAIN_OPTIONS } from './helpers.js';

describe('scorePredictions', () => {
  // Worked by hand:
  //              predicted: complaint compliment neutral   support
  //   complaint                  4         0        1          5
  //   compliment                 1         1        1          3
  //   neutral                    0         0        2          2
  // complaint:  P = 4/5 = 0.8,  R = 4/5 = 0.8,   F1 = 0.8
  // compliment: P = 1/1 = 1,    R = 1/3,         F1 = 2·1·⅓/(1+⅓) = 0.5
  // neutral:    P = 2/4 = 0.5,  R = 2/2 = 1,     F1 = 2·0.5·1/1.5 = ⅔
  // macro-F1 = (0.8 + 0.5 + ⅔)/3 = 0.65556; accuracy = 7/10
  const truth = [
    'complaint',
    'complaint',
    'complaint',
    'complaint',
    'complaint',
    'compliment',
    'compliment',
    'compliment',
    'neutral',
    'neutral',
  ];
  const predicted = [
    'complaint',
    'complaint',
    'complaint',
    'complaint',
    'neutral',
    'compliment',
    'neutral',
    'complaint',
    'neutral',
    'neutral',
  ];
  const report = scorePredictions(truth, predicted, ['complaint', 'compliment', 'neutral']);

  it('builds the confusion matrix', () => {
    expect(report.confusion).toEqual({
      complaint: { complaint: 4, compliment: 0, neutral: 1 },
      compliment: { complaint: 1, compliment: 1, neutral: 1 },
      neutral: { complaint: 0, compliment: 0, neutral: 2 },
    });
  });

  it('computes per-class precision, recall and F1', () => {
    expect(report.perClass.complaint).toMatchObject({ precision: 0.8, recall: 0.8, support: 5 });
    expect(report.perClass.complaint?.f1).toBeCloseTo(0.8, 10);
    expect(report.perClass.compliment?.precision).toBe(1);
    expect(report.perClass.compliment?.recall).toBeCloseTo(1 / 3, 10);
    expect(report.perClass.compliment?.f1).toBeCloseTo(0.5, 10);
    expect(report.perClass.neutral?.precision).toBe(0.5);
    expect(report.perClass.neutral?.recall).toBe(1);
    expect(report.perClass.neutral?.f1).toBeCloseTo(2 / 3, 10);
  });

  it('computes macro-F1 and accuracy', () => {
    expect(report.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
    expect(report.accuracy).toBeCloseTo(0.7, 10);
    expect(report.n).toBe(10);
  });

  it('counts a never-predicted class as precision 0 and adds an (other) column when needed', () => {
    const r = scorePredictions(['complaint', 'neutral'], ['complaint', 'question'], ['complaint', 'neutral']);
    expect(r.perClass.neutral).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(r.confusion.neutral).toEqual({ complaint: 0, neutral: 0, [UNMAPPED]: 1 });
  });
});

const scored = (scores: ScoredClassification['scores'], c: Classification): ScoredClassification => ({
  ...c,
  scores,
});

describe('decideAmong', () => {
  it('scores not_<class> as every class but that one', () => {
    const classes = ['complaint', 'not_complaint'];
    expect(decideAmong(classes, { category: 'compliment', confidence: 0.9 })).toBe('not_complaint');
    expect(decideAmong(classes, { category: 'question', confidence: 0.9 })).toBe('not_complaint');
    expect(decideAmong(classes, { category: 'complaint', confidence: 0.6 })).toBe('complaint');
  });

  it('uses the scores when the classifier gives them: P(complaint) against the rest', () => {
    const c = scored(
      { complaint: 0.45, compliment: 0.05, neutral: 0.5, question: 0.9 },
      { category: 'question', confidence: 0.5 },
    );
    expect(decideAmong(['complaint', 'not_complaint'], c)).toBe('not_complaint');
    const d = scored(
      { complaint: 0.55, compliment: 0.05, neutral: 0.4, question: 0.9 },
      { category: 'complaint', confidence: 0.55, secondary: 'question' },
    );
    expect(decideAmong(['complaint', 'not_complaint'], d)).toBe('complaint');
  });

  it('decides among complaint/compliment/neutral when question is not scored', () => {
    const c = scored(
      { complaint: 0.2, compliment: 0.5, neutral: 0.3, question: 0.8 },
      { category: 'question', confidence: 0.64, secondary: 'compliment' },
    );
    expect(decideAmong(['complaint', 'compliment', 'neutral'], c)).toBe('compliment');
  });

  it('counts a complaint phrased as a question as a question in a question/not_question set', () => {
    const c = scored(
      { complaint: 0.8, compliment: 0.1, neutral: 0.1, question: 0.9 },
      { category: 'complaint', confidence: 0.8, secondary: 'question' },
    );
    expect(decideAmong(['question', 'not_question'], c)).toBe('question');
    expect(decideAmong(['question', 'not_question'], { category: 'complaint', confidence: 0.8 })).toBe(
      'not_question',
    );
  });

  it('maps an answer outside the scored classes to (other) when nothing else fits', () => {
    expect(
      decideAmong(['complaint', 'compliment', 'neutral'], { category: 'question', confidence: 0.7 }),
    ).toBe(UNMAPPED);
  });
});

describe('classesOf', () => {
  it('lists present labels, categories first and each not_ after its class', () => {
    expect(classesOf([{ label: 'not_complaint' }, { label: 'complaint' }])).toEqual([
      'complaint',
      'not_complaint',
    ]);
    expect(classesOf([{ label: 'neutral' }, { label: 'compliment' }, { label: 'complaint' }])).toEqual([
      'complaint',
      'compliment',
      'neutral',
    ]);
  });
});

describe('stratifiedFolds', () => {
  it('is seeded, covers every fold and keeps the label mix', () => {
    const labels = [...Array(30).fill('a'), ...Array(10).fill('b')] as string[];
    const folds = stratifiedFolds(labels, 5, 1);
    expect(stratifiedFolds(labels, 5, 1)).toEqual(folds);
    expect(stratifiedFolds(labels, 5, 2)).not.toEqual(folds);
    for (let f = 0; f < 5; f++) {
      expect(folds.filter((x, i) => x === f && labels[i] === 'a')).toHaveLength(6);
      expect(folds.filter((x, i) => x === f && labels[i] === 'b')).toHaveLength(2);
    }
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow(/k >= 2/);
  });
});

describe('evaluate', () => {
  it('scores any Classifier and reports its throughput', async () => {
    const fake: Classifier = {
      name: 'fake',
      classify: async (texts) =>
        texts.map((t) => ({ category: t.includes('bad') ? 'complaint' : 'neutral', confidence: 1 }) as const),
    };
    const report = await evaluate(fake, [
      { text: 'bad service', label: 'complaint' },
      { text: 'bad day but fine', label: 'not_complaint' },
      { text: 'hello', label: 'not_complaint' },
    ]);
    expect(report.confusion).toEqual({
      complaint: { complaint: 1, not_complaint: 0 },
      not_complaint: { complaint: 1, not_complaint: 1 },
    });
    expect(report.itemsPerSecond).toBeGreaterThan(0);
    expect(formatEvalReport(report)).toContain('not_complaint');
  });
});

describe('crossValidate', () => {
  it('trains on K-1 folds and scores every row once (tiny complaint set)', () => {
    const rows = readFixtureRows('tiny-complaints.jsonl');
    const report = crossValidate(rows, 3, { seed: 5, train: TINY_TRAIN_OPTIONS });
    expect(report.n).toBe(rows.length);
    const total = Object.values(report.confusion).reduce(
      (sum, row) => sum + Object.values(row).reduce((a, b) => a + b, 0),
      0,
    );
    expect(total).toBe(rows.length);
    expect(report.classes).toEqual(['complaint', 'not_complaint']);
    expect(report.crossValidation).toEqual({ k: 3, seed: 5, auxiliary: [], domain: 'data', view: 'data' });
    // Far better than chance on clearly worded sentences.
    expect(report.macroF1).toBeGreaterThan(0.6);
    expect(crossValidate(rows, 3, { seed: 5, train: TINY_TRAIN_OPTIONS })).toMatchObject({
      macroF1: report.macroF1,
      confusion: report.confusion,
    });
  });

  it('places the data among the auxiliary domains and takes the view asked for (default: the first domain)', () => {
    const rows = readFixtureRows('tiny-3class.jsonl');
    const brands = { name: 'brands', rows: readFixtureRows('tiny-complaints.jsonl') };
    const first = crossValidate(rows, 3, { seed: 3, train: TINY_TRAIN_OPTIONS, auxiliary: [brands] });
    expect(first.crossValidation).toMatchObject({ domain: 'data', view: 'data' });
    const shipped = crossValidate(rows, 3, {
      seed: 3,
      train: TINY_TRAIN_OPTIONS,
      auxiliary: [brands],
      position: 1,
    });
    expect(shipped.crossValidation).toMatchObject({ domain: 'data', view: 'brands' });
    expect(formatEvalReport(shipped)).toContain('each fold retrains the model');
    expect(formatEvalReport(first)).toContain("the evaluated data's own per-domain view");
    expect(() =>
      crossValidate(rows, 3, { train: TINY_TRAIN_OPTIONS, auxiliary: [brands], view: 'nope' }),
    ).toThrow(/view "nope"/);
    expect(() =>
      crossValidate(rows, 3, { train: TINY_TRAIN_OPTIONS, auxiliary: [brands], position: 2 }),
    ).toThrow(/position/);
  });

  it('scores three classes with the tone head', () => {
    const rows = readFixtureRows('tiny-3class.jsonl');
    const report = crossValidate(rows, 5, { seed: 3, train: TINY_TRAIN_OPTIONS });
    expect(report.classes).toEqual(['complaint', 'compliment', 'neutral']);
    expect(report.macroF1).toBeGreaterThan(0.5);
  });
});
