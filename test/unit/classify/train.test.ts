import { describe, expect, it } from 'vitest';
import { Featurizer } from '../../../src/classify/features.js';
import { gateProbabilities, Predictor } from '../../../src/classify/predictor.js';
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

  describe('a mixture of views', () => {
    const domains = [
      { name: 'airline', rows: threeClass },
      { name: 'brands', rows: binary },
    ];
    const mixture = {
      groups: [
        { name: 'flights', domains: ['airline'], weight: 1 },
        { name: 'shops', domains: ['brands'], weight: 0 },
      ],
      gateBits: 10,
      gateL2: 1e-3,
    };
    const options = { ...TINY_TRAIN_OPTIONS, targetDomain: SHARED_VIEW, mixture };

    it('learns a gate that tells the groups apart and adds a group’s own view only where it has weight', () => {
      const { weights } = trainWeights(domains, options);
      const m = weights.mixture;
      expect(m?.groups.map((g) => g.name)).toEqual(['flights', 'shops']);
      expect(m?.gate.weights).toHaveLength(2);
      expect(m?.gate.weights[0]).toHaveLength(2 ** 10);
      expect(m?.complaint[0]).toBeDefined();
      expect(m?.complaint[1]).toBeUndefined(); // weight 0: the shared view
      expect(m?.tone[1]).toBeUndefined(); // brands never taught the tone head
      const featurizer = new Featurizer(weights.features, weights.lexicon);
      const flight = gateProbabilities(m!.gate, featurizer.extract(threeClass[0]!.text));
      const shop = gateProbabilities(m!.gate, featurizer.extract(binary[0]!.text));
      expect(flight[0]! + flight[1]!).toBeCloseTo(1, 10);
      expect(flight[0]).toBeGreaterThan(0.5);
      expect(shop[1]).toBeGreaterThan(0.5);
    });

    it('a text that reads like a group gets that group’s own view; the shared weights stay those of the shared view', () => {
      const mixed = trainWeights(domains, options).weights;
      const shared = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: SHARED_VIEW }).weights;
      expect(Array.from(mixed.complaint.weights)).toEqual(Array.from(shared.complaint.weights));
      const airline = new Predictor(
        trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'airline' }).weights,
      );
      const text = threeClass[0]!.text;
      const m = new Predictor(mixed).scores(text).complaint;
      const s = new Predictor(shared).scores(text).complaint;
      const a = airline.scores(text).complaint;
      // Between the shared and the airline view, closer to the airline's.
      expect(Math.abs(m - a)).toBeLessThan(Math.abs(s - a));
    });

    it('is only built for the shared view, and only when two groups have rows', () => {
      expect(trainWeights(domains, { ...options, targetDomain: 'airline' }).weights.mixture).toBeUndefined();
      expect(trainWeights([domains[0]!], options).weights.mixture).toBeUndefined();
    });

    it('a group of weight 1 gives a text the gate is sure of that group’s own view', () => {
      const sure = { ...options, mixture: { ...mixture, gateL2: 1e-7 } };
      const { weights } = trainWeights(domains, sure);
      const airline = trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: 'airline' }).weights;
      const text = threeClass[0]!.text;
      const x = new Featurizer(weights.features, weights.lexicon).extract(text);
      const p = gateProbabilities(weights.mixture!.gate, x)[0]!;
      expect(p).toBeGreaterThan(0.99);
      const logit = (q: number) => Math.log(q / (1 - q));
      const mixed = logit(new Predictor(weights).scores(text).complaint);
      const own = logit(new Predictor(airline).scores(text).complaint);
      const shared = logit(
        new Predictor(
          trainWeights(domains, { ...TINY_TRAIN_OPTIONS, targetDomain: SHARED_VIEW }).weights,
        ).scores(text).complaint,
      );
      // mixed = shared + p·(own − shared), exactly (the airline view is the shared one plus its copy).
      expect(mixed).toBeCloseTo(shared + p * (own - shared), 4);
    });
  });

  it('needs both complaint and non-complaint rows', () => {
    const onlyComplaints = binary.filter((r) => r.label === 'complaint');
    expect(() => trainWeights([{ name: 'x', rows: onlyComplaints }], TINY_TRAIN_OPTIONS)).toThrow(
      /both complaint/,
    );
  });
});
