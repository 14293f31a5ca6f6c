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
import { TrackerError } from '../../errors.js';
import { INDEX_LABEL } from '../../issue/labels.js';
import type { Logger } from '../../logger.js';
import { type ApiIssue, fromApiIssue } from '../issue.js';
import {
  type IssueDraft,
  type LabelSpec,
  type LoadedState,
  type MilestoneRef,
  type RecordIssue,
  type ScanRecord,
  type ScanState,
  type SpecialIssueSpec,
  StateConflictError,
} from '../port.js';
import { findOpenSpecial } from '../special.js';
import { decodeState, emptyState, encodeState, StateDamagedError } from '../state.js';
import type { GitHubClient } from './client.js';
import { statusOf, toTrackerError } from './errors.js';

export interface GitHubScanRecordOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** Branch holding the state files (default `earshot-state`). */
  stateBranch?: string;
  logger: Logger;
  /** Attempts for one create when the answer was lost (default 3). */
  createAttempts?: number;
  /** Receives the filing deadline (the Octokit's rate-limit waits read it: createOctokit `deadline`). */
  onDeadline?: (epochMs: number | undefined) => void;
}

const STATE_DIR = 'state';
/** Issue numbers read one by one past a (possibly lagging) listing when a create's answer was lost. */
const PROBE_NUMBERS = 20;

export class GitHubScanRecord implements ScanRecord {
  readonly kind = 'github' as const;
  private readonly octokit: GitHubClient;
  private readonly repo: { owner: string; repo: string };
  private readonly stateBranch: string;
  private readonly logger: Logger;
  private milestones: Map<string, number> | undefined;
  private readonly stateShas = new Map<string, string | undefined>();

  constructor(private readonly options: GitHubScanRecordOptions) {
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
  async listIssues(since: Date): Promise<RecordIssue[]> {
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
      return (issues as ApiIssue[]).filter((i) => !i.pull_request).map(fromApiIssue);
    } catch (error) {
      throw toTrackerError(
        error,
        'listing Earshot issues (nothing is filed without that list)',
        'issues: read',
      );
    }
  }

  /** The listing of Earshot issues, newest first, a hundred a page. */
  private newestFirst() {
    return {
      ...this.repo,
      labels: INDEX_LABEL,
      state: 'all' as const,
      sort: 'created' as const,
      direction: 'desc' as const,
      per_page: 100,
    };
  }

  /**
   * Earshot issues numbered above `number`, newest first (sorted by creation, which follows the
   * numbers): pages are read only until an issue at or below it shows up (usually one call,
   * whatever the history).
   */
  async listCreatedSince(number: number): Promise<RecordIssue[]> {
    try {
      const out: RecordIssue[] = [];
      await this.octokit.paginate(
        this.octokit.rest.issues.listForRepo,
        this.newestFirst(),
        (response, done) => {
          for (const i of response.data as ApiIssue[]) {
            if (i.number <= number) {
              done();
              break;
            }
            if (!i.pull_request) out.push(fromApiIssue(i));
          }
          return [];
        },
      );
      return out;
    } catch (error) {
      throw toTrackerError(
        error,
        'listing the Earshot issues filed since the last run (nothing is filed without that list)',
        'issues: read',
      );
    }
  }

  setDeadline(epochMs: number | undefined): void {
    this.options.onDeadline?.(epochMs);
  }

  /** Whether a workflow run has finished (the Actions API; needs `actions: read`). */
  async runFinished(runId: string): Promise<boolean | undefined> {
    if (!/^\d+$/.test(runId)) return undefined;
    try {
      const { data } = await this.octokit.rest.actions.getWorkflowRun({
        ...this.repo,
        run_id: Number(runId),
      });
      return data.status === 'completed';
    } catch (error) {
      this.logger.debug(`cannot tell whether run ${runId} finished: ${(error as Error).message}`);
      return undefined;
    }
  }

  async create(draft: IssueDraft): Promise<RecordIssue> {
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
        return fromApiIssue(data as ApiIssue);
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
   * The listing can lag behind a create; an issue read by its number cannot: the numbers above the
   * newest listed one are read one by one (up to PROBE_NUMBERS, until one does not exist yet).
   */
  private async findCreatedSince(key: string): Promise<RecordIssue | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.listForRepo(this.newestFirst());
      const listed = (data as ApiIssue[]).map(fromApiIssue);
      const found = listed.find((i) => i.key === key);
      if (found) return found;
      // The newest number of any issue or pull request the listing shows (it may lag a little).
      const { data: newest } = await this.octokit.rest.issues.listForRepo({
        ...this.repo,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 1,
      });
      const top = Math.max(0, ...listed.map((i) => i.number), ...newest.map((i) => i.number));
      for (let n = top + 1; n <= top + PROBE_NUMBERS; n++) {
        let issue: ApiIssue;
        try {
          issue = (await this.octokit.rest.issues.get({ ...this.repo, issue_number: n })).data as ApiIssue;
        } catch (error) {
          if (statusOf(error) === 404 || statusOf(error) === 410) return undefined; // not (yet) a number
          throw error;
        }
        const record = fromApiIssue(issue);
        if (record.key === key && record.labels.includes(INDEX_LABEL)) return record;
      }
      return undefined;
    } catch (error) {
      throw toTrackerError(error, 'checking whether a lost create was applied', 'issues: read');
    }
  }

  /** Opens or updates the one open special issue (crisis, first-run summary) carrying `spec.id`. */
  async upsertSpecial(spec: SpecialIssueSpec): Promise<{ issue: RecordIssue; created: boolean }> {
    let open: RecordIssue[];
    try {
      const all = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.repo,
        labels: spec.label,
        state: 'open',
        per_page: 100,
      });
      open = (all as ApiIssue[]).filter((i) => !i.pull_request).map(fromApiIssue);
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
        return { issue: fromApiIssue(data as ApiIssue), created: false };
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
        return { issue: fromApiIssue((await create(content.assignees)).data as ApiIssue), created: true };
      } catch (error) {
        if (statusOf(error) !== 422 || content.assignees.length === 0) throw error;
        this.logger.warn(
          `cannot assign ${content.assignees.join(', ')}; "${content.title}" filed unassigned`,
        );
        return { issue: fromApiIssue((await create([])).data as ApiIssue), created: true };
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

  async removeLegacyStates(): Promise<number> {
    let entries: { name: string; path: string; sha: string; type: string }[];
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        ...this.repo,
        path: STATE_DIR,
        ref: this.stateBranch,
      });
      entries = Array.isArray(data) ? data : [];
    } catch (error) {
      if (statusOf(error) === 404) return 0;
      throw toTrackerError(error, `listing ${STATE_DIR}/ on ${this.stateBranch}`, 'contents: read');
    }
    let removed = 0;
    for (const e of entries.filter((x) => x.type === 'file' && /^shard-\d+-of-\d+\.json$/.test(x.name))) {
      try {
        await this.octokit.rest.repos.deleteFile({
          ...this.repo,
          path: e.path,
          sha: e.sha,
          branch: this.stateBranch,
          message: `earshot: ${e.name} of the previous state format (one state for every shard now)`,
        });
        removed++;
      } catch (error) {
        if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error; // gone or changed meanwhile
      }
    }
    return removed;
  }

  private statePath(name: string): string {
    return `${STATE_DIR}/${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
  }

  async loadState(name: string): Promise<LoadedState> {
    const loaded = await this.readState(name);
    this.stateShas.set(name, loaded.sha);
    return loaded;
  }

  /**
   * Reads a state document. The contents API answers files over 1 MB with `content: ""` and
   * `encoding: "none"` (REST docs, "Get repository content": 1–100 MB only through the raw or
   * object media types; changelog 2022-05-03), so such a file is read as a git blob (up to 100 MB).
   */
  private async readState(name: string): Promise<LoadedState & { sha?: string }> {
    const path = this.statePath(name);
    let text: string;
    let sha: string;
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        ...this.repo,
        path,
        ref: this.stateBranch,
      });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        throw new TrackerError(`${path} on ${this.stateBranch} is not a file`);
      }
      sha = data.sha;
      if (data.encoding === 'base64' && (data.content !== '' || data.size === 0)) {
        text = Buffer.from(data.content, 'base64').toString('utf8');
      } else {
        const { data: blob } = await this.octokit.rest.git.getBlob({ ...this.repo, file_sha: data.sha });
        text = Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      }
    } catch (error) {
      if (statusOf(error) === 404) return { state: emptyState(), status: 'missing' };
      throw toTrackerError(error, `reading the state from branch ${this.stateBranch}`, 'contents: read');
    }
    try {
      return { state: decodeState(text), status: 'ok', sha };
    } catch (error) {
      if (!(error instanceof StateDamagedError)) throw error;
      return { state: emptyState(), status: 'damaged', problem: `${path}: ${error.message}`, sha };
    }
  }

  async saveState(
    name: string,
    state: ScanState,
    options: { exclusive?: boolean; merge?: (theirs: ScanState, ours: ScanState) => ScanState } = {},
  ): Promise<void> {
    let next = state;
    for (let attempt = 1; attempt <= 6; attempt++) {
      const sha = this.stateShas.get(name);
      try {
        const { data } = await this.octokit.rest.repos.createOrUpdateFileContents({
          ...this.repo,
          path: this.statePath(name),
          branch: this.stateBranch,
          message: `earshot: state ${name}`,
          content: Buffer.from(encodeState(next), 'utf8').toString('base64'),
          ...(sha ? { sha } : {}),
        });
        this.stateShas.set(name, data.content?.sha);
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404 && /branch/i.test(String((error as Error).message))) {
          await this.createStateBranch();
          this.stateShas.delete(name);
          continue;
        }
        if ((status === 409 || status === 422) && options.exclusive) {
          throw new StateConflictError(`the state ${name} changed since this run read it`);
        }
        if (status === 409 || status === 422) {
          // Someone wrote the state meanwhile (compare-and-swap lost): merge and try again.
          const theirs = await this.readState(name);
          this.stateShas.set(name, theirs.sha);
          next = options.merge ? options.merge(theirs.state, next) : next;
          continue;
        }
        throw toTrackerError(error, `saving the state to branch ${this.stateBranch}`, 'contents: write');
      }
    }
    throw new TrackerError(
      `saving the state to branch ${this.stateBranch}: it kept changing under us (6 attempts)`,
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
