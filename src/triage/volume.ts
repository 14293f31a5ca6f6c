/**
 * The rolling volume histogram kept in the scan state for spike detection: per query, per period
 * (aligned to UTC multiples of the period length), how many mentions were matched and how many of
 * them were complaints. Each mention is counted once, in the period it was published in, by the
 * run that first matched it (its key is then remembered by the issue listing, the recent keys or
 * the pending drafts). The histogram is bounded to the baseline window plus the current period;
 * the mentions of the two newest periods are kept as references for the crisis issue.
 */
import type { Category } from '../mentions/mention.js';
import type { SpikesConfig } from './config.js';
import { detectSpike, type SpikeVerdict } from './spike.js';

/** A mention counted by the spike metric, kept for the crisis issue. */
export interface VolumeRef {
  key: string;
  /** The issue title (neutralized). */
  title: string;
  /** Where it was said. */
  url?: string;
  /** Its issue, once filed. */
  issue?: number;
  issueUrl?: string;
}

export interface VolumeBucket {
  total: number;
  complaint: number;
  refs?: VolumeRef[];
}

export interface VolumeState {
  /** When counting started: a period is judged only once its whole baseline was observed. */
  since: string;
  /** The period length the buckets were made with (a change starts the histogram over). */
  periodMinutes: number;
  /** Query id → period start (ISO) → counts. */
  queries: Record<string, Record<string, VolumeBucket>>;
  /** Query id → start of the last period reported as a spike (each period is reported once). */
  reported: Record<string, string>;
}

export interface VolumeEntry {
  key: string;
  queries: readonly string[];
  published: string;
  category: Category;
  ref: VolumeRef;
}

/** References kept per period. */
export const MAX_REFS_PER_PERIOD = 100;

export function periodMs(config: Pick<SpikesConfig, 'periodMinutes'>): number {
  return config.periodMinutes * 60_000;
}

export function periodStartOf(time: number, lengthMs: number): number {
  return Math.floor(time / lengthMs) * lengthMs;
}

const iso = (t: number) => new Date(t).toISOString();

function fresh(now: Date, config: SpikesConfig): VolumeState {
  return { since: now.toISOString(), periodMinutes: config.periodMinutes, queries: {}, reported: {} };
}

/**
 * Adds entries to the histogram and prunes it; returns a new state (the input is not changed).
 * Entries published before the window, or with an unreadable date, are not counted; entries
 * dated in the future count in the current period.
 */
export function recordVolume(
  previous: VolumeState | undefined,
  entries: readonly VolumeEntry[],
  now: Date,
  config: SpikesConfig,
): VolumeState {
  const state: VolumeState =
    previous && previous.periodMinutes === config.periodMinutes
      ? structuredClone(previous)
      : fresh(now, config);
  const len = periodMs(config);
  const current = periodStartOf(now.getTime(), len);
  const oldest = current - config.baselinePeriods * len - len; // the previous period's baseline too
  for (const e of entries) {
    const t = Math.min(Date.parse(e.published), now.getTime());
    if (!Number.isFinite(t)) continue;
    const start = periodStartOf(t, len);
    if (start < oldest) continue;
    const isComplaint = e.category === 'complaint';
    for (const q of e.queries) {
      const buckets = state.queries[q] ?? {};
      state.queries[q] = buckets;
      const b = buckets[iso(start)] ?? { total: 0, complaint: 0 };
      buckets[iso(start)] = b;
      b.total++;
      if (isComplaint) b.complaint++;
      const counted = config.metric === 'total' || isComplaint;
      if (counted && start >= current - len) {
        const refs = b.refs ?? [];
        b.refs = refs;
        if (refs.length < MAX_REFS_PER_PERIOD && !refs.some((r) => r.key === e.key)) refs.push({ ...e.ref });
      }
    }
  }
  return prune(state, now, config);
}

/** Drops periods older than the window and references older than the previous period. */
export function prune(state: VolumeState, now: Date, config: SpikesConfig): VolumeState {
  const len = periodMs(config);
  const current = periodStartOf(now.getTime(), len);
  const oldest = current - config.baselinePeriods * len - len;
  for (const [q, buckets] of Object.entries(state.queries)) {
    for (const [start, b] of Object.entries(buckets)) {
      const t = Date.parse(start);
      if (t < oldest) delete buckets[start];
      else if (t < current - len) delete b.refs;
    }
    if (Object.keys(buckets).length === 0) delete state.queries[q];
  }
  return state;
}

/** Records the issue numbers of references that were filed this run. */
export function linkRefs(
  state: VolumeState,
  filed: ReadonlyMap<string, { number?: number; url?: string }>,
): void {
  for (const buckets of Object.values(state.queries))
    for (const b of Object.values(buckets))
      for (const r of b.refs ?? []) {
        const f = filed.get(r.key);
        if (f?.number !== undefined) r.issue = f.number;
        if (f?.url) r.issueUrl = f.url;
      }
}

export interface DetectedSpike extends SpikeVerdict {
  query: string;
  metric: SpikesConfig['metric'];
  periodStart: string;
  periodEnd: string;
  baselinePeriods: number;
  refs: VolumeRef[];
}

/**
 * Judges the current period, then the one before it (a spike at the end of a period may only have
 * been counted after it ended), for every query — except periods at or before the last one
 * reported, and periods whose baseline started before counting did (a fresh install has no
 * trustworthy history). At most one spike per query per run.
 */
export function findSpikes(state: VolumeState | undefined, now: Date, config: SpikesConfig): DetectedSpike[] {
  if (!state || !config.enabled || state.periodMinutes !== config.periodMinutes) return [];
  const len = periodMs(config);
  const current = periodStartOf(now.getTime(), len);
  const since = Date.parse(state.since);
  const out: DetectedSpike[] = [];
  for (const [query, buckets] of Object.entries(state.queries)) {
    const countAt = (t: number) => {
      const b = buckets[iso(t)];
      return b ? (config.metric === 'complaint' ? b.complaint : b.total) : 0;
    };
    for (const start of [current, current - len]) {
      const baselineStart = start - config.baselinePeriods * len;
      if (since > baselineStart) continue;
      const reported = state.reported[query];
      if (reported && Date.parse(reported) >= start) continue;
      const baseline = Array.from({ length: config.baselinePeriods }, (_, i) =>
        countAt(baselineStart + i * len),
      );
      const verdict = detectSpike(countAt(start), baseline, config);
      if (!verdict.spike) continue;
      out.push({
        ...verdict,
        query,
        metric: config.metric,
        periodStart: iso(start),
        periodEnd: iso(start + len),
        baselinePeriods: config.baselinePeriods,
        refs: [...(buckets[iso(start)]?.refs ?? [])],
      });
      break; // one report per query per run: the newer period wins (the older one is then covered)
    }
  }
  return out;
}
