/**
 * Report periods: the same ISO weeks (2026-W47) or months (2026-11) as the milestones, in UTC, so a
 * period's figures land on the milestone of the same name. `milestones.period: none` reports by week.
 */
import { milestoneFor } from '../triage/milestone.js';

export type PeriodKind = 'week' | 'month';

export interface PeriodInfo {
  /** `2026-W47` or `2026-11` (the milestone title). */
  id: string;
  /** First instant of the period (ISO, UTC). */
  start: string;
  /** The milestone's due date: the period's last second (ISO, UTC). */
  dueOn: string;
}

export function periodKindOf(period: 'week' | 'month' | 'none'): PeriodKind {
  return period === 'month' ? 'month' : 'week';
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function startOf(date: Date, kind: PeriodKind): number {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  if (kind === 'month') return Date.UTC(y, m, 1);
  const day = date.getUTCDay() || 7;
  return Date.UTC(y, m, date.getUTCDate() - (day - 1));
}

export function periodOf(date: Date, kind: PeriodKind): PeriodInfo {
  const ref = milestoneFor(date, kind);
  if (!ref) throw new Error(`no period for ${kind}`);
  return { id: ref.title, start: iso(startOf(date, kind)), dueOn: ref.dueOn };
}

/** The `count` periods ending with the one that contains `now`, oldest first. */
export function recentPeriods(now: Date, kind: PeriodKind, count: number): PeriodInfo[] {
  const out: PeriodInfo[] = [];
  let cursor = new Date(startOf(now, kind));
  for (let i = 0; i < count; i++) {
    out.unshift(periodOf(cursor, kind));
    cursor =
      kind === 'month'
        ? new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() - 1, 1))
        : new Date(cursor.getTime() - 7 * 86_400_000);
  }
  return out;
}
