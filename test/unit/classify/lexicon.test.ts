import { describe, expect, it } from 'vitest';
import { Featurizer } from '../../../src/classify/features.js';
import {
  decodeLexicon,
  encodeLexicon,
  LEXICON_FEATURES,
  lexiconFeatures,
} from '../../../src/classify/lexicon.js';
import { tokensOf, tokensWithStops } from '../../../src/classify/text.js';
import { TINY_LEXICON } from './helpers.js';

const feature = (text: string, name: (typeof LEXICON_FEATURES)[number]) =>
  lexiconFeatures(tokensWithStops(text), TINY_LEXICON)[LEXICON_FEATURES.indexOf(name)] as number;

describe('lexicon features', () => {
  it('a positive word counts as negative inside the scope of a negation, and not past it', () => {
    expect(feature('this is good', 'vader.norm')).toBeGreaterThan(0);
    expect(feature('this is not good', 'vader.norm')).toBeLessThan(0);
    expect(feature('this is not good', 'negated.pos')).toBeGreaterThan(0);
    // The scope ends at a contrast word: "but good" is positive again.
    expect(feature('not bad but good', 'after-contrast.vader')).toBeGreaterThan(0);
    expect(feature('not the thing i wanted at all and it is good', 'vader.norm')).toBeGreaterThan(0);
  });

  it('reads sentences: the last one, and what follows a contrast', () => {
    const review = 'Great phone, love it. The box was broken. Still happy with it';
    expect(feature(review, 'sentences.pos')).toBeCloseTo(2 / 3);
    expect(feature(review, 'sentences.neg')).toBeCloseTo(1 / 3);
    expect(feature(review, 'last.vader')).toBeGreaterThan(0);
    expect(feature('I wanted to love it but it is the worst', 'after-contrast.vader')).toBeLessThan(0);
    // A line break ends a sentence too (a title above a body).
    expect(feature('Worst\nlove it', 'first.vader')).toBeLessThan(0);
  });

  it('scales sums by length, so a long positive text is not read as extreme by length alone', () => {
    const short = feature('good', 'vader.pos');
    const long = feature(`good ${'and then some more words '.repeat(20)}good`, 'vader.pos');
    expect(long).toBeLessThan(short);
    expect(long).toBeGreaterThan(0);
  });

  it('the compact form round-trips at the stored precision', () => {
    const decoded = decodeLexicon(encodeLexicon(TINY_LEXICON));
    expect([...decoded.keys()].sort()).toEqual([...TINY_LEXICON.keys()].sort());
    for (const [word, [a, v]] of TINY_LEXICON) {
      const [a2, v2] = decoded.get(word) as readonly [number, number];
      expect(a2).toBeCloseTo(a, 6);
      expect(Math.abs(v2 - v)).toBeLessThanOrEqual(0.0125 + 1e-9);
    }
    expect(() => decodeLexicon('word-without-values')).toThrow(/lexicon line/);
  });

  it('tokensWithStops minus its stops is tokensOf', () => {
    for (const text of ['Hi there. How are you?\nFine... thanks', 'v2.0 is out: www.x.com/a.b', 'a.b.c']) {
      expect(tokensWithStops(text).filter((t) => t !== '.')).toEqual(tokensOf(text));
    }
  });
});

describe('Featurizer with a lexicon', () => {
  const config = {
    bits: 12,
    wordNgrams: [1],
    charNgrams: [0, 0] as [number, number],
    wordWeight: 1,
    charWeight: 0,
    tf: 'log' as const,
    lexiconWeight: 2,
  };

  it('appends the dense block, scaled by its weight, and needs a lexicon', () => {
    const withLexicon = new Featurizer(config, TINY_LEXICON).extract('great stuff');
    const without = new Featurizer({ ...config, lexiconWeight: 0 }).extract('great stuff');
    expect(withLexicon.indices.length).toBeGreaterThan(without.indices.length);
    const dense = Array.from(withLexicon.values).slice(without.values.length);
    const expected = Array.from(lexiconFeatures(tokensWithStops('great stuff'), TINY_LEXICON))
      .filter((v) => v !== 0)
      .map((v) => Math.fround(v * 2));
    expect(dense).toEqual(expected);
    expect(() => new Featurizer(config)).toThrow(/need a lexicon/);
  });
});
