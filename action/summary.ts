/** The job summary of a scan: what was filed, per source, with errors. */
import * as core from '@actions/core';
import { neutralizeTitle } from '../src/issue/neutralize.js';
import type { ScanResult } from '../src/scan.js';
import { notFiledReasons, recordLines } from '../src/scan-format.js';
import { triageLines } from '../src/triage/report-lines.js';

export function scanSummary(result: ScanResult, tracker: 'github' | 'local'): typeof core.summary {
  const failed = result.sources.filter((s) => s.error).length;
  const verb = result.dryRun ? 'would file' : 'filed';
  const s = core.summary
    .addHeading('Earshot scan', 2)
    .addRaw(
      `${result.dryRun ? '**Dry run** — nothing was filed. ' : ''}Earshot ${verb} **${result.new}** new issue(s)` +
        `${tracker === 'local' ? ' in the local tracker' : ''}; ${result.deferred} deferred to the next run; ` +
        `${failed} of ${result.sources.length} source(s) failed.` +
        notFiledReasons(result)
          .map((r) => ` ${escapeHtml(r.charAt(0).toUpperCase() + r.slice(1))}.`)
          .join(''),
      true,
    )
    .addTable([
      [
        { data: 'source', header: true },
        { data: 'kind', header: true },
        { data: 'fetched', header: true },
        { data: 'matched', header: true },
        { data: 'new', header: true },
        { data: 'error', header: true },
      ],
      ...result.sources.map((r) => [
        r.id,
        r.kind,
        String(r.fetched),
        String(r.matched),
        String(r.new),
        r.error ? html(neutralizeTitle(r.error, 300)) : '',
      ]),
    ]);
  for (const line of recordLines(result)) s.addRaw(`<p>${html(neutralizeTitle(line, 500))}</p>`, true);
  if (result.refused && result.refused.length > 0) {
    s.addHeading('Set aside: GitHub refused these issues', 3).addList(
      result.refused.map(
        (r) => `${html(neutralizeTitle(r.title, 200))} — ${html(neutralizeTitle(r.reason, 300))}`,
      ),
    );
  }
  if (result.classifier)
    s.addRaw(`<p>Classifier: ${html(neutralizeTitle(result.classifier, 500))}</p>`, true);
  const triage = triageLines(result.triage, result.dryRun);
  if (triage.length > 0) s.addHeading('Triage', 3).addList(triage.map(escapeHtml));
  if (result.filed.length > 0) {
    s.addHeading(result.dryRun ? 'Would file' : 'Filed', 3).addList(
      result.filed.slice(0, 100).map((f) => {
        const title = html(f.title);
        return f.url && /^https?:/.test(f.url)
          ? `<a href="${escapeHtml(f.url)}">#${f.number}</a> ${title}`
          : title;
      }),
    );
  }
  return s;
}

/**
 * HTML for text shaped by neutralizeTitle. The summary's lists and tables are HTML blocks, where
 * Markdown code spans do not render and an entity (`&#64;`) decodes back to a pinging `@`: the
 * hazards neutralizeTitle put in code spans become <code> elements, which GitHub never links.
 */
function html(neutralized: string): string {
  return escapeHtml(neutralized).replace(/`([^`]*)`/g, '<code>$1</code>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/@/g, '&#64;');
}
