/** What the action and the CLI share to run a report: the clock, the JSON result. */
import { ConfigError } from '../errors.js';
import type { ReportResult } from '../report.js';

/**
 * The report's clock: now, or the instant in EARSHOT_NOW / `--now` (an ISO time) to report as of
 * a moment — e.g. to redo last week's report, or in tests.
 */
export function reportClock(pinned: string | undefined): () => Date {
  if (!pinned) return () => new Date();
  const ms = Date.parse(pinned);
  if (Number.isNaN(ms))
    throw new ConfigError(`"${pinned}" is not a time (EARSHOT_NOW / --now take an ISO 8601 time)`);
  return () => new Date(ms);
}

/** The report as one JSON object (the action's `report` output, `earshot report --json`). */
export function reportJson(result: ReportResult): string {
  const m = result.metrics;
  const current = m.byPeriod.at(-1)?.summary;
  return JSON.stringify({
    period: m.current,
    periods: m.periods.map((p) => p.id),
    clock: m.clock,
    current,
    overall: m.overall,
    byPeriod: m.byPeriod,
    bySource: m.bySource,
    distribution: m.distribution,
    openHighPriority: m.openHighPriority.map((o) => ({
      number: o.number,
      url: o.url,
      ageSeconds: o.ageSeconds,
      breached: o.breached,
    })),
    reportIssue: result.reportIssue
      ? {
          number: result.reportIssue.number,
          url: result.reportIssue.url,
          created: result.reportIssue.created,
        }
      : null,
    labeled: result.labeled,
    labelsPending: result.labelsPending,
    historyReads: result.historyReads,
    historyCached: result.historyCached,
    historyPending: result.historyPending,
    milestonesUpdated: result.milestonesUpdated,
    dashboard: result.dashboard ?? null,
    warnings: result.warnings,
  });
}
