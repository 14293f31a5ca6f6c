/**
 * The quiet first run. A source's first successful fetch (no cursor for it in the state yet) finds
 * what was already out there before Earshot listened: up to `lookbackDays` of history. Unless
 * `bootstrap.backfill` is true, those mentions are recorded — their keys are remembered so they
 * are never filed later, and they count in the volume histogram — but not filed, except the ones
 * published within `bootstrap.recentHours` before the run. One summary issue (label
 * `earshot-summary`) says how many were skipped, per source, category and priority, and links the
 * ten most urgent so nothing important goes unseen.
 */

import { neutralizeInline, neutralizeUrl } from '../issue/neutralize.js';
import type { Category } from '../mentions/mention.js';
import { parseSpecialMarker, renderSpecialMarker } from '../record/marker.js';
import type { RecordIssue, SpecialIssueContent } from '../record/port.js';
import type { BootstrapConfig } from './config.js';
import type { PriorityLevel } from './priority.js';

export const SUMMARY_LABEL = 'earshot-summary';
const MAX_RUNS = 20;
const TOP = 10;

export function bootstrapId(shard: string): string {
  return `bootstrap:${shard}`;
}

/**
 * Whether a mention found by a source's first run is filed (true) or only recorded (false). An
 * undated mention (its time is only the fetch time) cannot be shown to be recent: recorded.
 */
export function filedOnFirstRun(
  mention: { published: string; publishedEstimated?: boolean },
  now: Date,
  config: BootstrapConfig,
): boolean {
  if (config.backfill) return true;
  if (mention.publishedEstimated) return false;
  const t = Date.parse(mention.published);
  return Number.isFinite(t) && t >= now.getTime() - config.recentHours * 3_600_000;
}

export interface SkippedMention {
  sourceId: string;
  category: Category;
  priority: PriorityLevel;
  score: number;
  title: string;
  url?: string;
}

interface BootstrapRun {
  at: string;
  skipped: number;
  filed: number;
  /** A backfill run (`bootstrap.backfill: true` after a quiet first run): existing mentions it filed. */
  backfilled?: number;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  byPriority: Record<string, number>;
  top: { title: string; url?: string; priority: PriorityLevel; score: number }[];
}

interface BootstrapData {
  id: string;
  runs: BootstrapRun[];
}

const tally = (xs: readonly string[]) => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};

export function summarizeRun(
  skipped: readonly SkippedMention[],
  filed: number,
  sources: readonly string[],
  now: Date,
): BootstrapRun {
  const rank = { high: 0, normal: 1, low: 2 } as const;
  const top = [...skipped]
    .sort((a, b) => rank[a.priority] - rank[b.priority] || b.score - a.score)
    .slice(0, TOP)
    .map((m) => ({ title: m.title, ...(m.url ? { url: m.url } : {}), priority: m.priority, score: m.score }));
  return {
    at: now.toISOString(),
    skipped: skipped.length,
    filed,
    bySource: { ...Object.fromEntries(sources.map((s) => [s, 0])), ...tally(skipped.map((m) => m.sourceId)) },
    byCategory: tally(skipped.map((m) => m.category)),
    byPriority: tally(skipped.map((m) => m.priority)),
    top,
  };
}

function renderRun(run: BootstrapRun, config: BootstrapConfig, recentHoursNote: boolean): string[] {
  if (run.backfilled !== undefined)
    return [
      `### Backfill of ${Object.keys(run.bySource)
        .map((s) => neutralizeInline(s, 60))
        .join(', ')}, ${run.at.slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `**${run.backfilled} existing mention(s) filed** (\`bootstrap.backfill: true\`): each has its own issue now` +
        ' (a write budget may leave some to the next runs).',
      '',
    ];
  const list = (r: Record<string, number>, order: readonly string[]) =>
    order
      .filter((k) => r[k])
      .map((k) => `${r[k]} ${k}`)
      .join(', ') || 'none';
  return [
    `### First run of ${Object.keys(run.bySource).length} source(s), ${run.at.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `**${run.skipped} existing mention(s) skipped**: published before Earshot was listening, they were` +
      ` recorded but not filed${recentHoursNote ? `; ${run.filed} published within the last ${config.recentHours} hour(s) were filed` : ''}.`,
    '',
    '| source | skipped |',
    '|---|---|',
    ...Object.entries(run.bySource).map(([s, n]) => `| ${neutralizeInline(s, 60)} | ${n} |`),
    '',
    `By category: ${list(run.byCategory, ['complaint', 'question', 'compliment', 'neutral'])}. ` +
      `By priority: ${list(run.byPriority, ['high', 'normal', 'low'])}.`,
    '',
    ...(run.top.length > 0
      ? [
          'The most urgent of them, in case one still needs an answer:',
          '',
          ...run.top.map((m) => {
            const url = m.url ? neutralizeUrl(m.url) : undefined;
            const title = neutralizeInline(m.title, 160);
            return `- **${m.priority}** (score ${m.score}) ${url ? `[${title}](${url})` : title}`;
          }),
          '',
        ]
      : []),
  ];
}

export function renderBootstrapSummary(
  existing: RecordIssue | undefined,
  run: BootstrapRun,
  config: BootstrapConfig,
  shard: string,
  stateHint: string,
): SpecialIssueContent {
  const old = parseSpecialMarker(existing?.body) as Partial<BootstrapData> | undefined;
  const data: BootstrapData = { id: bootstrapId(shard), runs: [...(old?.runs ?? []), run].slice(-MAX_RUNS) };
  const skipped = data.runs.reduce((n, r) => n + r.skipped, 0);
  const backfilled = data.runs.reduce((n, r) => n + (r.backfilled ?? 0), 0);
  const body = [
    '## Earshot started listening',
    '',
    `Every mention from now on gets its own issue. What was already out there when a source was first` +
      ` read is not filed, so the tracker does not start under a flood of old mentions: **${skipped}` +
      ` existing mention(s) skipped** so far${shard === 'default' ? '' : ` (${neutralizeInline(shard, 40)})`}.` +
      (backfilled > 0
        ? ` A backfill has since **filed ${backfilled}** existing mention(s): those have their own issues.`
        : ''),
    '',
    'To file them as well: set `bootstrap.backfill: true` in the Earshot config and delete this' +
      ` shard's state (${stateHint}); the next run reads the look-back window again and files what has` +
      ' no issue yet (the write budget applies; the rest follows on later runs). Existing issues are' +
      ' never filed twice.',
    '',
    ...data.runs.flatMap((r) => renderRun(r, config, config.recentHours > 0)),
    renderSpecialMarker({ ...data }),
  ].join('\n');
  const sources = Object.keys(run.bySource).join(', ');
  return {
    title:
      backfilled > 0
        ? `Earshot started listening: ${skipped} existing mention(s) skipped, ${backfilled} filed by backfill`
        : `Earshot started listening: ${skipped} existing mention(s) skipped`,
    body,
    labels: [SUMMARY_LABEL],
    assignees: [],
    ...(existing
      ? {
          comment:
            run.backfilled !== undefined
              ? `${run.backfilled} existing mention(s) filed by backfill: the first run of ${sources} with \`bootstrap.backfill: true\`.`
              : `${run.skipped} more existing mention(s) skipped: the first run of ${sources}.`,
        }
      : {}),
  };
}

/** Thrown by renderBackfillUpdate when there is no summary issue to update (nothing was skipped before). */
export class NoSummaryIssue extends Error {
  override readonly name = 'NoSummaryIssue';
}

/**
 * After a backfill run: the open summary issue, if a quiet first run left one, records what the
 * backfill filed, so it no longer says only that mentions were skipped. Without one it throws
 * NoSummaryIssue before anything is written (a backfill from the start needs no summary).
 */
export function renderBackfillUpdate(
  existing: RecordIssue | undefined,
  backfilled: number,
  sources: readonly string[],
  now: Date,
  config: BootstrapConfig,
  shard: string,
  stateHint: string,
): SpecialIssueContent {
  if (!existing) throw new NoSummaryIssue('no open first-run summary issue');
  const run: BootstrapRun = {
    ...summarizeRun([], backfilled, sources, now),
    backfilled,
  };
  return renderBootstrapSummary(existing, run, config, shard, stateHint);
}
