/**
 * Feature extraction by hashing: word unigrams and bigrams, and character n-grams of each word
 * padded with spaces ("char_wb"), are hashed (FNV-1a + a final avalanche) into a table of
 * 2^bits buckets with a ±1 sign from the hash, so that collisions cancel out on average instead
 * of piling up. Each block (words, chars) is L2-normalized separately and then scaled by its
 * weight; term frequencies go through a sublinear transform (1 + ln count).
 */
import { LEXICON_FEATURES, type Lexicon, lexiconFeatures } from './lexicon.js';
import { PLACEHOLDERS, tokensOf, tokensWithStops } from './text.js';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Word n-gram orders, e.g. [1, 2]. */
  wordNgrams: readonly number[];
  /** Character n-gram range [min, max] within space-padded words; [0, 0] disables them. */
  charNgrams: readonly [number, number];
  /** Weight of the word block relative to the character block after normalization. */
  wordWeight: number;
  charWeight: number;
  /** Term-frequency transform. */
  tf: 'binary' | 'log' | 'raw';
  /** Also emit `neg:`-marked unigrams for words in the scope of a negation ("not happy"). */
  negation?: boolean;
  /** Character n-grams within each padded word ('word') or across the whole token sequence ('text'). */
  charMode?: 'word' | 'text';
  /**
   * Weight of the dense sentiment-lexicon block (lexicon.ts), appended unnormalized after the
   * other blocks; absent or 0: no lexicon features. Needs a lexicon given to the Featurizer.
   */
  lexiconWeight?: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 18,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  wordWeight: 1,
  charWeight: 1,
  tf: 'log',
};

/** A sparse vector; `indices` may repeat (values then add up). */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x2f6b1a37;
const BIGRAM_SEED = 0x5bd1e995;
const CHAR_SEED = 0x1b873593;
const NEGATION_SEED = 0x68e31da4;
const LEXICON_SEED = 0x3c6ef372;
const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'cannot',
  'cant',
  'dont',
  'didnt',
  'doesnt',
  'wont',
  'isnt',
]);
const SCOPE_END: ReadonlySet<string> = new Set(['!', '?', '...', '\u2026', 'but']);
const CHAR_BASIS = (FNV_OFFSET ^ CHAR_SEED) >>> 0;
/** 1 + ln(count) for small counts. */
const LOG_TF = Float64Array.from({ length: 64 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));

function fnv1a(text: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const BOS_HASH = fnv1a('\u0002', WORD_SEED);
const EOS_HASH = fnv1a('\u0003', WORD_SEED);

/** MurmurHash3's finalizer: spreads every input bit over the whole word. */
function avalanche(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Turns texts into hashed sparse vectors. Keeps a scratch table of 2^bits counts, so create one
 * per thread of work and reuse it.
 */
/** The vector with its buckets folded into 2^bits (bucket & (2^bits − 1)); dot products add up. */
export function foldVector(x: SparseVector, bits: number): SparseVector {
  const mask = 2 ** bits - 1;
  const indices = new Int32Array(x.indices.length);
  for (let k = 0; k < indices.length; k++) indices[k] = (x.indices[k] as number) & mask;
  return { indices, values: x.values };
}

export class Featurizer {
  readonly config: FeatureConfig;
  readonly dimension: number;
  private readonly mask: number;
  private readonly scratch: Float64Array;
  private readonly stamp: Uint32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private generation = 1;
  private outIndices = new Int32Array(1024);
  private outValues = new Float32Array(1024);
  private outCount = 0;

  private readonly lexicon: Lexicon | undefined;
  /** Bucket of each dense lexicon feature. */
  private readonly lexiconBuckets: Int32Array;

  constructor(config: FeatureConfig = DEFAULT_FEATURES, lexicon?: Lexicon) {
    if (config.bits < 4 || config.bits > 24)
      throw new Error(`feature bits must be 4..24, got ${config.bits}`);
    if (config.lexiconWeight && !lexicon) throw new Error('lexicon features need a lexicon');
    this.config = config;
    this.lexicon = config.lexiconWeight ? lexicon : undefined;
    this.lexiconBuckets = Int32Array.from(
      LEXICON_FEATURES,
      (name) => avalanche(fnv1a(name, LEXICON_SEED)) & (2 ** config.bits - 1),
    );
    this.dimension = 2 ** config.bits;
    this.mask = this.dimension - 1;
    this.scratch = new Float64Array(this.dimension);
    this.stamp = new Uint32Array(this.dimension);
    this.touched = new Int32Array(this.dimension);
  }

  /** The hashed feature vector of a raw text (normalized and tokenized here). */
  extract(raw: string): SparseVector {
    if (!this.lexicon) return this.extractTokens(tokensOf(raw));
    const withStops = tokensWithStops(raw);
    return this.extractTokens(
      withStops.filter((t) => t !== '.'),
      lexiconFeatures(withStops, this.lexicon),
    );
  }

  extractTokens(tokens: readonly string[], lexicon?: Float64Array): SparseVector {
    const { wordNgrams, charNgrams, wordWeight, charWeight } = this.config;
    this.outCount = 0;

    const hashes = tokens.map((t) => fnv1a(t, WORD_SEED));
    if (this.config.negation) {
      let inScope = false;
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as string;
        if (SCOPE_END.has(t)) inScope = false;
        else if (inScope) this.add(fnv1a(t, NEGATION_SEED));
        if (NEGATORS.has(t) || t.endsWith("n't")) inScope = true;
      }
    }
    for (const n of wordNgrams) {
      if (n === 1) {
        for (const h of hashes) this.add(h);
      } else if (n === 2) {
        let previous = BOS_HASH;
        for (const h of hashes) {
          this.add(Math.imul(previous ^ BIGRAM_SEED, FNV_PRIME) ^ h);
          previous = h;
        }
        this.add(Math.imul(previous ^ BIGRAM_SEED, FNV_PRIME) ^ EOS_HASH);
      } else {
        for (let i = 0; i + n <= hashes.length; i++) {
          let h = BIGRAM_SEED ^ n;
          for (let j = i; j < i + n; j++) h = Math.imul(h ^ (hashes[j] as number), FNV_PRIME);
          this.add(h);
        }
      }
    }
    this.flush(wordWeight);

    const [minN, maxN] = charNgrams;
    if (maxN > 0) {
      if (this.config.charMode === 'text') {
        this.addCharNgrams(` ${tokens.join(' ')} `, minN, maxN);
      } else {
        for (const token of tokens) {
          if (token.length < 2 || PLACEHOLDERS.has(token)) continue;
          this.addCharNgrams(` ${token} `, minN, maxN);
        }
      }
      this.flush(charWeight);
    }
    if (lexicon) this.appendDense(lexicon, this.config.lexiconWeight ?? 0);
    return {
      indices: this.outIndices.slice(0, this.outCount),
      values: this.outValues.slice(0, this.outCount),
    };
  }

  /** Appends dense values at their fixed buckets, scaled by `weight` (not normalized). */
  private appendDense(values: Float64Array, weight: number): void {
    this.reserve(this.outCount + values.length);
    for (let k = 0; k < values.length; k++) {
      const v = values[k] as number;
      if (v === 0) continue;
      this.outIndices[this.outCount] = this.lexiconBuckets[k] as number;
      this.outValues[this.outCount] = v * weight;
      this.outCount++;
    }
  }

  private reserve(size: number): void {
    if (this.outIndices.length >= size) return;
    const grown = Math.max(2 * this.outIndices.length, size);
    const indices = new Int32Array(grown);
    const values = new Float32Array(grown);
    indices.set(this.outIndices);
    values.set(this.outValues);
    this.outIndices = indices;
    this.outValues = values;
  }

  private addCharNgrams(padded: string, minN: number, maxN: number): void {
    for (let start = 0; start + minN <= padded.length; start++) {
      let h = CHAR_BASIS;
      const end = Math.min(padded.length, start + maxN);
      for (let j = start; j < end; j++) {
        h = Math.imul(h ^ padded.charCodeAt(j), FNV_PRIME);
        if (j - start + 1 >= minN) this.add(h);
      }
    }
  }

  private add(hash: number): void {
    const h = avalanche(hash);
    const bucket = h & this.mask;
    if (this.stamp[bucket] !== this.generation) {
      this.stamp[bucket] = this.generation;
      this.scratch[bucket] = 0;
      this.touched[this.touchedCount++] = bucket;
    }
    // The top bit gives the sign.
    this.scratch[bucket] = (this.scratch[bucket] as number) + (h & 0x80000000 ? -1 : 1);
  }

  /** Moves the scratch counts into the output, transformed and L2-normalized, and clears them. */
  private flush(weight: number): void {
    const { tf } = this.config;
    const start = this.outCount;
    this.reserve(start + this.touchedCount);
    let norm = 0;
    let out = start;
    for (let k = 0; k < this.touchedCount; k++) {
      const bucket = this.touched[k] as number;
      const raw = this.scratch[bucket] as number;
      if (raw === 0) continue;
      const count = Math.abs(raw);
      const magnitude =
        tf === 'binary'
          ? 1
          : tf === 'raw'
            ? count
            : count < LOG_TF.length
              ? (LOG_TF[count] as number)
              : 1 + Math.log(count);
      const v = raw < 0 ? -magnitude : magnitude;
      this.outIndices[out] = bucket;
      this.outValues[out] = v;
      out++;
      norm += v * v;
    }
    this.outCount = out;
    this.touchedCount = 0;
    this.generation = this.generation === 0xffffffff ? 1 : this.generation + 1;
    if (this.generation === 1) this.stamp.fill(0);
    if (norm > 0) {
      const scale = weight / Math.sqrt(norm);
      for (let k = start; k < out; k++) this.outValues[k] = (this.outValues[k] as number) * scale;
    }
  }
}
