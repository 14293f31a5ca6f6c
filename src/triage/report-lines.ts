/** One-line statements about a run's triage, for the job summary and the terminal. */
import type { TriageReport } from './run.js';

export function triageLines(report: TriageReport | undefined, dryRun = false): string[] {
  if (!report) return [];
  const lines: string[] = [];
  const p = report.priorities;
  if (p.high + p.normal + p.low > 0)
    lines.push(
      `Priority of the issues ${dryRun ? 'to file' : 'filed'}: ${p.high} high, ${p.normal} normal, ${p.low} low.`,
    );
  if (report.bootstrapSkipped > 0)
    lines.push(
      `Quiet first run of ${report.bootstrapSources.join(', ')}: ${report.bootstrapSkipped} existing mention(s) recorded without filing` +
        `${report.summaryIssue ? ` (summary issue #${report.summaryIssue.number})` : ''}; \`bootstrap.backfill: true\` files them.`,
    );
  for (const s of report.spikes)
    lines.push(
      `Spike of ${s.metric === 'complaint' ? 'complaints' : 'mentions'} for "${s.query}": ${s.count} in the period from ${s.periodStart.slice(0, 16).replace('T', ' ')} UTC` +
        ` (usual ${s.mean.toFixed(1)} ± ${s.sigma.toFixed(1)}, threshold ${s.threshold.toFixed(1)})` +
        `${s.issueNumber !== undefined ? ` — crisis issue #${s.issueNumber}` : ''}.`,
    );
  for (const a of report.alerts)
    lines.push(
      a.error
        ? `Alerts to ${a.target} FAILED: ${a.error}; ${a.failed} not delivered (the run went on).`
        : `Alerts to ${a.target}: ${a.sent} sent.`,
    );
  for (const w of report.warnings) if (!w.startsWith('alert target ')) lines.push(`Warning: ${w}`);
  return lines;
}
