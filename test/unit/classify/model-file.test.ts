import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES } from '../../../src/classify/features.js';
import {
  decodeModelFile,
  dequantizeHead,
  quantizeHead,
  roundTripWeights,
} from '../../../src/classify/model-file.js';
import { seededRandom } from '../../../src/classify/random.js';
import { buildModelFile, DEFAULT_TRAIN_OPTIONS, trainWeights } from '../../../src/classify/train.js';
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

  it('refuses weights of the wrong length', () => {
    const stored = quantizeHead({ weights: new Float32Array(16).fill(1), bias: 0 }, 'test');
    expect(() => dequantizeHead(stored, 32)).toThrow(/16 weights, expected 32/);
  });
});

describe('model file', () => {
  const rows = readFixtureRows('tiny-3class.jsonl');
  const trained = trainWeights([{ name: 'tiny', rows }], TINY_TRAIN_OPTIONS);
  const file = buildModelFile({
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
  });

  it('round-trips through JSON into the same (rounded) weights', () => {
    const decoded = decodeModelFile(JSON.parse(JSON.stringify(file)));
    const rounded = roundTripWeights(trained.weights);
    expect(Array.from(decoded.complaint.weights)).toEqual(Array.from(rounded.complaint.weights));
    expect(decoded.tone?.bias).toBe(trained.weights.tone?.bias);
    expect(decoded.features).toEqual(TINY_TRAIN_OPTIONS.features);
    expect(file.header.provenance.training).toMatchObject({ complaintL2: TINY_TRAIN_OPTIONS.complaintL2 });
  });

  it('rejects a file that is not a model, naming the field', () => {
    expect(() => decodeModelFile({ format: 'earshot-classifier/1' })).toThrow(
      /invalid classifier model file: header/,
    );
    expect(() => decodeModelFile({ ...file, features: { ...file.features, bits: 99 } })).toThrow(
      /features\.bits/,
    );
  });

  it('trains deterministically', () => {
    const again = trainWeights([{ name: 'tiny', rows }], TINY_TRAIN_OPTIONS);
    expect(Array.from(again.weights.complaint.weights)).toEqual(
      Array.from(trained.weights.complaint.weights),
    );
  });

  it('uses the feature configuration the defaults promise', () => {
    expect(DEFAULT_TRAIN_OPTIONS.features.bits).toBe(DEFAULT_FEATURES.bits);
  });
});
