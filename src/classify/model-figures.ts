/**
 * Size, load time and speed of a model file, measured the same way by the classify bench and
 * `earshot eval --domains`.
 */
import { gzipSync } from 'node:zlib';
import { decodeModelFile } from './model-file.js';
import { Predictor } from './predictor.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Bytes of the model file as stored, and gzipped at level 9. */
export function modelBytes(raw: string): { bytes: number; gzip: number } {
  return { bytes: Buffer.byteLength(raw), gzip: gzipSync(raw, { level: 9 }).length };
}

/**
 * Parse + validate + decode + build the predictor, as the first classification does: the first
 * (cold) run, and the median of four more (warm).
 */
export function loadTimes(raw: string): { cold: number; warm: number } {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    new Predictor(decodeModelFile(JSON.parse(raw)));
    times.push(performance.now() - started);
  }
  return { cold: times[0] as number, warm: median(times.slice(1)) };
}

/**
 * Items per second on one core: `classify` over every text, after a warm-up over the first 1,000;
 * the median of `passes` passes (the best pass would flatter a machine shared with other work).
 */
export function throughput(
  classify: (text: string) => unknown,
  texts: readonly string[],
  passes = 5,
): number {
  for (const t of texts.slice(0, 1000)) classify(t);
  const rates: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for (const t of texts) classify(t);
    rates.push(texts.length / ((performance.now() - started) / 1000));
  }
  return median(rates);
}
