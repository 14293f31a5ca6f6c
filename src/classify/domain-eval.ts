/**
 * The cross-domain figures: a classifier against the two word-list baselines on each development
 * set (dev-sets.ts), macro-F1 over complaint / compliment / neutral. Used by `earshot eval
 * --domains` and the classify bench.
 */
import type { Baselines } from './baselines.js';
import type { DevSetSpec } from './dev-sets.js';
import { classesOf, decideAmong, scorePredictions } from './evaluate.js';
import type { LabeledText } from './train.js';
import type { Classification } from './types.js';

export interface DomainFigures {
  domain: string;
  describes: string;
  n: number;
  model: number;
  afinn?: number;
  vader?: number;
  /** model − the better baseline. */
  margin?: number;
}

export function scoreDomain(
  spec: DevSetSpec,
  rows: readonly LabeledText[],
  classify: (text: string) => Classification,
  baselines?: Baselines,
): DomainFigures {
  const classes = classesOf(rows);
  const truth = rows.map((r) => r.label);
  const macro = (predicted: string[]) => scorePredictions(truth, predicted, classes).macroF1;
  const figures: DomainFigures = {
    domain: spec.domain,
    describes: spec.describes,
    n: rows.length,
    model: macro(rows.map((r) => decideAmong(classes, classify(r.text)))),
  };
  if (baselines) {
    figures.afinn = macro(rows.map((r) => baselines.afinn(r.text)));
    figures.vader = macro(rows.map((r) => baselines.vader(r.text)));
    figures.margin = figures.model - Math.max(figures.afinn, figures.vader);
  }
  return figures;
}

const f3 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));

/** A plain-text table of the figures, with the mean of each column. */
export function formatDomainTable(rows: readonly DomainFigures[]): string {
  const width = Math.max(8, ...rows.map((r) => r.domain.length + 2));
  const lines = [
    `${'domain'.padEnd(width)}${'n'.padStart(7)}${'model'.padStart(8)}${'AFINN'.padStart(8)}${'VADER'.padStart(8)}${'margin'.padStart(8)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.domain.padEnd(width)}${String(r.n).padStart(7)}${f3(r.model).padStart(8)}${f3(r.afinn).padStart(8)}${f3(r.vader).padStart(8)}${(r.margin === undefined ? '—' : (r.margin >= 0 ? '+' : '') + r.margin.toFixed(3)).padStart(8)}`,
    );
  }
  const mean = (pick: (r: DomainFigures) => number | undefined) => {
    const values = rows.map(pick);
    return values.every((v) => v !== undefined) && values.length
      ? (values as number[]).reduce((a, b) => a + b, 0) / values.length
      : undefined;
  };
  lines.push(
    `${'mean'.padEnd(width)}${''.padStart(7)}${f3(mean((r) => r.model)).padStart(8)}${f3(mean((r) => r.afinn)).padStart(8)}${f3(mean((r) => r.vader)).padStart(8)}`,
  );
  return lines.join('\n');
}
