/**
 * The embedded classifier: the shipped model (model.json, inlined by the bundler through the
 * static JSON import) behind the Classifier port. No network, no files at run time.
 */

import type { Lexicon } from './lexicon.js';
import model from './model.json' with { type: 'json' };
import { decodeModelFile, type ModelFile, type ModelWeights } from './model-file.js';
import { Predictor, type ScoredClassification } from './predictor.js';
import type { Classifier } from './types.js';

/** A Classifier backed by the given weights (a retrained or cross-validation model). */
export { createModelClassifier } from './model-classifier.js';

let cachedWeights: ModelWeights | undefined;
let cached: Predictor | undefined;

function embeddedWeights(): ModelWeights {
  cachedWeights ??= decodeModelFile(model);
  return cachedWeights;
}

function embeddedPredictor(): Predictor {
  cached ??= new Predictor(embeddedWeights());
  return cached;
}

/**
 * The sentiment lexicon the shipped model carries: what retraining at run time (`train
 * --from-issues`, `eval --cv`) uses, where the npm packages it was extracted from are absent.
 */
export function shippedLexicon(): Lexicon | undefined {
  return embeddedWeights().lexicon;
}

/** The shipped model as a Classifier. Decodes the weights on first use and keeps them. */
export function loadEmbeddedClassifier(): Classifier {
  const predictor = embeddedPredictor();
  return {
    name: 'embedded',
    classify: async (texts: readonly string[]): Promise<ScoredClassification[]> =>
      texts.map((t) => predictor.classify(t)),
  };
}

/** Classifies one text with the shipped model, synchronously. */
export function classifyText(text: string): ScoredClassification {
  return embeddedPredictor().classify(text);
}

/** The shipped model file as JSON text (what model.json holds, without its final newline). */
export function embeddedModelJson(): string {
  return JSON.stringify(model);
}

/** The shipped model's header: provenance (data files, hashes, counts, parameters) and terms. */
export function embeddedModelHeader(): ModelFile['header'] {
  return (model as unknown as ModelFile).header;
}
