/**
 * The dashboard: one self-contained HTML file (no CDN, no external request of any kind — the page's
 * Content-Security-Policy forbids them), charts as inline SVG, filters in plain JavaScript, tables
 * beside every chart. It works opened from disk (file://) and on GitHub Pages.
 *
 * The page is pre-rendered here by running the page's own script (client-script.ts) in node:vm, so
 * the numbers a reader sees without JavaScript are the script's numbers for "everything".
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';
import type { MentionFacts } from '../facts.js';
import type { ReportMetrics } from '../metrics.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { type DashboardData, dashboardData } from './data.js';
import { DASHBOARD_CSS } from './style.js';

export interface DashboardInput {
  metrics: ReportMetrics;
  facts: readonly MentionFacts[];
  /** "wall clock" or "business hours (…)". */
  clockNote: string;
  title?: string;
}

export interface DashboardFilter {
  /** Index into periods, sources, categories; -1 for all. */
  period: number;
  source: number;
  category: number;
}

export type RenderedDashboard = Record<
  'caption' | 'kpis' | 'volume' | 'distribution' | 'health' | 'periods' | 'sources' | 'open',
  string
>;

export interface DashboardApi {
  summarize(data: DashboardData, rows: DashboardData['rows']): unknown;
  distribution(data: DashboardData, rows: DashboardData['rows']): { label: string; count: number }[];
  select(data: DashboardData, filter: DashboardFilter, ignorePeriod: boolean): DashboardData['rows'];
  render(data: DashboardData, filter: DashboardFilter): RenderedDashboard;
  formatDuration(seconds: number | null): string;
}

let compiled: Script | undefined;

/** The page's script, run in a fresh node:vm context (for pre-rendering and for tests). */
export function loadDashboardApi(): DashboardApi {
  compiled ??= new Script(CLIENT_SCRIPT, { filename: 'earshot-dashboard.js' });
  const context: { EarshotDashboard?: DashboardApi } = {};
  compiled.runInNewContext(context, { timeout: 30_000 });
  if (!context.EarshotDashboard) throw new Error('the dashboard script did not define its API');
  return context.EarshotDashboard;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that can sit inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function options(all: string, names: readonly string[]): string {
  return [
    `<option value="-1">${esc(all)}</option>`,
    ...names.map((n, i) => `<option value="${i}">${esc(n)}</option>`),
  ].join('');
}

export function dashboardHtml(input: DashboardInput): string {
  const data = dashboardData(input.metrics, input.facts, input.clockNote);
  const view = loadDashboardApi().render(data, { period: -1, source: -1, category: -1 });
  const title = input.title ?? 'Earshot — response dashboard';
  const unit = data.periodKind === 'week' ? 'week' : 'month';
  const first = data.periods[0]?.id ?? '';
  const last = data.periods.at(-1)?.id ?? '';
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(CLIENT_SCRIPT)}'`,
    `style-src 'sha256-${sha256(DASHBOARD_CSS)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const generated = data.generatedAt.replace('T', ' ').replace(/:\d\dZ$/, ' UTC');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="Earshot">
<title>${esc(title)}</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta">Generated ${esc(generated)} · ${data.rows.length} mentions published ${esc(first)} – ${esc(last)} · times on the ${esc(input.clockNote)}</p>
</header>
<main>
<form class="filters" aria-label="Filters">
<label>Period <select id="f-period">${options(
    `All ${data.periods.length} ${unit}s`,
    data.periods.map((p) => `${p.id} (${p.dates})`),
  )}</select></label>
<label>Source <select id="f-source">${options('All sources', data.sources)}</select></label>
<label>Category <select id="f-category">${options('All categories', data.categories)}</select></label>
<button type="button" id="f-reset">Show everything</button>
</form>
<p id="out-caption" class="caption" aria-live="polite">${view.caption}</p>
<section aria-label="Key figures"><div id="out-kpis" class="kpis">${view.kpis}</div></section>
<section class="card"><h2>Open high-priority mentions</h2><div id="out-open">${view.open}</div></section>
<section class="card"><h2>Volume by category</h2><div id="out-volume" class="pair">${view.volume}</div></section>
<section class="card"><h2>First-response time</h2><div id="out-distribution" class="pair">${view.distribution}</div></section>
<section class="card"><h2>Brand health</h2><div id="out-health" class="pair">${view.health}</div></section>
<section class="card"><h2>Response by ${unit}</h2><div id="out-periods" class="scroll">${view.periods}</div></section>
<section class="card"><h2>By source</h2><div id="out-sources" class="scroll">${view.sources}</div></section>
</main>
<footer>
<p>First response: the first status:replied or status:followed-up label, comment by a person that is not a /command, or close after filing. Medians and 90th percentiles (nearest rank). Brand health: compliments ÷ (compliments + complaints). Hand-off: followed up privately ÷ answered. Trend charts follow the source and category filters and mark the selected ${unit}. Definitions: docs/metrics.md in Earshot.</p>
</footer>
<script type="application/json" id="earshot-data">${scriptJson(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** Writes `<dir>/index.html` (atomically); returns its absolute path. */
export async function writeDashboard(dir: string, input: DashboardInput): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = resolve(join(dir, 'index.html'));
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, dashboardHtml(input), 'utf8');
  await rename(tmp, path);
  return path;
}
