/**
 * npx tsx scripts/training-data.ts [--finefood Reviews.csv] [--premo dataset.json] [--dev DIR [--appstore app_reviews.csv]]
 *
 * Rebuilds the training sets in data/training/ (data/training/README.md says where each comes
 * from) and, with --dev, the development halves beside them:
 *
 *   uci-sentences.jsonl  from the devDependency `sentiment` (test/fixtures: amazon, imdb, yelp)
 *   finefood.jsonl       from Reviews.csv (the first 1,000 rows of SNAP's Amazon Fine Food Reviews,
 *                        github.com/KarthikBhat21/Sentiment-Analysis-of-Amazon-reviews @ a9a0c3b)
 *   premo.jsonl          from PRemo's data/dataset.json (github.com/opus-research/sentiment-dataset
 *                        @ 637b037)
 *
 *   appstore*.jsonl      (--dev only: evaluation data, no license) from data/app_reviews.csv of
 *                        github.com/mendelevium/4-7-nlp @ 8e636f2
 *
 * Each split is by a hash of what must not straddle it (a product, a project), so no product or
 * project is in both halves. Deterministic: the same inputs give byte-identical files.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../data/training');

interface Row {
  id: string;
  text: string;
  label: string;
  [extra: string]: string | number;
}

/** A fraction in [0, 1) from the first 32 bits of the value's sha256. */
export function hashFraction(value: string): number {
  return Number.parseInt(createHash('sha256').update(value).digest('hex').slice(0, 8), 16) / 2 ** 32;
}

/** Case and punctuation folded: two texts that differ only there are one text. */
const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .trim();

/**
 * A filter that passes each non-empty text the first time its normalized form is seen: two texts
 * that differ only in case and punctuation are one row.
 */
function firstOfEachText(): (text: string) => boolean {
  const seen = new Set<string>();
  return (text) => {
    const key = normalized(text);
    if (!text || seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** A CSV file's records (BOM dropped, short records skipped) and the index of each named column. */
function readCsv(path: string, names: readonly string[]): { records: string[][]; at: number[] } {
  const [header = [], ...records] = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  const at = names.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${path}: no column ${name}`);
    return index;
  });
  return { records: records.filter((r) => r.length >= header.length), at };
}

const starsLabel = (stars: number) => (stars <= 2 ? 'complaint' : stars === 3 ? 'neutral' : 'compliment');

function write(path: string, rows: readonly Row[]): void {
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const labels: Record<string, number> = {};
  for (const r of rows) labels[r.label] = (labels[r.label] ?? 0) + 1;
  process.stdout.write(`${path}: ${rows.length} rows ${JSON.stringify(labels)}\n`);
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

function uciSentences(): Row[] {
  const require = createRequire(import.meta.url);
  const fixtures = join(dirname(require.resolve('sentiment/package.json')), 'test/fixtures');
  const isNew = firstOfEachText();
  const rows: Row[] = [];
  for (const site of ['amazon', 'imdb', 'yelp']) {
    const items = JSON.parse(readFileSync(join(fixtures, `${site}.json`), 'utf8')) as {
      text: string;
      class: number;
    }[];
    items.forEach((item, i) => {
      const text = item.text.trim();
      if (!isNew(text)) return;
      rows.push({ id: `uci:${site}:${i}`, text, label: item.class ? 'compliment' : 'complaint' });
    });
  }
  return rows;
}

function fineFood(csvPath: string): { train: Row[]; dev: Row[] } {
  const { records, at } = readCsv(csvPath, ['Id', 'ProductId', 'Score', 'Summary', 'Text']);
  const [id, product, score, summary, text] = at;
  const train: Row[] = [];
  const dev: Row[] = [];
  for (const r of records) {
    const stars = Number(r[score as number]);
    const row: Row = {
      id: `finefood:${r[id as number]}`,
      text: `${r[summary as number]}\n${r[text as number]}`,
      label: starsLabel(stars),
      stars,
    };
    (hashFraction(r[product as number] as string) < 0.5 ? dev : train).push(row);
  }
  return { train, dev };
}

function premo(jsonPath: string): { train: Row[]; dev: Row[] } {
  const items = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    project: string;
    raw_message: string;
    part2_aggregate: { polarity: string };
    discussion_polarity?: string;
  }[];
  const labels: Record<string, string> = {
    negative: 'complaint',
    positive: 'compliment',
    neutral: 'neutral',
  };
  const isNew = firstOfEachText();
  const train: Row[] = [];
  const dev: Row[] = [];
  items.forEach((item, i) => {
    // With context (part 2); a total disagreement was settled by discussion.
    let polarity = item.part2_aggregate.polarity;
    if (polarity === 'undefined') polarity = item.discussion_polarity ?? 'undefined';
    const label = labels[polarity];
    const text = item.raw_message.trim();
    if (!label || !isNew(text)) return;
    const row: Row = { id: `premo:${i}`, text, label, project: item.project };
    (hashFraction(item.project) < 0.5 ? train : dev).push(row);
  });
  return { train, dev };
}

/** App Store reviews (evaluation only: no license): short ones a fixed 20 % sample, long ones all. */
function appStore(csvPath: string): { short: Row[]; long: Row[] } {
  const { records, at } = readCsv(csvPath, ['comment', 'rating', 'app']);
  const [comment, rating, app] = at;
  const isNew = firstOfEachText();
  const short: Row[] = [];
  const long: Row[] = [];
  records.forEach((r, i) => {
    const text = (r[comment as number] as string).trim();
    if (!isNew(text)) return;
    const stars = Number(r[rating as number]);
    const row: Row = {
      id: `appstore:${i}`,
      text,
      label: starsLabel(stars),
      stars,
      app: r[app as number] as string,
    };
    if ([...text].length >= 300)
      long.push(row); // code points, as the sets were first cut
    else if (hashFraction(row.id) < 0.2) short.push(row);
  });
  return { short, long };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      finefood: { type: 'string' },
      premo: { type: 'string' },
      appstore: { type: 'string' },
      dev: { type: 'string' },
    },
  });
  const { dev, finefood: food, premo: pr, appstore: reviews } = values;
  write(join(OUT, 'uci-sentences.jsonl'), uciSentences());
  if (food) {
    const { train, dev: held } = fineFood(food);
    write(join(OUT, 'finefood.jsonl'), train);
    if (dev) write(join(dev, 'finefood.jsonl'), held);
  }
  if (pr) {
    const { train, dev: held } = premo(pr);
    write(join(OUT, 'premo.jsonl'), train);
    if (dev) write(join(dev, 'github-pr.jsonl'), held);
  }
  if (reviews && dev) {
    const { short, long } = appStore(reviews);
    write(join(dev, 'appstore.jsonl'), short);
    write(join(dev, 'appstore-long.jsonl'), long);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
