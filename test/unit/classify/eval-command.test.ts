import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedModelHeader } from '../../../src/classify/classifier.js';
import { readLabeledJsonl } from '../../../src/classify/data.js';
import {
  auxiliaryTrainingData,
  crossValidationPlan,
  runEvalCommand,
} from '../../../src/classify/eval-command.js';
import { SHIPPED_VIEW } from '../../../src/classify/evaluate.js';
import { FIXTURES } from './helpers.js';

const REVIEW_DOMAINS = ['finefood', 'uci-sentences', 'premo'];

/**
 * A small copy of the training data in `root/mentions-dev` (returned): the tweets, and three rows
 * for each set that data/training holds (a file in the data directory wins over the repository's).
 */
function writeDevelopmentData(root: string): string {
  const dir = join(root, 'mentions-dev');
  const reviews = dir;
  mkdirSync(dir);
  copyFileSync(join(FIXTURES, 'tiny-complaints.jsonl'), join(dir, 'complaints.jsonl'));
  copyFileSync(join(FIXTURES, 'tiny-3class.jsonl'), join(dir, 'airline-dev.jsonl'));
  for (const name of REVIEW_DOMAINS) {
    const rows = [
      { text: `${name}: works great, love it`, label: 'compliment' },
      { text: `${name}: broken again, the worst`, label: 'complaint' },
      { text: `${name}: it has two buttons`, label: 'neutral' },
    ];
    writeFileSync(join(reviews, `${name}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n'));
  }
  return dir;
}

describe('runEvalCommand', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.EARSHOT_TRAINING_DATA;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.EARSHOT_TRAINING_DATA;
    else process.env.EARSHOT_TRAINING_DATA = saved;
  });

  it('prints the stable JSON shape for the embedded model', async () => {
    const lines: string[] = [];
    const report = await runEvalCommand({ data: join(FIXTURES, 'tiny-complaints.jsonl'), json: true }, (s) =>
      lines.push(s),
    );
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] as string);
    expect(Object.keys(json)).toEqual([
      'n',
      'macroF1',
      'accuracy',
      'perClass',
      'confusion',
      'itemsPerSecond',
    ]);
    expect(json.n).toBe(30);
    expect(Object.keys(json.perClass)).toEqual(['complaint', 'not_complaint']);
    expect(Object.keys(json.perClass.complaint)).toEqual(['precision', 'recall', 'f1', 'support']);
    expect(json.macroF1).toBe(report.macroF1);
    // The shipped model handles these plain sentences well.
    expect(json.macroF1).toBeGreaterThan(0.8);
  });

  it('prints a table by default', async () => {
    const lines: string[] = [];
    await runEvalCommand({ data: join(FIXTURES, 'tiny-3class.jsonl'), json: false }, (s) => lines.push(s));
    expect(lines[0]).toMatch(/macro-F1 = \d\.\d{3}/);
    expect(lines[0]).toContain('compliment');
  });

  it('cross-validates on the file alone when told there is no development data', async () => {
    process.env.EARSHOT_TRAINING_DATA = 'none';
    const lines: string[] = [];
    const report = await runEvalCommand(
      { data: join(FIXTURES, 'tiny-3class.jsonl'), json: true, cv: 3 },
      (s) => lines.push(s),
    );
    expect(report.crossValidation).toEqual({
      k: 3,
      seed: 42,
      auxiliary: [],
      domain: 'data',
      view: SHIPPED_VIEW,
    });
    expect(JSON.parse(lines[0] as string).crossValidation.k).toBe(3);
  });

  it('rejects a bad --cv and a bad file', async () => {
    await expect(
      runEvalCommand({ data: join(FIXTURES, 'tiny-3class.jsonl'), json: true, cv: 1 }, () => {}),
    ).rejects.toThrow(/--cv/);
    await expect(
      runEvalCommand({ data: join(FIXTURES, 'missing.jsonl'), json: true }, () => {}),
    ).rejects.toThrow();
  });
});

describe('auxiliaryTrainingData', () => {
  it('adds the development data minus every row that also occurs in the evaluated file', () => {
    const root = mkdtempSync(join(tmpdir(), 'earshot-aux-'));
    const saved = process.env.EARSHOT_TRAINING_DATA;
    try {
      const dir = writeDevelopmentData(root);
      process.env.EARSHOT_TRAINING_DATA = dir;
      const evaluated = [
        { text: 'My order never arrived and nobody answers the phone', label: 'complaint' },
        { text: 'something new', label: 'not_complaint' },
      ];
      const aux = auxiliaryTrainingData(evaluated);
      expect(aux.map((d) => [d.name, d.rows.length])).toEqual([
        ['complaints', 29],
        ['airline', 36],
        ['finefood', 3],
        ['uci-sentences', 3],
        ['premo', 3],
      ]);
    } finally {
      if (saved === undefined) delete process.env.EARSHOT_TRAINING_DATA;
      else process.env.EARSHOT_TRAINING_DATA = saved;
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('crossValidationPlan: each fold is the shipped recipe', () => {
  let root: string;
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.EARSHOT_TRAINING_DATA;
    root = mkdtempSync(join(tmpdir(), 'earshot-plan-'));
    dir = writeDevelopmentData(root);
    process.env.EARSHOT_TRAINING_DATA = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.EARSHOT_TRAINING_DATA;
    else process.env.EARSHOT_TRAINING_DATA = saved;
    rmSync(root, { recursive: true, force: true });
  });

  it('the shipped view is the embedded model header’s target domain', () => {
    expect(embeddedModelHeader().provenance.training.targetDomain).toBe(SHIPPED_VIEW);
  });

  it('a training file takes its own place and name, and is scored with the shipped (shared) view', () => {
    const airline = readLabeledJsonl(join(dir, 'airline-dev.jsonl'));
    const plan = crossValidationPlan(airline);
    expect(plan).toMatchObject({ name: 'airline', position: 1, view: SHIPPED_VIEW });
    expect(plan.auxiliary.map((d) => d.name)).toEqual(['complaints', ...REVIEW_DOMAINS]);
    // The shipped recipe reads the shipped model's lexicon.
    expect(plan.train.lexicon?.get('great')?.[0]).toBeGreaterThan(0);
    // Only behind the flag: the airline's own per-domain weights and bias.
    expect(crossValidationPlan(airline, true)).toMatchObject({
      name: 'airline',
      position: 1,
      view: 'airline',
    });
    const complaints = readLabeledJsonl(join(dir, 'complaints.jsonl'));
    expect(crossValidationPlan(complaints)).toMatchObject({
      name: 'complaints',
      position: 0,
      view: SHIPPED_VIEW,
    });
  });

  it('another file is one more domain after the development data; alone, it is its own view', () => {
    const own = [
      { text: 'My order never arrived', label: 'complaint' },
      { text: 'what a lovely day', label: 'not_complaint' },
    ];
    expect(crossValidationPlan(own)).toMatchObject({ name: 'data', position: 5, view: SHIPPED_VIEW });
    expect(crossValidationPlan(own, true)).toMatchObject({ name: 'data', view: 'data' });
    process.env.EARSHOT_TRAINING_DATA = 'none';
    // Alone, the shared view is still the shipped one (it needs no other domain).
    expect(crossValidationPlan(own)).toMatchObject({
      name: 'data',
      auxiliary: [],
      position: 0,
      view: SHIPPED_VIEW,
    });
  });

  it('eval --cv says which view it scored and that every fold retrains', async () => {
    const lines: string[] = [];
    const report = await runEvalCommand({ data: join(dir, 'airline-dev.jsonl'), json: false, cv: 3 }, (s) =>
      lines.push(s),
    );
    expect(report.crossValidation).toMatchObject({ domain: 'airline', view: SHIPPED_VIEW });
    expect(lines[0]).toContain('each fold retrains the model');
    expect(lines[0]).toContain(
      'built as the embedded model ships: the weights all domains share, plus the views its gate picks for each text',
    );
    const own = await runEvalCommand(
      { data: join(dir, 'airline-dev.jsonl'), json: true, cv: 3, ownDomainView: true },
      () => {},
    );
    expect(own.crossValidation).toMatchObject({ domain: 'airline', view: 'airline' });
  });
});
