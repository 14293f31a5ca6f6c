/**
 * The dashboard page's script (run here in node:vm, as html.ts does to pre-render) computes exactly
 * the Summary of src/report/metrics.ts for any filter, and the page makes no external request.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCRIPT } from '../../../src/report/dashboard/client-script.js';
import { dashboardData } from '../../../src/report/dashboard/data.js';
import { dashboardHtml, loadDashboardApi } from '../../../src/report/dashboard/html.js';
import { DASHBOARD_CSS } from '../../../src/report/dashboard/style.js';
import { formatDuration } from '../../../src/report/duration.js';
import type { MentionFacts } from '../../../src/report/facts.js';
import { computeMetrics, responseDistribution, summarize } from '../../../src/report/metrics.js';
import { recentPeriods } from '../../../src/report/periods.js';
import type { SlaStatus } from '../../../src/report/sla.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const periods = recentPeriods(NOW, 'week', 4);
const statuses: SlaStatus[] = ['met', 'breached', 'pending', 'none', 'unknown'];

const factArb = fc
  .record({
    number: fc.integer({ min: 1, max: 100_000 }),
    period: fc.constantFrom(...periods.map((p) => p.id)),
    category: fc.constantFrom('complaint', 'compliment', 'question', 'neutral' as const),
    priority: fc.constantFrom('high', 'normal', 'low' as const),
    source: fc.constantFrom('hn', 'blog', 'reddit', 'masto'),
    state: fc.constantFrom('open', 'resolved', 'dismissed' as const),
    responded: fc.boolean(),
    fr: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
    rs: fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: undefined }),
    lead: fc.option(fc.integer({ min: 0, max: 9_000_000 }), { nil: undefined }),
    escalated: fc.boolean(),
    followedUp: fc.boolean(),
    frSla: fc.constantFrom(...statuses),
    resSla: fc.constantFrom(...statuses),
    age: fc.integer({ min: 0, max: 5_000_000 }),
    title: fc.string({ maxLength: 40 }),
  })
  .map(
    (r): MentionFacts => ({
      number: r.number,
      title: r.title,
      url: `https://github.com/acme/mentions/issues/${r.number}`,
      period: r.period,
      category: r.category,
      priority: r.priority,
      source: r.source,
      state: r.state,
      publishedAt: '2026-11-20T00:00:00Z',
      createdAt: '2026-11-20T00:00:00Z',
      // A known first-response time implies a response.
      responded: r.responded || r.fr !== undefined,
      ...(r.fr !== undefined ? { firstResponseSeconds: r.fr } : {}),
      ...(r.rs !== undefined ? { resolutionSeconds: r.rs } : {}),
      ...(r.lead !== undefined ? { leadTimeSeconds: r.lead } : {}),
      replied: false,
      followedUp: r.followedUp,
      escalated: r.escalated,
      fixes: [],
      firstResponseSla: r.frSla,
      resolutionSla: r.resSla,
      breached: r.frSla === 'breached' || r.resSla === 'breached',
      breachLabeled: false,
      ageSeconds: r.age,
      fromHistory: true,
    }),
  );

const metricsOf = (facts: MentionFacts[]) =>
  computeMetrics(facts, {
    periods,
    periodKind: 'week',
    now: NOW,
    businessHours: false,
    targets: { firstResponse: {}, resolution: {} },
  });

describe('the dashboard script agrees with metrics.ts', () => {
  const api = loadDashboardApi();

  it('for any mentions and any filter: the same Summary and distribution', () => {
    fc.assert(
      fc.property(
        fc.array(factArb, { maxLength: 60 }),
        fc.integer({ min: -1, max: 3 }),
        fc.integer({ min: -1, max: 3 }),
        fc.integer({ min: -1, max: 3 }),
        (facts, period, source, category) => {
          const data = dashboardData(metricsOf(facts), facts, 'wall clock');
          const filter = { period, source: source < data.sources.length ? source : -1, category };
          const expected = facts.filter(
            (f) =>
              (filter.period < 0 || f.period === data.periods[filter.period]!.id) &&
              (filter.source < 0 || f.source === data.sources[filter.source]) &&
              (filter.category < 0 || f.category === data.categories[filter.category]),
          );
          const rows = api.select(data, filter, false);
          expect(rows).toHaveLength(expected.length);
          expect(api.summarize(data, rows)).toEqual(summarize(expected));
          expect(api.distribution(data, rows)).toEqual(responseDistribution(expected));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('formats durations the same way', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 10_000_000 }), (s) => {
        expect(api.formatDuration(s)).toBe(formatDuration(s));
      }),
    );
    expect(api.formatDuration(null)).toBe(formatDuration(null));
  });
});

describe('the dashboard page', () => {
  const facts = fc.sample(factArb, { numRuns: 40, seed: 7 });
  const hostile: MentionFacts = {
    ...facts[0]!,
    number: 424242,
    title: 'Boom </script><script>alert(1)</script> <img src=x onerror=alert(2)> & "q"',
    url: 'javascript:alert(3)',
    state: 'open',
    priority: 'high',
  };
  const html = dashboardHtml({
    metrics: metricsOf([...facts, hostile]),
    facts: [...facts, hostile],
    clockNote: 'wall clock',
  });
  /** The page without its two script elements (the embedded data and the page's script). */
  const markup = html.replace(/<script\b[^>]*>.*?<\/script>/gs, '');

  it('is self-contained: a CSP that allows nothing external, the inline script and style by hash', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(html).toContain(`script-src 'sha256-${sha(CLIENT_SCRIPT)}'`);
    expect(html).toContain(`style-src 'sha256-${sha(DASHBOARD_CSS)}'`);
    expect(html).toContain("default-src 'none'");
    expect(markup).not.toMatch(/<link\b|<iframe\b|@import|url\(/i);
    expect(markup).not.toMatch(/<[a-z][^>]*\ssrc=/i);
    // The only links are to issues.
    const hrefs = [...markup.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^https:\/\/github\.com\/acme\/mentions\/issues\/\d+$/);
  });

  it('untrusted titles stay text: escaped in the markup and in the embedded data', () => {
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(markup).not.toContain('<img');
    expect(html).not.toContain('</script><script>alert');
    expect(html).toContain('Boom &#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('javascript:');
    const data = /<script type="application\/json" id="earshot-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(data).open.some((o: { title: string }) => o.title.startsWith('Boom </script>'))).toBe(
      true,
    );
  });

  it('pre-renders the whole window, so the numbers are there without JavaScript', () => {
    const expected = summarize([...facts, hostile]);
    expect(html).toContain(
      `<div class="kpi" id="kpi-mentions"><div class="label">Mentions</div><div class="value">${expected.mentions}</div>`,
    );
  });
});

describe('the brand-health KPI', () => {
  const base = fc.sample(factArb, { numRuns: 1, seed: 3 })[0]!;
  const page = (categories: MentionFacts['category'][]) => {
    const facts = categories.map((category, i) => ({ ...base, number: i + 1, category }));
    return dashboardHtml({ metrics: metricsOf(facts), facts, clockNote: 'wall clock' });
  };
  const kpiValue = (html: string) =>
    /<div class="kpi" id="kpi-brand-health">.*?<div class="value">(.*?)<\/div><div class="note">(.*?)<\/div>/s.exec(
      html,
    );

  it('shows no figure from one mention', () => {
    const one = kpiValue(page(['compliment', 'question']));
    expect(one?.[1]).toBe('\u2014');
    expect(one?.[2]).toBe('1 compliments, 0 complaints: too few to say (it takes 5)');
  });

  it('shows the figure from five compliments and complaints', () => {
    const five = kpiValue(page(['compliment', 'compliment', 'complaint', 'complaint', 'complaint']));
    expect(five?.[1]).toBe('40%');
    expect(five?.[2]).toBe('2 compliments, 3 complaints');
  });
});
