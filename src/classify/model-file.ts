/**
 * The shipped model file (src/classify/model.json): its schema, and the conversion between the
 * in-memory weights (Float32Array per head) and the compact stored form (int8 weights with one
 * scale per head, base64-encoded). Quantizing to 255 levels drops the weights below half a step,
 * which is what keeps the file small.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as z from 'zod';
import type { FeatureConfig } from './features.js';
import { decodeLexicon, encodeLexicon, type Lexicon } from './lexicon.js';

export const MODEL_FORMAT = 'earshot-classifier/1';
/** A model with a mixture of views (a gate and per-group weights); readers of format 1 lack them. */
export const MIXTURE_MODEL_FORMAT = 'earshot-classifier/2';

const featureConfigSchema = z.object({
  bits: z.number().int().min(4).max(24),
  wordNgrams: z.array(z.number().int().min(1).max(4)),
  charNgrams: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
  wordWeight: z.number(),
  charWeight: z.number(),
  tf: z.enum(['binary', 'log', 'raw']),
  negation: z.boolean().optional(),
  charMode: z.enum(['word', 'text']).optional(),
  lexiconWeight: z.number().nonnegative().optional(),
});

const storedHeadSchema = z.object({
  /** What the head's probability means, e.g. "P(complaint)". */
  describes: z.string(),
  bias: z.number(),
  /** weight = int8 × scale */
  scale: z.number().positive(),
  /** base64 of an Int8Array of length 2^bits (raw-deflated first when `compression` says so) */
  weights: z.string(),
  compression: z.literal('deflate-raw').optional(),
  nonZero: z.number().int().nonnegative(),
});

const mixtureSchema = z.object({
  groups: z
    .array(
      z.object({
        name: z.string(),
        domains: z.array(z.string()),
        weight: z.number(),
      }),
    )
    .min(2),
  /** P(group | text): a softmax over one linear score per group, on features folded to 2^bits. */
  gate: z.object({ bits: z.number().int().min(4).max(24), classes: z.array(storedHeadSchema) }),
  /** What each group adds to a head's shared weights and bias (null: nothing). */
  views: z.object({
    complaint: z.array(storedHeadSchema.nullable()),
    tone: z.array(storedHeadSchema.nullable()),
  }),
});

const dataFileSchema = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.number().int().nonnegative(),
  labels: z.record(z.string(), z.number().int().nonnegative()),
  domain: z.string(),
});

const termsSchema = z.object({
  data: z.string(),
  source: z.string(),
  license: z.string(),
  terms: z.string(),
  citation: z.string().optional(),
});

export const modelFileSchema = z.object({
  format: z.enum([MODEL_FORMAT, MIXTURE_MODEL_FORMAT]),
  header: z.object({
    name: z.string(),
    created: z.string(),
    provenance: z.object({
      data: z.array(dataFileSchema),
      training: z.record(z.string(), z.unknown()),
      trainer: z.string(),
    }),
    terms: z.array(termsSchema),
    notice: z.string(),
  }),
  features: featureConfigSchema,
  /** `word<TAB>afinn<TAB>vader×10` lines (lexicon.ts); present when features.lexiconWeight > 0. */
  lexicon: z.string().optional(),
  heads: z.object({
    complaint: storedHeadSchema,
    tone: storedHeadSchema.optional(),
  }),
  /** Format 2 only: the mixture of views (docs/classifier.md, "One model, many kinds of text"). */
  mixture: mixtureSchema.optional(),
});

export type ModelFile = z.infer<typeof modelFileSchema>;
type StoredFeatures = z.infer<typeof featureConfigSchema>;

export function featureConfigToFile(config: FeatureConfig): StoredFeatures {
  const stored: StoredFeatures = {
    bits: config.bits,
    wordNgrams: [...config.wordNgrams],
    charNgrams: [config.charNgrams[0], config.charNgrams[1]],
    wordWeight: config.wordWeight,
    charWeight: config.charWeight,
    tf: config.tf,
  };
  if (config.negation !== undefined) stored.negation = config.negation;
  if (config.charMode !== undefined) stored.charMode = config.charMode;
  if (config.lexiconWeight !== undefined) stored.lexiconWeight = config.lexiconWeight;
  return stored;
}

export function featureConfigFromFile(stored: StoredFeatures): FeatureConfig {
  const config: FeatureConfig = {
    bits: stored.bits,
    wordNgrams: stored.wordNgrams,
    charNgrams: [stored.charNgrams[0], stored.charNgrams[1]],
    wordWeight: stored.wordWeight,
    charWeight: stored.charWeight,
    tf: stored.tf,
  };
  if (stored.negation !== undefined) config.negation = stored.negation;
  if (stored.charMode !== undefined) config.charMode = stored.charMode;
  if (stored.lexiconWeight !== undefined) config.lexiconWeight = stored.lexiconWeight;
  return config;
}
export type StoredHead = z.infer<typeof storedHeadSchema>;
export type DataFileProvenance = z.infer<typeof dataFileSchema>;
export type DataTerms = z.infer<typeof termsSchema>;

/** A linear head in memory: P = sigmoid(w·x + bias). */
export interface Head {
  weights: Float32Array;
  bias: number;
}

/** The gate: one weight vector and bias per group over features folded to 2^bits buckets. */
export interface Gate {
  bits: number;
  weights: Float32Array[];
  bias: number[];
}

/**
 * A mixture of views: for a text x with gate probabilities p, a head scores
 * shared·x + bias + Σ_g p_g · (delta_g·x + delta_g.bias).
 */
export interface Mixture {
  groups: { name: string; domains: string[]; weight: number }[];
  gate: Gate;
  /** Per group (in `groups` order): what it adds to the complaint head, if anything. */
  complaint: (Head | undefined)[];
  tone: (Head | undefined)[];
}

/** The weights the runtime needs, decoded. */
export interface ModelWeights {
  features: FeatureConfig;
  /** The sentiment lexicon the features read (when features.lexiconWeight > 0). */
  lexicon?: Lexicon;
  /** P(complaint) against everything else. */
  complaint: Head;
  /** P(compliment) against neutral, among non-complaints; absent when no data taught it. */
  tone?: Head;
  /** A mixture of views over `complaint` and `tone` (their shared weights); absent: one view. */
  mixture?: Mixture;
}

export function quantizeHead(head: Head, describes: string): StoredHead {
  let max = 0;
  for (const w of head.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = new Int8Array(head.weights.length);
  let nonZero = 0;
  for (let i = 0; i < head.weights.length; i++) {
    const q = Math.round((head.weights[i] as number) / scale);
    bytes[i] = q;
    if (q !== 0) nonZero++;
  }
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Most weights are small, so the bytes deflate to about a third: the file and the bundle shrink.
  return {
    describes,
    bias: head.bias,
    scale,
    weights: deflateRawSync(raw, { level: 9 }).toString('base64'),
    compression: 'deflate-raw',
    nonZero,
  };
}

export function dequantizeHead(stored: StoredHead, dimension: number): Head {
  const packed = base64ToBytes(stored.weights);
  let bytes: Uint8Array;
  try {
    bytes = stored.compression === 'deflate-raw' ? inflateRawSync(packed) : packed;
  } catch (error) {
    throw new Error(`model head "${stored.describes}" does not inflate: ${(error as Error).message}`);
  }
  if (bytes.length !== dimension) {
    throw new Error(`model head "${stored.describes}" has ${bytes.length} weights, expected ${dimension}`);
  }
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) weights[i] = (signed[i] as number) * stored.scale;
  return { weights, bias: stored.bias };
}

function base64ToBytes(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}

/** Validates a parsed model file and decodes its weights. */
export function decodeModelFile(data: unknown): ModelWeights {
  const parsed = modelFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `invalid classifier model file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const file = parsed.data;
  const dimension = 2 ** file.features.bits;
  const features = featureConfigFromFile(file.features);
  const weights: ModelWeights = { features, complaint: dequantizeHead(file.heads.complaint, dimension) };
  if (file.lexicon !== undefined) weights.lexicon = decodeLexicon(file.lexicon);
  if (features.lexiconWeight && !weights.lexicon)
    throw new Error('invalid classifier model file: lexicon features without a lexicon');
  if (file.heads.tone) weights.tone = dequantizeHead(file.heads.tone, dimension);
  if ((file.format === MIXTURE_MODEL_FORMAT) !== (file.mixture !== undefined))
    throw new Error(
      `invalid classifier model file: format ${file.format} ${file.mixture ? 'with' : 'without'} a mixture`,
    );
  if (file.mixture) weights.mixture = decodeMixture(file.mixture, dimension);
  return weights;
}

function decodeMixture(stored: z.infer<typeof mixtureSchema>, dimension: number): Mixture {
  const n = stored.groups.length;
  const { complaint, tone } = stored.views;
  if (stored.gate.classes.length !== n || complaint.length !== n || tone.length !== n)
    throw new Error(
      `invalid classifier model file: the mixture's gate and views need one entry per group (${n})`,
    );
  const gateDimension = 2 ** stored.gate.bits;
  const classes = stored.gate.classes.map((c) => dequantizeHead(c, gateDimension));
  return {
    groups: stored.groups,
    gate: {
      bits: stored.gate.bits,
      weights: classes.map((c) => c.weights),
      bias: classes.map((c) => c.bias),
    },
    complaint: complaint.map((h) => (h ? dequantizeHead(h, dimension) : undefined)),
    tone: tone.map((h) => (h ? dequantizeHead(h, dimension) : undefined)),
  };
}

/** The stored form of a mixture (int8 like the heads). */
export function encodeMixture(mixture: Mixture): z.infer<typeof mixtureSchema> {
  return {
    groups: mixture.groups,
    gate: {
      bits: mixture.gate.bits,
      classes: mixture.gate.weights.map((weights, g) =>
        quantizeHead(
          { weights, bias: mixture.gate.bias[g] as number },
          `gate: reads like ${mixture.groups[g]?.name}`,
        ),
      ),
    },
    views: {
      complaint: mixture.complaint.map((h, g) =>
        h ? quantizeHead(h, `P(complaint): what ${mixture.groups[g]?.name} adds`) : null,
      ),
      tone: mixture.tone.map((h, g) =>
        h ? quantizeHead(h, `P(compliment): what ${mixture.groups[g]?.name} adds`) : null,
      ),
    },
  };
}

/** The same rounding the file applies, kept in memory (cross-validation scores what would ship). */
export function roundTripWeights(weights: ModelWeights): ModelWeights {
  const dimension = 2 ** weights.features.bits;
  const out: ModelWeights = {
    features: weights.features,
    complaint: dequantizeHead(quantizeHead(weights.complaint, 'complaint'), dimension),
  };
  if (weights.lexicon) out.lexicon = decodeLexicon(encodeLexicon(weights.lexicon));
  if (weights.tone) out.tone = dequantizeHead(quantizeHead(weights.tone, 'tone'), dimension);
  if (weights.mixture) out.mixture = decodeMixture(encodeMixture(weights.mixture), dimension);
  return out;
}
