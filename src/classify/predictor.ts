/**
 * Turns decoded model weights into category scores and a Classification.
 *
 * Scores: the complaint head gives P(complaint); the tone head splits the rest between compliment
 * and neutral; so complaint + compliment + neutral = 1. The question detector gives an
 * independent P(question): being a question says nothing about being a complaint.
 *
 * Precedence (docs/classifier.md): complaint > question > compliment > neutral.
 *   - the base category is the most probable of complaint / compliment / neutral;
 *   - a complaint stays a complaint, with `secondary: 'question'` when it also asks something
 *     ("Why was I charged twice?");
 *   - otherwise a question becomes `question` (with `secondary: 'compliment'` when it also praises);
 *   - otherwise the base category.
 */
import type { Category } from '../mentions/mention.js';
import { Featurizer, type SparseVector } from './features.js';
import { sigmoid } from './logistic.js';
import type { Gate, Head, Mixture, ModelWeights } from './model-file.js';
import { detectQuestion } from './questions.js';
import type { Classification } from './types.js';

export type CategoryScores = Record<Category, number>;

/** A Classification that also carries every category's score (used by the evaluation). */
export interface ScoredClassification extends Classification {
  scores: CategoryScores;
}

export function hasScores(c: Classification): c is ScoredClassification {
  return typeof (c as Partial<ScoredClassification>).scores === 'object';
}

function headScore(head: Head, x: SparseVector): number {
  const { indices, values } = x;
  const w = head.weights;
  let z = head.bias;
  for (let k = 0; k < indices.length; k++) z += (values[k] as number) * (w[indices[k] as number] as number);
  return z;
}

/** P(group | text): softmax over the gate's scores on the features folded to its buckets. */
export function gateProbabilities(gate: Gate, x: SparseVector): number[] {
  const { indices, values } = x;
  const mask = 2 ** gate.bits - 1;
  const z = gate.weights.map((w, g) => {
    let s = gate.bias[g] as number;
    for (let k = 0; k < indices.length; k++)
      s += (values[k] as number) * (w[(indices[k] as number) & mask] as number);
    return s;
  });
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** The head's score with each group's additions weighted by the gate. */
function mixedScore(
  head: Head,
  deltas: readonly (Head | undefined)[],
  gate: readonly number[],
  x: SparseVector,
): number {
  let z = headScore(head, x);
  deltas.forEach((delta, g) => {
    if (delta) z += (gate[g] as number) * headScore(delta, x);
  });
  return z;
}

export function decide(scores: CategoryScores): Classification {
  const { complaint, compliment, neutral, question } = scores;
  const isQuestion = question >= 0.5;
  if (complaint >= compliment && complaint >= neutral) {
    return isQuestion
      ? { category: 'complaint', confidence: complaint, secondary: 'question' }
      : { category: 'complaint', confidence: complaint };
  }
  const base: Category = compliment > neutral ? 'compliment' : 'neutral';
  if (isQuestion) {
    const confidence = question * (1 - complaint);
    return base === 'compliment'
      ? { category: 'question', confidence, secondary: 'compliment' }
      : { category: 'question', confidence };
  }
  return { category: base, confidence: scores[base] };
}

export class Predictor {
  private readonly featurizer: Featurizer;

  constructor(private readonly weights: ModelWeights) {
    this.featurizer = new Featurizer(weights.features, weights.lexicon);
  }

  scores(text: string): CategoryScores {
    const x = this.featurizer.extract(text);
    const { complaint: complaintHead, tone, mixture } = this.weights;
    const gate = mixture ? gateProbabilities(mixture.gate, x) : undefined;
    const score = (head: Head, deltas: (m: Mixture) => readonly (Head | undefined)[]) =>
      mixture && gate ? mixedScore(head, deltas(mixture), gate, x) : headScore(head, x);
    const complaint = sigmoid(score(complaintHead, (m) => m.complaint));
    const praise = tone ? sigmoid(score(tone, (m) => m.tone)) : 0.5;
    return {
      complaint,
      compliment: (1 - complaint) * praise,
      neutral: (1 - complaint) * (1 - praise),
      question: detectQuestion(text).probability,
    };
  }

  classify(text: string): ScoredClassification {
    const scores = this.scores(text);
    return { ...decide(scores), scores };
  }
}
