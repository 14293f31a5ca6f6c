/**
 * The triage stage of one scan, around filing (hooked into src/scan.ts):
 *
 *  - admit(): before filing. Mentions found by a source's first run are recorded, not filed
 *    (bootstrap.ts), unless backfill; every newly matched mention is counted once in the volume
 *    histogram (volume.ts).
 *  - finish(): after filing. Spikes (spike.ts) open or update a crisis issue (crisis.ts); a quiet
 *    first run files its summary issue; alerts go to Slack and webhooks (src/alerts/). Never
 *    throws: a failure here is a warning and a line in the report, the run's filing stands.
 *  - stateUpdate(): what goes into the state that the scan saves.
 */
import { dispatchAlerts } from '../alerts/dispatch.js';
import type { Alert, AlertDelivery, MentionAlert } from '../alerts/types.js';
import type { Classification } from '../classify/types.js';
import type { EarshotConfig, SourceConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { Logger } from '../logger.js';
import type { Mention } from '../mentions/mention.js';
import type { IssueDraft, LabelSpec, ScanRecord, ScanState } from '../record/port.js';
import type { SkippedMention } from './bootstrap.js';
import {
  bootstrapId,
  filedOnFirstRun,
  NoSummaryIssue,
  renderBackfillUpdate,
  renderBootstrapSummary,
  SUMMARY_LABEL,
  summarizeRun,
} from './bootstrap.js';
import { CRISIS_LABEL, crisisId, renderCrisis } from './crisis.js';
import type { Priority, PriorityLevel } from './priority.js';
import {
  type DetectedSpike,
  findSpikes,
  linkRefs,
  recordVolume,
  type VolumeEntry,
  type VolumeState,
} from './volume.js';

export interface TriageItem {
  mention: Mention;
  queries: readonly string[];
  source: SourceConfig;
  classification: Classification;
  priority: Priority;
  draft: IssueDraft;
}

export interface FiledRef {
  key: string;
  title: string;
  number?: number;
  url?: string;
  labels: string[];
}

export interface SpikeReport {
  query: string;
  metric: 'complaint' | 'total';
  periodStart: string;
  count: number;
  mean: number;
  sigma: number;
  threshold: number;
  issueNumber?: number;
  issueUrl?: string;
}

export interface TriageReport {
  /** Priorities of the issues this run filed. */
  priorities: Record<PriorityLevel, number>;
  /** Mentions found by first runs of sources and recorded without filing. */
  bootstrapSkipped: number;
  /** Sources whose first run this was. */
  bootstrapSources: string[];
  summaryIssue?: { number: number; url: string };
  spikes: SpikeReport[];
  alerts: AlertDelivery[];
  warnings: string[];
}

/** The labels triage uses, created once with the others. */
export function triageLabels(config: Pick<EarshotConfig, 'spikes'>): LabelSpec[] {
  return [
    {
      name: CRISIS_LABEL,
      color: 'b60205',
      description: 'Earshot: a spike of mentions — one issue per episode',
    },
    { name: SUMMARY_LABEL, color: 'c2e0c6', description: 'Earshot: what a quiet first run recorded' },
    ...config.spikes.labels.map((name) => ({
      name,
      color: 'ededed',
      description: 'Earshot: configured label',
    })),
  ];
}

const RANK: Record<PriorityLevel, number> = { high: 0, normal: 1, low: 2 };

export interface TriageRunOptions {
  config: EarshotConfig;
  /**
   * What triage reads of the state loaded at the start of the run: the cursors (which sources ran
   * before) and this shard's volume histogram.
   */
  state: { sources: ScanState['sources']; volume?: VolumeState | undefined };
  /**
   * The state was lost or damaged and rebuilt from the issues: a source without a cursor files
   * what was published at or after this time (the newest issue) instead of only recording it.
   */
  rebuiltSince?: Date | undefined;
  /** This run's sources. */
  sources: readonly SourceConfig[];
  now: Date;
  shard: string;
  dryRun: boolean;
  logger: Logger;
  trackerKind: 'github' | 'local';
}

export class TriageRun {
  private readonly firstRun: Set<string>;
  private readonly skipped: (SkippedMention & { key: string; ids: string[] })[] = [];
  private readonly items = new Map<string, TriageItem>();
  private volume: VolumeState | undefined;
  private firstRunFiled = 0;

  constructor(private readonly o: TriageRunOptions) {
    this.firstRun = new Set(o.sources.filter((s) => o.state.sources[s.id] === undefined).map((s) => s.id));
  }

  /** Sources reading for the first time (no cursor yet). */
  get firstRunSources(): ReadonlySet<string> {
    return this.firstRun;
  }

  /**
   * Splits this run's new mentions into those to file (returned, same order) and those a quiet
   * first run only records; counts every one not already pending in the volume histogram.
   */
  admit<T extends TriageItem>(items: readonly T[], pendingKeys: ReadonlySet<string>): T[] {
    const { config, now } = this.o;
    const kept: T[] = [];
    const entries: VolumeEntry[] = [];
    for (const item of items) {
      this.items.set(item.draft.key, item);
      if (!pendingKeys.has(item.draft.key))
        entries.push({
          key: item.draft.key,
          queries: item.queries,
          published: item.mention.published,
          category: item.classification.category,
          ref: {
            key: item.draft.key,
            title: item.draft.title,
            ...(item.mention.url ? { url: item.mention.url } : {}),
          },
        });
      if (!this.firstRun.has(item.source.id)) {
        kept.push(item);
        continue;
      }
      if (filedOnFirstRun(item.mention, now, config.bootstrap) || this.publishedSinceRebuild(item.mention)) {
        this.firstRunFiled++;
        kept.push(item);
        continue;
      }
      this.skipped.push({
        key: item.draft.key,
        ids: item.draft.ids ?? [item.draft.key],
        sourceId: item.source.id,
        category: item.classification.category,
        priority: item.priority.level,
        score: item.priority.score,
        title: item.draft.title,
        ...(item.mention.url ? { url: item.mention.url } : {}),
      });
    }
    if (config.spikes.enabled && entries.length > 0)
      this.volume = recordVolume(this.o.state.volume, entries, now, config.spikes);
    if (this.skipped.length > 0)
      this.o.logger.info(
        `first run of ${[...new Set(this.skipped.map((s) => s.sourceId))].join(', ')}: ${this.skipped.length} existing mention(s) recorded without filing (bootstrap.backfill: true files them)`,
      );
    return kept;
  }

  private publishedSinceRebuild(m: { published: string; publishedEstimated?: boolean }): boolean {
    const since = this.o.rebuiltSince;
    return since !== undefined && !m.publishedEstimated && Date.parse(m.published) >= since.getTime();
  }

  /** The mentions a first run recorded without filing: their ids go into the record. */
  recordedIds(): { sourceId: string; ids: string[] }[] {
    return this.skipped.map((s) => ({ sourceId: s.sourceId, ids: s.ids }));
  }

  /** Spikes, crisis issues, the first-run summary and alerts. Never throws. */
  async finish(args: {
    filed: readonly FiledRef[];
    tracker: ScanRecord;
    http: HttpClient;
    env: Readonly<Record<string, string | undefined>>;
  }): Promise<TriageReport> {
    const { config, now, dryRun, logger } = this.o;
    const report: TriageReport = {
      priorities: { high: 0, normal: 0, low: 0 },
      bootstrapSkipped: this.skipped.length,
      bootstrapSources: [...new Set(this.skipped.map((s) => s.sourceId))],
      spikes: [],
      alerts: [],
      warnings: [],
    };
    const warn = (message: string) => {
      report.warnings.push(message);
      logger.warn(message);
    };
    for (const f of args.filed) {
      const level = priorityOf(f.labels);
      if (level) report.priorities[level]++;
    }
    const filedByKey = new Map(args.filed.map((f) => [f.key, f]));
    if (this.volume) linkRefs(this.volume, filedByKey);

    const alerts: Alert[] = [];
    // Spikes → crisis issues.
    const spikes = config.spikes.enabled
      ? findSpikes(this.volume ?? this.o.state.volume, now, config.spikes)
      : [];
    for (const spike of spikes) {
      const line = `spike of ${spike.metric === 'complaint' ? 'complaints' : 'mentions'} for "${spike.query}": ${spike.count} in the period from ${spike.periodStart} (usual ${spike.mean.toFixed(2)} ± ${spike.effectiveSigma.toFixed(2)}, threshold ${spike.threshold.toFixed(2)})`;
      logger.warn(line);
      const entry: SpikeReport = {
        query: spike.query,
        metric: spike.metric,
        periodStart: spike.periodStart,
        count: spike.count,
        mean: spike.mean,
        sigma: spike.effectiveSigma,
        threshold: spike.threshold,
      };
      report.spikes.push(entry);
      if (dryRun) continue;
      const issue = await this.upsertCrisis(args.tracker, spike, warn);
      if (issue) {
        entry.issueNumber = issue.number;
        entry.issueUrl = issue.url;
      }
      alerts.push(spikeAlert(spike, entry));
    }

    const hint =
      this.o.trackerKind === 'github'
        ? `\`state/${this.o.shard}.json\` on the \`${config.tracker.stateBranch}\` branch`
        : `\`state/${this.o.shard}.json\` in the local store`;
    // A backfill after a quiet first run: the summary issue says what it filed.
    const backfilled = args.filed.filter((f) => {
      const id = this.items.get(f.key)?.source.id;
      return id !== undefined && this.firstRun.has(id);
    });
    if (config.bootstrap.backfill && backfilled.length > 0 && !dryRun && args.tracker.upsertSpecial) {
      const sources = [...new Set(backfilled.map((f) => this.items.get(f.key)?.source.id ?? ''))];
      try {
        const { issue } = await args.tracker.upsertSpecial({
          id: bootstrapId(this.o.shard),
          label: SUMMARY_LABEL,
          render: (existing) =>
            renderBackfillUpdate(
              existing,
              backfilled.length,
              sources,
              now,
              config.bootstrap,
              this.o.shard,
              hint,
            ),
        });
        report.summaryIssue = { number: issue.number, url: issue.url };
      } catch (error) {
        if (!(error instanceof NoSummaryIssue))
          warn(`could not update the first-run summary issue: ${errorMessage(error)}`);
      }
    }

    // The quiet first run's summary.
    if (this.skipped.length > 0 && !dryRun) {
      const run = summarizeRun(this.skipped, this.firstRunFiled, report.bootstrapSources, now);
      if (!args.tracker.upsertSpecial) warn('this tracker cannot open the first-run summary issue');
      else {
        try {
          const { issue } = await args.tracker.upsertSpecial({
            id: bootstrapId(this.o.shard),
            label: SUMMARY_LABEL,
            render: (existing) => renderBootstrapSummary(existing, run, config.bootstrap, this.o.shard, hint),
          });
          report.summaryIssue = { number: issue.number, url: issue.url };
        } catch (error) {
          warn(`could not write the first-run summary issue: ${errorMessage(error)}`);
        }
      }
      alerts.push({
        type: 'bootstrap',
        skipped: this.skipped.length,
        filed: this.firstRunFiled,
        sources: report.bootstrapSources,
        ...(report.summaryIssue
          ? { issueNumber: report.summaryIssue.number, issueUrl: report.summaryIssue.url }
          : {}),
      });
    }

    // High-priority mentions that were filed.
    const min = RANK[config.alerts.minPriority];
    for (const f of args.filed) {
      const level = priorityOf(f.labels);
      if (!level || RANK[level] > min) continue;
      alerts.push(this.mentionAlert(f, level));
    }

    if (!dryRun && alerts.length > 0 && config.alerts.targets.length > 0) {
      try {
        report.alerts = await dispatchAlerts(config.alerts, alerts, {
          http: args.http,
          env: args.env,
          now,
          logger,
        });
        for (const a of report.alerts)
          if (a.error)
            report.warnings.push(`alert target ${a.target}: ${a.error} (${a.failed} not delivered)`);
      } catch (error) {
        warn(`alerts could not be sent: ${errorMessage(error)}`);
      }
    }
    return report;
  }

  /** This shard's volume histogram when triage changed it (undefined: a quiet run writes nothing). */
  volumeUpdate(): VolumeState | undefined {
    return this.volume;
  }

  private async upsertCrisis(
    tracker: ScanRecord,
    spike: DetectedSpike,
    warn: (m: string) => void,
  ): Promise<{ number: number; url: string } | undefined> {
    const { config } = this.o;
    const markReported = () => {
      this.volume ??= structuredClone(this.o.state.volume);
      if (this.volume) this.volume.reported[spike.query] = spike.periodStart;
    };
    if (!tracker.upsertSpecial) {
      warn('this tracker cannot open crisis issues; the spike is only announced');
      markReported();
      return undefined;
    }
    try {
      const { issue } = await tracker.upsertSpecial({
        id: crisisId(spike.query),
        label: CRISIS_LABEL,
        render: (existing) =>
          renderCrisis(existing, spike, { assignees: config.spikes.assignees, labels: config.spikes.labels }),
      });
      markReported();
      return { number: issue.number, url: issue.url };
    } catch (error) {
      // Not marked as reported: the next run tries again.
      warn(`could not open or update the crisis issue for "${spike.query}": ${errorMessage(error)}`);
      return undefined;
    }
  }

  private mentionAlert(f: FiledRef, level: PriorityLevel): MentionAlert {
    const item = this.items.get(f.key);
    const category =
      item?.classification.category ??
      f.labels.find((l) => ['complaint', 'compliment', 'question', 'neutral'].includes(l)) ??
      'neutral';
    const source = item?.mention.sourceKind ?? f.labels.find((l) => l.startsWith('source:'))?.slice(7) ?? '';
    return {
      type: 'mention',
      key: f.key,
      title: f.title,
      priority: level,
      category,
      source,
      ...(item ? { reason: item.priority.reason } : {}),
      ...(item?.mention.url ? { url: item.mention.url } : {}),
      ...(f.number !== undefined ? { issueNumber: f.number } : {}),
      ...(f.url ? { issueUrl: f.url } : {}),
    };
  }
}

function priorityOf(labels: readonly string[]): PriorityLevel | undefined {
  const l = labels.find((x) => x.startsWith('priority:'))?.slice(9);
  return l === 'high' || l === 'normal' || l === 'low' ? l : undefined;
}

function spikeAlert(spike: DetectedSpike, entry: SpikeReport): Alert {
  return {
    type: 'spike',
    query: spike.query,
    metric: spike.metric,
    periodStart: spike.periodStart,
    periodEnd: spike.periodEnd,
    count: spike.count,
    mean: Math.round(spike.mean * 100) / 100,
    sigma: Math.round(spike.effectiveSigma * 100) / 100,
    threshold: Math.round(spike.threshold * 100) / 100,
    baselinePeriods: spike.baselinePeriods,
    ...(entry.issueNumber !== undefined ? { issueNumber: entry.issueNumber } : {}),
    ...(entry.issueUrl ? { issueUrl: entry.issueUrl } : {}),
    mentions: spike.refs.slice(0, 20).map((r) => ({
      title: r.title,
      ...(r.url ? { url: r.url } : {}),
      ...(r.issueUrl ? { issueUrl: r.issueUrl } : {}),
    })),
  };
}
