/**
 * Summary statistics used by every report: the median (the mean of the two middle values for an
 * even count), the 90th percentile by the nearest-rank method (the value at rank ⌈0.9·n⌉ of the
 * sorted values) and the mean. The dashboard's script computes the same numbers the same way
 * (a test checks they agree).
 */

export interface Stats {
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}

export function stats(values: readonly number[]): Stats {
  const n = values.length;
  if (n === 0) return { count: 0, median: null, p90: null, mean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, median, p90, mean: sum / n };
}

/** a ÷ b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** "83%" (rounded), or "—". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}
