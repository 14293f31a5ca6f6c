/**
 * One mention's facts, from its issue (labels, state, timestamps, the hidden marker) and, where the
 * store keeps one, its history. Everything the metrics, the report and the dashboard show is derived
 * from these facts; only SLA statuses and ages depend on the report's clock.
 */
import type { RecordIssue } from '../record/issue.js';

export type { RecordIssue } from '../record/issue.js';

import { CATEGORIES, type Category } from '../mentions/mention.js';
import type { MarkerData } from '../record/marker.js';
import type { ElapsedClock } from './business-hours.js';
import { type PeriodKind, periodOf } from './periods.js';
import { type SlaStatus, type SlaTargets, slaStatus, slaTarget } from './sla.js';
import {
  ESCALATED_LABEL,
  FOLLOWED_UP_LABEL,
  type HistoryFacts,
  REPLIED_LABEL,
  type ResponseKind,
  SLA_BREACHED_LABEL,
} from './timeline.js';

export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type PriorityLevel = (typeof PRIORITIES)[number];

export interface MentionFacts {
  number: number;
  title: string;
  url: string;
  period: string;
  category: Category;
  priority: PriorityLevel;
  /** The source id from the marker (config `sources[].id`), else the `source:<kind>` label's kind. */
  source: string;
  state: 'open' | 'resolved' | 'dismissed';
  publishedAt: string;
  createdAt: string;
  closedAt?: string;
  responded: boolean;
  firstResponseAt?: string;
  firstResponseBy?: ResponseKind;
  /** Filing → first response, on the report's clock (wall or business hours). */
  firstResponseSeconds?: number;
  /** Filing → closing (resolved or dismissed), on the report's clock. */
  resolutionSeconds?: number;
  replied: boolean;
  followedUp: boolean;
  escalated: boolean;
  fixes: string[];
  fixClosedAt?: string;
  /** Published → the last linked fix closed (wall clock). */
  leadTimeSeconds?: number;
  firstResponseSla: SlaStatus;
  resolutionSla: SlaStatus;
  /** Either SLA breached. */
  breached: boolean;
  /** The issue carries `sla:breached` already. */
  breachLabeled: boolean;
  /** Filing → now (wall clock). */
  ageSeconds: number;
  /** The facts come from a history read (else from the listing alone: some times are unknown). */
  fromHistory: boolean;
}

export interface FactsContext {
  periodKind: PeriodKind;
  clock: ElapsedClock;
  firstResponseTargets: SlaTargets;
  resolutionTargets: SlaTargets;
  now: Date;
  /** When each fix reference was closed (absent: open or unknown). */
  fixClosedAt: (ref: string) => string | undefined;
}

const lower = (labels: readonly string[]) => new Set(labels.map((l) => l.toLowerCase()));

export function categoryOf(labels: ReadonlySet<string>, marker: MarkerData | undefined): Category {
  const fromMarker = marker?.category as Category | undefined;
  if (fromMarker && CATEGORIES.includes(fromMarker) && labels.has(fromMarker)) return fromMarker;
  const labeled = CATEGORIES.find((c) => labels.has(c));
  if (labeled) return labeled;
  return fromMarker && CATEGORIES.includes(fromMarker) ? fromMarker : 'neutral';
}

export function priorityOf(labels: ReadonlySet<string>, marker: MarkerData | undefined): PriorityLevel {
  const labeled = PRIORITIES.find((p) => labels.has(`priority:${p}`));
  if (labeled) return labeled;
  const m = marker?.priority as PriorityLevel | undefined;
  return m && PRIORITIES.includes(m) ? m : 'normal';
}

export function sourceOf(labels: readonly string[], marker: MarkerData | undefined): string {
  if (marker?.source) return marker.source;
  const label = labels.find((l) => l.toLowerCase().startsWith('source:'));
  return label ? label.slice('source:'.length) : (marker?.kind ?? 'unknown');
}

/**
 * What the listing alone says about an issue's history: status labels say that (not when) it was
 * answered; a close with no status label and no comment is the first response, at closed_at.
 */
export function listingFacts(record: RecordIssue): HistoryFacts {
  const labels = lower(record.labels);
  const answeredByLabel = labels.has(REPLIED_LABEL) || labels.has(FOLLOWED_UP_LABEL);
  if (record.state === 'closed' && record.closedAt && !answeredByLabel && !record.comments) {
    return { firstResponseAt: record.closedAt, firstResponseBy: 'closed', fixes: [] };
  }
  return { fixes: [] };
}

export function mentionFacts(
  record: RecordIssue,
  history: HistoryFacts | undefined,
  ctx: FactsContext,
): MentionFacts {
  const labels = lower(record.labels);
  const h = history ?? listingFacts(record);
  const marker = record.marker;
  const publishedAt =
    marker?.published && !Number.isNaN(Date.parse(marker.published)) ? marker.published : record.createdAt;
  const category = categoryOf(labels, marker);
  const priority = priorityOf(labels, marker);
  const created = Date.parse(record.createdAt);
  const now = ctx.now.getTime();
  const closed = record.state === 'closed';
  const closedAt = closed ? record.closedAt : undefined;
  const replied = h.repliedAt !== undefined || labels.has(REPLIED_LABEL);
  const followedUp = h.followedUpAt !== undefined || labels.has(FOLLOWED_UP_LABEL);
  const escalated = h.escalatedAt !== undefined || labels.has(ESCALATED_LABEL);
  const responded = h.firstResponseAt !== undefined || replied || followedUp || closed;
  const firstResponseSeconds =
    h.firstResponseAt !== undefined ? ctx.clock(created, Date.parse(h.firstResponseAt)) : undefined;
  const resolutionSeconds = closedAt ? ctx.clock(created, Date.parse(closedAt)) : undefined;
  const elapsedSeconds = ctx.clock(created, now);

  const closes = h.fixes.map((ref) => ctx.fixClosedAt(ref));
  const fixClosedAt =
    closes.length > 0 && closes.every((c) => c !== undefined)
      ? (closes as string[]).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a))
      : undefined;

  const firstResponseSla = slaStatus(slaTarget(ctx.firstResponseTargets, category, priority), {
    done: responded,
    doneSeconds: firstResponseSeconds,
    elapsedSeconds,
  });
  const resolutionSla = slaStatus(slaTarget(ctx.resolutionTargets, category, priority), {
    done: closed,
    doneSeconds: resolutionSeconds,
    elapsedSeconds,
  });
  const reason = record.stateReason ?? 'completed';
  return {
    number: record.number,
    title: record.title,
    url: record.url,
    period: periodOf(new Date(publishedAt), ctx.periodKind).id,
    category,
    priority,
    source: sourceOf(record.labels, marker),
    state: !closed ? 'open' : reason === 'completed' ? 'resolved' : 'dismissed',
    publishedAt,
    createdAt: record.createdAt,
    ...(closedAt ? { closedAt } : {}),
    responded,
    ...(h.firstResponseAt !== undefined ? { firstResponseAt: h.firstResponseAt } : {}),
    ...(h.firstResponseBy !== undefined ? { firstResponseBy: h.firstResponseBy } : {}),
    ...(firstResponseSeconds !== undefined ? { firstResponseSeconds } : {}),
    ...(resolutionSeconds !== undefined ? { resolutionSeconds } : {}),
    replied,
    followedUp,
    escalated,
    fixes: h.fixes,
    ...(fixClosedAt ? { fixClosedAt } : {}),
    ...(fixClosedAt
      ? {
          leadTimeSeconds: Math.max(
            0,
            Math.round((Date.parse(fixClosedAt) - Date.parse(publishedAt)) / 1000),
          ),
        }
      : {}),
    firstResponseSla,
    resolutionSla,
    breached: firstResponseSla === 'breached' || resolutionSla === 'breached',
    breachLabeled: labels.has(SLA_BREACHED_LABEL),
    ageSeconds: Math.max(0, Math.round((now - created) / 1000)),
    fromHistory: history !== undefined,
  };
}
