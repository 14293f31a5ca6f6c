/**
 * The IssueTracker port (DESIGN §2 tracker/). Two implementations with the same never-duplicate
 * rule: github.ts (GitHub issues) and local.ts (the embedded default, files under .earshot/).
 */
import type { SourceCursor } from '../sources/types.js';
import type { VolumeState } from '../triage/volume.js';

export interface MilestoneRef {
  /** e.g. `2026-W47` or `2026-11`. */
  title: string;
  /** ISO date (end of the period). */
  dueOn: string;
  description?: string;
}

/** Everything needed to file one mention in ONE create call. */
export interface IssueDraft {
  key: string;
  title: string;
  body: string;
  labels: string[];
  milestone?: MilestoneRef;
  assignees: string[];
}

export interface TrackedIssue {
  number: number;
  /** The mention key from the issue's hidden marker; undefined for issues Earshot did not file. */
  key?: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned' | 'reopened' | null | undefined;
  labels: string[];
  milestone?: string;
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  url: string;
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

/** What a run persists between runs, per shard: cursors, pending (deferred) mentions, recent keys. */
export interface ScanState {
  version: 1;
  sources: Record<string, SourceCursor>;
  /** Drafts matched but not filed (write budget, rate limit): filed first on the next run. */
  pending: IssueDraft[];
  /** Keys filed recently, per source, bounded: a second guard besides the tracker's listing. */
  recentKeys: Record<string, string[]>;
  /**
   * A run about to file takes the lease with an exclusive (compare-and-swap) write: a second run at
   * the same time sees it and files nothing, so even two runs at once cannot duplicate an issue.
   */
  lease?: { holder: string; until: string } | undefined;
  /** Label names already ensured (so a steady-state run does not list labels again). */
  labels?: string[];
  /** Mention volume per query and period, for spike detection (src/triage/volume.ts). */
  volume?: VolumeState;
  updatedAt?: string;
}

/** What a special (non-mention) issue says: a crisis, the first-run summary. */
export interface SpecialIssueContent {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  /** Posted as a comment when the issue already existed (so its watchers are notified). */
  comment?: string;
}

export interface SpecialIssueSpec {
  /** Stable id, carried in the body's hidden special marker (src/tracker/special.ts). */
  id: string;
  /** The label the open issue is looked up by. */
  label: string;
  /** The content, given the open issue that carries the id (undefined: a new one is opened). */
  render(existing: TrackedIssue | undefined): SpecialIssueContent;
}

export function emptyState(): ScanState {
  return { version: 1, sources: {}, pending: [], recentKeys: {} };
}

export interface IssueTracker {
  readonly kind: 'github' | 'local';
  /** Creates the labels Earshot uses (once: existing ones are left alone). */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void>;
  /**
   * Keys of every Earshot issue updated at or after `since` (fully paginated, open and closed).
   * Throws TrackerError if the listing cannot be completed: a run must never file blind.
   */
  listKeys(since: Date): Promise<Set<string>>;
  /** Files one issue in one create call (the milestone is created on demand first). */
  create(draft: IssueDraft): Promise<TrackedIssue>;
  /** The state for a shard ('default' unless sharded), or an empty one. */
  loadState(shard: string): Promise<ScanState>;
  /**
   * Saves the state with compare-and-swap against the version loadState() saw. A lost race is merged
   * and retried — unless `exclusive`, when it throws StateConflictError instead (taking the lease).
   */
  saveState(shard: string, state: ScanState, options?: { exclusive?: boolean }): Promise<void>;
  /**
   * Opens, or updates in place, the one OPEN issue labelled `spec.label` whose special marker
   * carries `spec.id` (crisis issues, the first-run summary). Not a mention: no `earshot` label,
   * no mention marker. Optional: without it, triage reports that it could not open the issue.
   */
  upsertSpecial?(spec: SpecialIssueSpec): Promise<{ issue: TrackedIssue; created: boolean }>;
}

/** The state changed since it was loaded (another run wrote it): an exclusive save lost the race. */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
}

/** A lease held by another run that has not expired yet. */
export function foreignLease(state: ScanState, holder: string, now: Date): ScanState['lease'] {
  const lease = state.lease;
  return lease && lease.holder !== holder && Date.parse(lease.until) > now.getTime() ? lease : undefined;
}
