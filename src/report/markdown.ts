/**
 * The report as GitHub Markdown: the job summary and the body of the period's report issue. Pictures
 * first (Mermaid), each followed by a table with the same numbers for readers of the raw Markdown.
 * Issue titles are rendered through neutralizeInline: no pings, no HTML, no table breaks.
 */

import { CATEGORY_LABELS } from '../issue/labels.js';
import { neutralizeInline } from '../issue/neutralize.js';
import { CATEGORIES, type Category } from '../mentions/mention.js';
import { reportMarker } from '../record/marker.js';
import { formatDuration } from './duration.js';
import { bars, line, stackedBars } from './mermaid.js';
import {
  BRAND_HEALTH_MIN_SAMPLE,
  brandHealthSample,
  headlineBrandHealth,
  type ReportMetrics,
  type SlaCounts,
  type Summary,
} from './metrics.js';
import type { PeriodInfo } from './periods.js';
import { percent } from './stats.js';

export const CATEGORY_COLORS: Record<Category, string> = Object.fromEntries(
  CATEGORIES.map((c) => [c, `#${CATEGORY_LABELS.find((l) => l.name === c)?.color ?? '888888'}`]),
) as Record<Category, string>;

const PLURAL: Record<Category, string> = {
  complaint: 'Complaints',
  compliment: 'Compliments',
  question: 'Questions',
  neutral: 'Neutral',
};

/** Bottom-up order of the stacked volume chart. */
export const STACK_ORDER: readonly Category[] = ['complaint', 'question', 'compliment', 'neutral'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function periodDates(p: PeriodInfo): string {
  const a = new Date(p.start);
  const b = new Date(p.dueOn);
  const day = (d: Date) => d.getUTCDate();
  const month = (d: Date) => MONTHS[d.getUTCMonth()];
  if (a.getUTCMonth() === b.getUTCMonth()) return `${day(a)}–${day(b)} ${month(b)} ${b.getUTCFullYear()}`;
  return `${day(a)} ${month(a)} – ${day(b)} ${month(b)} ${b.getUTCFullYear()}`;
}

/** The short axis label of a period: `W47` for weeks, `2026-11` for months. */
export function shortPeriod(id: string): string {
  return id.replace(/^\d{4}-(W\d\d)$/, '$1');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function slaPhrase(s: SlaCounts): string {
  if (s.met + s.breached === 0) return s.pending > 0 ? `SLA: ${s.pending} pending` : 'no SLA target due';
  return `SLA met for **${percent(s.attainment)}** (${s.breached} breached${s.pending ? `, ${s.pending} pending` : ''})`;
}

function points(now: number | null, before: number | null): string {
  if (now === null || before === null) return '';
  const d = Math.round((now - before) * 100);
  return d === 0 ? ' (no change)' : ` (${d > 0 ? '▲' : '▼'} ${Math.abs(d)} points)`;
}

function brandHealthPhrase(s: Summary, previous: Summary | undefined): string {
  const health = headlineBrandHealth(s);
  const n = brandHealthSample(s);
  if (health === null)
    return `brand health — (only ${n} compliment(s) or complaint(s); it takes ${BRAND_HEALTH_MIN_SAMPLE} to say)`;
  return `brand health **${percent(health)}**${points(health, previous ? headlineBrandHealth(previous) : null)}`;
}

function headline(s: Summary, previous: Summary | undefined, what: string): string {
  if (s.mentions === 0) return `No mentions ${what}.`;
  return [
    `**${s.mentions} mention${s.mentions === 1 ? '' : 's'}** ${what}: **${s.responded} answered** (${percent(s.responseRate)})`,
    `first response median **${formatDuration(s.firstResponse.median)}**, 90th percentile ${formatDuration(s.firstResponse.p90)}`,
    slaPhrase(s.sla),
    brandHealthPhrase(s, previous),
    `${s.escalated} escalated`,
    `hand-off to private ${percent(s.handOffRate)}`,
  ].join(' · ');
}

export interface RenderOptions {
  /** The period the report is about (default: the current one). */
  focus?: string;
  /** `business hours (Mon–Fri 09:00–17:00 Europe/Berlin)` or undefined for the wall clock. */
  clockNote?: string;
  /** Extra lines at the end (run statistics in the job summary). */
  notes?: readonly string[];
  /** Appends the report issue's marker. */
  issue?: boolean;
  /** Most rows in the per-source table and the open-mentions list (default 20). */
  maxRows?: number;
}

export function renderReport(m: ReportMetrics, options: RenderOptions = {}): string {
  const focus = options.focus ?? m.current;
  const index = Math.max(
    0,
    m.byPeriod.findIndex((p) => p.period === focus),
  );
  const period = m.periods[index]!;
  const summary = m.byPeriod[index]?.summary;
  const previous = index > 0 ? m.byPeriod[index - 1]?.summary : undefined;
  const unit = m.periodKind === 'week' ? 'Week' : 'Month';
  const x = m.periods.map((p) => shortPeriod(p.id));
  const maxRows = options.maxRows ?? 20;
  const o = m.overall;
  const out: string[] = [];

  out.push(`## Earshot report — ${period.id}`, '');
  if (summary)
    out.push(headline(summary, previous, `published in ${period.id} (${periodDates(period)})`), '');
  out.push(
    `Over the last ${m.periods.length} ${unit.toLowerCase()}s: ${o.mentions} mentions, ${percent(o.responseRate)} answered, ` +
      `first response median ${formatDuration(o.firstResponse.median)} (90th percentile ${formatDuration(o.firstResponse.p90)}), ` +
      `resolution median ${formatDuration(o.resolution.median)} (90th percentile ${formatDuration(o.resolution.p90)}), ` +
      `${slaPhrase(o.sla).replace(/\*\*/g, '')}, brand health ${headlineBrandHealth(o) !== null ? percent(o.brandHealth) : `— (too few)`}, escalation rate ${percent(o.escalationRate)}, ` +
      `hand-off rate ${percent(o.handOffRate)}, mention-to-fix lead time median ${formatDuration(o.leadTime.median)} (${o.leadTime.count} fixed).`,
    '',
  );

  // Volume by category over time.
  out.push(`### Volume by category`, '');
  out.push(
    stackedBars(
      `Mentions per ${unit.toLowerCase()}: complaints red, questions blue, compliments green, neutral grey`,
      x,
      'mentions',
      STACK_ORDER.map((c) => ({
        name: c,
        color: CATEGORY_COLORS[c],
        values: m.byPeriod.map((p) => p.summary.byCategory[c]),
      })),
    ),
    '',
  );
  out.push(
    table(
      [unit, ...STACK_ORDER.map((c) => PLURAL[c]), 'Total'],
      m.byPeriod.map((p) => [
        p.period,
        ...STACK_ORDER.map((c) => String(p.summary.byCategory[c])),
        String(p.summary.mentions),
      ]),
    ),
    '',
  );

  // Response-time distribution.
  out.push(`### First-response time`, '');
  out.push(
    bars(
      `First response, last ${m.periods.length} ${unit.toLowerCase()}s (${o.mentions} mentions)`,
      m.distribution.map((d) => d.label),
      'mentions',
      m.distribution.map((d) => d.count),
      '#0075ca',
    ),
    '',
  );
  out.push(
    table(
      ['First response', 'Mentions'],
      m.distribution.map((d) => [d.label, String(d.count)]),
    ),
    '',
  );

  // Brand health trend.
  const health = m.byPeriod.filter((p) => p.summary.brandHealth !== null);
  out.push(`### Brand health`, '');
  if (health.length > 0) {
    out.push(
      line(
        'Brand health: compliments ÷ (compliments + complaints), %',
        health.map((p) => shortPeriod(p.period)),
        '%',
        health.map((p) => Math.round((p.summary.brandHealth ?? 0) * 100)),
        '#0e8a16',
        [0, 100],
      ),
      '',
    );
  }
  out.push(
    table(
      [unit, 'Compliments', 'Complaints', 'Brand health'],
      m.byPeriod.map((p) => [
        p.period,
        String(p.summary.byCategory.compliment),
        String(p.summary.byCategory.complaint),
        percent(p.summary.brandHealth),
      ]),
    ),
    '',
  );

  // Response by period.
  out.push(`### Response by ${unit.toLowerCase()}`, '');
  out.push(
    table(
      [
        unit,
        'Mentions',
        'Answered',
        'Response rate',
        'First response median',
        'p90',
        'Resolution median',
        'p90',
        'SLA met',
        'Breached',
        'Escalated',
        'Hand-off',
      ],
      m.byPeriod.map((p) => {
        const s = p.summary;
        return [
          p.period,
          String(s.mentions),
          String(s.responded),
          percent(s.responseRate),
          formatDuration(s.firstResponse.median),
          formatDuration(s.firstResponse.p90),
          formatDuration(s.resolution.median),
          formatDuration(s.resolution.p90),
          percent(s.sla.attainment),
          String(s.sla.breached),
          String(s.escalated),
          percent(s.handOffRate),
        ];
      }),
    ),
    '',
  );

  if (m.bySource.length > 0) {
    out.push(`### By source`, '');
    out.push(
      table(
        [
          'Source',
          'Mentions',
          'Answered',
          'First response median',
          'Complaints',
          'Compliments',
          'Brand health',
        ],
        m.bySource
          .slice(0, maxRows)
          .map(({ source, summary: s }) => [
            neutralizeInline(source, 60),
            String(s.mentions),
            String(s.responded),
            formatDuration(s.firstResponse.median),
            String(s.byCategory.complaint),
            String(s.byCategory.compliment),
            percent(s.brandHealth),
          ]),
      ),
      '',
    );
  }

  const count = (c: SlaCounts) => c.met + c.breached + c.pending + c.unknown;
  const slaRows = m.sla.filter((r) => count(r.firstResponse) + count(r.resolution) > 0);
  if (slaRows.length > 0) {
    out.push(`### SLA`, '');
    out.push(
      table(
        [
          'Category',
          'Priority',
          'First response within',
          'Met',
          'Breached',
          'Pending',
          'Resolved within',
          'Met',
          'Breached',
          'Pending',
        ],
        slaRows.map((r) => [
          r.category,
          r.priority,
          r.firstResponseTarget !== undefined ? formatDuration(r.firstResponseTarget) : '—',
          String(r.firstResponse.met),
          String(r.firstResponse.breached),
          String(r.firstResponse.pending),
          r.resolutionTarget !== undefined ? formatDuration(r.resolutionTarget) : '—',
          String(r.resolution.met),
          String(r.resolution.breached),
          String(r.resolution.pending),
        ]),
      ),
      '',
    );
  }

  out.push(`### Open high-priority mentions`, '');
  if (m.openHighPriority.length === 0) out.push('None.', '');
  else {
    for (const o2 of m.openHighPriority.slice(0, maxRows)) {
      const title = neutralizeInline(o2.title.replace(/`/g, ''), 100);
      const link = /^https?:\/\//.test(o2.url) ? `[#${o2.number}](${o2.url})` : `#${o2.number}`;
      out.push(
        `- ${link} ${title} — open ${formatDuration(o2.ageSeconds)}${o2.breached ? ', **SLA breached**' : ''}${o2.responded ? '' : ', no response yet'}`,
      );
    }
    if (m.openHighPriority.length > maxRows) out.push(`- … and ${m.openHighPriority.length - maxRows} more`);
    out.push('');
  }

  const foot = [
    `Times are ${options.clockNote ? `in ${options.clockNote}` : 'on the wall clock'}; medians and 90th percentiles (nearest rank). Definitions: docs/metrics.md.`,
    ...(options.notes ?? []),
  ];
  out.push(`<sub>${foot.join(' ')}</sub>`);
  if (options.issue) out.push('', reportMarker(period.id));
  return `${out.join('\n')}\n`;
}

/** The figures of one period for its milestone's description (GitHub caps it; this stays short). */
export function milestoneFigures(s: Summary): string {
  return [
    `${s.mentions} mention${s.mentions === 1 ? '' : 's'}`,
    `${s.responded} answered (${percent(s.responseRate)})`,
    `first response median ${formatDuration(s.firstResponse.median)}`,
    s.sla.met + s.sla.breached > 0
      ? `SLA ${percent(s.sla.attainment)} (${s.sla.breached} breached)`
      : undefined,
    headlineBrandHealth(s) !== null ? `brand health ${percent(s.brandHealth)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}
