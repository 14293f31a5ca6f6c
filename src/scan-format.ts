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
    ...recordLines(result),
    ...(result.refused ?? []).map(
      (r) => `set aside (GitHub refused it twice): ${r.title}: ${shortError(r.reason)}`,
    ),
    ...(result.classifier ? [`classifier: ${result.classifier}`] : []),
  ].join('\n');
}

/** What the run says about the record itself: a rebuilt state, drafts set aside. */
export function recordLines(result: ScanResult): string[] {
  const lines: string[] = [];
  if (result.record && result.record.state !== 'ok' && result.record.listed > 0)
    lines.push(
      `The scan state was ${result.record.state}: it was rebuilt from ${result.record.listed} existing issue(s); nothing is filed twice.`,
    );
  if (result.refused && result.refused.length > 0)
    lines.push(
      `${result.refused.length} mention(s) set aside: GitHub refused their issue, even in a minimal form.`,
    );
  return lines;
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
    ...(result.skipped ? { skipped: result.skipped } : {}),
    ...(result.refused
      ? { refused: result.refused.map((r) => ({ key: r.key, title: r.title, reason: r.reason })) }
      : {}),
    ...(result.record ? { record: result.record } : {}),
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
