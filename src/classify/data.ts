/**
 * Reading labeled JSONL, and the description (provenance and terms) of the data the shipped
 * model is trained on. Node-only (file system); the runtime classifier does not import it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataFileProvenance, DataTerms } from './model-file.js';
import type { LabeledText, TrainingDomain } from './train.js';

/** Parses JSONL of `{"text", "label"}` objects (other fields are ignored, `id` is kept). */
export function parseLabeledJsonl(content: string, source = 'input'): LabeledText[] {
  const rows: LabeledText[] = [];
  content.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${source}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    const record = value as { text?: unknown; label?: unknown; id?: unknown } | null;
    if (!record || typeof record.text !== 'string' || typeof record.label !== 'string' || !record.label) {
      throw new Error(`${source}:${index + 1}: expected an object with string "text" and "label"`);
    }
    const row: LabeledText = { text: record.text, label: record.label };
    if (typeof record.id === 'string') row.id = record.id;
    rows.push(row);
  });
  return rows;
}

export function readLabeledJsonl(path: string): LabeledText[] {
  return parseLabeledJsonl(readFileSync(path, 'utf8'), path);
}

export interface TrainingFileSpec {
  file: string;
  domain: string;
  terms: DataTerms;
  /**
   * 'repo': the file ships in the repository's `data/training/` (data whose terms allow it to be
   * redistributed: data/training/README.md); a file of the same name in the data directory wins.
   */
  dir?: 'repo';
}

/** The data the shipped model is trained on, and the terms that come with it. */
export const TRAINING_FILES: readonly TrainingFileSpec[] = [
  {
    file: 'complaints.jsonl',
    domain: 'complaints',
    terms: {
      data: 'complaints.jsonl',
      source:
        'Preoţiuc-Pietro, Gaman, Aletras: complaints-data.csv from github.com/danielpreotiuc/complaints-social-media (commit 54e3402)',
      license: 'none stated (research data)',
      terms:
        'Research data: the repository has no license file and asks users to cite the paper. Ask the authors before any commercial use or redistribution. The texts are tweets and remain subject to Twitter/X terms.',
      citation:
        'Daniel Preoţiuc-Pietro, Mihaela Gaman, Nikolaos Aletras. 2019. Automatically Identifying Complaints in Social Media. In Proceedings of ACL 2019, pages 5008–5019.',
    },
  },
  {
    file: 'airline-dev.jsonl',
    domain: 'airline',
    terms: {
      data: 'airline-dev.jsonl',
      source:
        'Twitter US Airline Sentiment (CrowdFlower "Data for Everyone", republished on Kaggle as crowdflower/twitter-airline-sentiment); development half',
      license: 'CC BY-NC-SA 4.0',
      terms:
        'Attribution, non-commercial use only, share-alike. Check with the project owner before a model trained on this data goes into a commercial product. The texts are tweets and remain subject to Twitter/X terms.',
    },
  },
  {
    file: 'finefood.jsonl',
    domain: 'finefood',
    dir: 'repo',
    terms: {
      data: 'finefood.jsonl',
      source:
        'Amazon Fine Food Reviews (SNAP), 564 of the first 1,000 rows (summary + text, stars), as in data/Reviews.csv of github.com/KarthikBhat21/Sentiment-Analysis-of-Amazon-reviews (commit a9a0c3b); the other rows are a development set',
      license: 'CC0 1.0',
      terms: 'Public domain dedication (SNAP on Kaggle, snap/amazon-fine-food-reviews).',
      citation:
        'Julian McAuley, Jure Leskovec. 2013. From Amateurs to Connoisseurs: Modeling the Evolution of User Expertise through Online Reviews. WWW 2013.',
    },
  },
  {
    file: 'uci-sentences.jsonl',
    domain: 'uci-sentences',
    dir: 'repo',
    terms: {
      data: 'uci-sentences.jsonl',
      source:
        'Sentiment Labelled Sentences (UCI): 1,000 sentences each from Amazon product, IMDB and Yelp reviews, positive/negative, as shipped in the npm package `sentiment` 5.0.2 (test/fixtures)',
      license: 'CC BY 4.0 (UCI Machine Learning Repository); MIT (the sentiment package)',
      terms: 'Attribution: cite the paper.',
      citation:
        'Dimitrios Kotzias, Misha Denil, Nando de Freitas, Padhraic Smyth. 2015. From Group to Individual Labels using Deep Features. KDD 2015.',
    },
  },
  {
    file: 'premo.jsonl',
    domain: 'premo',
    dir: 'repo',
    terms: {
      data: 'premo.jsonl',
      source:
        'PRemo: pull-request comments from 36 open-source projects labeled negative/neutral/positive by their authors, data/dataset.json of github.com/opus-research/sentiment-dataset (commit 637b037); the 986 comments of the 18 projects whose names hash below 0.5 (the other 18 projects are a development set)',
      license: 'MIT (© 2025 Daniel Coutinho)',
      terms: 'Keep the MIT notice (data/training/README.md). Cite the PRemo paper.',
      citation:
        'Daniel Coutinho et al. 2025. PRemo: A Dataset of Emotions Found on Pull Request Discussions (github.com/opus-research/sentiment-dataset, doi:10.5281/zenodo.15810713).',
    },
  },
];

export const MODEL_NOTICE =
  'This model was trained on research data (complaints.jsonl, ask the authors before commercial use), on CC BY-NC-SA 4.0 data (airline-dev.jsonl, non-commercial only), and on CC0, CC BY 4.0 and MIT data (finefood, uci-sentences, premo; see the terms). Commercial users should retrain on their own labeled data: see docs/classifier.md.';

function findRepoRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository: found from this file, then from the working directory. */
function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return findRepoRoot(here) ?? findRepoRoot(process.cwd()) ?? process.cwd();
}

/**
 * Where the development data lives: `$EARSHOT_TRAINING_DATA`, else `../shared/data/mentions-dev`
 * next to the repository (found from this file, then from the working directory).
 */
export function defaultDataDir(): string {
  const fromEnv = process.env.EARSHOT_TRAINING_DATA;
  if (fromEnv) return resolve(fromEnv);
  return resolve(repoRoot(), '../shared/data/mentions-dev');
}

/** The repository's data/training/. */
export function repoTrainingDir(): string {
  return resolve(repoRoot(), 'data/training');
}

/** A training file of your own: its domain is the file name without `.jsonl`. */
export function ownFileSpec(path: string): TrainingFileSpec {
  const name = basename(path);
  return {
    file: path,
    domain: name.replace(/\.jsonl$/i, ''),
    terms: {
      data: name,
      source: 'supplied by whoever trained this model',
      license: 'as the supplier of the data decides',
      terms: 'Labeled data supplied at training time; its terms are those of its owner.',
    },
  };
}

export interface LoadedTrainingData {
  domains: TrainingDomain[];
  provenance: DataFileProvenance[];
  terms: DataTerms[];
}

export function loadTrainingData(
  dir: string,
  files: readonly TrainingFileSpec[] = TRAINING_FILES,
): LoadedTrainingData {
  const loaded: LoadedTrainingData = { domains: [], provenance: [], terms: [] };
  for (const spec of files) {
    // A file in `dir` wins over the repository's copy (tests, and data kept elsewhere).
    const own = resolve(dir, spec.file);
    const path = spec.dir === 'repo' && !existsSync(own) ? resolve(repoTrainingDir(), spec.file) : own;
    if (!existsSync(path))
      throw new Error(`training data not found: ${path} (set --data or EARSHOT_TRAINING_DATA)`);
    const content = readFileSync(path);
    const rows = parseLabeledJsonl(content.toString('utf8'), path);
    const labels: Record<string, number> = {};
    for (const r of rows) labels[r.label] = (labels[r.label] ?? 0) + 1;
    loaded.domains.push({ name: spec.domain, rows });
    loaded.provenance.push({
      file: basename(spec.file),
      sha256: createHash('sha256').update(content).digest('hex'),
      rows: rows.length,
      labels,
      domain: spec.domain,
    });
    loaded.terms.push(spec.terms);
  }
  return loaded;
}
