/**
 * Spike detection: the count of one period against a rolling baseline of the periods before it.
 *
 *   mean μ = Σcᵢ / N over the N baseline periods (a period with no mention counts 0)
 *   σ      = √(Σ(cᵢ − μ)² / N)                        (population standard deviation)
 *   σ'     = max(σ, √μ)                                (Poisson floor: counts of rare events
 *                                                       vary by about √μ even when the baseline
 *                                                       happened to be flat)
 *   threshold T = max(minCount, μ + k·σ')
 *   spike ⇔ count ≥ T
 *
 * Example (docs/triage.md): complaints per hour over the previous twelve hours
 * 1 0 2 1 0 1 3 1 0 2 1 0 → μ = 1, σ = √(10/12) ≈ 0.913, σ' = max(0.913, 1) = 1, and with k = 3,
 * minCount = 5: T = max(5, 1 + 3) = 5. Nine complaints in the last hour is a spike; four is not.
 */

export interface SpikeOptions {
  /** k: how many standard deviations above the mean. */
  sigmas: number;
  /** The least count that can be a spike. */
  minCount: number;
}

export interface SpikeVerdict {
  spike: boolean;
  count: number;
  mean: number;
  /** The population standard deviation of the baseline. */
  sigma: number;
  /** max(σ, √mean): the deviation the threshold uses. */
  effectiveSigma: number;
  threshold: number;
}

export function baselineStats(baseline: readonly number[]): { mean: number; sigma: number } {
  if (baseline.length === 0) return { mean: 0, sigma: 0 };
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const variance = baseline.reduce((a, c) => a + (c - mean) ** 2, 0) / baseline.length;
  return { mean, sigma: Math.sqrt(variance) };
}

export function detectSpike(count: number, baseline: readonly number[], options: SpikeOptions): SpikeVerdict {
  const { mean, sigma } = baselineStats(baseline);
  const effectiveSigma = Math.max(sigma, Math.sqrt(mean));
  const threshold = Math.max(options.minCount, mean + options.sigmas * effectiveSigma);
  return { spike: count >= threshold, count, mean, sigma, effectiveSigma, threshold };
}
