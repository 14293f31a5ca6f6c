import type { Category } from '../mentions/mention.js';

export interface Classification {
  category: Category;
  /** 0..1, the model's probability for `category`. */
  confidence: number;
  /** A second label when a mention is two things at once (a complaint phrased as a question). */
  secondary?: Category;
}

/** The classifier port: the embedded model and the optional LLM classifier both implement it. */
export interface Classifier {
  readonly name: string;
  classify(texts: readonly string[]): Promise<Classification[]>;
  /** One line on how the last texts were classified (e.g. how many fell back and why), if worth saying. */
  report?(): string | undefined;
}
