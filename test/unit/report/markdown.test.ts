import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { slaSchema } from '../../../src/config/schema.js';
import { parseMarker } from '../../../src/record/marker.js';
import { wallClock } from '../../../src/report/business-hours.js';
import { mentionFacts } from '../../../src/report/facts.js';
import { milestoneFigures, renderReport } from '../../../src/report/markdown.js';
import { niceMax } from '../../../src/report/mermaid.js';
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

function metrics(titleOf: (n: number, title: string) => string = (_n, t) => t) {
  const facts = FIXTURE_ISSUES.map((i) => {
    const r = {
      number: i.number,
      title: titleOf(i.number, i.title),
      url: `https://github.com/acme/mentions/issues/${i.number}`,
      createdAt: i.created,
      ...fixtureListing(i),
      marker: parseMarker(fixtureBody(i)),
    };
    return mentionFacts(r, historyFacts(r.createdAt, parseTimeline(fixtureTimeline(i))), {
      periodKind: 'week',
      clock: wallClock,
      firstResponseTargets: sla.firstResponse,
      resolutionTargets: sla.resolution,
      now,
      fixClosedAt: (ref) => (ref === `#${FIXTURE_FIX.number}` ? FIXTURE_FIX.closedAt : undefined),
    });
  });
  return computeMetrics(facts, {
    periods: recentPeriods(now, 'week', 2),
    periodKind: 'week',
    now,
    businessHours: false,
    targets: sla,
  });
}

function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('the Markdown report', () => {
  const md = renderReport(metrics(), { issue: true });

  it('three Mermaid charts, each followed by a table with the same numbers', () => {
    const [volume, dist, health] = mermaidBlocks(md);
    // Stacked bars as running totals, largest first: all; −neutral; −compliments; complaints only.
    expect(volume).toContain('x-axis ["W47", "W48"]');
    expect(volume).toMatch(/bar \[5, 4\]\n\s+bar \[4, 4\]\n\s+bar \[3, 3\]\n\s+bar \[2, 2\]/);
    expect(volume).toContain('plotColorPalette: "#cfd3d7, #0e8a16, #1d76db, #d73a4a"');
    expect(md).toContain('| 2026-W47 | 2 | 1 | 1 | 1 | 5 |');
    expect(dist).toContain('bar [2, 3, 0, 1, 0, 0, 3]');
    expect(md).toContain('| no response yet | 3 |');
    expect(health).toContain('line [33, 33]');
    expect(health).toContain('y-axis "%" 0 --> 100');
    expect(md).toContain('| 2026-W48 | 1 | 2 | 33% |');
  });

  it('headline of the period, response table, SLA rows with mentions only, open high-priority list, marker', () => {
    expect(md).toContain('**4 mentions** published in 2026-W48 (23–29 Nov 2026): **2 answered** (50%)');
    expect(md).toContain('| 2026-W47 | 5 | 4 | 80% | 3h 00m | 1d 6h | 1d | 2d | 75% | 1 | 1 | 25% |');
    expect(md).toContain('| complaint | high | 4h 00m | 1 | 1 | 0 | 2d | 1 | 1 | 0 |');
    expect(md).not.toContain('| neutral | high |');
    expect(md).toContain('- [#6](https://github.com/acme/mentions/issues/6)');
    expect(md.trimEnd().endsWith('<!-- earshot-report:v1 2026-W48 -->')).toBe(true);
    expect(renderReport(metrics())).not.toContain('earshot-report:v1');
  });

  it('issue titles cannot ping, cross-link or break a line', () => {
    const hostile = renderReport(
      metrics((n, t) => (n === 6 ? 'Ask @octocat about #12 <b>now</b> | `x`' : t)),
    );
    const line = hostile.split('\n').find((l) => l.startsWith('- [#6]'))!;
    expect(line).toContain('`@octocat`');
    expect(line).toContain('`#12`');
    expect(line).not.toMatch(/<b>|(^|[^`])@octocat/);
  });

  it('brand health is headlined only over enough compliments and complaints', () => {
    // W48: 1 compliment and 2 complaints: too few for a headline; the table still has the figure.
    expect(md).toContain('brand health — (only 3 compliment(s) or complaint(s); it takes 5 to say)');
    expect(md).toContain('| 2026-W48 | 1 | 2 | 33% |');
    // The whole window (2 + 4) is enough.
    expect(md).toMatch(/Over the last 2 weeks: .*brand health 33%/);
    const w47 = renderReport(metrics(), { focus: '2026-W47' });
    expect(w47).toContain('brand health — (only 3 compliment(s) or complaint(s); it takes 5 to say)');
  });

  it('milestone figures and axis bounds', () => {
    // W48's brand health rests on 3 mentions: left out of the milestone's one line.
    expect(milestoneFigures(metrics().byPeriod[1]!.summary)).toBe(
      '4 mentions · 2 answered (50%) · first response median 25m · SLA 67% (1 breached)',
    );
    expect([niceMax(0), niceMax(3), niceMax(5), niceMax(7), niceMax(230)]).toEqual([1, 5, 5, 10, 250]);
  });
});
