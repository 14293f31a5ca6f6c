import { join } from 'node:path';
import { readLabeledJsonl } from '../../../src/classify/data.js';
import type { Lexicon } from '../../../src/classify/lexicon.js';
import { DEFAULT_TRAIN_OPTIONS, type LabeledText, type TrainOptions } from '../../../src/classify/train.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/classify');

export function readFixtureRows(name: string): LabeledText[] {
  return readLabeledJsonl(join(FIXTURES, name));
}

/** A few rated words (AFINN / 5, VADER / 4), standing in for the full lexicon. */
export const TINY_LEXICON: Lexicon = new Map<string, readonly [number, number]>([
  ['great', [0.6, 0.775]],
  ['love', [0.6, 0.8]],
  ['good', [0.6, 0.475]],
  ['happy', [0.6, 0.675]],
  ['bad', [-0.6, -0.625]],
  ['worst', [-0.6, -0.775]],
  ['broken', [-0.2, -0.4]],
  ['hate', [-0.6, -0.675]],
]);

const { mixture: _mixture, ...RECIPE } = DEFAULT_TRAIN_OPTIONS;

/**
 * Small tables and few iterations: trains in milliseconds. Without the shipped mixture of views
 * (its groups name the shipped domains); train.test.ts tests the mixture.
 */
export const TINY_TRAIN_OPTIONS: TrainOptions = {
  ...RECIPE,
  lexicon: TINY_LEXICON,
  features: { ...DEFAULT_TRAIN_OPTIONS.features, bits: 14 },
  complaintL2: 1e-3,
  toneL2: 1e-3,
  maxIterations: 100,
};
