/**
 * The report on GitHub: Earshot issues listed with `per_page=100` (sorted by creation, so an update
 * during the listing cannot push an issue past a page boundary); the timelines of changed issues
 * read by GraphQL, 100 issues a query (graphql-timelines.ts), and `sla:breached` added by GraphQL
 * mutations, 50 a request (graphql-labels.ts); the report issue found by its marker under the
 * `earshot:report` label, milestones listed once. The state goes through the GitHub tracker.
 *
 * Where GraphQL is refused (a GitHub Enterprise Server without it or with an older schema, a token
 * GraphQL does not accept), the run falls back to REST — one timeline read per issue (four at a
 * time), one `POST …/labels` per issue (at most REST_LABELS_PER_RUN a run) — and says so in the
 * job summary.
 */

import { INDEX_LABEL } from '../../issue/labels.js';
import { neutralizeInline } from '../../issue/neutralize.js';
import type { Logger } from '../../logger.js';
import { REPORT_SHARD, type ReportState } from '../../report/cache.js';
import type { RecordIssue } from '../../report/facts.js';
import { type HistoryEvent, parseTimeline } from '../../report/timeline.js';
import { type ApiIssue, fromApiIssue } from '../issue.js';
import { reportPeriodOf } from '../marker.js';
import { runEach } from '../read-each.js';
import {
  type FixState,
  type HistoryRead,
  type LabelWrite,
  type MilestoneRecord,
  REPORT_LABEL,
  REPORT_LABEL_SPEC,
  type ReportIssueRef,
  type ReportRecord,
} from '../report-port.js';
import type { GitHubClient } from './client.js';
import { statusOf, toTrackerError } from './errors.js';
import { GraphQLRefused } from './graphql.js';
import { addLabelsBatched, labelNodeId } from './graphql-labels.js';
import { readTimelines } from './graphql-timelines.js';
import type { GitHubScanRecord } from './scan.js';

export interface GitHubReportRecordOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** For the state (shard `report` on its state branch). */
  tracker: GitHubScanRecord;
  logger: Logger;
  /** Read timelines and write labels by GraphQL (default true); false = REST only. */
  graphql?: boolean;
}

/** Concurrent REST timeline reads (the fallback). */
const REST_CONCURRENCY = 4;
/**
 * `sla:breached` labels a run adds by REST (the fallback), one request each: GitHub's documented
 * ceiling on content-generating requests is 500 an hour
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits);
 * whether a label counts is not published, so the fallback stays under it. The rest: next run.
 */
const REST_LABELS_PER_RUN = 450;

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
  /** Why GraphQL is not used this run (set on its first refusal); undefined while it works. */
  private graphqlRefused: string | undefined;

  constructor(private readonly options: GitHubReportRecordOptions) {
    this.octokit = options.octokit;
    this.repo = { owner: options.owner, repo: options.repo };
    if (options.graphql === false) this.graphqlRefused = 'turned off';
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

  async readHistories(numbers: readonly number[], maxCalls: number): Promise<HistoryRead> {
    const notes: string[] = [];
    let histories = new Map<number, HistoryEvent[]>();
    let calls = 0;
    if (this.graphqlRefused === undefined && numbers.length > 0 && maxCalls > 0) {
      const read = await readTimelines(this.octokit, this.repo, numbers, maxCalls);
      histories = read.histories;
      calls = read.calls;
      if (!(read.error instanceof GraphQLRefused)) {
        return {
          histories,
          calls,
          notes,
          ...(read.error !== undefined
            ? { error: toTrackerError(read.error, 'reading issue timelines by GraphQL', 'issues: read') }
            : {}),
        };
      }
      this.refuseGraphQL(read.error.reason, notes);
    }
    const rest = numbers.filter((n) => !histories.has(n)).slice(0, Math.max(0, maxCalls - calls));
    const { done, error } = await runEach(rest, REST_CONCURRENCY, (n) => this.readHistory(n));
    for (const [n, events] of done) histories.set(n, events);
    return { histories, calls: calls + done.size, notes, ...(error !== undefined ? { error } : {}) };
  }

  async labelIssues(
    issues: readonly { number: number; nodeId?: string }[],
    label: string,
  ): Promise<LabelWrite> {
    const notes: string[] = [];
    let calls = 0;
    const labeled: LabelWrite['labeled'] = [];
    const withIds = issues.filter((i): i is { number: number; nodeId: string } => i.nodeId !== undefined);
    if (this.graphqlRefused === undefined && withIds.length > 0) {
      try {
        calls++;
        const labelId = await labelNodeId(this.octokit, this.repo, label);
        if (labelId) {
          const added = await addLabelsBatched(this.octokit, labelId, withIds);
          calls += added.calls;
          labeled.push(...added.labeled);
          if (!(added.error instanceof GraphQLRefused))
            return {
              labeled,
              calls,
              notes,
              ...(added.error !== undefined
                ? {
                    error: toTrackerError(
                      added.error,
                      `labelling issues ${label} by GraphQL`,
                      'issues: write',
                    ),
                  }
                : {}),
            };
          this.refuseGraphQL(added.error.reason, notes);
        }
        // No such label yet: REST's POST …/labels creates it.
      } catch (error) {
        if (!(error instanceof GraphQLRefused)) return { labeled, calls, notes, error };
        this.refuseGraphQL(error.reason, notes);
      }
    }
    const done = new Set(labeled.map((l) => l.number));
    const rest = issues.filter((i) => !done.has(i.number)).slice(0, REST_LABELS_PER_RUN);
    const written = await runEach(rest, 1, (i) => this.addLabel(i.number, label));
    for (const [issue, at] of written.done) labeled.push({ number: issue.number, ...at });
    return {
      labeled,
      calls: calls + written.done.size + (written.error !== undefined ? 1 : 0),
      notes,
      ...(written.error !== undefined ? { error: written.error } : {}),
    };
  }

  /** From now on REST; the summary's note quotes GitHub's answer neutralized (it is Markdown). */
  private refuseGraphQL(reason: string, notes: string[]): void {
    this.graphqlRefused = reason;
    const why = 'timelines and labels went through REST, one call per issue';
    this.options.logger.warn(`GraphQL was refused (${reason}): ${why}.`);
    notes.push(`GraphQL was refused (${neutralizeInline(reason)}): ${why}.`);
  }

  private async readHistory(number: number): Promise<HistoryEvent[]> {
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

  private async addLabel(number: number, label: string): Promise<{ at?: string }> {
    try {
      const response = await this.octokit.rest.issues.addLabels({
        ...this.repo,
        issue_number: number,
        labels: [label],
        request: { idempotent: true }, // adding a label twice leaves one
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

  /** GraphQL `pinIssue`, best effort: GitHub allows three pinned issues. */
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
