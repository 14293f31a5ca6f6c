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
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${verb} ${result.new} new issue(s), deferred ${result.deferred}, ${result.sources.filter((s) => s.error).length} source(s) failed`,
    ...recordLines(result),
    ...(result.refused ?? []).map(
      (r) => `set aside (GitHub refused it twice): ${r.title}: ${shortError(r.reason)}`,
    ),
    ...(result.classifier ? [`classifier: ${result.classifier}`] : []),
  ].join('\n');
}

/** What the run says about the record itself: a rebuilt state, filing skipped for the lease. */
export function recordLines(result: ScanResult): string[] {
  const lines: string[] = [];
  if (result.record && result.record.state !== 'ok' && result.record.listed > 0)
    lines.push(
      `The scan state was ${result.record.state}: it was rebuilt from ${result.record.listed} existing issue(s); nothing is filed twice.`,
    );
  if (result.skipped)
    lines.push(`Filing skipped: ${result.skipped}; everything found is kept for the next run.`);
  if (result.refused && result.refused.length > 0)
    lines.push(
      `${result.refused.length} mention(s) set aside: GitHub refused their issue, even in a minimal form.`,
    );
  return lines;
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
