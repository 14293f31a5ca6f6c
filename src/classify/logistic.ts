/**
 * L2-regularized logistic regression on sparse vectors, fitted with L-BFGS.
 *
 * Binary (2 classes): one weight vector scores class 1 against class 0.
 * Multinomial (3+ classes): one weight vector per class, softmax on top.
 * Objective: weighted mean log-loss + (l2 / 2)·‖W‖² (biases are not regularized).
 */
import type { SparseVector } from './features.js';
import { type LbfgsOptions, minimizeLbfgs } from './lbfgs.js';

export interface LogisticData {
  x: readonly SparseVector[];
  /** Class index per row, 0..classes-1. */
  y: ArrayLike<number>;
  /** Optional weight per row (default 1). */
  sampleWeight?: ArrayLike<number>;
}

export interface LogisticOptions {
  classes: number;
  dimension: number;
  l2: number;
  lbfgs?: Partial<LbfgsOptions>;
}

export interface LogisticModel {
  /** One vector (binary) or one per class (multinomial). */
  weights: Float32Array[];
  bias: number[];
  iterations: number;
  converged: boolean;
}

export function sparseDot(x: SparseVector, w: ArrayLike<number>): number {
  const { indices, values } = x;
  let s = 0;
  for (let k = 0; k < indices.length; k++) s += (values[k] as number) * (w[indices[k] as number] as number);
  return s;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + exp(z)) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Class probabilities from a fitted model. */
export function predictProbabilities(
  model: Pick<LogisticModel, 'weights' | 'bias'>,
  x: SparseVector,
): number[] {
  if (model.weights.length === 1) {
    const p = sigmoid(sparseDot(x, model.weights[0] as Float32Array) + (model.bias[0] as number));
    return [1 - p, p];
  }
  const logits = model.weights.map((w, k) => sparseDot(x, w) + (model.bias[k] as number));
  return softmax(logits);
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function trainLogistic(data: LogisticData, options: LogisticOptions): LogisticModel {
  const { classes, dimension, l2 } = options;
  if (classes < 2) throw new Error('logistic regression needs at least 2 classes');
  const n = data.x.length;
  if (n === 0) throw new Error('logistic regression needs training rows');
  // Optimize only over the buckets the data uses: the others get zero weight under L2 anyway,
  // and a compact parameter vector keeps L-BFGS's dense vector work small.
  const { compact, used } = compactIndices(data.x, dimension);
  const d = used.length;
  const vectors = classes === 2 ? 1 : classes;
  const weightOf = (i: number) => (data.sampleWeight ? (data.sampleWeight[i] as number) : 1);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weightOf(i);
  const logits = new Float64Array(vectors);

  const objective = (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const x = compact[i] as SparseVector;
      const label = data.y[i] as number;
      const c = weightOf(i) / totalWeight;
      for (let k = 0; k < vectors; k++)
        logits[k] = dotAt(x, params, k * d) + (params[vectors * d + k] as number);
      if (vectors === 1) {
        const z = logits[0] as number;
        const target = label === 1 ? 1 : 0;
        loss += c * (target ? softplus(-z) : softplus(z));
        addGradient(grad, 0, d, vectors, x, c * (sigmoid(z) - target));
      } else {
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < vectors; k++) max = Math.max(max, logits[k] as number);
        let sum = 0;
        for (let k = 0; k < vectors; k++) sum += Math.exp((logits[k] as number) - max);
        const logSum = max + Math.log(sum);
        loss += c * (logSum - (logits[label] as number));
        for (let k = 0; k < vectors; k++) {
          const p = Math.exp((logits[k] as number) - logSum);
          addGradient(grad, k, d, vectors, x, c * (p - (k === label ? 1 : 0)));
        }
      }
    }
    let penalty = 0;
    const weightCount = vectors * d;
    for (let j = 0; j < weightCount; j++) {
      const w = params[j] as number;
      penalty += w * w;
      grad[j] = (grad[j] as number) + l2 * w;
    }
    return loss + 0.5 * l2 * penalty;
  };

  const result = minimizeLbfgs(objective, new Float64Array(vectors * d + vectors), options.lbfgs);
  const weights: Float32Array[] = [];
  for (let k = 0; k < vectors; k++) {
    const full = new Float32Array(dimension);
    for (let j = 0; j < d; j++) full[used[j] as number] = result.x[k * d + j] as number;
    weights.push(full);
  }
  const bias = Array.from(result.x.subarray(vectors * d), (b) => b);
  return { weights, bias, iterations: result.iterations, converged: result.converged };
}

/** Renumbers the buckets that occur in `xs` as 0..used.length-1. */
function compactIndices(
  xs: readonly SparseVector[],
  dimension: number,
): { compact: SparseVector[]; used: number[] } {
  const id = new Int32Array(dimension).fill(-1);
  const used: number[] = [];
  const compact = xs.map((x) => {
    const indices = new Int32Array(x.indices.length);
    for (let k = 0; k < x.indices.length; k++) {
      const bucket = x.indices[k] as number;
      if (bucket < 0 || bucket >= dimension)
        throw new Error(`feature index ${bucket} outside 0..${dimension - 1}`);
      let c = id[bucket] as number;
      if (c < 0) {
        c = used.length;
        id[bucket] = c;
        used.push(bucket);
      }
      indices[k] = c;
    }
    return { indices, values: x.values };
  });
  return { compact, used };
}

function dotAt(x: SparseVector, params: Float64Array, offset: number): number {
  const { indices, values } = x;
  let s = 0;
  for (let k = 0; k < indices.length; k++)
    s += (values[k] as number) * (params[offset + (indices[k] as number)] as number);
  return s;
}

function addGradient(
  grad: Float64Array,
  k: number,
  d: number,
  vectors: number,
  x: SparseVector,
  g: number,
): void {
  if (g === 0) return;
  const offset = k * d;
  const { indices, values } = x;
  for (let j = 0; j < indices.length; j++) {
    const at = offset + (indices[j] as number);
    grad[at] = (grad[at] as number) + g * (values[j] as number);
  }
  grad[vectors * d + k] = (grad[vectors * d + k] as number) + g;
}
