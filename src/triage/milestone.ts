/** Milestone naming: one milestone per period the mention belongs to (its publication time). */
import type { MilestoneRef } from '../record/port.js';

export type Period = 'week' | 'month' | 'none';

/** ISO 8601 week-numbering year and week of a UTC date. */
export function isoWeek(date: Date): { year: number; week: number } {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7; // Monday = 1 … Sunday = 7
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { year: d.getUTCFullYear(), week: Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

export function milestoneFor(published: Date, period: Period): MilestoneRef | undefined {
  if (period === 'none') return undefined;
  if (period === 'month') {
    const y = published.getUTCFullYear();
    const m = published.getUTCMonth();
    const last = new Date(Date.UTC(y, m + 1, 0, 23, 59, 59));
    const title = `${y}-${String(m + 1).padStart(2, '0')}`;
    return { title, dueOn: iso(last), description: `Mentions published in ${title} (Earshot).` };
  }
  const { year, week } = isoWeek(published);
  const day = published.getUTCDay() || 7;
  const sunday = new Date(
    Date.UTC(
      published.getUTCFullYear(),
      published.getUTCMonth(),
      published.getUTCDate() + (7 - day),
      23,
      59,
      59,
    ),
  );
  const title = `${year}-W${String(week).padStart(2, '0')}`;
  return { title, dueOn: iso(sunday), description: `Mentions published in ISO week ${title} (Earshot).` };
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
