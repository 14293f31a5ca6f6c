import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
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
    expect(report.crossValidation).toEqual({ k: 3, seed: 42, auxiliary: [], domain: 'data', view: 'data' });
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
    const dir = mkdtempSync(join(tmpdir(), 'earshot-aux-'));
    const saved = process.env.EARSHOT_TRAINING_DATA;
    try {
      copyFileSync(join(FIXTURES, 'tiny-complaints.jsonl'), join(dir, 'complaints.jsonl'));
      copyFileSync(join(FIXTURES, 'tiny-3class.jsonl'), join(dir, 'airline-dev.jsonl'));
      process.env.EARSHOT_TRAINING_DATA = dir;
      const evaluated = [
        { text: 'My order never arrived and nobody answers the phone', label: 'complaint' },
        { text: 'something new', label: 'not_complaint' },
      ];
      const aux = auxiliaryTrainingData(evaluated);
      expect(aux.map((d) => [d.name, d.rows.length])).toEqual([
        ['complaints', 29],
        ['airline', 36],
      ]);
    } finally {
      if (saved === undefined) delete process.env.EARSHOT_TRAINING_DATA;
      else process.env.EARSHOT_TRAINING_DATA = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('crossValidationPlan: each fold is the shipped recipe', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.EARSHOT_TRAINING_DATA;
    dir = mkdtempSync(join(tmpdir(), 'earshot-plan-'));
    copyFileSync(join(FIXTURES, 'tiny-complaints.jsonl'), join(dir, 'complaints.jsonl'));
    copyFileSync(join(FIXTURES, 'tiny-3class.jsonl'), join(dir, 'airline-dev.jsonl'));
    process.env.EARSHOT_TRAINING_DATA = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.EARSHOT_TRAINING_DATA;
    else process.env.EARSHOT_TRAINING_DATA = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the shipped view is the embedded model header’s target domain', () => {
    expect(embeddedModelHeader().provenance.training.targetDomain).toBe(SHIPPED_VIEW);
  });

  it('a training file takes its own place and name, and is scored with the shipped (complaints) view', () => {
    const airline = readLabeledJsonl(join(dir, 'airline-dev.jsonl'));
    const plan = crossValidationPlan(airline);
    expect(plan).toMatchObject({ name: 'airline', position: 1, view: 'complaints' });
    expect(plan.auxiliary.map((d) => d.name)).toEqual(['complaints']);
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
      view: 'complaints',
    });
  });

  it('another file is one more domain after the development data; alone, it is its own view', () => {
    const own = [
      { text: 'My order never arrived', label: 'complaint' },
      { text: 'what a lovely day', label: 'not_complaint' },
    ];
    expect(crossValidationPlan(own)).toMatchObject({ name: 'data', position: 2, view: 'complaints' });
    expect(crossValidationPlan(own, true)).toMatchObject({ name: 'data', view: 'data' });
    process.env.EARSHOT_TRAINING_DATA = 'none';
    expect(crossValidationPlan(own)).toEqual({ name: 'data', auxiliary: [], position: 0, view: 'data' });
  });

  it('eval --cv says which view it scored and that every fold retrains', async () => {
    const lines: string[] = [];
    const report = await runEvalCommand({ data: join(dir, 'airline-dev.jsonl'), json: false, cv: 3 }, (s) =>
      lines.push(s),
    );
    expect(report.crossValidation).toMatchObject({ domain: 'airline', view: 'complaints' });
    expect(lines[0]).toContain('each fold retrains the model');
    expect(lines[0]).toContain(
      "the complaints view (shared weights + complaints's own), as the embedded model ships",
    );
    const own = await runEvalCommand(
      { data: join(dir, 'airline-dev.jsonl'), json: true, cv: 3, ownDomainView: true },
      () => {},
    );
    expect(own.crossValidation).toMatchObject({ domain: 'airline', view: 'airline' });
  });
});
