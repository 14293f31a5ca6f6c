/**
 * The report on GitHub: Earshot issues listed with `per_page=100` (sorted by creation, so an update
 * during the listing cannot push an issue past a page boundary), one timeline read per changed issue,
 * one call per `sla:breached` label, the report issue found by its marker under the
 * `earshot:report` label, milestones listed once. The state goes through the GitHub tracker.
 */

import { INDEX_LABEL } from '../../issue/labels.js';
import type { Logger } from '../../logger.js';
import { REPORT_SHARD, type ReportState } from '../../report/cache.js';
import type { RecordIssue } from '../../report/facts.js';
import { type HistoryEvent, parseTimeline } from '../../report/timeline.js';
import { type ApiIssue, fromApiIssue } from '../issue.js';
import { reportPeriodOf } from '../marker.js';
import {
  type FixState,
  type MilestoneRecord,
  REPORT_LABEL,
  REPORT_LABEL_SPEC,
  type ReportIssueRef,
  type ReportRecord,
} from '../report-port.js';
import type { GitHubClient } from './client.js';
import { statusOf, toTrackerError } from './errors.js';
import type { GitHubScanRecord } from './scan.js';

export interface GitHubReportRecordOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** For the state (shard `report` on its state branch). */
  tracker: GitHubScanRecord;
  logger: Logger;
}

function isoOfHttpDate(date: unknown): string | undefined {
  if (typeof date !== 'string') return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GitHubReportRecord implements ReportRecord {
  readonly kind = 'github' as const;
  readonly hasHistory = true;
  readonly cacheHistory = true;
  private readonly octokit: GitHubClient;
  private readonly repo: { owner: string; repo: string };
  private reportLabelEnsured = false;

  constructor(private readonly options: GitHubReportRecordOptions) {
    this.octokit = options.octokit;
    this.repo = { owner: options.owner, repo: options.repo };
  }

  async listIssues(since: Date): Promise<RecordIssue[]> {
    try {
      const issues = (await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.repo,
        labels: INDEX_LABEL,
        state: 'all',
        since: since.toISOString(),
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      })) as ApiIssue[];
      const seen = new Set<number>();
      return issues
        .filter((i) => !i.pull_request && !seen.has(i.number) && seen.add(i.number))
        .map(fromApiIssue);
    } catch (error) {
      throw toTrackerError(error, 'listing Earshot issues for the report', 'issues: read');
    }
  }

  async readHistory(number: number): Promise<HistoryEvent[]> {
    try {
      const items = await this.octokit.paginate(this.octokit.rest.issues.listEventsForTimeline, {
        ...this.repo,
        issue_number: number,
        per_page: 100,
      });
      return parseTimeline(items as unknown[]);
    } catch (error) {
      throw toTrackerError(error, `reading the timeline of #${number}`, 'issues: read');
    }
  }

  async fixState(ref: string): Promise<FixState> {
    const m = /^(?:([\w.-]+)\/([\w.-]+))?#(\d+)$/.exec(ref);
    if (!m) return { state: 'missing' };
    const where = m[1] && m[2] ? { owner: m[1], repo: m[2] } : this.repo;
    try {
      const { data } = await this.octokit.rest.issues.get({ ...where, issue_number: Number(m[3]) });
      return data.state === 'closed' && data.closed_at
        ? { state: 'closed', closedAt: data.closed_at }
        : { state: 'open' };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 410 || status === 403) return { state: 'missing' };
      throw toTrackerError(error, `reading the linked fix ${ref}`, 'issues: read');
    }
  }

  async addLabel(number: number, label: string): Promise<{ at?: string }> {
    try {
      const response = await this.octokit.rest.issues.addLabels({
        ...this.repo,
        issue_number: number,
        labels: [label],
      });
      const at = isoOfHttpDate(response.headers.date);
      return at ? { at } : {};
    } catch (error) {
      throw toTrackerError(error, `labelling #${number} ${label}`, 'issues: write');
    }
  }

  async listMilestones(): Promise<MilestoneRecord[]> {
    try {
      const all = await this.octokit.paginate(this.octokit.rest.issues.listMilestones, {
        ...this.repo,
        state: 'all',
        sort: 'due_on',
        direction: 'desc',
        per_page: 100,
      });
      return all.map((m) => ({
        number: m.number,
        title: m.title,
        dueOn: m.due_on ?? null,
        description: m.description ?? null,
      }));
    } catch (error) {
      throw toTrackerError(error, 'listing milestones', 'issues: read');
    }
  }

  async updateMilestone(number: number, patch: { dueOn?: string; description?: string }): Promise<void> {
    try {
      await this.octokit.rest.issues.updateMilestone({
        ...this.repo,
        milestone_number: number,
        ...(patch.dueOn ? { due_on: patch.dueOn } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
      });
    } catch (error) {
      throw toTrackerError(error, `updating milestone ${number}`, 'issues: write');
    }
  }

  async findReportIssue(period: string): Promise<ReportIssueRef | undefined> {
    try {
      const issues = (await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.repo,
        labels: REPORT_LABEL,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      })) as ApiIssue[];
      const found = issues.find((i) => reportPeriodOf(i.body) === period);
      return found ? this.ref(found) : undefined;
    } catch (error) {
      throw toTrackerError(error, 'looking for the report issue', 'issues: read');
    }
  }

  async createReportIssue(title: string, body: string): Promise<ReportIssueRef> {
    await this.ensureReportLabel();
    try {
      const { data } = await this.octokit.rest.issues.create({
        ...this.repo,
        title,
        body,
        labels: [REPORT_LABEL],
      });
      return this.ref(data as ApiIssue);
    } catch (error) {
      throw toTrackerError(error, 'creating the report issue', 'issues: write');
    }
  }

  async updateReportIssue(
    number: number,
    patch: { title: string; body: string; state?: 'open' | 'closed' },
  ): Promise<ReportIssueRef | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.update({
        ...this.repo,
        issue_number: number,
        title: patch.title,
        body: patch.body,
        ...(patch.state ? { state: patch.state } : {}),
        ...(patch.state === 'closed' ? { state_reason: 'completed' as const } : {}),
      });
      return this.ref(data as ApiIssue);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 410) return undefined;
      throw toTrackerError(error, `updating the report issue #${number}`, 'issues: write');
    }
  }

  /** GraphQL `pinIssue`, best effort: GitHub allows three pinned issues; the emulator has no GraphQL. */
  async pin(issue: ReportIssueRef): Promise<boolean> {
    if (!issue.nodeId) return false;
    try {
      await this.octokit.graphql(
        'mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { number } } }',
        {
          id: issue.nodeId,
        },
      );
      return true;
    } catch (error) {
      this.options.logger.info(
        `could not pin the report issue #${issue.number} (${(error as Error).message.slice(0, 200)}); it stays unpinned`,
      );
      return false;
    }
  }

  loadState(): Promise<ReportState> {
    return this.options.tracker.loadState(REPORT_SHARD).then((l) => l.state);
  }

  saveState(state: ReportState): Promise<void> {
    return this.options.tracker.saveState(REPORT_SHARD, state);
  }

  private ref(i: ApiIssue): ReportIssueRef {
    return { number: i.number, url: i.html_url, ...(i.node_id ? { nodeId: i.node_id } : {}) };
  }

  private async ensureReportLabel(): Promise<void> {
    if (this.reportLabelEnsured) return;
    try {
      await this.octokit.rest.issues.createLabel({ ...this.repo, ...REPORT_LABEL_SPEC });
    } catch (error) {
      if (statusOf(error) !== 422)
        throw toTrackerError(error, `creating label ${REPORT_LABEL}`, 'issues: write');
    }
    this.reportLabelEnsured = true;
  }
}
