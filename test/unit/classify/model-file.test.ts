import { describe, expect, it } from 'vitest';
import shippedModel from '../../../src/classify/model.json' with { type: 'json' };
import {
  decodeModelFile,
  dequantizeHead,
  quantizeHead,
  roundTripWeights,
} from '../../../src/classify/model-file.js';
import { Predictor } from '../../../src/classify/predictor.js';
import { seededRandom } from '../../../src/classify/random.js';
import {
  buildModelFile,
  DEFAULT_TRAIN_OPTIONS,
  SHARED_VIEW,
  trainWeights,
} from '../../../src/classify/train.js';
import { readFixtureRows, TINY_TRAIN_OPTIONS } from './helpers.js';

describe('weight quantization', () => {
  it('stores each weight within half a step and drops the tiny ones', () => {
    const random = seededRandom(3);
    const weights = Float32Array.from({ length: 256 }, (_, i) => (i % 4 === 0 ? 0 : (random() - 0.5) * 4));
    weights[7] = 1e-6;
    const stored = quantizeHead({ weights, bias: 0.25 }, 'test');
    const back = dequantizeHead(stored, 256);
    expect(back.bias).toBe(0.25);
    for (let i = 0; i < weights.length; i++) {
      const error = Math.abs((back.weights[i] as number) - (weights[i] as number));
      expect(error).toBeLessThanOrEqual(stored.scale / 2 + 1e-9);
    }
    expect(back.weights[7]).toBe(0);
    expect(stored.nonZero).toBeLessThan(256);
  });

  it('stores the bytes raw-deflated and says a broken stream is broken', () => {
    const weights = Float32Array.from({ length: 4096 }, (_, i) => (i % 50 === 0 ? i / 4096 : 0));
    const stored = quantizeHead({ weights, bias: 0 }, 'sparse');
    expect(stored.compression).toBe('deflate-raw');
    expect(Buffer.from(stored.weights, 'base64').length).toBeLessThan(4096 / 4);
    const back = dequantizeHead(stored, 4096).weights;
    for (let i = 0; i < 4096; i++)
      expect(Math.abs((back[i] as number) - (weights[i] as number))).toBeLessThanOrEqual(
        stored.scale / 2 + 1e-9,
      );
    // A file written before compression (plain base64 bytes) still reads.
    const plain = { ...stored, compression: undefined, weights: Buffer.alloc(16, 1).toString('base64') };
    expect(Array.from(dequantizeHead(plain, 16).weights)).toEqual(
      new Array(16).fill(Math.fround(stored.scale)),
    );
    expect(() => dequantizeHead({ ...stored, weights: 'bm90IGRlZmxhdGU=' }, 4096)).toThrow(
      /"sparse" does not inflate/,
    );
  });

  it('refuses weights of the wrong length', () => {
    const stored = quantizeHead({ weights: new Float32Array(16).fill(1), bias: 0 }, 'test');
    expect(() => dequantizeHead(stored, 32)).toThrow(/16 weights, expected 32/);
  });
});

describe('model file', () => {
  const rows = readFixtureRows('tiny-3class.jsonl');
  const trained = trainWeights([{ name: 'tiny', rows }], TINY_TRAIN_OPTIONS);
  const input = {
    trained,
    options: TINY_TRAIN_OPTIONS,
    data: [
      {
        file: 'tiny-3class.jsonl',
        sha256: 'a'.repeat(64),
        rows: rows.length,
        labels: { complaint: 12 },
        domain: 'tiny',
      },
    ],
    terms: [{ data: 'tiny-3class.jsonl', source: 'synthetic', license: 'test', terms: 'none' }],
    created: '2026-01-01',
    notice: 'test',
  };
  const file = buildModelFile(input);

  it('round-trips through JSON into the same (rounded) weights', () => {
    const decoded = decodeModelFile(JSON.parse(JSON.stringify(file)));
    const rounded = roundTripWeights(trained.weights);
    expect(Array.from(decoded.complaint.weights)).toEqual(Array.from(rounded.complaint.weights));
    expect(decoded.tone?.bias).toBe(trained.weights.tone?.bias);
    expect(decoded.features).toEqual(TINY_TRAIN_OPTIONS.features);
    expect(file.header.provenance.training).toMatchObject({ complaintL2: TINY_TRAIN_OPTIONS.complaintL2 });
  });

  it('carries the lexicon, and refuses lexicon features without one', () => {
    expect(file.lexicon).toContain('great\t3\t31');
    const decoded = decodeModelFile(JSON.parse(JSON.stringify(file)));
    expect(decoded.lexicon?.get('great')?.[0]).toBeCloseTo(0.6, 10);
    // The decoded model reads the same features the trained one did.
    const text = 'great, but the worst support';
    expect(new Predictor(decoded).scores(text).complaint).toBeCloseTo(
      new Predictor(roundTripWeights(trained.weights)).scores(text).complaint,
      10,
    );
    const { lexicon: _dropped, ...withoutLexicon } = file;
    expect(() => decodeModelFile(withoutLexicon)).toThrow(/lexicon features without a lexicon/);
  });

  it('rejects a file that is not a model, naming the field', () => {
    expect(() => decodeModelFile({ format: 'earshot-classifier/1' })).toThrow(
      /invalid classifier model file: header/,
    );
    expect(() => decodeModelFile({ ...file, features: { ...file.features, bits: 99 } })).toThrow(
      /features\.bits/,
    );
  });

  it('a mixture comes with format 2, one gate class and view per group, and round-trips', () => {
    const domains = [
      { name: 'tiny', rows },
      { name: 'brands', rows: readFixtureRows('tiny-complaints.jsonl') },
    ];
    const options = {
      ...TINY_TRAIN_OPTIONS,
      targetDomain: SHARED_VIEW,
      mixture: {
        groups: [
          { name: 'a', domains: ['tiny'], weight: 1 },
          { name: 'b', domains: ['brands'], weight: 1 },
        ],
        gateBits: 8,
        gateL2: 1e-3,
      },
    };
    const mixed = trainWeights(domains, options);
    const stored = JSON.parse(
      JSON.stringify(buildModelFile({ ...input, trained: mixed, options })),
    ) as typeof file;
    expect(stored.format).toBe('earshot-classifier/2');
    expect(stored.mixture?.gate.classes).toHaveLength(2);
    const decoded = decodeModelFile(stored);
    const text = 'terrible delay again, so angry';
    expect(new Predictor(decoded).scores(text).complaint).toBeCloseTo(
      new Predictor(roundTripWeights(mixed.weights)).scores(text).complaint,
      10,
    );
    const { mixture, ...withoutMixture } = stored;
    expect(() => decodeModelFile(withoutMixture)).toThrow(/format earshot-classifier\/2 without a mixture/);
    expect(() => decodeModelFile({ ...file, mixture })).toThrow(
      /format earshot-classifier\/1 with a mixture/,
    );
    const short = { ...mixture!, views: { ...mixture!.views, tone: [null] } };
    expect(() => decodeModelFile({ ...stored, mixture: short })).toThrow(/one entry per group \(2\)/);
  });

  it('trains deterministically', () => {
    const again = trainWeights([{ name: 'tiny', rows }], TINY_TRAIN_OPTIONS);
    expect(Array.from(again.weights.complaint.weights)).toEqual(
      Array.from(trained.weights.complaint.weights),
    );
  });

  it('the shipped model uses the feature configuration the defaults promise', () => {
    expect(decodeModelFile(shippedModel).features).toEqual(DEFAULT_TRAIN_OPTIONS.features);
    expect(shippedModel.header.provenance.training).toMatchObject({ targetDomain: SHARED_VIEW });
  });
});
