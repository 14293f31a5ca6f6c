/** A Classifier backed by given weights (a retrained or cross-validation model); no embedded model. */
import type { ModelWeights } from './model-file.js';
import { Predictor, type ScoredClassification } from './predictor.js';
import type { Classifier } from './types.js';

export function createModelClassifier(weights: ModelWeights, name = 'model'): Classifier {
  const predictor = new Predictor(weights);
  return {
    name,
    classify: async (texts: readonly string[]): Promise<ScoredClassification[]> =>
      texts.map((t) => predictor.classify(t)),
  };
}

/**
 * The shipped model as a Classifier that loads it on its first classification: classifier.ts (which
 * inlines model.json, 700 kB) is imported then, so a run that classifies nothing (a quiet scan, a
 * comment command) never evaluates or decodes it.
 */
export function lazyEmbeddedClassifier(): Classifier {
  let loaded: Promise<Classifier> | undefined;
  return {
    name: 'embedded',
    classify: async (texts) => {
      if (texts.length === 0) return [];
      loaded ??= import('./classifier.js').then((m) => m.loadEmbeddedClassifier());
      return (await loaded).classify(texts);
    },
  };
}
