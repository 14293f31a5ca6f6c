/**
 * What a report reads and writes, on GitHub or in the local store. The GitHub side lists Earshot
 * issues a hundred at a time and reads the timelines of changed issues a hundred per GraphQL query
 * (one REST call per issue where GraphQL is refused); the local side reads the Markdown files of the
 * embedded tracker, which keep no history (see docs/metrics.md).
 */

import type { ReportState } from '../report/cache.js';
import type { RecordIssue } from '../report/facts.js';
import type { HistoryEvent } from '../report/timeline.js';

/** The label of the report issues (not `earshot`: a report is not a mention). */
export const REPORT_LABEL = 'earshot:report';
export const REPORT_LABEL_SPEC = {
  name: REPORT_LABEL,
  color: '5319e7',
  description: 'Earshot: the response report of a period',
};

export interface ReportIssueRef {
  number: number;
  url: string;
  /** GraphQL node id (for pinning). */
  nodeId?: string;
}

export interface MilestoneRecord {
  number: number;
  title: string;
  dueOn: string | null;
  description: string | null;
}

export interface FixState {
  state: 'open' | 'closed' | 'missing';
  closedAt?: string;
}

/** What one `readHistories` call read, and what it cost. */
export interface HistoryRead {
  /** The events of each issue read (an issue that no longer exists reads as no events). */
  histories: Map<number, HistoryEvent[]>;
  /** API calls spent (0 locally). */
  calls: number;
  /** The failure that stopped the reading, if any: what was read before it is kept. */
  error?: unknown;
  /** Notes for the job summary, e.g. that GraphQL was refused and REST read the timelines. */
  notes: string[];
}

/** What one `labelIssues` call wrote. */
export interface LabelWrite {
  /** Issues labelled, with the server's time of the write when known. */
  labeled: { number: number; at?: string }[];
  calls: number;
  error?: unknown;
  notes: string[];
}

export interface ReportRecord {
  readonly kind: 'github' | 'local';
  /** Whether issue histories can be read (GitHub's timelines, the local store's comment files). */
  readonly hasHistory: boolean;
  /**
   * Whether history facts are cached between runs (keyed by `updated_at`). GitHub: yes, timelines
   * cost API calls. Local: no, reading a file is cheap and a local comment does not touch the issue.
   */
  readonly cacheHistory: boolean;
  /** Earshot issues updated at or after `since`, open and closed. */
  listIssues(since: Date): Promise<RecordIssue[]>;
  /**
   * The histories of these issues, in the given order, spending at most `maxCalls` API calls; the
   * issues not read (budget, failure) are simply absent from the answer.
   */
  readHistories(numbers: readonly number[], maxCalls: number): Promise<HistoryRead>;
  /** A `/link`-ed fix: `#12` (this repository) or `owner/repo#12`. */
  fixState(ref: string): Promise<FixState>;
  /** Adds `label` to each issue (in order, stopping at the first failure). */
  labelIssues(issues: readonly { number: number; nodeId?: string }[], label: string): Promise<LabelWrite>;
  listMilestones(): Promise<MilestoneRecord[]>;
  updateMilestone(number: number, patch: { dueOn?: string; description?: string }): Promise<void>;
  findReportIssue(period: string): Promise<ReportIssueRef | undefined>;
  createReportIssue(title: string, body: string): Promise<ReportIssueRef>;
  /** Rewrites a report issue; undefined when it no longer exists. */
  updateReportIssue(
    number: number,
    patch: { title: string; body: string; state?: 'open' | 'closed' },
  ): Promise<ReportIssueRef | undefined>;
  /** Pins an issue where the platform allows; false when it could not. */
  pin(issue: ReportIssueRef): Promise<boolean>;
  loadState(): Promise<ReportState>;
  saveState(state: ReportState): Promise<void>;
}
