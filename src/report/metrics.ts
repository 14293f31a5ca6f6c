/**
 * The response metrics (docs/metrics.md defines each one). A Summary is computed for any set of
 * mentions (all of them, one period, one source …); ReportMetrics puts the sets a report shows
 * together. The dashboard's script computes the same Summary in the browser for its filters.
 */
import { CATEGORIES, type Category } from '../mentions/mention.js';
import { type MentionFacts, PRIORITIES, type PriorityLevel } from './facts.js';
import type { PeriodInfo, PeriodKind } from './periods.js';
import { type SlaStatus, type SlaTargets, slaTarget } from './sla.js';
import { ratio, type Stats, stats } from './stats.js';

export interface SlaCounts {
  met: number;
  breached: number;
  pending: number;
  unknown: number;
  /** met ÷ (met + breached), or null. */
  attainment: number | null;
}

export interface Summary {
  mentions: number;
  open: number;
  resolved: number;
  dismissed: number;
  byCategory: Record<Category, number>;
  /** Mentions with a first response (reply, follow-up, a comment by a person that is not a command, or close). */
  responded: number;
  /** responded ÷ mentions. */
  responseRate: number | null;
  /** Filing → first response, seconds, over mentions whose first response time is known. */
  firstResponse: Stats;
  /** Filing → close (resolved or dismissed), seconds, over closed mentions. */
  resolution: Stats;
  /** Per mention, both clocks together: breached if either is, pending if either is still running. */
  sla: SlaCounts;
  /** compliments ÷ (compliments + complaints). */
  brandHealth: number | null;
  escalated: number;
  /** escalated ÷ mentions. */
  escalationRate: number | null;
  followedUp: number;
  /** followed up privately ÷ responded. */
  handOffRate: number | null;
  /** Published → the linked fix closed, seconds. */
  leadTime: Stats;
}

/**
 * Brand health is headlined (report headline, dashboard KPI) only over at least this many
 * compliments and complaints: one mention's mood is not the brand's health. Tables and charts still
 * show every period's figure next to its counts.
 */
export const BRAND_HEALTH_MIN_SAMPLE = 5;

/** Compliments plus complaints: what brand health is computed over. */
export const brandHealthSample = (s: Pick<Summary, 'byCategory'>) =>
  s.byCategory.compliment + s.byCategory.complaint;

/** Brand health when it rests on enough mentions to headline, else null. */
export function headlineBrandHealth(s: Summary): number | null {
  return brandHealthSample(s) >= BRAND_HEALTH_MIN_SAMPLE ? s.brandHealth : null;
}

/** A mention's SLA status over both clocks. */
export function combinedSla(f: Pick<MentionFacts, 'firstResponseSla' | 'resolutionSla'>): SlaStatus {
  const s = [f.firstResponseSla, f.resolutionSla];
  for (const status of ['breached', 'pending', 'unknown', 'met'] as const)
    if (s.includes(status)) return status;
  return 'none';
}

export function emptyCategories(): Record<Category, number> {
  return { complaint: 0, compliment: 0, question: 0, neutral: 0 };
}

export function summarize(facts: readonly MentionFacts[]): Summary {
  const byCategory = emptyCategories();
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const lead: number[] = [];
  const sla = { met: 0, breached: 0, pending: 0, unknown: 0 };
  let open = 0;
  let resolved = 0;
  let dismissed = 0;
  let responded = 0;
  let escalated = 0;
  let followedUp = 0;
  for (const f of facts) {
    byCategory[f.category]++;
    if (f.state === 'open') open++;
    else if (f.state === 'resolved') resolved++;
    else dismissed++;
    if (f.responded) responded++;
    if (f.firstResponseSeconds !== undefined) firstResponse.push(f.firstResponseSeconds);
    if (f.resolutionSeconds !== undefined) resolution.push(f.resolutionSeconds);
    if (f.leadTimeSeconds !== undefined) lead.push(f.leadTimeSeconds);
    if (f.escalated) escalated++;
    if (f.followedUp) followedUp++;
    const s = combinedSla(f);
    if (s !== 'none') sla[s]++;
  }
  const n = facts.length;
  return {
    mentions: n,
    open,
    resolved,
    dismissed,
    byCategory,
    responded,
    responseRate: ratio(responded, n),
    firstResponse: stats(firstResponse),
    resolution: stats(resolution),
    sla: { ...sla, attainment: ratio(sla.met, sla.met + sla.breached) },
    brandHealth: ratio(byCategory.compliment, byCategory.compliment + byCategory.complaint),
    escalated,
    escalationRate: ratio(escalated, n),
    followedUp,
    handOffRate: ratio(followedUp, responded),
    leadTime: stats(lead),
  };
}

/** Upper bounds (seconds, inclusive) of the response-time distribution's buckets. */
export const RESPONSE_BUCKETS: readonly { label: string; upTo: number }[] = [
  { label: '≤ 1h', upTo: 3600 },
  { label: '1–4h', upTo: 4 * 3600 },
  { label: '4–24h', upTo: 86_400 },
  { label: '1–3d', upTo: 3 * 86_400 },
  { label: '3–7d', upTo: 7 * 86_400 },
  { label: '> 7d', upTo: Number.POSITIVE_INFINITY },
];
export const NO_RESPONSE_BUCKET = 'no response yet';
export const UNKNOWN_TIME_BUCKET = 'answered, time unknown';

export function responseDistribution(facts: readonly MentionFacts[]): { label: string; count: number }[] {
  const counts = RESPONSE_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
  let none = 0;
  let unknown = 0;
  for (const f of facts) {
    if (f.firstResponseSeconds !== undefined) {
      const i = RESPONSE_BUCKETS.findIndex((b) => f.firstResponseSeconds! <= b.upTo);
      counts[i]!.count++;
    } else if (f.responded) unknown++;
    else none++;
  }
  counts.push({ label: NO_RESPONSE_BUCKET, count: none });
  if (unknown > 0) counts.push({ label: UNKNOWN_TIME_BUCKET, count: unknown });
  return counts;
}

export interface SlaRow {
  category: Category;
  priority: PriorityLevel;
  firstResponseTarget?: number;
  resolutionTarget?: number;
  firstResponse: SlaCounts;
  resolution: SlaCounts;
}

function slaCounts(statuses: readonly SlaStatus[]): SlaCounts {
  const c = { met: 0, breached: 0, pending: 0, unknown: 0 };
  for (const s of statuses) if (s !== 'none') c[s]++;
  return { ...c, attainment: ratio(c.met, c.met + c.breached) };
}

/** One row per category and priority that has a target. */
export function slaTable(
  facts: readonly MentionFacts[],
  targets: { firstResponse: SlaTargets; resolution: SlaTargets },
): SlaRow[] {
  const rows: SlaRow[] = [];
  for (const category of CATEGORIES) {
    for (const priority of PRIORITIES) {
      const fr = slaTarget(targets.firstResponse, category, priority);
      const res = slaTarget(targets.resolution, category, priority);
      if (fr === undefined && res === undefined) continue;
      const these = facts.filter((f) => f.category === category && f.priority === priority);
      rows.push({
        category,
        priority,
        ...(fr !== undefined ? { firstResponseTarget: fr } : {}),
        ...(res !== undefined ? { resolutionTarget: res } : {}),
        firstResponse: slaCounts(these.map((f) => f.firstResponseSla)),
        resolution: slaCounts(these.map((f) => f.resolutionSla)),
      });
    }
  }
  return rows;
}

export interface OpenMention {
  number: number;
  title: string;
  url: string;
  category: Category;
  source: string;
  period: string;
  ageSeconds: number;
  responded: boolean;
  breached: boolean;
}

export interface ReportMetrics {
  generatedAt: string;
  periodKind: PeriodKind;
  /** Oldest first; the last one is the current period. */
  periods: PeriodInfo[];
  current: string;
  clock: 'wall' | 'business hours';
  overall: Summary;
  byPeriod: { period: string; summary: Summary }[];
  bySource: { source: string; summary: Summary }[];
  byCategory: { category: Category; summary: Summary }[];
  distribution: { label: string; count: number }[];
  sla: SlaRow[];
  /** Open high-priority mentions, oldest first. */
  openHighPriority: OpenMention[];
}

export interface MetricsOptions {
  periods: PeriodInfo[];
  periodKind: PeriodKind;
  now: Date;
  businessHours: boolean;
  targets: { firstResponse: SlaTargets; resolution: SlaTargets };
}

function groupBy<K extends string>(
  facts: readonly MentionFacts[],
  key: (f: MentionFacts) => K,
): Map<K, MentionFacts[]> {
  const groups = new Map<K, MentionFacts[]>();
  for (const f of facts) {
    const k = key(f);
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [f]);
  }
  return groups;
}

/** The report's metrics over the mentions of the given periods (others are ignored). */
export function computeMetrics(all: readonly MentionFacts[], options: MetricsOptions): ReportMetrics {
  const ids = new Set(options.periods.map((p) => p.id));
  const facts = all.filter((f) => ids.has(f.period));
  const byPeriod = groupBy(facts, (f) => f.period);
  const bySource = groupBy(facts, (f) => f.source);
  const byCategory = groupBy(facts, (f) => f.category);
  const current = options.periods.at(-1)?.id ?? '';
  return {
    generatedAt: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    periodKind: options.periodKind,
    periods: options.periods,
    current,
    clock: options.businessHours ? 'business hours' : 'wall',
    overall: summarize(facts),
    byPeriod: options.periods.map((p) => ({ period: p.id, summary: summarize(byPeriod.get(p.id) ?? []) })),
    bySource: [...bySource.entries()]
      .map(([source, list]) => ({ source, summary: summarize(list) }))
      .sort((a, b) => b.summary.mentions - a.summary.mentions || a.source.localeCompare(b.source)),
    byCategory: CATEGORIES.map((category) => ({
      category,
      summary: summarize(byCategory.get(category) ?? []),
    })),
    distribution: responseDistribution(facts),
    sla: slaTable(facts, options.targets),
    openHighPriority: facts
      .filter((f) => f.state === 'open' && f.priority === 'high')
      .sort((a, b) => b.ageSeconds - a.ageSeconds || a.number - b.number)
      .map((f) => ({
        number: f.number,
        title: f.title,
        url: f.url,
        category: f.category,
        source: f.source,
        period: f.period,
        ageSeconds: f.ageSeconds,
        responded: f.responded,
        breached: f.breached,
      })),
  };
}
