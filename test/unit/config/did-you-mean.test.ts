import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../src/config/did-you-mean.js';

describe('did you mean', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('category', 'category')).toBe(0);
    expect(editDistance('categroy', 'category')).toBe(1);
    expect(editDistance('backfil', 'backfill')).toBe(1);
    expect(editDistance('alias', 'aliases')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest known name only when it is close', () => {
    const known = ['aliases', 'products', 'people', 'handles', 'name'];
    expect(closest('alias', known)).toBe('aliases');
    expect(closest('Products', known)).toBe('products');
    expect(closest('nmae', known)).toBe('name');
    expect(closest('zzzz', known)).toBeUndefined();
    expect(closest('lookback', ['lookbackDays', 'labels'])).toBe('lookbackDays');
    expect(closest('xyz', ['url'])).toBeUndefined();
  });
});
