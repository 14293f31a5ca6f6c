/**
 * Training-time extraction of the lexicon from the npm packages (devDependencies): AFINN-165 from
 * `sentiment` (MIT) and VADER's rated words from `vader-sentiment` (Apache-2.0; the lexicon itself
 * is MIT, C.J. Hutto). Node-only; the runtime reads the compact copy in the model file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Lexicon } from './lexicon.js';
import { tokensOf } from './text.js';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** AFINN-165 word → valence (−5..5). */
export function readAfinn(): Map<string, number> {
  const labels = JSON.parse(
    readFileSync(join(packageDir('sentiment'), 'languages/en/labels.json'), 'utf8'),
  ) as Record<string, number>;
  return new Map(Object.entries(labels));
}

/** VADER token → mean valence (−4..4). */
export function readVader(): Map<string, number> {
  const text = readFileSync(join(packageDir('vader-sentiment'), 'vader_lexicon.txt'), 'utf8');
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [token, mean] = line.split('\t');
    if (token && mean !== undefined && Number.isFinite(Number(mean))) out.set(token, Number(mean));
  }
  return out;
}

/**
 * Both lists merged, keyed the way the tokenizer writes a token: an entry that does not come out as
 * exactly one token of itself ("can't stand", or a form normalization changes) is left out.
 */
export function buildLexicon(): Lexicon {
  const merged = new Map<string, [number, number]>();
  const put = (entry: string, index: 0 | 1, value: number) => {
    const tokens = tokensOf(entry);
    if (tokens.length !== 1) return;
    const token = tokens[0] as string;
    const pair = merged.get(token) ?? [0, 0];
    if (pair[index] === 0) pair[index] = value;
    merged.set(token, pair);
  };
  for (const [word, value] of readAfinn()) put(word, 0, value / 5);
  for (const [token, value] of readVader()) put(token, 1, value / 4);
  return merged;
}

export const LEXICON_TERMS = {
  data: 'sentiment lexicon (AFINN-165 + VADER)',
  source:
    'AFINN-165 (Finn Årup Nielsen) as shipped in the npm package `sentiment` 5.0.2; VADER lexicon (C.J. Hutto) as shipped in the npm package `vader-sentiment` 1.1.3',
  license:
    'MIT (sentiment, AFINN-165 as distributed there); MIT (VADER lexicon), Apache-2.0 (vader-sentiment package, NOTICE: Comcast)',
  terms:
    'Valences are stored rounded (AFINN as integers, VADER to 0.1). Keep the copyright notices: sentiment (c) Andrew Sliwinski, MIT; VADER (c) C.J. Hutto, MIT; vaderSentiment-js (c) 2018 Comcast Cable Communications Management, LLC, Apache-2.0.',
};
