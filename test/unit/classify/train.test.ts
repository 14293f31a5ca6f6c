import { describe, expect, it } from 'vitest';
import { Predictor } from '../../../src/classify/predictor.js';
import { SHARED_VIEW, trainWeights } from '../../../src/classify/train.js';
import { readFixtureRows, TINY_TRAIN_OPTIONS } from './helpers.js';

describe('trainWeights', () => {
  const threeClass = readFixtureRows('tiny-3class.jsonl');
  const binary = readFixtureRows('tiny-complaints.jsonl');

  it('learns complaint against the rest and compliment against neutral', () => {
    const { weights, stats } = trainWeights([{ name: 'airline', rows: threeClass }], TINY_TRAIN_OPTIONS);
    expect(stats.complaint).toMatchObject({ rows: 36, positives: 12 });
    expect(stats.tone).toMatchObject({ rows: 24, positives: 12 });
    const p = new Predictor(weights);
    expect(p.classify('terrible delay again on my flight to reno, so angry').category).toBe('complaint');
    expect(p.classify('thank you for a great flight to reno, love it').category).toBe('compliment');
    expect(p.classify('booking a flight to reno for next week').category).toBe('neutral');
  });

  it('does not read not_complaint as neutral: such rows never reach the tone head', () => {
    const alone = trainWeights([{ name: 'airline', rows: threeClass }], TINY_TRAIN_OPTIONS);
    const pooled = trainWeights(
      [
        { name: 'airline', rows: threeClass },
        { name: 'brands', rows: binary },
      ],
      TINY_TRAIN_OPTIONS,
    );
    expect(pooled.stats.complaint.rows).toBe(36 + 30);
    expect(pooled.stats.complaint.domains).toEqual(['airline', 'brands']);
    expect(pooled.stats.tone?.rows).toBe(24);
    expect(Array.from(pooled.weights.tone?.weights ?? [])).toEqual(
      Array.from(alone.weights.tone?.weights ?? []),
    );
  });

  it('has no tone head when nothing teaches compliment against neutral', () => {
    const { weights, stats } = trainWeights([{ name: 'brands', rows: binary }], TINY_TRAIN_OPTIONS);
    expect(weights.tone).toBeUndefined();
    expect(stats.tone).toBeUndefined();
    const scores = new Predictor(weights).scores('hello there');
    expect(scores.compliment).toBeCloseTo(scores.neutral, 10);
  });

  it('exports the target domain’s view when adapting across domains', () => {
    const domains = [
      { name: 'airline', rows: threeClass },
      { name: 'brands', rows: binary },
    ];
    const forAirline = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'airline' });
    const forBrands = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'brands' });
    expect(forAirline.weights.complaint.bias).not.toBe(forBrands.weights.complaint.bias);
    expect(() => trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'nope' })).toThrow(
      /target domain/,
    );
  });

  it('the shared view takes neither domain’s own weights, and its tone bias ignores one-class domains', () => {
    const positiveOnly = threeClass.filter((r) => r.label === 'compliment').map((r) => ({ ...r }));
    const domains = [
      { name: 'airline', rows: threeClass },
      { name: 'brands', rows: binary },
      { name: 'praise', rows: [...positiveOnly, ...binary.filter((r) => r.label === 'complaint')] },
    ];
    const shared = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: SHARED_VIEW });
    const forAirline = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'airline' });
    const forBrands = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'brands' });
    const differs = (a: Float32Array, b: Float32Array) => a.some((w, i) => w !== b[i]);
    expect(differs(shared.weights.complaint.weights, forAirline.weights.complaint.weights)).toBe(true);
    expect(differs(shared.weights.complaint.weights, forBrands.weights.complaint.weights)).toBe(true);
    // Only airline shows the tone head both compliment and neutral, so the shared tone bias is
    // the shared bias plus airline's own, as the airline view's bias is.
    expect(shared.weights.tone?.bias).toBeCloseTo(forAirline.weights.tone?.bias as number, 5);
  });

  it('a blend moves the shared view toward one domain’s view: all the way at weight 1', () => {
    const domains = [
      { name: 'airline', rows: threeClass },
      { name: 'brands', rows: binary },
    ];
    const options = { ...TINY_TRAIN_OPTIONS, targetDomain: SHARED_VIEW };
    const shared = trainWeights(domains, options).weights.complaint;
    const half = trainWeights(domains, { ...options, blend: { domain: 'brands', weight: 0.5 } }).weights
      .complaint;
    const full = trainWeights(domains, { ...options, blend: { domain: 'brands', weight: 1 } }).weights
      .complaint;
    const brands = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'brands' }).weights.complaint;
    expect(full.bias).toBeCloseTo(brands.bias, 5);
    for (let i = 0; i < brands.weights.length; i += 97)
      expect(full.weights[i] as number).toBeCloseTo(brands.weights[i] as number, 5);
    expect(half.bias).toBeCloseTo((shared.bias + brands.bias) / 2, 5);
    expect(() => trainWeights(domains, { ...options, blend: { domain: 'nope', weight: 1 } })).toThrow(
      /blend domain/,
    );
  });

  it('needs both complaint and non-complaint rows', () => {
    const onlyComplaints = binary.filter((r) => r.label === 'complaint');
    expect(() => trainWeights([{ name: 'x', rows: onlyComplaints }], TINY_TRAIN_OPTIONS)).toThrow(
      /both complaint/,
    );
  });
});
