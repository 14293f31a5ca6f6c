/**
 * The ScanRecord port (DESIGN §2 tracker/). Two implementations with the same never-duplicate
 * rule: github.ts (GitHub issues) and local.ts (the embedded default, files under .earshot/).
 */
import type { RecordIssue } from './issue.js';

export type { RecordIssue } from './issue.js';

import type { IssueDraft, ScanState } from './state.js';

export {
  emptyState,
  type IssueDraft,
  type MilestoneRef,
  type ScanState,
} from './state.js';

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
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
  /** Stable id, carried in the body's hidden special marker (src/record/special.ts). */
  id: string;
  /** The label the open issue is looked up by. */
  label: string;
  /** The content, given the open issue that carries the id (undefined: a new one is opened). */
  render(existing: RecordIssue | undefined): SpecialIssueContent;
}

export interface ScanRecord {
  readonly kind: 'github' | 'local';
  /** Creates the labels Earshot uses (once: existing ones are left alone). */
  ensureLabels(labels: readonly LabelSpec[]): Promise<void>;
  /**
   * Every Earshot issue updated at or after `since` (fully paginated, open and closed): the full
   * listing that builds the id index. Throws TrackerError if it cannot be completed.
   */
  listIssues(since: Date): Promise<RecordIssue[]>;
  /**
   * Earshot issues numbered above `number`, newest first: what other runs (a crashed one, a shard
   * at the same moment) filed since this record was last listed. Throws TrackerError.
   */
  listCreatedSince(number: number): Promise<RecordIssue[]>;
  /** Files one issue in one create call (the milestone is created on demand first). */
  create(draft: IssueDraft): Promise<RecordIssue>;
  /** A state document (`default`: the scan's; `report`: the report cache), and how it was found. */
  loadState(name: string): Promise<LoadedState>;
  /**
   * Saves the document with compare-and-swap against the version loadState() saw. A lost race is
   * merged with `merge` (default: ours wins) and retried — unless `exclusive`, when it throws
   * StateConflictError instead (taking the lease).
   */
  saveState(
    name: string,
    state: ScanState,
    options?: { exclusive?: boolean; merge?: (theirs: ScanState, ours: ScanState) => ScanState },
  ): Promise<void>;
  /** Whether a workflow run has finished: true, false, or undefined when it cannot be told. */
  runFinished?(runId: string): Promise<boolean | undefined>;
  /** The last moment a wait on a rate limit may end (epoch ms); undefined lifts it. */
  setDeadline?(epochMs: number | undefined): void;
  /**
   * Deletes the per-shard state files of the previous format (`state/shard-<i>-of-<n>.json`), once
   * their sources' cursors no longer matter (the state was rebuilt); answers how many it deleted.
   */
  removeLegacyStates?(): Promise<number>;
  /**
   * Opens, or updates in place, the one OPEN issue labelled `spec.label` whose special marker
   * carries `spec.id` (crisis issues, the first-run summary). Not a mention: no `earshot` label,
   * no mention marker. Optional: without it, triage reports that it could not open the issue.
   */
  upsertSpecial?(spec: SpecialIssueSpec): Promise<{ issue: RecordIssue; created: boolean }>;
}

/** The state changed since it was loaded (another run wrote it): an exclusive save lost the race. */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
}

/** A state document as read: `missing` (never written, or the branch is gone), `damaged` (unreadable). */
export interface LoadedState {
  state: ScanState;
  status: 'ok' | 'missing' | 'damaged';
  /** Why it is damaged. */
  problem?: string;
}
