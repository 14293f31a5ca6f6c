/**
 * The embedded classifier: the shipped model (model.json, inlined by the bundler through the
 * static JSON import) behind the Classifier port. No network, no files at run time.
 */
import model from './model.json' with { type: 'json' };
import { decodeModelFile, type ModelFile } from './model-file.js';
import { Predictor, type ScoredClassification } from './predictor.js';
import type { Classifier } from './types.js';

/** A Classifier backed by the given weights (a retrained or cross-validation model). */
export { createModelClassifier } from './model-classifier.js';

let cached: Predictor | undefined;

function embeddedPredictor(): Predictor {
  cached ??= new Predictor(decodeModelFile(model));
  return cached;
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

/** The shipped model's header: provenance (data files, hashes, counts, parameters) and terms. */
export function embeddedModelHeader(): ModelFile['header'] {
  return (model as unknown as ModelFile).header;
}
