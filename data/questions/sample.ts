/**
 * Draws the mentions for hand-labeling questions, reproducibly (seeded), from the dev data:
 * brand-directed complaints.jsonl rows (the random_tweet/random_reply controls are not mentions
 * of a company) and airline-dev.jsonl rows, the same number from each.
 *
 *   npx tsx data/questions/sample.ts [--data DIR] [--per-file N] [--offset K]
 *
 * Prints `id<TAB>text` lines; `--offset` skips the first K of each file's shuffled order (the
 * labeled set uses offset 0 and 160 per file; the rule-tuning set was drawn from offset 160).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seededRandom, shuffled } from '../../src/classify/random.js';

interface Row {
  id: string;
  text: string;
  label: string;
  domain?: string;
}

const SEED = 20260322;
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback;
};
const dir = resolve(option('--data', join(import.meta.dirname, '../../../shared/data/mentions-dev')));
const perFile = Number(option('--per-file', '160'));
const offset = Number(option('--offset', '0'));

const read = (file: string): Row[] =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row);

const random = seededRandom(SEED);
const complaints = read('complaints.jsonl').filter((r) => r.domain !== 'random_tweet' && r.domain !== 'random_reply');
const airline = read('airline-dev.jsonl');
for (const rows of [complaints, airline]) {
  for (const row of shuffled(rows, random).slice(offset, offset + perFile)) {
    process.stdout.write(`${row.id}\t${row.text.replace(/\s+/g, ' ')}\n`);
  }
}
