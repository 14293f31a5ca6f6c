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
];

export const MODEL_NOTICE =
  'This model was trained on research data (complaints.jsonl, ask the authors before commercial use) and on CC BY-NC-SA 4.0 data (airline-dev.jsonl, non-commercial only). Commercial users should retrain on their own labeled data: see docs/classifier.md.';

function findRepoRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where the development data lives: `$EARSHOT_TRAINING_DATA`, else `../shared/data/mentions-dev`
 * next to the repository (found from this file, then from the working directory).
 */
export function defaultDataDir(): string {
  const fromEnv = process.env.EARSHOT_TRAINING_DATA;
  if (fromEnv) return resolve(fromEnv);
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findRepoRoot(here) ?? findRepoRoot(process.cwd()) ?? process.cwd();
  return resolve(root, '../shared/data/mentions-dev');
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
    const path = resolve(dir, spec.file);
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
