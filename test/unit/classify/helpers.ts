import { join } from 'node:path';
import { readLabeledJsonl } from '../../../src/classify/data.js';
import { DEFAULT_TRAIN_OPTIONS, type LabeledText, type TrainOptions } from '../../../src/classify/train.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/classify');

export function readFixtureRows(name: string): LabeledText[] {
  return readLabeledJsonl(join(FIXTURES, name));
}

/** Small tables and few iterations: trains in milliseconds. */
export const TINY_TRAIN_OPTIONS: TrainOptions = {
  ...DEFAULT_TRAIN_OPTIONS,
  features: { ...DEFAULT_TRAIN_OPTIONS.features, bits: 14 },
  complaintL2: 1e-3,
  toneL2: 1e-3,
  maxIterations: 100,
};
