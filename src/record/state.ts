/**
 * The scan state: one document for the whole repository, whatever the shard layout (cursors are
 * kept per source id, so a matrix that grows, shrinks or goes away changes nothing). It holds the
 * sources' cursors, the pending drafts (matched, not filed yet), the compact id index (every id of
 * every mention recorded in the look-back window, by day), the recent ids per source (a guard for
 * undated items that is not pruned by age), the filing lease and the drafts GitHub refused.
 *
 * On disk the state stays small at any history: ids are 12-character hashes (src/record/known.ts),
 * pending drafts are gzipped. The codec reads the previous format (version 1, per-shard files with
 * full keys) too, so an upgrade loses nothing.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SourceCursor } from '../platforms/source.js';
import type { VolumeState } from '../triage/volume.js';
import { HASH_LENGTH, idHash, splitHashes } from './known.js';

export interface MilestoneRef {
  /** e.g. `2026-W47` or `2026-11`. */
  title: string;
  /** ISO date (end of the period). */
  dueOn: string;
  description?: string;
}

/** Everything needed to file one mention in ONE create call. */
export interface IssueDraft {
  /** The primary key (it goes into the issue's marker). */
  key: string;
  /** Every id the mention is known by, primary key first (src/record/identity.ts mentionIds). */
  ids?: string[];
  /** The source that found it (its recent ids remember the mention once filed). */
  sourceId?: string;
  title: string;
  body: string;
  labels: string[];
  milestone?: MilestoneRef;
  assignees: string[];
}

/** Who holds the right to file, until when. */
export interface Lease {
  /** `run:<GITHUB_RUN_ID>:<shard>` for the action; the same run re-run takes over at once. */
  holder: string;
  until: string;
  /** The workflow run (GITHUB_RUN_ID): a lease whose run has finished is taken over. */
  runId?: string;
}

/** A draft GitHub refused (422) even in its minimal form: set aside, visible, never retried blindly. */
export interface RefusedDraft {
  key: string;
  title: string;
  reason: string;
  at: string;
  url?: string;
}

export interface ScanState {
  version: 2;
  sources: Record<string, SourceCursor>;
  /** Drafts matched but not filed (write budget, rate limit, lease): filed first by the next run. */
  pending: IssueDraft[];
  /** Source id → hashes of the ids it recorded, oldest first, at most RECENT_PER_SOURCE. */
  recent: Record<string, string[]>;
  /**
   * Day (YYYY-MM-DD, when recorded) → hashes of the ids recorded that day. Undefined until built
   * from a full listing of the issues (a new, lost or damaged state; the previous format).
   */
  index?: Record<string, string[]>;
  /**
   * The highest Earshot issue number the record has seen (listed or filed). Each run lists the
   * issues numbered above it (less a margin): issue numbers come from GitHub, so no runner clock is
   * involved.
   */
  listedUpTo?: number;
  /** Drafts GitHub refused, newest last, at most MAX_REFUSED. */
  refused?: RefusedDraft[];
  lease?: Lease | undefined;
  /**
   * Who opens Earshot's issues (the token's login, learnt from the first create): once known, an
   * issue someone else opened is never taken for a mention, whatever marker and labels it carries.
   */
  author?: string;
  /** Label names already ensured (a steady-state run does not list labels again). */
  labels?: string[];
  /** Mention volume per shard (`default`, `shard-2-of-8`) for spike detection (src/triage/volume.ts). */
  volumes?: Record<string, VolumeState>;
  updatedAt?: string;
  /** Other documents (the report cache) keep their own fields. */
  [extra: string]: unknown;
}

export const RECENT_PER_SOURCE = 2000;
export const MAX_REFUSED = 200;

export function emptyState(): ScanState {
  return { version: 2, sources: {}, pending: [], recent: {} };
}

/** The state document could not be read as a state: rebuilt from the issues. */
export class StateDamagedError extends Error {
  override readonly name = 'StateDamagedError';
}

// ---- ids ------------------------------------------------------------------------------------

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Records ids in the index (under `day`) and, with a source, in its recent ids. Mutates `state`. */
export function recordIds(state: ScanState, ids: readonly string[], day: string, sourceId?: string): void {
  const hashes = ids.map(idHash);
  if (state.index) {
    const bucket = state.index[day] ?? [];
    bucket.push(...hashes);
    state.index[day] = bucket;
  }
  if (sourceId) {
    const have = state.recent[sourceId] ?? [];
    const fresh = new Set(hashes);
    const next = [...have.filter((h) => !fresh.has(h)), ...fresh];
    state.recent[sourceId] = next.slice(-RECENT_PER_SOURCE);
  }
}

/** Drops index days older than `keepDays` before `now` (the look-back window plus a margin). */
export function pruneIndex(state: ScanState, now: Date, keepDays: number): void {
  if (!state.index) return;
  const oldest = dayOf(new Date(now.getTime() - keepDays * 86_400_000));
  for (const day of Object.keys(state.index)) if (day < oldest) delete state.index[day];
}

/** Every hash the state remembers (index and recent ids). */
export function rememberedHashes(state: ScanState): string[] {
  const out: string[] = [];
  for (const hashes of Object.values(state.index ?? {})) out.push(...hashes);
  for (const hashes of Object.values(state.recent)) out.push(...hashes);
  return out;
}

// ---- merging two writers ---------------------------------------------------------------------

/**
 * Our state over one another run wrote since we read it (a lost compare-and-swap): the newer cursor
 * per source, pending drafts of both less what either filed, the union of the ids, our lease if we
 * hold it (else theirs, unless it is our own old one), their volumes for shards that are not ours.
 */
export function mergeStates(
  theirs: ScanState,
  ours: ScanState,
  me: { holder: string; shard: string },
): ScanState {
  const sources = { ...theirs.sources };
  for (const [id, cursor] of Object.entries(ours.sources)) {
    const t = sources[id];
    sources[id] = !t?.since || (cursor.since && cursor.since >= t.since) ? cursor : t;
  }
  const index: Record<string, string[]> | undefined =
    theirs.index || ours.index ? { ...(theirs.index ?? {}) } : undefined;
  if (index)
    for (const [day, hashes] of Object.entries(ours.index ?? {}))
      index[day] = [...new Set([...(index[day] ?? []), ...hashes])];
  const recent: Record<string, string[]> = { ...theirs.recent };
  for (const [id, hashes] of Object.entries(ours.recent)) {
    const mine = new Set(hashes);
    recent[id] = [...(recent[id] ?? []).filter((h) => !mine.has(h)), ...hashes].slice(-RECENT_PER_SOURCE);
  }
  const merged: ScanState = { ...theirs, ...ours, sources, recent, ...(index ? { index } : {}) };
  const filed = new Set(rememberedHashes(merged));
  const seen = new Set<string>();
  merged.pending = [...ours.pending, ...theirs.pending].filter((d) => {
    if (seen.has(d.key)) return false;
    seen.add(d.key);
    return !filed.has(idHash(d.key));
  });
  const refusedKeys = new Set<string>();
  const refused = [...(theirs.refused ?? []), ...(ours.refused ?? [])].filter(
    (r) => !refusedKeys.has(r.key) && refusedKeys.add(r.key),
  );
  if (refused.length > 0) merged.refused = refused.slice(-MAX_REFUSED);
  // Another holder's lease in what was written meanwhile always stands (a lease is only ever taken
  // by an exclusive write, never by a merge); ours is kept only while we hold it.
  merged.lease =
    theirs.lease && theirs.lease.holder !== me.holder
      ? theirs.lease
      : ours.lease?.holder === me.holder
        ? ours.lease
        : undefined;
  if (theirs.volumes || ours.volumes) {
    merged.volumes = { ...(theirs.volumes ?? {}) };
    const mine = ours.volumes?.[me.shard];
    if (mine) merged.volumes[me.shard] = mine;
  }
  if (theirs.labels || ours.labels)
    merged.labels = [...new Set([...(theirs.labels ?? []), ...(ours.labels ?? [])])];
  // The lower mark: what either run may not have listed yet is listed again.
  const marks = [theirs.listedUpTo, ours.listedUpTo].filter((n): n is number => typeof n === 'number');
  if (marks.length > 0) merged.listedUpTo = Math.min(...marks);
  return merged;
}

// ---- the codec -------------------------------------------------------------------------------

interface DiskState {
  version: 2;
  sources?: Record<string, SourceCursor>;
  /** base64 of gzipped JSON IssueDraft[] */
  pendingGz?: string;
  recent?: Record<string, string>;
  index?: Record<string, string>;
  [field: string]: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function encodeState(state: ScanState): string {
  const { pending, recent, index, ...rest } = state;
  const disk: DiskState = { ...rest, version: 2 };
  if (pending.length > 0) disk.pendingGz = gzipSync(JSON.stringify(pending)).toString('base64');
  disk.recent = Object.fromEntries(Object.entries(recent).map(([k, v]) => [k, v.join('')]));
  if (index) disk.index = Object.fromEntries(Object.entries(index).map(([k, v]) => [k, v.join('')]));
  return `${JSON.stringify(disk)}\n`;
}

/** A state document → ScanState; throws StateDamagedError when it is not one (truncated, edited). */
export function decodeState(text: string): ScanState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StateDamagedError(`not JSON (${(error as Error).message})`);
  }
  if (!isRecord(raw)) throw new StateDamagedError('not a JSON object');
  if (raw.version === 1 || raw.version === undefined) return fromVersion1(raw);
  if (raw.version !== 2) throw new StateDamagedError(`unknown version ${String(raw.version)}`);
  const { pendingGz, recent, index, ...rest } = raw as DiskState;
  let pending: IssueDraft[] = [];
  if (typeof pendingGz === 'string' && pendingGz) {
    try {
      pending = JSON.parse(gunzipSync(Buffer.from(pendingGz, 'base64')).toString('utf8')) as IssueDraft[];
    } catch (error) {
      throw new StateDamagedError(`pending drafts unreadable (${(error as Error).message})`);
    }
    if (!Array.isArray(pending)) throw new StateDamagedError('pending drafts are not a list');
  }
  const unpack = (m: unknown): Record<string, string[]> =>
    Object.fromEntries(
      Object.entries(isRecord(m) ? m : {}).map(([k, v]) => [k, typeof v === 'string' ? splitHashes(v) : []]),
    );
  const state: ScanState = {
    ...rest,
    version: 2,
    sources: isRecord(rest.sources) ? (rest.sources as Record<string, SourceCursor>) : {},
    pending,
    recent: unpack(recent),
  };
  if (index !== undefined) state.index = unpack(index);
  return state;
}

/** The previous format: full keys in `recentKeys`, pending drafts as JSON, per-shard volume. */
function fromVersion1(raw: Record<string, unknown>): ScanState {
  const { recentKeys, pending, volume, version: _v, ...rest } = raw;
  const recent: Record<string, string[]> = {};
  if (isRecord(recentKeys))
    for (const [id, keys] of Object.entries(recentKeys))
      if (Array.isArray(keys)) recent[id] = keys.filter((k) => typeof k === 'string').map(idHash);
  const state: ScanState = {
    ...rest,
    version: 2,
    sources: isRecord(rest.sources) ? (rest.sources as Record<string, SourceCursor>) : {},
    pending: Array.isArray(pending) ? (pending as IssueDraft[]) : [],
    recent,
  };
  if (isRecord(volume)) state.volumes = { default: volume as unknown as VolumeState };
  return state;
}

export { HASH_LENGTH };
