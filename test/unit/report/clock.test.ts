import { describe, expect, it } from 'vitest';
import { businessClock, wallClock } from '../../../src/report/business-hours.js';
import { formatDuration, parseDuration } from '../../../src/report/duration.js';
import { recentPeriods } from '../../../src/report/periods.js';
import { slaStatus, slaTarget } from '../../../src/report/sla.js';
import { stats } from '../../../src/report/stats.js';

const t = (iso: string) => Date.parse(iso);

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('4h')).toBe(14_400);
    expect(parseDuration('1d 12h')).toBe(129_600);
    expect(parseDuration('90m')).toBe(5400);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('2w')).toBe(1_209_600);
    expect(() => parseDuration('4 hours')).toThrow(/not a duration/);
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(5400)).toBe('1h 30m');
    expect(formatDuration(86_400)).toBe('1d');
    expect(formatDuration(331_200)).toBe('3d 20h');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('business hours', () => {
  const berlin = businessClock({
    timezone: 'Europe/Berlin',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '17:00',
  });

  it('counts only working time (Berlin is UTC+1 in November)', () => {
    // Tue 17 Nov 01:00 Berlin → Wed 18 Nov 07:00 Berlin: all of Tuesday 09–17, nothing on Wednesday yet.
    expect(berlin(t('2026-11-17T00:00:00Z'), t('2026-11-18T06:00:00Z'))).toBe(8 * 3600);
    // Within one day: 10:00 → 11:30 Berlin.
    expect(berlin(t('2026-11-16T09:00:00Z'), t('2026-11-16T10:30:00Z'))).toBe(5400);
    // Friday 16:00 Berlin → Monday 10:00 Berlin: 1h + 1h.
    expect(berlin(t('2026-11-20T15:00:00Z'), t('2026-11-23T09:00:00Z'))).toBe(7200);
    // A weekend only.
    expect(berlin(t('2026-11-21T08:00:00Z'), t('2026-11-22T20:00:00Z'))).toBe(0);
    expect(berlin(t('2026-11-17T12:00:00Z'), t('2026-11-17T11:00:00Z'))).toBe(0);
  });

  it('follows daylight saving time (a 23-hour Sunday in New York)', () => {
    const sundays = businessClock({
      timezone: 'America/New_York',
      days: ['sun'],
      start: '00:00',
      end: '24:00',
    });
    // Sun 8 March 2026 00:00 EST (05:00Z) → Mon 9 March 00:00 EDT (04:00Z).
    expect(sundays(t('2026-03-07T05:00:00Z'), t('2026-03-09T04:00:00Z'))).toBe(23 * 3600);
    // Summer hours: 09:00–17:00 EDT is 13:00–21:00Z.
    const weekdays = businessClock({
      timezone: 'America/New_York',
      days: ['mon'],
      start: '09:00',
      end: '17:00',
    });
    expect(weekdays(t('2026-03-09T12:00:00Z'), t('2026-03-09T14:00:00Z'))).toBe(3600);
  });

  it('the wall clock counts everything', () => {
    expect(wallClock(t('2026-11-21T08:00:00Z'), t('2026-11-22T20:00:00Z'))).toBe(36 * 3600);
  });
});

describe('SLA targets and statuses', () => {
  const targets = {
    complaint: { high: '4h', normal: '24h' },
    question: '1d',
    default: { default: '3d', low: '1w' },
  };
  it('per category and priority, with defaults', () => {
    expect(slaTarget(targets, 'complaint', 'high')).toBe(14_400);
    // complaint names neither low nor a default: the default category's low.
    expect(slaTarget(targets, 'complaint', 'low')).toBe(604_800);
    expect(slaTarget(targets, 'neutral', 'normal')).toBe(259_200);
    expect(slaTarget(targets, 'question', 'low')).toBe(86_400);
    expect(slaTarget(targets, 'neutral', 'low')).toBe(604_800);
    expect(slaTarget({}, 'neutral', 'low')).toBeUndefined();
  });
  it('met, breached, pending, unknown, none', () => {
    expect(slaStatus(100, { done: true, doneSeconds: 100, elapsedSeconds: 500 })).toBe('met');
    expect(slaStatus(100, { done: true, doneSeconds: 101, elapsedSeconds: 500 })).toBe('breached');
    expect(slaStatus(100, { done: false, elapsedSeconds: 101 })).toBe('breached');
    expect(slaStatus(100, { done: false, elapsedSeconds: 100 })).toBe('pending');
    expect(slaStatus(100, { done: true, elapsedSeconds: 5 })).toBe('unknown');
    expect(slaStatus(undefined, { done: false, elapsedSeconds: 5 })).toBe('none');
  });
});

describe('stats and periods', () => {
  it('median of an even count is the mean of the middle two; p90 is nearest rank', () => {
    expect(stats([10, 1, 4, 3])).toEqual({ count: 4, median: 3.5, p90: 10, mean: 4.5 });
    expect(stats([5])).toEqual({ count: 1, median: 5, p90: 5, mean: 5 });
    expect(stats(Array.from({ length: 20 }, (_, i) => i + 1)).p90).toBe(18);
    expect(stats([])).toEqual({ count: 0, median: null, p90: null, mean: null });
  });
  it('recent weeks and months end with the current one, across a year boundary', () => {
    expect(recentPeriods(new Date('2027-01-02T10:00:00Z'), 'week', 3).map((p) => p.id)).toEqual([
      '2026-W51',
      '2026-W52',
      '2026-W53',
    ]);
    expect(recentPeriods(new Date('2027-01-04T10:00:00Z'), 'week', 1)[0]).toEqual({
      id: '2027-W01',
      start: '2027-01-04T00:00:00Z',
      dueOn: '2027-01-10T23:59:59Z',
    });
    expect(recentPeriods(new Date('2026-03-15T00:00:00Z'), 'month', 3).map((p) => p.id)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });
});
