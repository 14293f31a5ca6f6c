import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, Featurizer, type SparseVector } from '../../../src/classify/features.js';

function norm(v: SparseVector, from: number, to: number): number {
  let s = 0;
  for (let k = from; k < to; k++) s += (v.values[k] as number) ** 2;
  return Math.sqrt(s);
}

describe('Featurizer', () => {
  const small = { ...DEFAULT_FEATURES, bits: 12 };

  it('is deterministic and keeps every index inside the table', () => {
    const a = new Featurizer(small).extract('The app crashes every time!');
    const b = new Featurizer(small).extract('The app crashes every time!');
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.indices.length).toBeGreaterThan(20);
    for (const i of a.indices) expect(i >= 0 && i < 4096).toBe(true);
  });

  it('reuses its scratch space without leaking counts from one text into the next', () => {
    const f = new Featurizer(small);
    const first = f.extract('refund refund refund');
    f.extract('something else entirely');
    const again = f.extract('refund refund refund');
    expect(Array.from(again.values)).toEqual(Array.from(first.values));
  });

  it('normalizes the word block and the character block to their weights', () => {
    const f = new Featurizer({ ...small, wordWeight: 2, charWeight: 1, charNgrams: [0, 0] });
    const words = f.extract('late flight again');
    expect(norm(words, 0, words.indices.length)).toBeCloseTo(2, 5);
    const both = new Featurizer({ ...small, wordWeight: 1, charWeight: 1 }).extract('late flight again');
    const wordCount = words.indices.length;
    expect(norm(both, 0, wordCount)).toBeCloseTo(1, 5);
    expect(norm(both, wordCount, both.indices.length)).toBeCloseTo(1, 5);
  });

  it('adds negation-scope features only when asked', () => {
    const plain = new Featurizer({ ...small, negation: false }).extract('not happy at all');
    const negated = new Featurizer({ ...small, negation: true }).extract('not happy at all');
    expect(negated.indices.length).toBeGreaterThan(plain.indices.length);
  });

  it('gives word order a say through bigrams', () => {
    const f = new Featurizer({ ...small, charNgrams: [0, 0], wordNgrams: [1, 2] });
    const a = f.extract('not good');
    const b = f.extract('good not');
    expect(Array.from(a.indices).sort()).not.toEqual(Array.from(b.indices).sort());
  });

  it('rejects an unusable table size', () => {
    expect(() => new Featurizer({ ...small, bits: 2 })).toThrow(/bits/);
  });
});
