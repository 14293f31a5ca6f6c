/**
 * GitHub issues as the record (DESIGN §3–4). Same port as the local tracker:
 *  - ONE create call per new mention, carrying title, body, labels, milestone and assignees;
 *  - the mention key lives in the body's hidden marker under the bot-only `earshot` label; a run
 *    lists that label's issues updated within the look-back window (paginated, state all);
 *  - a create that failed ambiguously (5xx, reset) is checked against the listing of issues created
 *    since the run began before it is tried again, so a write that was applied is never repeated;
 *  - per-shard state (cursors, pending drafts) lives in a small file on a branch, written with
 *    compare-and-swap (the contents API's blob sha).
 */
import { TrackerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { statusOf, toTrackerError } from './github-errors.js';
import { INDEX_LABEL } from './labels.js';
import { parseMarker } from './marker.js';
import { mergeStates } from './merge-states.js';
import type { GitHubClient } from './octokit.js';
import {
  emptyState,
  type IssueDraft,
  type IssueTracker,
  type LabelSpec,
  type MilestoneRef,
  type ScanState,
  type SpecialIssueSpec,
  StateConflictError,
  type TrackedIssue,
} from './port.js';
import { findOpenSpecial } from './special.js';

export interface GitHubTrackerOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** Branch holding the state files (default `earshot-state`). */
  stateBranch?: string;
  logger: Logger;
  /** Attempts for one create when the answer was lost (default 3). */
  createAttempts?: number;
}

type ApiIssue = {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  milestone?: { title: string } | null;
  assignees?: { login: string }[] | null;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  html_url: string;
  pull_request?: unknown;
};

export function toTrackedIssue(i: ApiIssue): TrackedIssue {
  const key = parseMarker(i.body)?.key;
  return {
    number: i.number,
    ...(key ? { key } : {}),
    title: i.title,
    body: i.body ?? '',
    state: i.state === 'closed' ? 'closed' : 'open',
    ...(i.state_reason ? { stateReason: i.state_reason as TrackedIssue['stateReason'] } : {}),
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    ...(i.milestone ? { milestone: i.milestone.title } : {}),
    assignees: (i.assignees ?? []).map((a) => a.login),
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    ...(i.closed_at ? { closedAt: i.closed_at } : {}),
    url: i.html_url,
  };
}

const STATE_DIR = 'state';

export class GitHubTracker implements IssueTracker {
  readonly kind = 'github' as const;
  private readonly octokit: GitHubClient;
  private readonly repo: { owner: string; repo: string };
  private readonly stateBranch: string;
  private readonly logger: Logger;
  private milestones: Map<string, number> | undefined;
  private readonly stateShas = new Map<string, string | undefined>();

  constructor(private readonly options: GitHubTrackerOptions) {
    this.octokit = options.octokit;
    this.repo = { owner: options.owner, repo: options.repo };
    this.stateBranch = options.stateBranch ?? 'earshot-state';
    this.logger = options.logger;
  }

  async ensureLabels(labels: readonly LabelSpec[]): Promise<void> {
    let existing: Set<string>;
    try {
      const all = await this.octokit.paginate(this.octokit.rest.issues.listLabelsForRepo, {
        ...this.repo,
        per_page: 100,
      });
      existing = new Set(all.map((l) => l.name.toLowerCase()));
    } catch (error) {
      throw toTrackerError(error, 'listing labels', 'issues: read');
    }
    for (const label of labels) {
      if (existing.has(label.name.toLowerCase())) continue;
      try {
        await this.octokit.rest.issues.createLabel({ ...this.repo, ...label });
      } catch (error) {
        if (statusOf(error) === 422) continue; // created meanwhile (already_exists)
        throw toTrackerError(error, `creating label "${label.name}"`, 'issues: write');
      }
    }
  }

  /** Every Earshot issue updated at or after `since`, all pages, open and closed. */
  async listIssues(since: Date): Promise<TrackedIssue[]> {
    try {
      const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.repo,
        labels: INDEX_LABEL,
        state: 'all',
        since: since.toISOString(),
        sort: 'updated',
        direction: 'desc',
        per_page: 100,
      });
      return (issues as ApiIssue[]).filter((i) => !i.pull_request).map(toTrackedIssue);
    } catch (error) {
      throw toTrackerError(
        error,
        'listing Earshot issues (nothing is filed without that list)',
        'issues: read',
      );
    }
  }

  async listKeys(since: Date): Promise<Set<string>> {
    const keys = new Set<string>();
    for (const issue of await this.listIssues(since)) if (issue.key) keys.add(issue.key);
    return keys;
  }

  async create(draft: IssueDraft): Promise<TrackedIssue> {
    const milestone = draft.milestone ? await this.milestoneNumber(draft.milestone) : undefined;
    let assignees = draft.assignees;
    const attempts = this.options.createAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const { data } = await this.octokit.rest.issues.create({
          ...this.repo,
          title: draft.title,
          body: draft.body,
          labels: draft.labels,
          ...(milestone !== undefined ? { milestone } : {}),
          ...(assignees.length > 0 ? { assignees } : {}),
          // Never retried blindly: a lost answer may hide an applied write.
          request: { retries: 0 },
        });
        return toTrackedIssue(data as ApiIssue);
      } catch (error) {
        lastError = error;
        const status = statusOf(error);
        if (status === 422 && assignees.length > 0 && /assignee/i.test(String((error as Error).message))) {
          this.logger.warn(
            `cannot assign ${assignees.join(', ')} (not assignable in this repository); filed unassigned`,
          );
          assignees = [];
          continue;
        }
        if (status !== undefined && status < 500 && status !== 408) {
          throw toTrackerError(error, `filing "${draft.title}"`, 'issues: write');
        }
        // 5xx, timeout or a reset: the issue may exist. Look before trying again.
        const found = await this.findCreatedSince(draft.key);
        if (found) {
          this.logger.info(
            `issue #${found.number} for ${draft.key} was filed although GitHub's answer was lost`,
          );
          return found;
        }
        this.logger.warn(
          `filing "${draft.title}" failed (attempt ${attempt}/${attempts}): ${(error as Error).message}`,
        );
      }
    }
    throw toTrackerError(lastError, `filing "${draft.title}"`, 'issues: write');
  }

  /**
   * An Earshot issue with this key among the most recently created ones, if any. Runs filing at
   * the same time are excluded by the lease, so the newest page is enough, and it needs no clock.
   */
  private async findCreatedSince(key: string): Promise<TrackedIssue | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.listForRepo({
        ...this.repo,
        labels: INDEX_LABEL,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      });
      return (data as ApiIssue[]).map(toTrackedIssue).find((i) => i.key === key);
    } catch (error) {
      throw toTrackerError(error, 'checking whether a lost create was applied', 'issues: read');
    }
  }

  /** Opens or updates the one open special issue (crisis, first-run summary) carrying `spec.id`. */
  async upsertSpecial(spec: SpecialIssueSpec): Promise<{ issue: TrackedIssue; created: boolean }> {
    let open: TrackedIssue[];
    try {
      const all = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.repo,
        labels: spec.label,
        state: 'open',
        per_page: 100,
      });
      open = (all as ApiIssue[]).filter((i) => !i.pull_request).map(toTrackedIssue);
    } catch (error) {
      throw toTrackerError(error, `listing open "${spec.label}" issues`, 'issues: read');
    }
    const existing = findOpenSpecial(open, spec.id, spec.label);
    const content = spec.render(existing);
    try {
      if (existing) {
        const { data } = await this.octokit.rest.issues.update({
          ...this.repo,
          issue_number: existing.number,
          title: content.title,
          body: content.body,
        });
        if (content.comment)
          await this.octokit.rest.issues.createComment({
            ...this.repo,
            issue_number: existing.number,
            body: content.comment,
          });
        return { issue: toTrackedIssue(data as ApiIssue), created: false };
      }
      const create = (assignees: string[]) =>
        this.octokit.rest.issues.create({
          ...this.repo,
          title: content.title,
          body: content.body,
          labels: content.labels,
          ...(assignees.length > 0 ? { assignees } : {}),
          request: { retries: 0 }, // a lost answer is found by the next run's lookup, not repeated
        });
      try {
        return { issue: toTrackedIssue((await create(content.assignees)).data as ApiIssue), created: true };
      } catch (error) {
        if (statusOf(error) !== 422 || content.assignees.length === 0) throw error;
        this.logger.warn(
          `cannot assign ${content.assignees.join(', ')}; "${content.title}" filed unassigned`,
        );
        return { issue: toTrackedIssue((await create([])).data as ApiIssue), created: true };
      }
    } catch (error) {
      throw toTrackerError(error, `writing "${content.title}"`, 'issues: write');
    }
  }

  private async milestoneNumber(ref: MilestoneRef): Promise<number> {
    if (!this.milestones) {
      try {
        const all = await this.octokit.paginate(this.octokit.rest.issues.listMilestones, {
          ...this.repo,
          state: 'all',
          per_page: 100,
        });
        this.milestones = new Map(all.map((m) => [m.title, m.number]));
      } catch (error) {
        throw toTrackerError(error, 'listing milestones', 'issues: read');
      }
    }
    const known = this.milestones.get(ref.title);
    if (known !== undefined) return known;
    try {
      const { data } = await this.octokit.rest.issues.createMilestone({
        ...this.repo,
        title: ref.title,
        due_on: ref.dueOn,
        ...(ref.description ? { description: ref.description } : {}),
      });
      this.milestones.set(ref.title, data.number);
      return data.number;
    } catch (error) {
      if (statusOf(error) === 422) {
        this.milestones = undefined; // created meanwhile: read the list again
        const all = await this.octokit.paginate(this.octokit.rest.issues.listMilestones, {
          ...this.repo,
          state: 'all',
          per_page: 100,
        });
        this.milestones = new Map(all.map((m) => [m.title, m.number]));
        const n = this.milestones.get(ref.title);
        if (n !== undefined) return n;
      }
      throw toTrackerError(error, `creating milestone ${ref.title}`, 'issues: write');
    }
  }

  // ---- state on a branch -------------------------------------------------------------------

  private statePath(shard: string): string {
    return `${STATE_DIR}/${shard.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
  }

  async loadState(shard: string): Promise<ScanState> {
    const loaded = await this.readState(shard);
    this.stateShas.set(shard, loaded.sha);
    return loaded.state;
  }

  private async readState(shard: string): Promise<{ state: ScanState; sha?: string }> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        ...this.repo,
        path: this.statePath(shard),
        ref: this.stateBranch,
      });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        throw new TrackerError(`${this.statePath(shard)} on ${this.stateBranch} is not a file`);
      }
      const text = Buffer.from(data.content, 'base64').toString('utf8');
      const state = { ...emptyState(), ...(JSON.parse(text) as Partial<ScanState>) } as ScanState;
      return { state, sha: data.sha };
    } catch (error) {
      if (statusOf(error) === 404) return { state: emptyState() };
      if (error instanceof SyntaxError) {
        this.logger.warn(
          `the state file ${this.statePath(shard)} is damaged; starting from an empty state (the issue listing still prevents duplicates)`,
        );
        return { state: emptyState() };
      }
      throw toTrackerError(error, `reading the state from branch ${this.stateBranch}`, 'contents: read');
    }
  }

  async saveState(shard: string, state: ScanState, options: { exclusive?: boolean } = {}): Promise<void> {
    let next = state;
    for (let attempt = 1; attempt <= 4; attempt++) {
      const sha = this.stateShas.get(shard);
      try {
        const { data } = await this.octokit.rest.repos.createOrUpdateFileContents({
          ...this.repo,
          path: this.statePath(shard),
          branch: this.stateBranch,
          message: `earshot: state of ${shard}`,
          content: Buffer.from(`${JSON.stringify(next)}\n`, 'utf8').toString('base64'),
          ...(sha ? { sha } : {}),
        });
        this.stateShas.set(shard, data.content?.sha);
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 && attempt === 1 && /branch/i.test(String((error as Error).message))) {
          await this.createStateBranch();
          continue;
        }
        if ((status === 409 || status === 422) && options.exclusive) {
          throw new StateConflictError(`the state of ${shard} changed since this run read it`);
        }
        if (status === 409 || status === 422) {
          // Someone wrote the state meanwhile (compare-and-swap lost): merge and try again.
          const theirs = await this.readState(shard);
          this.stateShas.set(shard, theirs.sha);
          next = mergeStates(theirs.state, next);
          continue;
        }
        throw toTrackerError(error, `saving the state to branch ${this.stateBranch}`, 'contents: write');
      }
    }
    throw new TrackerError(
      `saving the state to branch ${this.stateBranch}: it kept changing under us (4 attempts)`,
    );
  }

  private async createStateBranch(): Promise<void> {
    try {
      const { data: repo } = await this.octokit.rest.repos.get(this.repo);
      const { data: ref } = await this.octokit.rest.git.getRef({
        ...this.repo,
        ref: `heads/${repo.default_branch}`,
      });
      await this.octokit.rest.git.createRef({
        ...this.repo,
        ref: `refs/heads/${this.stateBranch}`,
        sha: ref.object.sha,
      });
      this.logger.info(`created the state branch ${this.stateBranch}`);
    } catch (error) {
      if (statusOf(error) === 422) return; // it exists now
      throw toTrackerError(error, `creating the state branch ${this.stateBranch}`, 'contents: write');
    }
  }
}
