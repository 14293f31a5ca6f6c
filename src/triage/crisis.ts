/**
 * The crisis issue: one open issue per query, labelled `crisis`, opened by the first spike and
 * updated by every later one while it stays open (the body is rewritten from the data in its
 * hidden marker, merged with the new spike; a comment announces each new spike). Closing it ends
 * the episode: the next spike opens a new one.
 */
import { neutralizeInline, neutralizeTitle, neutralizeUrl } from '../issue/neutralize.js';
import { parseSpecialMarker, renderSpecialMarker } from '../record/marker.js';
import type { RecordIssue, SpecialIssueContent } from '../record/port.js';
import type { DetectedSpike, VolumeRef } from './volume.js';

export const CRISIS_LABEL = 'crisis';
export const MAX_CRISIS_REFS = 200;
const MAX_SPIKES = 50;

export function crisisId(query: string): string {
  return `crisis:${query}`;
}

interface SpikeRecord {
  periodStart: string;
  periodEnd: string;
  count: number;
  mean: number;
  sigma: number;
  threshold: number;
}

interface CrisisData {
  id: string;
  query: string;
  metric: DetectedSpike['metric'];
  spikes: SpikeRecord[];
  refs: VolumeRef[];
}

const round = (x: number) => Math.round(x * 100) / 100;
const when = (isoTime: string) => isoTime.slice(0, 16).replace('T', ' ');

function period(s: SpikeRecord): string {
  return `${when(s.periodStart)}–${s.periodEnd.slice(11, 16)} UTC`;
}

function refLine(r: VolumeRef): string {
  const title = neutralizeInline(r.title, 160);
  const url = r.url ? neutralizeUrl(r.url) : undefined;
  const where = url ? ` ([source](${url}))` : '';
  return r.issue !== undefined ? `- #${r.issue} ${title}${where}` : `- ${title}${where} — not filed yet`;
}

/** Merges a spike into the crisis data of an existing issue, if any. */
export function mergeCrisis(existing: RecordIssue | undefined, spike: DetectedSpike): CrisisData {
  const old = parseSpecialMarker(existing?.body) as Partial<CrisisData> | undefined;
  const record: SpikeRecord = {
    periodStart: spike.periodStart,
    periodEnd: spike.periodEnd,
    count: spike.count,
    mean: round(spike.mean),
    sigma: round(spike.effectiveSigma),
    threshold: round(spike.threshold),
  };
  const spikes = [...(old?.spikes ?? []).filter((s) => s.periodStart !== record.periodStart), record]
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
    .slice(-MAX_SPIKES);
  const refs = new Map<string, VolumeRef>();
  for (const r of [...(old?.refs ?? []), ...spike.refs]) refs.set(r.key, { ...refs.get(r.key), ...r });
  return {
    id: crisisId(spike.query),
    query: spike.query,
    metric: spike.metric,
    spikes,
    refs: [...refs.values()].slice(-MAX_CRISIS_REFS),
  };
}

export function renderCrisis(
  existing: RecordIssue | undefined,
  spike: DetectedSpike,
  options: { assignees: readonly string[]; labels: readonly string[] },
): SpecialIssueContent {
  const data = mergeCrisis(existing, spike);
  const what = data.metric === 'complaint' ? 'complaints' : 'mentions';
  const query = neutralizeInline(data.query, 80);
  const first = data.spikes[0] ?? spike;
  const headline =
    `Earshot saw **${spike.count} ${what}** matching \`${query}\` in the period ${period(spike)}, ` +
    `against a usual ${round(spike.mean)} ± ${round(spike.effectiveSigma)} per period over the previous ` +
    `${spike.baselinePeriods} (threshold ${round(spike.threshold)} = max(minimum, mean + k·σ)).`;
  const body = [
    `## Spike of ${what}: \`${query}\``,
    '',
    headline,
    '',
    `### Spikes in this episode (since ${when(first.periodStart)} UTC)`,
    '',
    '| period | count | usual (mean ± σ) | threshold |',
    '|---|---|---|---|',
    ...data.spikes.map((s) => `| ${period(s)} | ${s.count} | ${s.mean} ± ${s.sigma} | ${s.threshold} |`),
    '',
    `### Mentions involved (${data.refs.length}${data.refs.length >= MAX_CRISIS_REFS ? ', the latest' : ''})`,
    '',
    ...(data.refs.length > 0 ? data.refs.map(refLine) : ['- (none recorded)']),
    '',
    '### What to do',
    '- [ ] Find the common cause (an outage, a release, a billing run, a news story)',
    '- [ ] Answer once, publicly, where people are talking; link the status page',
    '- [ ] Close this issue when the episode is over: the next spike opens a new one',
    '',
    renderSpecialMarker({ ...data }),
  ].join('\n');
  return {
    title: neutralizeTitle(`[crisis] Spike of ${what} about ${data.query}`, 120),
    body,
    labels: [...new Set([CRISIS_LABEL, ...options.labels])],
    assignees: [...new Set(options.assignees)],
    ...(existing
      ? {
          comment: `New spike: **${spike.count} ${what}** in the period ${period(spike)} (usual ${round(spike.mean)} ± ${round(spike.effectiveSigma)}, threshold ${round(spike.threshold)}). The list above is updated.`,
        }
      : {}),
  };
}
