import { describe, expect, it } from 'vitest';
import { isoWeek, milestoneFor } from '../../../src/triage/milestone.js';

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', 2026, 1], // a Thursday: week 1 of its own year
    ['2024-12-30', 2025, 1], // a Monday in December that belongs to the next ISO year
    ['2027-01-01', 2026, 53], // 2026 starts on a Thursday, so it has 53 weeks
    ['2026-11-22', 2026, 47], // a Sunday ends its week
    ['2026-11-23', 2026, 48], // … and Monday starts the next
    ['2021-01-03', 2020, 53],
  ])('%s is %i-W%i', (date, year, week) => {
    expect(isoWeek(new Date(`${date}T12:00:00Z`))).toEqual({ year, week });
  });

  it('names the milestone and dates it to the Sunday that ends the week', () => {
    expect(milestoneFor(new Date('2026-11-18T09:30:00Z'), 'week')).toMatchObject({
      title: '2026-W47',
      dueOn: '2026-11-22T23:59:59Z',
    });
    expect(milestoneFor(new Date('2026-11-22T23:00:00Z'), 'week')?.dueOn).toBe('2026-11-22T23:59:59Z');
  });

  it('months end on their last day, and "none" gives no milestone', () => {
    expect(milestoneFor(new Date('2028-02-10T00:00:00Z'), 'month')).toMatchObject({
      title: '2028-02',
      dueOn: '2028-02-29T23:59:59Z',
    });
    expect(milestoneFor(new Date('2026-11-18T00:00:00Z'), 'none')).toBeUndefined();
  });
});
