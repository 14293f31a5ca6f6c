/**
 * The report on GitHub: Earshot issues listed with `per_page=100` (sorted by creation, so an update
 * during the listing cannot push an issue past a page boundary), one timeline read per changed issue,
 * one call per `sla:breached` label, the report issue found by its marker under the
 * `earshot:report` label, milestones listed once. The state goes through the GitHub tracker.
 */
import type { Logger } from '../logger.js';
import type { GitHubTracker } from '../tracker/github.js';
import { statusOf, toTrackerError } from '../tracker/github-errors.js';
import { INDEX_LABEL } from '../tracker/labels.js';
import { parseMarker } from '../tracker/marker.js';
import type { GitHubClient } from '../tracker/octokit.js';
import { REPORT_SHARD, type ReportState } from './cache.js';
import type { IssueRecord } from './facts.js';
import {
  type FixState,
  type MilestoneRecord,
  REPORT_LABEL,
  REPORT_LABEL_SPEC,
  type ReportIssueRef,
  type ReportStore,
  reportPeriodOf,
} from './store.js';
import { type HistoryEvent, parseTimeline } from './timeline.js';

export interface GitHubReportStoreOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** For the state (shard `report` on its state branch). */
  tracker: GitHubTracker;
  logger: Logger;
}

interface ApiIssue {
  number: number;
  node_id?: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  milestone?: { title: string } | null;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  comments?: number;
  html_url: string;
  pull_request?: unknown;
}

function toRecord(i: ApiIssue): IssueRecord {
  const marker = parseMarker(i.body);
  return {
    number: i.number,
    title: i.title,
    url: i.html_url,
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: i.state_reason ?? null,
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    ...(i.milestone ? { milestone: i.milestone.title } : {}),
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    ...(i.closed_at ? { closedAt: i.closed_at } : {}),
    ...(typeof i.comments === 'number' ? { comments: i.comments } : {}),
    ...(marker ? { marker } : {}),
  };
}

function isoOfHttpDate(date: unknown): string | undefined {
  if (typeof date !== 'string') return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GitHubReportStore implements ReportStore {
  readonly kind = 'github' as const;
  readonly hasHistory = true;
  readonly cacheHistory = true;
  private readonly octokit: GitHubClient;
  private readonly repo: { owner: string; repo: string };
  private reportLabelEnsured = false;

  constructor(private readonly options: GitHubReportStoreOptions) {
    this.octokit = options.octokit;
    this.repo = { owner: options.owner, repo: options.repo };
  }

  async listIssues(since: Date): Promise<IssueRecord[]> {
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
      return issues.filter((i) => !i.pull_request && !seen.has(i.number) && seen.add(i.number)).map(toRecord);
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
