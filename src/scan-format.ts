/** How a scan's result is shown: the terminal table and the stable `--json` shape (DESIGN §8). */
import type { ScanResult } from './scan.js';

export function formatScanTable(result: ScanResult): string {
  const header = ['source', 'kind', 'fetched', 'matched', 'new', 'error'];
  const rows = result.sources.map((s) => [
    s.id,
    s.kind,
    String(s.fetched),
    String(s.matched),
    String(s.new),
    s.error ? shortError(s.error) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const verb = result.dryRun ? 'would file' : 'filed';
  const why = notFiledReasons(result);
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${verb} ${result.new} new issue(s), deferred ${result.deferred}, ${result.sources.filter((s) => s.error).length} source(s) failed` +
      (why.length > 0 ? ` — ${why.join('; ')}` : ''),
    ...(result.classifier ? [`classifier: ${result.classifier}`] : []),
  ].join('\n');
}

/**
 * Why new mentions were found but not filed, in words: a per-source "new 6" next to "filed 0" must
 * never be left unexplained.
 */
export function notFiledReasons(result: ScanResult): string[] {
  const reasons: string[] = [];
  if (result.skipped) reasons.push(`nothing filed: ${result.skipped}`);
  const skipped = result.triage?.bootstrapSkipped ?? 0;
  if (skipped > 0)
    reasons.push(
      `${skipped} existing mention(s) ${result.dryRun ? 'would be' : 'were'} recorded, not filed: the first run of ${result.triage?.bootstrapSources.join(', ')} stays quiet (bootstrap.backfill: true files them)`,
    );
  if (result.deferred > 0)
    reasons.push(`${result.deferred} deferred to the next run (write budget or rate limit; nothing is lost)`);
  return reasons;
}

export function scanJson(result: ScanResult): string {
  return JSON.stringify({
    new: result.new,
    deferred: result.deferred,
    sources: result.sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      fetched: s.fetched,
      matched: s.matched,
      new: s.new,
      error: s.error,
    })),
    ...(result.classifier ? { classifier: result.classifier } : {}),
  });
}

/** The cause, for a table cell: URLs shortened to their host (the full message was logged above). */
export function shortError(error: string): string {
  const line = (error.split('\n')[0] ?? '').replace(/https?:\/\/([^/\s:]+)[^\s]*/g, '$1');
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

/**
 * When every source of the run failed, nothing could be fetched: the run must not pass quietly.
 * The message names each source and its cause; undefined when at least one source worked.
 */
export function allSourcesFailed(result: ScanResult): string | undefined {
  const failed = result.sources.filter((s) => s.error);
  if (result.sources.length === 0 || failed.length < result.sources.length) return undefined;
  return [
    `every source failed (${failed.length} of ${failed.length}): nothing could be fetched, so nothing was filed and no cursor moved`,
    ...failed.map((s) => `  - ${s.id} (${s.kind}): ${shortError(s.error ?? '')}`),
    'Fix the causes above (network, credentials, URLs); the next run picks up where the last good one stopped.',
  ].join('\n');
}
