/**
 * Limited-memory BFGS minimization (Nocedal & Wright, Numerical Optimization, algorithms 7.4/7.5)
 * with a backtracking line search on the Armijo condition. Deterministic: same input, same
 * result. Used to fit the L2-regularized logistic regressions.
 */

/** Writes the gradient at `x` into `grad` and returns the objective value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Number of correction pairs kept. */
  memory: number;
  /** Stop when the relative decrease of the objective over one iteration falls below this. */
  tolerance: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance: number;
}

export const DEFAULT_LBFGS: LbfgsOptions = {
  maxIterations: 200,
  memory: 10,
  tolerance: 1e-7,
  gradientTolerance: 1e-6,
};

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  options: Partial<LbfgsOptions> = {},
): LbfgsResult {
  const opts = { ...DEFAULT_LBFGS, ...options };
  const n = start.length;
  let x = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = objective(x, grad);
  // Correction pairs in a ring buffer: slot (first + k) % memory holds the k-th oldest pair.
  const sRing: Float64Array[] = [];
  const yRing: Float64Array[] = [];
  const rho = new Float64Array(opts.memory);
  let first = 0;
  let count = 0;
  const slot = (k: number) => (first + k) % opts.memory;
  const direction = new Float64Array(n);
  const alpha = new Float64Array(opts.memory);
  let xNext = new Float64Array(n);
  let gradNext = new Float64Array(n);
  let sSpare: Float64Array = new Float64Array(n);
  let ySpare: Float64Array = new Float64Array(n);

  for (let iteration = 1; iteration <= opts.maxIterations; iteration++) {
    if (maxAbs(grad) < opts.gradientTolerance)
      return { x, value, iterations: iteration - 1, converged: true };

    // Two-loop recursion: direction = -H·grad.
    for (let i = 0; i < n; i++) direction[i] = -(grad[i] as number);
    for (let k = count - 1; k >= 0; k--) {
      const sk = sRing[slot(k)] as Float64Array;
      const yk = yRing[slot(k)] as Float64Array;
      const a = (rho[slot(k)] as number) * dot(sk, direction);
      alpha[k] = a;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) - a * (yk[i] as number);
    }
    if (count > 0) {
      const sk = sRing[slot(count - 1)] as Float64Array;
      const yk = yRing[slot(count - 1)] as Float64Array;
      const gamma = dot(sk, yk) / dot(yk, yk);
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) * gamma;
    } else {
      // First step: a unit-length move along the steepest descent.
      const scale = 1 / Math.sqrt(dot(grad, grad));
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) * scale;
    }
    for (let k = 0; k < count; k++) {
      const sk = sRing[slot(k)] as Float64Array;
      const yk = yRing[slot(k)] as Float64Array;
      const b = (rho[slot(k)] as number) * dot(yk, direction);
      const coefficient = (alpha[k] as number) - b;
      for (let i = 0; i < n; i++) direction[i] = (direction[i] as number) + coefficient * (sk[i] as number);
    }

    let slope = dot(grad, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      count = 0;
      for (let i = 0; i < n; i++) direction[i] = -(grad[i] as number);
      slope = dot(grad, direction);
    }

    // Backtracking line search (Armijo, c1 = 1e-4).
    let step = 1;
    let nextValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNext[i] = (x[i] as number) + step * (direction[i] as number);
      nextValue = objective(xNext, gradNext);
      if (Number.isFinite(nextValue) && nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) return { x, value, iterations: iteration, converged: true };

    // Computed into spare arrays, swapped into the ring only if the pair keeps H positive definite.
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const si = (xNext[i] as number) - (x[i] as number);
      const yi = (gradNext[i] as number) - (grad[i] as number);
      sSpare[i] = si;
      ySpare[i] = yi;
      sy += si * yi;
    }
    if (sy > 1e-12) {
      const into = count < opts.memory ? slot(count) : first;
      const evictedS = sRing[into];
      const evictedY = yRing[into];
      sRing[into] = sSpare;
      yRing[into] = ySpare;
      sSpare = evictedS ?? new Float64Array(n);
      ySpare = evictedY ?? new Float64Array(n);
      rho[into] = 1 / sy;
      if (count < opts.memory) count++;
      else first = (first + 1) % opts.memory;
    }

    const decrease = (value - nextValue) / Math.max(Math.abs(value), Math.abs(nextValue), 1);
    [x, xNext] = [xNext, x];
    [grad, gradNext] = [gradNext, grad];
    value = nextValue;
    if (decrease < opts.tolerance) return { x, value, iterations: iteration, converged: true };
  }
  return { x, value, iterations: opts.maxIterations, converged: false };
}
