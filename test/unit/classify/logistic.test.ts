import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../../../src/classify/features.js';
import { minimizeLbfgs } from '../../../src/classify/lbfgs.js';
import { predictProbabilities, trainLogistic } from '../../../src/classify/logistic.js';
import { seededRandom } from '../../../src/classify/random.js';

const vec = (pairs: [number, number][]): SparseVector => ({
  indices: Int32Array.from(pairs.map((p) => p[0])),
  values: Float32Array.from(pairs.map((p) => p[1])),
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of a shifted quadratic', () => {
    const target = [3, -2, 0.5, 10];
    const scale = [1, 10, 100, 0.1];
    const result = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < x.length; i++) {
          const d = (x[i] as number) - (target[i] as number);
          f += 0.5 * (scale[i] as number) * d * d;
          g[i] = (scale[i] as number) * d;
        }
        return f;
      },
      new Float64Array(4),
      { maxIterations: 200, tolerance: 1e-14, gradientTolerance: 1e-9 },
    );
    expect(result.converged).toBe(true);
    for (let i = 0; i < target.length; i++) expect(result.x[i]).toBeCloseTo(target[i] as number, 4);
  });
});

describe('trainLogistic', () => {
  // Two clusters: feature 0 marks class 1, feature 1 marks class 0, feature 2 is noise.
  const random = seededRandom(7);
  const x: SparseVector[] = [];
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const label = i % 2;
    x.push(
      vec([
        [label ? 0 : 1, 1],
        [2, random()],
      ]),
    );
    y.push(label);
  }

  it('separates a linearly separable binary set', () => {
    const model = trainLogistic({ x, y }, { classes: 2, dimension: 8, l2: 1e-3 });
    expect(model.weights).toHaveLength(1);
    const w = model.weights[0] as Float32Array;
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeLessThan(0);
    x.forEach((v, i) => {
      const p = predictProbabilities(model, v)[1] as number;
      expect(p > 0.5 ? 1 : 0).toBe(y[i]);
    });
  });

  it('is pulled toward zero by a stronger L2 penalty', () => {
    const weak = trainLogistic({ x, y }, { classes: 2, dimension: 8, l2: 1e-4 });
    const strong = trainLogistic({ x, y }, { classes: 2, dimension: 8, l2: 1 });
    expect(Math.abs((strong.weights[0] as Float32Array)[0] as number)).toBeLessThan(
      Math.abs((weak.weights[0] as Float32Array)[0] as number),
    );
  });

  it('fits three classes with a softmax', () => {
    const xs: SparseVector[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 45; i++) {
      xs.push(
        vec([
          [i % 3, 1],
          [3, 0.5],
        ]),
      );
      ys.push(i % 3);
    }
    const model = trainLogistic({ x: xs, y: ys }, { classes: 3, dimension: 4, l2: 1e-3 });
    expect(model.weights).toHaveLength(3);
    xs.forEach((v, i) => {
      const p = predictProbabilities(model, v);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(p.indexOf(Math.max(...p))).toBe(ys[i]);
    });
  });

  it('honours sample weights', () => {
    // The same input labeled both ways: the heavier rows win.
    const same = vec([[0, 1]]);
    const model = trainLogistic(
      { x: [same, same], y: [1, 0], sampleWeight: [3, 1] },
      { classes: 2, dimension: 2, l2: 1e-2 },
    );
    expect(predictProbabilities(model, same)[1]).toBeGreaterThan(0.6);
  });
});
