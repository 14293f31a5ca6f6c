/**
 * The development sets for the cross-domain figures (docs/classifier.md, "Across domains"), and
 * where they live: `$EARSHOT_DEV_SETS`, else `../shared/data/reviews-dev/dev` next to the
 * repository. Each is JSONL of `{"id", "text", "label"}` with labels complaint / compliment /
 * neutral (stars: 1–2 complaint, 3 neutral, 4–5 compliment). None of them is trained on. The
 * README.md beside them says how they were derived.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultDataDir } from './data.js';
import type { DataTerms } from './model-file.js';

export interface DevSetSpec {
  file: string;
  domain: string;
  /** What kind of text, in a table's words. */
  describes: string;
  terms: DataTerms;
}

const APP_STORE_TERMS: DataTerms = {
  data: 'appstore.jsonl, appstore-long.jsonl',
  source:
    'App Store reviews of Facebook, Twitter, Candy Crush and Tinder (26 English-speaking countries), data/app_reviews.csv of github.com/mendelevium/4-7-nlp (commit 8e636f2)',
  license: 'none stated',
  terms:
    'Evaluation only: the repository states no license and the texts are App Store user reviews. Never trained on, never redistributed with Earshot.',
};

export const DEV_SETS: readonly DevSetSpec[] = [
  {
    file: 'appstore.jsonl',
    domain: 'appstore',
    describes: 'app-store reviews under 300 characters (stars; a fixed 20 % sample)',
    terms: APP_STORE_TERMS,
  },
  {
    file: 'appstore-long.jsonl',
    domain: 'appstore-long',
    describes: 'app-store reviews of 300 characters or more (stars)',
    terms: APP_STORE_TERMS,
  },
  {
    file: 'finefood.jsonl',
    domain: 'finefood',
    describes: 'product reviews, summary + text (stars; Amazon fine food)',
    terms: {
      data: 'finefood.jsonl',
      source:
        'Amazon Fine Food Reviews (McAuley & Leskovec 2013, SNAP), the first 1,000 rows as in data/Reviews.csv of github.com/KarthikBhat21/Sentiment-Analysis-of-Amazon-reviews (commit a9a0c3b); the half whose product ids hash below 0.5',
      license: 'CC0 1.0 (as published by SNAP on Kaggle, snap/amazon-fine-food-reviews)',
      terms: 'Public domain dedication. Cite McAuley & Leskovec, WWW 2013.',
    },
  },
  {
    file: 'github-pr.jsonl',
    domain: 'github-pr',
    describes: 'GitHub pull-request comments of 18 projects the model never saw (3-class sentiment)',
    terms: {
      data: 'github-pr.jsonl',
      source:
        'PRemo, data/dataset.json of github.com/opus-research/sentiment-dataset (commit 637b037): the 780 comments of the 18 projects whose names hash at or above 0.5 (the other 18 projects are training data, premo.jsonl)',
      license: 'MIT (© 2025 Daniel Coutinho)',
      terms:
        'Mined and labeled by the PRemo authors themselves, not derived from the held-out sources. No project is in both halves. Cite the paper.',
    },
  },
];

/** `$EARSHOT_DEV_SETS`, else ../shared/data/reviews-dev/dev next to the repository. */
export function defaultDevSetDir(): string {
  const fromEnv = process.env.EARSHOT_DEV_SETS;
  if (fromEnv) return resolve(fromEnv);
  return resolve(defaultDataDir(), '../reviews-dev/dev');
}

/** The dev sets found in `dir` (absent files are skipped). */
export function availableDevSets(dir = defaultDevSetDir()): { spec: DevSetSpec; path: string }[] {
  return DEV_SETS.map((spec) => ({ spec, path: resolve(dir, spec.file) })).filter((s) => existsSync(s.path));
}
