/**
 * What a report reads and writes, on GitHub or in the local store. The GitHub side lists Earshot
 * issues a hundred at a time and reads one timeline per changed issue; the local side reads the
 * Markdown files of the embedded tracker, which keep no history (see docs/metrics.md).
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
  readHistory(number: number): Promise<HistoryEvent[]>;
  /** A `/link`-ed fix: `#12` (this repository) or `owner/repo#12`. */
  fixState(ref: string): Promise<FixState>;
  /** Adds one label; `at` is the server's time of the write when known. */
  addLabel(number: number, label: string): Promise<{ at?: string }>;
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
