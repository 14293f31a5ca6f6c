/**
 * Sentiment-lexicon features: each token's valence from two word lists (AFINN-165, −5..5, and
 * VADER's rated words, −4..4), flipped inside the scope of a negation, summarized per text and
 * per sentence into a few dense values (see `lexiconFeatures`). The model file carries the lists
 * in a compact string form (`encodeLexicon` / `decodeLexicon`); the training script extracts them
 * from the npm packages `sentiment` and `vader-sentiment` (lexicon-source.ts).
 */

/** word → [AFINN valence / 5, VADER valence / 4]; a list that lacks the word gives 0. */
export type Lexicon = ReadonlyMap<string, readonly [number, number]>;

/**
 * Compact form: `word<TAB>afinn<TAB>vader` lines, valences as integers (AFINN as is, VADER × 10),
 * sorted by word so that the file is stable.
 */
export function encodeLexicon(lexicon: Lexicon): string {
  return [...lexicon.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([word, [a, v]]) => `${word}\t${Math.round(a * 5)}\t${Math.round(v * 40)}`)
    .join('\n');
}

export function decodeLexicon(text: string): Lexicon {
  const lexicon = new Map<string, readonly [number, number]>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [word, a, v] = line.split('\t');
    if (!word || a === undefined || v === undefined) throw new Error(`bad lexicon line: ${line}`);
    lexicon.set(word, [Number(a) / 5, Number(v) / 40]);
  }
  return lexicon;
}

const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'cannot',
  'cant',
  'dont',
  'didnt',
  'doesnt',
  'wont',
  'isnt',
  'wasnt',
  'arent',
  'aint',
  'without',
]);
/** A negation reaches at most this many tokens, and never past a clause or contrast boundary. */
const SCOPE = 3;
const BOUNDARY: ReadonlySet<string> = new Set(['!', '?', '...', '\u2026', 'but', 'however', 'although']);
const CONTRAST: ReadonlySet<string> = new Set([
  'but',
  'however',
  'although',
  'though',
  'except',
  'unfortunately',
]);
const SENTENCE_END: ReadonlySet<string> = new Set(['!', '?', '...', '\u2026', '.']);

/** Names of the dense features, in output order. */
export const LEXICON_FEATURES = [
  'afinn.pos',
  'afinn.neg',
  'vader.pos',
  'vader.neg',
  'afinn.norm',
  'vader.norm',
  'first.vader',
  'last.vader',
  'after-contrast.vader',
  'sentences.pos',
  'sentences.neg',
  'min-sentence.vader',
  'max-sentence.vader',
  'negated.pos',
  'length',
] as const;

/** Squashes a sum into −1..1 like VADER's compound score. */
const squash = (s: number) => s / Math.sqrt(s * s + 4);

/**
 * The dense lexicon features of a token sequence. `tokens` may contain sentence ends `.` (the
 * featurizer passes them). Positive and negative sums are scaled by 1/√n so that a long text is not
 * pulled to an extreme by its length alone.
 */
export function lexiconFeatures(tokens: readonly string[], lexicon: Lexicon): Float64Array {
  const out = new Float64Array(LEXICON_FEATURES.length);
  let ap = 0;
  let an = 0;
  let vp = 0;
  let vn = 0;
  let negatedPositive = 0;
  let words = 0;
  let scope = 0;
  let sentence = 0;
  let sentences = 0;
  let positiveSentences = 0;
  let negativeSentences = 0;
  let first = Number.NaN;
  let last = 0;
  let minSentence = 0;
  let maxSentence = 0;
  let afterContrast = 0;
  let contrastSeen = false;
  const closeSentence = () => {
    const s = squash(sentence);
    if (Number.isNaN(first)) first = s;
    last = s;
    if (s > 0.1) positiveSentences++;
    if (s < -0.1) negativeSentences++;
    minSentence = Math.min(minSentence, s);
    maxSentence = Math.max(maxSentence, s);
    sentences++;
    sentence = 0;
  };
  let open = false;
  for (const token of tokens) {
    if (SENTENCE_END.has(token)) {
      if (open) closeSentence();
      open = false;
      scope = 0;
      continue;
    }
    open = true;
    words++;
    if (BOUNDARY.has(token)) scope = 0;
    if (CONTRAST.has(token)) {
      contrastSeen = true;
      afterContrast = 0;
    }
    const valence = lexicon.get(token);
    if (valence) {
      const sign = scope > 0 ? -1 : 1;
      const a = sign * valence[0];
      const v = sign * valence[1];
      if (a > 0) ap += a;
      else an -= a;
      if (v > 0) vp += v;
      else vn -= v;
      if (scope > 0 && valence[1] > 0) negatedPositive++;
      sentence += v;
      if (contrastSeen) afterContrast += v;
    }
    if (NEGATORS.has(token) || token.endsWith("n't")) scope = SCOPE + 1;
    if (scope > 0) scope--;
  }
  if (open) closeSentence();
  const root = Math.sqrt(Math.max(words, 1));
  out[0] = ap / root;
  out[1] = an / root;
  out[2] = vp / root;
  out[3] = vn / root;
  out[4] = squash(ap - an);
  out[5] = squash(vp - vn);
  out[6] = Number.isNaN(first) ? 0 : first;
  out[7] = last;
  out[8] = contrastSeen ? squash(afterContrast) : 0;
  out[9] = sentences ? positiveSentences / sentences : 0;
  out[10] = sentences ? negativeSentences / sentences : 0;
  out[11] = minSentence;
  out[12] = maxSentence;
  out[13] = Math.min(negatedPositive, 3) / 3;
  out[14] = Math.log1p(words) / 6;
  return out;
}
