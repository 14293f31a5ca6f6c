/**
 * Mermaid charts for GitHub Markdown (job summaries and issues render ```mermaid blocks). Mermaid's
 * xychart has neither legends nor stacked bars, so a stacked bar is drawn as overlapping bars of
 * running totals, largest first, and the colours are named in the title; every chart in a report
 * has a table next to it with the same numbers.
 */

export interface Series {
  name: string;
  /** `#rrggbb` */
  color: string;
  values: readonly number[];
}

function quote(text: string): string {
  return `"${text.replace(/["\\]/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}

/** A round upper bound for the y axis (at least 1). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= max) return Math.round(candidate * 1000) / 1000;
  }
  return max;
}

function block(colors: readonly string[], lines: readonly string[]): string {
  return [
    '```mermaid',
    '---',
    'config:',
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${colors.join(', ')}"`,
    '---',
    'xychart-beta',
    ...lines.map((l) => `  ${l}`),
    '```',
  ].join('\n');
}

const list = (values: readonly (number | string)[]) =>
  `[${values.map((v) => (typeof v === 'string' ? quote(v) : String(Math.round(v * 100) / 100))).join(', ')}]`;

/** Bars stacked bottom-up in the order given (series[0] at the bottom). */
export function stackedBars(
  title: string,
  x: readonly string[],
  yLabel: string,
  series: readonly Series[],
): string {
  const totals: number[][] = [];
  let running = x.map(() => 0);
  for (const s of series) {
    running = running.map((v, i) => v + (s.values[i] ?? 0));
    totals.push(running);
  }
  const max = niceMax(Math.max(0, ...(totals.at(-1) ?? [0])));
  const drawn = [...series.keys()].reverse();
  return block(
    drawn.map((i) => series[i]!.color),
    [
      `title ${quote(title)}`,
      `x-axis ${list(x)}`,
      `y-axis ${quote(yLabel)} 0 --> ${max}`,
      ...drawn.map((i) => `bar ${list(totals[i]!)}`),
    ],
  );
}

export function bars(
  title: string,
  x: readonly string[],
  yLabel: string,
  values: readonly number[],
  color: string,
): string {
  return block(
    [color],
    [
      `title ${quote(title)}`,
      `x-axis ${list(x)}`,
      `y-axis ${quote(yLabel)} 0 --> ${niceMax(Math.max(0, ...values))}`,
      `bar ${list(values)}`,
    ],
  );
}

export function line(
  title: string,
  x: readonly string[],
  yLabel: string,
  values: readonly number[],
  color: string,
  range: readonly [number, number],
): string {
  return block(
    [color],
    [
      `title ${quote(title)}`,
      `x-axis ${list(x)}`,
      `y-axis ${quote(yLabel)} ${range[0]} --> ${range[1]}`,
      `line ${list(values)}`,
    ],
  );
}
