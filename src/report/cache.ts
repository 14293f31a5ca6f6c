/**
 * The report's memory between runs, kept in the tracker's state under the shard `report` (on GitHub
 * a small file on the state branch): per issue, the facts read from its timeline and the
 * `updated_at` they were read at, so a report reads only the timelines of issues that changed; the
 * states of linked fixes; the report issue of each period and the milestone texts written, each
 * with a hash, so nothing is rewritten when nothing changed.
 *
 * Times are stored as seconds after the issue was filed, which keeps the file small (≈ 60 bytes per
 * issue with a history; issues nobody touched are not stored at all).
 */
import { z } from 'zod';
import type { ScanState } from '../tracker/port.js';
import type { IssueRecord } from './facts.js';
import type { HistoryFacts, ResponseKind } from './timeline.js';

export const REPORT_SHARD = 'report';

const KIND_CODES: Record<ResponseKind, string> = {
  replied: 'r',
  'followed-up': 'f',
  comment: 'c',
  closed: 'x',
};
const CODE_KINDS = Object.fromEntries(Object.entries(KIND_CODES).map(([k, v]) => [v, k])) as Record<
  string,
  ResponseKind
>;

const cachedIssueSchema = z.object({
  /** updated_at the facts were read at */
  u: z.string(),
  /** fingerprint of the listing row (state, comments, labels) */
  f: z.string(),
  r: z.number().optional(),
  b: z.string().optional(),
  p: z.number().optional(),
  o: z.number().optional(),
  e: z.number().optional(),
  x: z.array(z.string()).optional(),
  /** server time of our own `sla:breached` write, recognised on the next run */
  w: z.string().optional(),
});
export type CachedIssue = z.infer<typeof cachedIssueSchema>;

const reportCacheSchema = z.object({
  v: z.literal(1),
  issues: z.record(z.string(), cachedIssueSchema),
  fixes: z.record(
    z.string(),
    z.object({ s: z.enum(['open', 'closed', 'missing']), c: z.string().optional() }),
  ),
  reportIssues: z.record(
    z.string(),
    z.object({ n: z.number(), h: z.string(), u: z.string().optional(), closed: z.boolean().optional() }),
  ),
  milestones: z.record(z.string(), z.object({ n: z.number(), h: z.string() })),
});
export type ReportCache = z.infer<typeof reportCacheSchema>;

export type ReportState = ScanState & { report?: unknown };

export function emptyCache(): ReportCache {
  return { v: 1, issues: {}, fixes: {}, reportIssues: {}, milestones: {} };
}

/** The cache in a loaded state, or an empty one when it is missing or not in this version's shape. */
export function readCache(state: ReportState): ReportCache {
  const parsed = reportCacheSchema.safeParse(state.report);
  return parsed.success ? parsed.data : emptyCache();
}

export function fingerprint(record: Pick<IssueRecord, 'state' | 'comments' | 'labels'>): string {
  const labels = [...new Set(record.labels.map((l) => l.toLowerCase()))].sort().join(',');
  return `${record.state}|${record.comments ?? ''}|${labels}`;
}

const offset = (createdMs: number, at: string | undefined) =>
  at === undefined ? undefined : Math.round((Date.parse(at) - createdMs) / 1000);
const at = (createdMs: number, seconds: number | undefined) =>
  seconds === undefined
    ? undefined
    : new Date(createdMs + seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

export function encodeFacts(record: IssueRecord, facts: HistoryFacts): CachedIssue {
  const created = Date.parse(record.createdAt);
  const entry: CachedIssue = { u: record.updatedAt, f: fingerprint(record) };
  const r = offset(created, facts.firstResponseAt);
  if (r !== undefined) entry.r = r;
  if (facts.firstResponseBy) entry.b = KIND_CODES[facts.firstResponseBy];
  const p = offset(created, facts.repliedAt);
  if (p !== undefined) entry.p = p;
  const o = offset(created, facts.followedUpAt);
  if (o !== undefined) entry.o = o;
  const e = offset(created, facts.escalatedAt);
  if (e !== undefined) entry.e = e;
  if (facts.fixes.length > 0) entry.x = facts.fixes;
  return entry;
}

export function decodeFacts(record: Pick<IssueRecord, 'createdAt'>, entry: CachedIssue): HistoryFacts {
  const created = Date.parse(record.createdAt);
  const facts: HistoryFacts = { fixes: entry.x ?? [] };
  const firstResponseAt = at(created, entry.r);
  if (firstResponseAt) facts.firstResponseAt = firstResponseAt;
  const by = entry.b ? CODE_KINDS[entry.b] : undefined;
  if (by) facts.firstResponseBy = by;
  const repliedAt = at(created, entry.p);
  if (repliedAt) facts.repliedAt = repliedAt;
  const followedUpAt = at(created, entry.o);
  if (followedUpAt) facts.followedUpAt = followedUpAt;
  const escalatedAt = at(created, entry.e);
  if (escalatedAt) facts.escalatedAt = escalatedAt;
  return facts;
}
