/**
 * Training: labeled texts → ModelWeights (and, with provenance, a model file).
 *
 * The training data comes as domains (one per data file), each with its own label scheme, and
 * labels are routed to the heads that they actually inform instead of being pooled naively:
 *
 *   complaint head (binary): complaint → 1; not_complaint, neutral, compliment, question → 0
 *   tone head (binary):      compliment → 1; neutral → 0 (other labels say nothing about tone)
 *
 * So `not_complaint` (which covers thanks, questions and chatter) only teaches "not a complaint",
 * never "neutral". When two or more domains feed a head, it is trained with feature
 * augmentation for domain adaptation (Daumé III, "Frustratingly Easy Domain Adaptation", 2007):
 * every feature gets a shared copy and a per-domain copy; the exported head is the shared
 * weights plus the target domain's, which is one plain weight vector again.
 */
import { DEFAULT_FEATURES, type FeatureConfig, Featurizer, type SparseVector } from './features.js';
import { encodeLexicon, type Lexicon } from './lexicon.js';
import { trainLogistic } from './logistic.js';
import {
  type DataFileProvenance,
  type DataTerms,
  featureConfigToFile,
  type Head,
  MODEL_FORMAT,
  type ModelFile,
  type ModelWeights,
  quantizeHead,
} from './model-file.js';

export interface LabeledText {
  text: string;
  label: string;
  id?: string;
}

/** One data set with one label scheme. */
export interface TrainingDomain {
  name: string;
  rows: readonly LabeledText[];
}

export interface TrainOptions {
  features: FeatureConfig;
  /** L2 strength of the complaint head (objective: mean log-loss + l2/2·‖w‖²). */
  complaintL2: number;
  /** L2 strength of the compliment-vs-neutral head. */
  toneL2: number;
  /** L-BFGS iteration cap per head. */
  maxIterations: number;
  /** Shared + per-domain feature copies when several domains feed a head. */
  domainAdaptation: boolean;
  /**
   * The domain whose view the exported heads take (default: the first domain). `SHARED_VIEW`
   * exports the shared weights alone with the mean of the domains' biases: the view for data from
   * none of the training domains.
   */
  targetDomain?: string;
  /** The sentiment lexicon, needed when features.lexiconWeight > 0 (lexicon-source.ts). */
  lexicon?: Lexicon;
  /**
   * With the shared view: also add `weight` × one domain's own copy and its bias offset from the
   * shared view's bias (0: the shared view, 1: that domain's view).
   */
  blend?: { domain: string; weight: number };
  /** 'balanced': weight rows so that each head sees both of its classes equally often, per domain. */
  classWeight: 'balanced' | 'none';
}

/** `targetDomain` for the shared weights alone (see TrainOptions). */
export const SHARED_VIEW = '*';

/**
 * Chosen by 10-fold cross-validation on the tweets and by the cross-domain development sets
 * (docs/classifier.md). The lexicon is not part of the defaults: pass it (lexicon-source.ts at
 * training time, or the shipped model's, classifier.ts `shippedLexicon`).
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  // No character n-grams: across domains they scored no better than words + lexicon (0.579 against
  // 0.575 mean macro-F1 on the dev sets), at seven times the training time and half the speed.
  // 2^16 buckets: as good as 2^18 there, a quarter of the file.
  features: { ...DEFAULT_FEATURES, bits: 16, charNgrams: [0, 0], negation: true, lexiconWeight: 1 },
  complaintL2: 1e-5,
  toneL2: 1e-5,
  maxIterations: 300,
  domainAdaptation: true,
  classWeight: 'none',
  targetDomain: SHARED_VIEW,
  // Half way to the brand tweets' own view: the shared view alone reads reviews and developer
  // comments best but brand tweets worst (docs/classifier.md, "Across domains").
  blend: { domain: 'complaints', weight: 0.5 },
};

export const COMPLAINT_POSITIVE: ReadonlySet<string> = new Set(['complaint']);
export const COMPLAINT_NEGATIVE: ReadonlySet<string> = new Set([
  'not_complaint',
  'neutral',
  'compliment',
  'question',
]);
export const TONE_POSITIVE: ReadonlySet<string> = new Set(['compliment']);
export const TONE_NEGATIVE: ReadonlySet<string> = new Set(['neutral']);

export interface HeadStats {
  rows: number;
  positives: number;
  domains: string[];
  iterations: number;
  converged: boolean;
}

export interface TrainResult {
  weights: ModelWeights;
  stats: { complaint: HeadStats; tone?: HeadStats };
}

interface HeadData {
  x: SparseVector[];
  y: number[];
  domainOf: number[];
  domains: string[];
}

function collectHead(
  domains: readonly TrainingDomain[],
  vectors: readonly SparseVector[][],
  positive: ReadonlySet<string>,
  negative: ReadonlySet<string>,
): HeadData {
  const data: HeadData = { x: [], y: [], domainOf: [], domains: [] };
  domains.forEach((domain, d) => {
    let used = false;
    domain.rows.forEach((row, i) => {
      const y = positive.has(row.label) ? 1 : negative.has(row.label) ? 0 : -1;
      if (y < 0) return;
      data.x.push(vectors[d]?.[i] as SparseVector);
      data.y.push(y);
      data.domainOf.push(d);
      used = true;
    });
    if (used) data.domains.push(domain.name);
  });
  return data;
}

/**
 * Shared copy at [0, D), domain d's copy at [(d+1)·D, (d+2)·D), and an always-on feature per
 * domain after those (index (domains+1)·D + d) that acts as the domain's own bias.
 */
function augment(x: SparseVector, domain: number, domains: number, dimension: number): SparseVector {
  const n = x.indices.length;
  const indices = new Int32Array(2 * n + 1);
  const values = new Float32Array(2 * n + 1);
  const offset = (domain + 1) * dimension;
  for (let k = 0; k < n; k++) {
    indices[k] = x.indices[k] as number;
    values[k] = x.values[k] as number;
    indices[n + k] = offset + (x.indices[k] as number);
    values[n + k] = x.values[k] as number;
  }
  indices[2 * n] = domainBiasIndex(domain, domains, dimension);
  values[2 * n] = 1;
  return { indices, values };
}

/** Internal target index of SHARED_VIEW. */
const SHARED_TARGET = -2;

const domainBiasIndex = (domain: number, domains: number, dimension: number) =>
  (domains + 1) * dimension + domain;

/** Indices of the domains whose rows hold both classes of the head. */
function twoClassDomains(data: HeadData): number[] {
  const seen = new Map<number, number>();
  for (let i = 0; i < data.y.length; i++) {
    const d = data.domainOf[i] as number;
    seen.set(d, (seen.get(d) ?? 0) | (data.y[i] === 1 ? 2 : 1));
  }
  return [...seen].filter(([, mask]) => mask === 3).map(([d]) => d);
}

/** Per-row weights that balance the two classes within each domain. */
function balancedWeights(data: HeadData): number[] {
  const counts = new Map<string, number>();
  const key = (i: number) => `${data.domainOf[i]}:${data.y[i]}`;
  const perDomain = new Map<number, number>();
  for (let i = 0; i < data.y.length; i++) {
    counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
    const d = data.domainOf[i] as number;
    perDomain.set(d, (perDomain.get(d) ?? 0) + 1);
  }
  return data.y.map(
    (_, i) => (perDomain.get(data.domainOf[i] as number) as number) / (2 * (counts.get(key(i)) as number)),
  );
}

function trainHead(
  data: HeadData,
  allDomains: readonly TrainingDomain[],
  target: number,
  l2: number,
  dimension: number,
  options: TrainOptions,
): { head: Head; stats: HeadStats } {
  const adapt = options.domainAdaptation && data.domains.length > 1;
  const domains = allDomains.length;
  const x = adapt ? data.x.map((v, i) => augment(v, data.domainOf[i] as number, domains, dimension)) : data.x;
  const sampleWeight = options.classWeight === 'balanced' ? balancedWeights(data) : undefined;
  const model = trainLogistic(sampleWeight ? { x, y: data.y, sampleWeight } : { x, y: data.y }, {
    classes: 2,
    dimension: adapt ? (domains + 1) * dimension + domains : dimension,
    l2,
    lbfgs: { maxIterations: options.maxIterations },
  });
  const all = model.weights[0] as Float32Array;
  const weights = all.slice(0, dimension);
  let bias = model.bias[0] as number;
  if (adapt && target === SHARED_TARGET) {
    // The mean bias of the domains that show the head both of its classes: a domain with one class
    // only (reviews labeled positive/negative, seen by the tone head) has a bias that says nothing
    // about how often the other class occurs.
    const both = twoClassDomains(data);
    let sum = 0;
    for (const d of both) sum += all[domainBiasIndex(d, domains, dimension)] as number;
    const mean = both.length ? sum / both.length : 0;
    bias += mean;
    const blended = options.blend ? allDomains.findIndex((d) => d.name === options.blend?.domain) : -1;
    if (options.blend && blended < 0)
      throw new Error(`blend domain "${options.blend.domain}" is not among the training data`);
    if (options.blend && data.domains.includes(options.blend.domain)) {
      const w = options.blend.weight;
      const offset = (blended + 1) * dimension;
      for (let j = 0; j < dimension; j++)
        weights[j] = (weights[j] as number) + w * (all[offset + j] as number);
      bias += w * ((all[domainBiasIndex(blended, domains, dimension)] as number) - mean);
    }
  } else if (adapt) {
    const offset = (target + 1) * dimension;
    for (let j = 0; j < dimension; j++) weights[j] = (weights[j] as number) + (all[offset + j] as number);
    bias += all[domainBiasIndex(target, domains, dimension)] as number;
  }
  return {
    head: { weights, bias },
    stats: {
      rows: data.y.length,
      positives: data.y.reduce((a, b) => a + b, 0),
      domains: data.domains,
      iterations: model.iterations,
      converged: model.converged,
    },
  };
}

export function trainWeights(
  domains: readonly TrainingDomain[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): TrainResult {
  if (domains.length === 0) throw new Error('no training data');
  const target =
    options.targetDomain === undefined
      ? 0
      : options.targetDomain === SHARED_VIEW
        ? SHARED_TARGET
        : domains.findIndex((d) => d.name === options.targetDomain);
  if (target === -1)
    throw new Error(`target domain "${options.targetDomain}" is not among the training data`);
  const featurizer = new Featurizer(options.features, options.lexicon);
  const vectors = domains.map((d) => d.rows.map((r) => featurizer.extract(r.text)));

  const complaintData = collectHead(domains, vectors, COMPLAINT_POSITIVE, COMPLAINT_NEGATIVE);
  const positives = complaintData.y.filter((y) => y === 1).length;
  if (positives === 0 || positives === complaintData.y.length) {
    throw new Error(
      'the training data needs both complaint and non-complaint rows (labels: complaint, not_complaint, neutral, compliment, question)',
    );
  }
  const complaint = trainHead(
    complaintData,
    domains,
    target,
    options.complaintL2,
    featurizer.dimension,
    options,
  );
  const result: TrainResult = {
    weights: { features: options.features, complaint: complaint.head },
    stats: { complaint: complaint.stats },
  };
  if (options.features.lexiconWeight && options.lexicon) result.weights.lexicon = options.lexicon;

  const toneData = collectHead(domains, vectors, TONE_POSITIVE, TONE_NEGATIVE);
  const praise = toneData.y.filter((y) => y === 1).length;
  if (praise > 0 && praise < toneData.y.length) {
    const tone = trainHead(toneData, domains, target, options.toneL2, featurizer.dimension, options);
    result.weights.tone = tone.head;
    result.stats.tone = tone.stats;
  }
  return result;
}

export interface ModelFileInput {
  trained: TrainResult;
  options: TrainOptions;
  data: DataFileProvenance[];
  terms: DataTerms[];
  /** ISO date (YYYY-MM-DD) the model was built. */
  created: string;
  notice: string;
}

export function buildModelFile(input: ModelFileInput): ModelFile {
  const { trained, options } = input;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    header: {
      name: 'earshot-embedded',
      created: input.created,
      provenance: {
        data: input.data,
        training: {
          algorithm: `L2-regularized logistic regression (L-BFGS), hashed word 1–2-grams${
            options.features.charNgrams[1] > 0 ? ' + char n-grams' : ''
          }${options.features.lexiconWeight ? ' + sentiment-lexicon features' : ''}`,
          complaintL2: options.complaintL2,
          toneL2: options.toneL2,
          maxIterations: options.maxIterations,
          domainAdaptation: options.domainAdaptation,
          classWeight: options.classWeight,
          targetDomain: options.targetDomain ?? input.data[0]?.domain ?? null,
          ...(options.blend ? { blend: options.blend } : {}),
          ...(options.features.lexiconWeight ? { lexiconWeight: options.features.lexiconWeight } : {}),
          quantization: 'int8 per head (weight = int8 × scale)',
          heads: trained.stats,
        },
        trainer: 'scripts/train.ts (src/classify/train.ts)',
      },
      terms: input.terms,
      notice: input.notice,
    },
    features: featureConfigToFile(options.features),
    ...(trained.weights.lexicon ? { lexicon: encodeLexicon(trained.weights.lexicon) } : {}),
    heads: { complaint: quantizeHead(trained.weights.complaint, 'P(complaint) vs every other category') },
  };
  if (trained.weights.tone) {
    file.heads.tone = quantizeHead(trained.weights.tone, 'P(compliment) vs neutral, among non-complaints');
  }
  return file;
}
