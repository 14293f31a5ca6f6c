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
import {
  DEFAULT_FEATURES,
  type FeatureConfig,
  Featurizer,
  foldVector,
  type SparseVector,
} from './features.js';
import { encodeLexicon, type Lexicon } from './lexicon.js';
import { trainLogistic } from './logistic.js';
import {
  type DataFileProvenance,
  type DataTerms,
  encodeMixture,
  featureConfigToFile,
  type Gate,
  type Head,
  MIXTURE_MODEL_FORMAT,
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
  /** 'balanced': weight rows so that each head sees both of its classes equally often, per domain. */
  classWeight: 'balanced' | 'none';
  /**
   * With the shared view and domain adaptation: a learned mixture of views (a gate that reads the
   * text and says how much it looks like each group of training domains).
   */
  mixture?: MixtureOptions;
}

/** A group of training domains whose own weights a mention that reads like them borrows. */
export interface MixtureGroup {
  name: string;
  domains: readonly string[];
  /** How far toward the group's own view (0: the shared view, 1: the mean of its domains' views). */
  weight: number;
}

export interface MixtureOptions {
  groups: readonly MixtureGroup[];
  /** The gate hashes its features into 2^gateBits buckets (the heads' buckets folded). */
  gateBits: number;
  gateL2: number;
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
  // A gate picks the view per mention: brand tweets, airline tweets and developer comments get
  // their own domains' views, reviews (and text like none of them) the shared one
  // (docs/classifier.md, "One model, many kinds of text").
  mixture: {
    groups: [
      { name: 'brand-tweets', domains: ['complaints'], weight: 1 },
      { name: 'airline-tweets', domains: ['airline'], weight: 1 },
      { name: 'reviews', domains: ['finefood', 'uci-sentences'], weight: 0 },
      { name: 'developer', domains: ['premo'], weight: 1 },
    ],
    gateBits: 16,
    gateL2: 1e-4,
  },
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

interface FittedHead {
  /** Shared copy, then one copy per domain of allDomains, then the domains' own biases. */
  all: Float32Array;
  bias: number;
  adapt: boolean;
  data: HeadData;
  stats: HeadStats;
}

function fitHead(
  data: HeadData,
  allDomains: readonly TrainingDomain[],
  l2: number,
  dimension: number,
  options: TrainOptions,
): FittedHead {
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
  return {
    all: model.weights[0] as Float32Array,
    bias: model.bias[0] as number,
    adapt,
    data,
    stats: {
      rows: data.y.length,
      positives: data.y.reduce((a, b) => a + b, 0),
      domains: data.domains,
      iterations: model.iterations,
      converged: model.converged,
    },
  };
}

/**
 * The mean bias of the domains that show the head both of its classes: a domain with one class
 * only (reviews labeled positive/negative, seen by the tone head) has a bias that says nothing
 * about how often the other class occurs.
 */
function meanDomainBias(fitted: FittedHead, domains: number, dimension: number): number {
  const both = twoClassDomains(fitted.data);
  let sum = 0;
  for (const d of both) sum += fitted.all[domainBiasIndex(d, domains, dimension)] as number;
  return both.length ? sum / both.length : 0;
}

/** The exported head: the target domain's view, or the shared view. */
function exportHead(fitted: FittedHead, domains: number, target: number, dimension: number): Head {
  const { all, adapt } = fitted;
  const weights = all.slice(0, dimension);
  let bias = fitted.bias;
  if (adapt && target === SHARED_TARGET) {
    bias += meanDomainBias(fitted, domains, dimension);
  } else if (adapt) {
    const offset = (target + 1) * dimension;
    for (let j = 0; j < dimension; j++) weights[j] = (weights[j] as number) + (all[offset + j] as number);
    bias += all[domainBiasIndex(target, domains, dimension)] as number;
  }
  return { weights, bias };
}

/**
 * What each mixture group adds to the shared view: `weight` × the mean of its domains' own copies
 * (a domain that did not feed the head adds nothing), and the same share of their bias offsets
 * from the shared view's bias (only from domains that showed the head both classes). Undefined
 * where a group adds nothing.
 */
function groupDeltas(
  fitted: FittedHead,
  allDomains: readonly TrainingDomain[],
  groups: readonly MixtureGroup[],
  dimension: number,
): (Head | undefined)[] {
  const domains = allDomains.length;
  const mean = meanDomainBias(fitted, domains, dimension);
  const both = new Set(twoClassDomains(fitted.data));
  return groups.map((group) => {
    const members = group.domains
      .map((name) => allDomains.findIndex((d) => d.name === name))
      .filter((d) => d >= 0 && fitted.data.domains.includes((allDomains[d] as TrainingDomain).name));
    if (!fitted.adapt || group.weight === 0 || members.length === 0) return undefined;
    const share = group.weight / group.domains.length;
    const weights = new Float32Array(dimension);
    let bias = 0;
    for (const d of members) {
      const offset = (d + 1) * dimension;
      for (let j = 0; j < dimension; j++)
        weights[j] = (weights[j] as number) + share * (fitted.all[offset + j] as number);
      if (both.has(d))
        bias += share * ((fitted.all[domainBiasIndex(d, domains, dimension)] as number) - mean);
    }
    return { weights, bias };
  });
}

/** The gate: which group of training domains a text reads like (softmax over the groups). */
function trainGate(
  allDomains: readonly TrainingDomain[],
  vectors: readonly SparseVector[][],
  groups: readonly MixtureGroup[],
  mixture: MixtureOptions,
  options: TrainOptions,
): Gate {
  const x: SparseVector[] = [];
  const y: number[] = [];
  groups.forEach((group, g) => {
    for (const name of group.domains) {
      const d = allDomains.findIndex((domain) => domain.name === name);
      for (const v of vectors[d] ?? []) {
        x.push(foldVector(v, mixture.gateBits));
        y.push(g);
      }
    }
  });
  // Each group weighs the same in total: how many rows a data set happens to have is no prior for
  // what a mention is (airline tweets outnumber developer comments 7 to 1 here).
  const counts = groups.map((_, g) => y.filter((label) => label === g).length);
  const sampleWeight = y.map((g) => x.length / (groups.length * (counts[g] as number)));
  const model = trainLogistic(
    { x, y, sampleWeight },
    {
      classes: groups.length,
      dimension: 2 ** mixture.gateBits,
      l2: mixture.gateL2,
      lbfgs: { maxIterations: options.maxIterations },
    },
  );
  if (model.weights.length === 1) {
    // Two groups: one vector scores the second against the first; softmax(0, z) = sigmoid(z).
    return {
      bits: mixture.gateBits,
      weights: [new Float32Array(2 ** mixture.gateBits), model.weights[0] as Float32Array],
      bias: [0, model.bias[0] as number],
    };
  }
  return { bits: mixture.gateBits, weights: model.weights, bias: model.bias };
}

/** The groups that have training rows here (the gate can only learn those). */
function presentGroups(allDomains: readonly TrainingDomain[], mixture: MixtureOptions): MixtureGroup[] {
  return mixture.groups.filter((group) =>
    group.domains.some((name) => allDomains.some((d) => d.name === name && d.rows.length > 0)),
  );
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
  const dimension = featurizer.dimension;
  const complaint = fitHead(complaintData, domains, options.complaintL2, dimension, options);
  const result: TrainResult = {
    weights: {
      features: options.features,
      complaint: exportHead(complaint, domains.length, target, dimension),
    },
    stats: { complaint: complaint.stats },
  };
  if (options.features.lexiconWeight && options.lexicon) result.weights.lexicon = options.lexicon;

  const toneData = collectHead(domains, vectors, TONE_POSITIVE, TONE_NEGATIVE);
  const praise = toneData.y.filter((y) => y === 1).length;
  const tone =
    praise > 0 && praise < toneData.y.length
      ? fitHead(toneData, domains, options.toneL2, dimension, options)
      : undefined;
  if (tone) {
    result.weights.tone = exportHead(tone, domains.length, target, dimension);
    result.stats.tone = tone.stats;
  }

  const groups = options.mixture ? presentGroups(domains, options.mixture) : [];
  if (options.mixture && target === SHARED_TARGET && complaint.adapt && groups.length >= 2) {
    result.weights.mixture = {
      groups: groups.map((g) => ({ name: g.name, domains: [...g.domains], weight: g.weight })),
      gate: trainGate(domains, vectors, groups, options.mixture, options),
      complaint: groupDeltas(complaint, domains, groups, dimension),
      tone: tone ? groupDeltas(tone, domains, groups, dimension) : groups.map(() => undefined),
    };
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
    format: trained.weights.mixture ? MIXTURE_MODEL_FORMAT : MODEL_FORMAT,
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
          ...(trained.weights.mixture
            ? {
                mixture: {
                  groups: trained.weights.mixture.groups,
                  gateBits: options.mixture?.gateBits,
                  gateL2: options.mixture?.gateL2,
                },
              }
            : {}),
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
  if (trained.weights.mixture) file.mixture = encodeMixture(trained.weights.mixture);
  return file;
}
