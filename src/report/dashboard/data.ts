/**
 * The dashboard's data: one compact row of numbers per mention (the page's script filters and
 * aggregates them), the period, source and category names the rows index into, and the open
 * high-priority mentions with their titles and links. Nothing else about a mention is embedded.
 */
import { CATEGORIES, type Category } from '../../mentions/mention.js';
import { type MentionFacts, PRIORITIES } from '../facts.js';
import { CATEGORY_COLORS, periodDates, STACK_ORDER } from '../markdown.js';
import { BRAND_HEALTH_MIN_SAMPLE, combinedSla, RESPONSE_BUCKETS, type ReportMetrics } from '../metrics.js';
import type { SlaStatus } from '../sla.js';

export const SLA_CODES: Record<SlaStatus, number> = { none: 0, met: 1, breached: 2, pending: 3, unknown: 4 };
export const STATE_CODES = { open: 0, resolved: 1, dismissed: 2 } as const;
/** Row flags. */
export const ESCALATED_FLAG = 1;
export const FOLLOWED_UP_FLAG = 2;

/**
 * [period, category, source, priority, state, firstResponse, resolution, sla, flags, leadTime, open]
 * firstResponse: seconds, -1 no response, -2 answered at an unknown time; resolution and leadTime:
 * seconds or -1; open: index into `open` or -1.
 */
export type DashboardRow = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export interface DashboardData {
  generatedAt: string;
  clock: string;
  periodKind: 'week' | 'month';
  periods: { id: string; dates: string }[];
  categories: Category[];
  stackOrder: Category[];
  colors: Record<Category, string>;
  sources: string[];
  priorities: string[];
  buckets: { label: string; upTo: number | null }[];
  /** Compliments + complaints needed before brand health is a KPI (src/report/metrics.ts). */
  brandHealthMinSample: number;
  rows: DashboardRow[];
  /** Open high-priority mentions, oldest first. */
  open: { number: number; title: string; url: string; age: number; responded: boolean; breached: boolean }[];
}

/** Issue links: http(s) URLs, or absolute paths of the local store's files; anything else is dropped. */
function linkable(url: string): string {
  return /^https?:\/\//i.test(url) || url.startsWith('/') ? url : '';
}

export function dashboardData(
  metrics: ReportMetrics,
  facts: readonly MentionFacts[],
  clock: string,
): DashboardData {
  const periodIndex = new Map(metrics.periods.map((p, i) => [p.id, i]));
  const sources = [...new Set(facts.filter((f) => periodIndex.has(f.period)).map((f) => f.source))].sort();
  const sourceIndex = new Map(sources.map((s, i) => [s, i]));
  const open: DashboardData['open'] = [];
  const inWindow = facts.filter((f) => periodIndex.has(f.period));
  const openHigh = inWindow
    .filter((f) => f.state === 'open' && f.priority === 'high')
    .sort((a, b) => b.ageSeconds - a.ageSeconds || a.number - b.number);
  const openIndex = new Map<number, number>();
  for (const f of openHigh) {
    openIndex.set(f.number, open.length);
    open.push({
      number: f.number,
      title: f.title,
      url: linkable(f.url),
      age: f.ageSeconds,
      responded: f.responded,
      breached: f.breached,
    });
  }
  const rows = inWindow.map(
    (f): DashboardRow => [
      periodIndex.get(f.period)!,
      CATEGORIES.indexOf(f.category),
      sourceIndex.get(f.source)!,
      PRIORITIES.indexOf(f.priority),
      STATE_CODES[f.state],
      f.firstResponseSeconds ?? (f.responded ? -2 : -1),
      f.resolutionSeconds ?? -1,
      SLA_CODES[combinedSla(f)],
      (f.escalated ? ESCALATED_FLAG : 0) | (f.followedUp ? FOLLOWED_UP_FLAG : 0),
      f.leadTimeSeconds ?? -1,
      openIndex.get(f.number) ?? -1,
    ],
  );
  return {
    generatedAt: metrics.generatedAt,
    clock,
    periodKind: metrics.periodKind,
    periods: metrics.periods.map((p) => ({ id: p.id, dates: periodDates(p) })),
    categories: [...CATEGORIES],
    stackOrder: [...STACK_ORDER],
    colors: CATEGORY_COLORS,
    sources,
    priorities: [...PRIORITIES],
    brandHealthMinSample: BRAND_HEALTH_MIN_SAMPLE,
    buckets: RESPONSE_BUCKETS.map((b) => ({ label: b.label, upTo: Number.isFinite(b.upTo) ? b.upTo : null })),
    rows,
    open,
  };
}
