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
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ScanState } from '../record/port.js';
import type { RecordIssue } from './facts.js';
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

/** One issue's cached facts (in memory; stored packed, see packCache). */
export interface CachedIssue {
  /** updated_at the facts were read at */
  u: string;
  /** hash of the listing row (state, comment count, labels) */
  f: string;
  /** first response, replied, followed up, escalated: seconds after filing */
  r?: number;
  b?: string;
  p?: number;
  o?: number;
  e?: number;
  x?: string[];
  /** server time of our own `sla:breached` write, recognised on the next run */
  w?: string;
}

/**
 * Stored form of an issue: [updated_at (epoch s), hash, first response, kind, replied, followed up,
 * escalated, fixes, own write (epoch s)], trailing empties dropped — about 35 bytes an issue.
 */
const packedIssueSchema = z.array(z.union([z.number(), z.string(), z.null(), z.array(z.string())])).min(2);

const persistedSchema = z.object({
  v: z.literal(2),
  issues: z.record(z.string(), packedIssueSchema),
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
type Persisted = z.infer<typeof persistedSchema>;

export interface ReportCache extends Omit<Persisted, 'v' | 'issues'> {
  v: 2;
  issues: Record<string, CachedIssue>;
}

/** At most this many issues are cached (the newest numbers kept): the state file stays under 1 MB. */
export const MAX_CACHED_ISSUES = 20_000;

const epoch = (isoTime: string) => Math.floor(Date.parse(isoTime) / 1000);
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

function pack(e: CachedIssue): Persisted['issues'][string] {
  const out: Persisted['issues'][string] = [
    epoch(e.u),
    e.f,
    e.r ?? null,
    e.b ?? null,
    e.p ?? null,
    e.o ?? null,
    e.e ?? null,
    e.x ?? null,
    e.w ? epoch(e.w) : null,
  ];
  while (out.length > 2 && out[out.length - 1] === null) out.pop();
  return out;
}

function unpack(a: Persisted['issues'][string]): CachedIssue | undefined {
  const [u, f, r, b, p, o, e, x, w] = a;
  if (typeof u !== 'number' || typeof f !== 'string') return undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const entry: CachedIssue = { u: isoOf(u), f };
  if (num(r) !== undefined) entry.r = num(r)!;
  if (typeof b === 'string') entry.b = b;
  if (num(p) !== undefined) entry.p = num(p)!;
  if (num(o) !== undefined) entry.o = num(o)!;
  if (num(e) !== undefined) entry.e = num(e)!;
  if (Array.isArray(x)) entry.x = x;
  if (num(w) !== undefined) entry.w = isoOf(num(w)!);
  return entry;
}

/** The cache as stored in the state (issues packed, at most MAX_CACHED_ISSUES of them). */
export function packCache(cache: ReportCache): Persisted {
  const numbers = Object.keys(cache.issues)
    .map(Number)
    .sort((a, b) => b - a)
    .slice(0, MAX_CACHED_ISSUES);
  const issues: Persisted['issues'] = {};
  for (const n of numbers) issues[n] = pack(cache.issues[n]!);
  return { ...cache, v: 2, issues };
}

export type ReportState = ScanState & { report?: unknown };

export function emptyCache(): ReportCache {
  return { v: 2, issues: {}, fixes: {}, reportIssues: {}, milestones: {} };
}

/** The cache in a loaded state, or an empty one when it is missing or not in this version's shape. */
export function readCache(state: ReportState): ReportCache {
  const parsed = persistedSchema.safeParse(state.report);
  if (!parsed.success) return emptyCache();
  const issues: Record<string, CachedIssue> = {};
  for (const [n, packed] of Object.entries(parsed.data.issues)) {
    const entry = unpack(packed);
    if (entry) issues[n] = entry;
  }
  return { ...parsed.data, v: 2, issues };
}

/** A short hash of the listing row: state, comment count and labels. */
export function fingerprint(record: Pick<RecordIssue, 'state' | 'comments' | 'labels'>): string {
  const labels = [...new Set(record.labels.map((l) => l.toLowerCase()))].sort().join(',');
  return createHash('sha1')
    .update(`${record.state}|${record.comments ?? ''}|${labels}`)
    .digest('base64url')
    .slice(0, 10);
}

const offset = (createdMs: number, at: string | undefined) =>
  at === undefined ? undefined : Math.round((Date.parse(at) - createdMs) / 1000);
const at = (createdMs: number, seconds: number | undefined) =>
  seconds === undefined
    ? undefined
    : new Date(createdMs + seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

export function encodeFacts(record: RecordIssue, facts: HistoryFacts): CachedIssue {
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

export function decodeFacts(record: Pick<RecordIssue, 'createdAt'>, entry: CachedIssue): HistoryFacts {
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
