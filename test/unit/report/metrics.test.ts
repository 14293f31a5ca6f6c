/**
 * The metrics on a known history (test/fixtures/report/history.ts), every answer worked out by hand
 * below from the fixture's timestamps. Times are seconds: 1h = 3600, 1d = 86400.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { slaSchema } from '../../../src/config/schema.js';
import { parseMarker } from '../../../src/record/marker.js';
import { wallClock } from '../../../src/report/business-hours.js';
import {
  type FactsContext,
  type MentionFacts,
  mentionFacts,
  type RecordIssue,
} from '../../../src/report/facts.js';
import { computeMetrics } from '../../../src/report/metrics.js';
import { recentPeriods } from '../../../src/report/periods.js';
import { historyFacts, parseTimeline } from '../../../src/report/timeline.js';
import {
  FIXTURE_FIX,
  FIXTURE_ISSUES,
  FIXTURE_NOW,
  FIXTURE_SLA_YAML,
  fixtureBody,
  fixtureListing,
  fixtureTimeline,
} from '../../fixtures/report/history.js';

const now = new Date(FIXTURE_NOW);
const sla = slaSchema.parse((parseYaml(FIXTURE_SLA_YAML) as { sla: unknown }).sla);
const periods = recentPeriods(now, 'week', 2);

function record(n: number): RecordIssue {
  const issue = FIXTURE_ISSUES.find((i) => i.number === n)!;
  return {
    number: n,
    title: issue.title,
    url: `https://github.com/acme/mentions/issues/${n}`,
    createdAt: issue.created,
    ...fixtureListing(issue),
    marker: parseMarker(fixtureBody(issue)),
  };
}

const ctx: FactsContext = {
  periodKind: 'week',
  clock: wallClock,
  firstResponseTargets: sla.firstResponse,
  resolutionTargets: sla.resolution,
  now,
  fixClosedAt: (ref) => (ref === `#${FIXTURE_FIX.number}` ? FIXTURE_FIX.closedAt : undefined),
};

function allFacts(): MentionFacts[] {
  return FIXTURE_ISSUES.map((issue) => {
    const r = record(issue.number);
    return mentionFacts(r, historyFacts(r.createdAt, parseTimeline(fixtureTimeline(issue))), ctx);
  });
}

const metrics = () =>
  computeMetrics(allFacts(), {
    periods,
    periodKind: 'week',
    now,
    businessHours: false,
    targets: { firstResponse: sla.firstResponse, resolution: sla.resolution },
  });

describe('per-mention facts from the timeline', () => {
  const byNumber = new Map(allFacts().map((f) => [f.number, f]));

  it('first response: a human comment, a status label or a close, whichever comes first; bot comments do not count', () => {
    // #1: bot comment at +30s ignored; alice's /draft at 10:30 is a command, not an answer; the
    // status:replied label at 11:00, filed 09:00 → 2h.
    expect(byNumber.get(1)).toMatchObject({
      firstResponseBy: 'replied',
      firstResponseSeconds: 7200,
      replied: true,
    });
    // #2: bot draft ignored; status:followed-up on 18 Nov 06:00, filed 17 Nov 00:00 → 30h.
    expect(byNumber.get(2)).toMatchObject({ firstResponseBy: 'followed-up', firstResponseSeconds: 108_000 });
    // #3: closed as not planned 2h after filing.
    expect(byNumber.get(3)).toMatchObject({
      firstResponseBy: 'closed',
      firstResponseSeconds: 7200,
      state: 'dismissed',
    });
    // #7: the bot's status:replied label counts (the /reply command applies it) → 30m.
    expect(byNumber.get(7)).toMatchObject({ firstResponseBy: 'replied', firstResponseSeconds: 1800 });
    // #6 and #9: only bot comments → no response.
    expect(byNumber.get(6)?.responded).toBe(false);
    expect(byNumber.get(9)?.responded).toBe(false);
  });

  it('periods come from the publication time (a Sunday-night mention filed on Monday is in the earlier week)', () => {
    expect(byNumber.get(5)?.period).toBe('2026-W47');
    expect(byNumber.get(6)?.period).toBe('2026-W48');
    expect(byNumber.get(10)?.period).toBe('2026-W45');
  });

  it('SLA per clock: met, breached (late or overdue), pending, none', () => {
    // #2 complaint/normal, 24h target, answered after 30h.
    expect(byNumber.get(2)).toMatchObject({ firstResponseSla: 'breached', resolutionSla: 'none' });
    // #5 neutral → default 3d; open for 2d 11h at FIXTURE_NOW.
    expect(byNumber.get(5)).toMatchObject({ firstResponseSla: 'pending', ageSeconds: 212_400 });
    // #6 complaint/high: 4h to respond and 2d to resolve, open for 2d 3h 30m.
    expect(byNumber.get(6)).toMatchObject({
      firstResponseSla: 'breached',
      resolutionSla: 'breached',
      ageSeconds: 185_400,
    });
    // #1 complaint/high: answered in 1h30m, closed in 24h (2d target).
    expect(byNumber.get(1)).toMatchObject({
      firstResponseSla: 'met',
      resolutionSla: 'met',
      resolutionSeconds: 86_400,
    });
  });

  it('fix lead time: published → the /link-ed fix closed', () => {
    // #2 published 16 Nov 20:00, fix #11 closed 20 Nov 16:00 → 3d 20h.
    expect(byNumber.get(2)).toMatchObject({
      fixes: ['#11'],
      leadTimeSeconds: 331_200,
      escalated: true,
      followedUp: true,
    });
  });
});

describe('report metrics over the two weeks', () => {
  it('overall: volume, response, resolution, SLA, brand health, escalation, hand-off, lead time', () => {
    const o = metrics().overall;
    // #10 is from W45, outside the window: 9 mentions.
    expect(o.mentions).toBe(9);
    expect(o.byCategory).toEqual({ complaint: 4, compliment: 2, question: 2, neutral: 1 });
    expect({ open: o.open, resolved: o.resolved, dismissed: o.dismissed }).toEqual({
      open: 5,
      resolved: 3,
      dismissed: 1,
    });
    // Responded: #1 #2 #3 #4 #7 #8.
    expect(o.responded).toBe(6);
    expect(o.responseRate).toBeCloseTo(6 / 9, 10);
    // First responses sorted: 1200 1800 7200 7200 14400 108000 → median (7200+7200)/2,
    // p90 = rank ⌈5.4⌉ = 6th, mean 139800/6.
    expect(o.firstResponse).toEqual({ count: 6, median: 7200, p90: 108_000, mean: 23_300 });
    // Closed: #3 7200, #8 79200, #1 86400, #4 172800.
    expect(o.resolution).toEqual({ count: 4, median: 82_800, p90: 172_800, mean: 86_400 });
    // Met #1 #3 #4 #7 #8; breached #2 #6; pending #5 #9.
    expect(o.sla).toEqual({ met: 5, breached: 2, pending: 2, unknown: 0, attainment: 5 / 7 });
    expect(o.brandHealth).toBeCloseTo(2 / 6, 10);
    expect(o.escalated).toBe(2);
    expect(o.escalationRate).toBeCloseTo(2 / 9, 10);
    expect(o.handOffRate).toBeCloseTo(2 / 6, 10);
    expect(o.leadTime).toEqual({ count: 1, median: 331_200, p90: 331_200, mean: 331_200 });
  });

  it('per period', () => {
    const m = metrics();
    expect(m.periods.map((p) => p.id)).toEqual(['2026-W47', '2026-W48']);
    expect(m.current).toBe('2026-W48');
    const [w47, w48] = m.byPeriod.map((p) => p.summary);
    // W47: #1 #2 #3 #4 #5; responses 7200 108000 7200 14400.
    expect(w47).toMatchObject({
      mentions: 5,
      responded: 4,
      responseRate: 0.8,
      firstResponse: { count: 4, median: 10_800, p90: 108_000, mean: 34_200 },
      sla: { met: 3, breached: 1, pending: 1, unknown: 0, attainment: 0.75 },
    });
    expect(w47?.brandHealth).toBeCloseTo(1 / 3, 10);
    // W48: #6 #7 #8 #9; responses 1800 1200.
    expect(w48).toMatchObject({
      mentions: 4,
      responded: 2,
      responseRate: 0.5,
      firstResponse: { count: 2, median: 1500, p90: 1800, mean: 1500 },
      sla: { met: 2, breached: 1, pending: 1, attainment: 2 / 3 },
    });
  });

  it('per source, distribution, SLA table, open high-priority mentions', () => {
    const m = metrics();
    expect(m.bySource.map((s) => [s.source, s.summary.mentions])).toEqual([
      ['blog', 4],
      ['hn', 4],
      ['masto', 1],
    ]);
    expect(m.distribution).toEqual([
      { label: '≤ 1h', count: 2 },
      { label: '1–4h', count: 3 },
      { label: '4–24h', count: 0 },
      { label: '1–3d', count: 1 },
      { label: '3–7d', count: 0 },
      { label: '> 7d', count: 0 },
      { label: 'no response yet', count: 3 },
    ]);
    const complaintHigh = m.sla.find((r) => r.category === 'complaint' && r.priority === 'high');
    // #1 met both; #6 breached both.
    expect(complaintHigh).toMatchObject({
      firstResponseTarget: 4 * 3600,
      resolutionTarget: 2 * 86_400,
      firstResponse: { met: 1, breached: 1, attainment: 0.5 },
      resolution: { met: 1, breached: 1 },
    });
    // Every category has a first-response target through `default`: 4 categories × 3 priorities.
    expect(m.sla).toHaveLength(12);
    expect(m.openHighPriority.map((o) => [o.number, o.ageSeconds, o.breached])).toEqual([
      [6, 185_400, true],
      [9, 10_800, false],
    ]);
  });
});
