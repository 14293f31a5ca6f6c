/**
 * The respond port on GitHub, through the one Octokit (retry + throttling) from src/record/github/client.ts.
 * The plugins never repeat a POST that creates something: a comment or an issue whose answer was
 * lost (5xx, timeout, reset) may exist, so `createOnce` looks for it before sending again.
 */

import { TrackerError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { type ApiIssue, fromApiIssue } from '../issue.js';
import type {
  IssuePatch,
  LabelNodeIds,
  Permission,
  PortComment,
  ReactionContent,
  ReactionTarget,
  RecordIssue,
  RepoInfo,
  RespondRecord,
} from '../respond-port.js';
import type { GitHubClient } from './client.js';
import { statusOf, toTrackerError } from './errors.js';
import { graphqlRequest } from './graphql.js';

/**
 * Removes labels by node id, all in one request. Unlike replacing the issue's labels (REST `PUT
 * …/labels`, GraphQL `updateIssue(labelIds)`), it touches no other label: one a person or the report
 * added since the event stays.
 */
const REMOVE_LABELS = `mutation EarshotRemoveLabels($issue: ID!, $labels: [ID!]!) {
  removeLabelsFromLabelable(input: { labelableId: $issue, labelIds: $labels }) { clientMutationId }
}`;

export interface GitHubRespondRecordOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /**
   * The token's login (respond.botLogin): a lost comment is looked for among its comments only.
   * Without it, any author's comment with the very same body, posted since the first send, counts.
   */
  botLogin?: string;
  logger?: Logger;
}

/** Sends of one create at most: the first and 2 more after a lost answer that was not applied. */
const CREATE_ATTEMPTS = 3;
/** How far before the first send a found copy may have been created (clocks differ a little). */
const LOST_WINDOW_MS = 2 * 60_000;

/** A failure after which GitHub may still have applied the write: 5xx, 408, a timeout or a reset. */
function mayHaveApplied(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500 || status === 408;
}

type ApiUser = { login: string; type?: string } | null | undefined;

function user(u: ApiUser) {
  return { login: u?.login ?? 'ghost', type: u?.type ?? 'User' };
}

const ISSUES_WRITE = 'issues: write';

export class GitHubRespondRecord implements RespondRecord {
  readonly kind = 'github' as const;
  private readonly octokit: GitHubClient;
  private readonly where: { owner: string; repo: string };
  private readonly botLogin: string | undefined;
  private readonly logger: Logger | undefined;
  private repoCache: RepoInfo | undefined;

  constructor(options: GitHubRespondRecordOptions) {
    this.octokit = options.octokit;
    this.where = { owner: options.owner, repo: options.repo };
    this.botLogin = options.botLogin?.toLowerCase();
    this.logger = options.logger;
  }

  /**
   * Sends a create (never repeated by the plugins: it is a POST). After a failure that may hide an
   * applied write it asks `find` for the copy created since the first send, and sends again only
   * when there is none, at most CREATE_ATTEMPTS sends in all. Any other failure is final.
   */
  private async createOnce<T>(
    what: string,
    permission: string,
    send: () => Promise<T>,
    find: (since: Date) => Promise<T | undefined>,
  ): Promise<T> {
    const since = new Date(Date.now() - LOST_WINDOW_MS);
    let lastError: unknown;
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!mayHaveApplied(error)) throw toTrackerError(error, what, permission);
        lastError = error;
      }
      let found: T | undefined;
      try {
        found = await find(since);
      } catch (error) {
        throw new TrackerError(
          `${what}: GitHub's answer was lost (${(lastError as Error).message}) and checking whether it was applied failed (${(error as Error).message}); not sent again`,
          statusOf(lastError),
          { cause: lastError },
        );
      }
      if (found !== undefined) {
        this.logger?.info(
          `${what}: done although GitHub's answer was lost (${(lastError as Error).message})`,
        );
        return found;
      }
      if (attempt < CREATE_ATTEMPTS)
        this.logger?.warn(
          `${what} failed (attempt ${attempt}/${CREATE_ATTEMPTS}): ${(lastError as Error).message}`,
        );
    }
    throw toTrackerError(lastError, what, permission);
  }

  private isBot(login: string | undefined): boolean {
    return this.botLogin === undefined || login?.toLowerCase() === this.botLogin;
  }

  async repo(): Promise<RepoInfo> {
    if (this.repoCache) return this.repoCache;
    const info = await this.repoInfo(`${this.where.owner}/${this.where.repo}`);
    if (!info) throw toTrackerError(new Error('not found'), `reading ${this.where.owner}/${this.where.repo}`);
    this.repoCache = info;
    return info;
  }

  async repoInfo(fullName: string): Promise<RepoInfo | undefined> {
    const [owner = '', repo = ''] = fullName.split('/');
    try {
      const { data } = await this.octokit.rest.repos.get({ owner, repo });
      return { fullName: data.full_name, private: data.private, url: data.html_url };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toTrackerError(error, `reading the repository ${fullName}`, 'metadata: read');
    }
  }

  async getIssue(number: number): Promise<RecordIssue | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.get({ ...this.where, issue_number: number });
      return { ...fromApiIssue(data as ApiIssue), isPullRequest: !!data.pull_request };
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 410) return undefined;
      throw toTrackerError(error, `reading issue #${number}`, 'issues: read');
    }
  }

  async listComments(number: number): Promise<PortComment[]> {
    try {
      const list = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.where,
        issue_number: number,
        per_page: 100,
      });
      return list.map((c) => ({
        id: c.id,
        body: c.body ?? '',
        user: user(c.user),
        createdAt: c.created_at,
        url: c.html_url,
      }));
    } catch (error) {
      throw toTrackerError(error, `listing the comments of #${number}`, 'issues: read');
    }
  }

  async comment(number: number, body: string): Promise<PortComment> {
    const toComment = (c: {
      id: number;
      body?: string | undefined;
      user: ApiUser;
      created_at: string;
      html_url: string;
    }): PortComment => ({
      id: c.id,
      body: c.body ?? body,
      user: user(c.user),
      createdAt: c.created_at,
      url: c.html_url,
    });
    return this.createOnce(
      `commenting on #${number}`,
      ISSUES_WRITE,
      async () =>
        toComment(
          (await this.octokit.rest.issues.createComment({ ...this.where, issue_number: number, body })).data,
        ),
      async (since) => {
        // Only comments updated since the first send: one page, the newest, is enough.
        const { data } = await this.octokit.rest.issues.listComments({
          ...this.where,
          issue_number: number,
          since: since.toISOString(),
          per_page: 100,
        });
        const mine = data.filter(
          (c) => c.body === body && this.isBot(c.user?.login) && Date.parse(c.created_at) >= since.getTime(),
        );
        const last = mine.at(-1);
        return last ? toComment(last) : undefined;
      },
    );
  }

  /** A duplicate reaction answers 200 on GitHub: the plugins may repeat it like a PUT. */
  async react(target: ReactionTarget, content: ReactionContent): Promise<void> {
    const request = { idempotent: true };
    try {
      if ('comment' in target)
        await this.octokit.rest.reactions.createForIssueComment({
          ...this.where,
          comment_id: target.comment,
          content,
          request,
        });
      else
        await this.octokit.rest.reactions.createForIssue({
          ...this.where,
          issue_number: target.issue,
          content,
          request,
        });
    } catch (error) {
      throw toTrackerError(error, `reacting ${content}`, ISSUES_WRITE);
    }
  }

  async addLabels(number: number, labels: readonly string[]): Promise<void> {
    if (labels.length === 0) return;
    try {
      await this.octokit.rest.issues.addLabels({
        ...this.where,
        issue_number: number,
        labels: [...labels],
        request: { idempotent: true }, // adding a label twice leaves one
      });
    } catch (error) {
      throw toTrackerError(error, `labelling #${number}`, ISSUES_WRITE);
    }
  }

  async removeLabel(number: number, label: string): Promise<void> {
    try {
      await this.octokit.rest.issues.removeLabel({ ...this.where, issue_number: number, name: label });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw toTrackerError(error, `removing the label ${label} from #${number}`, ISSUES_WRITE);
    }
  }

  /**
   * Several labels in one GraphQL mutation when the event gave every node id it needs; otherwise
   * (one label, a payload without node ids, GraphQL refused or a label id no longer resolving —
   * deleted and created again) one REST DELETE a label, by name.
   */
  async removeLabels(number: number, labels: readonly string[], ids?: LabelNodeIds): Promise<void> {
    const names = [...new Set(labels.map((l) => l.toLowerCase()))];
    const labelIds = names.map((n) => ids?.labels?.[n]);
    if (names.length > 1 && ids?.issue && labelIds.every((id): id is string => id !== undefined)) {
      let why: string | undefined;
      try {
        // Idempotent: removing a label the issue no longer has is no error (graphqlRequest may repeat it).
        const { errors } = await graphqlRequest(this.octokit, REMOVE_LABELS, {
          issue: ids.issue,
          labels: labelIds,
        });
        if (errors.length === 0) return;
        why = errors[0]?.message;
      } catch (error) {
        // Whatever failed (GraphQL refused, unreachable, a label id gone), REST says it properly.
        why = (error as Error).message;
      }
      this.logger?.warn(
        `removing ${names.join(', ')} from #${number} in one call failed (${why?.slice(0, 200)}): one call a label`,
      );
    }
    for (const name of labels) await this.removeLabel(number, name);
  }

  async addAssignees(number: number, logins: readonly string[]): Promise<string[]> {
    try {
      const { data } = await this.octokit.rest.issues.addAssignees({
        ...this.where,
        issue_number: number,
        assignees: [...logins],
        request: { idempotent: true }, // assigning twice leaves one assignment
      });
      return (data.assignees ?? []).map((a) => a.login);
    } catch (error) {
      throw toTrackerError(error, `assigning #${number}`, ISSUES_WRITE);
    }
  }

  async updateIssue(number: number, patch: IssuePatch): Promise<void> {
    try {
      await this.octokit.rest.issues.update({
        ...this.where,
        issue_number: number,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.state ? { state: patch.state } : {}),
        ...(patch.stateReason ? { state_reason: patch.stateReason } : {}),
      });
    } catch (error) {
      throw toTrackerError(error, `updating #${number}`, ISSUES_WRITE);
    }
  }

  async permission(login: string): Promise<Permission> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.where,
        username: login,
      });
      const role = data.role_name;
      if (role === 'maintain' || role === 'triage') return role;
      const p = data.permission;
      return p === 'admin' || p === 'write' || p === 'read' ? p : 'none';
    } catch (error) {
      if (statusOf(error) === 404) return 'none';
      throw toTrackerError(error, `checking ${login}'s permission`, 'metadata: read');
    }
  }

  async createIssueIn(
    fullName: string,
    issue: { title: string; body: string },
  ): Promise<{ number: number; url: string }> {
    const [owner = '', repo = ''] = fullName.split('/');
    return this.createOnce(
      `filing the follow-up record in ${fullName}`,
      'issues: write (a token that can write to the follow-up repository: the workflow token cannot)',
      async () => {
        const { data } = await this.octokit.rest.issues.create({
          owner,
          repo,
          title: issue.title,
          body: issue.body,
        });
        return { number: data.number, url: data.html_url };
      },
      async (since) => {
        // The newest page of that repository's issues, as a lost create would be among them.
        const { data } = await this.octokit.rest.issues.listForRepo({
          owner,
          repo,
          state: 'all',
          sort: 'created',
          direction: 'desc',
          per_page: 100,
        });
        const found = data.find(
          (i) =>
            !i.pull_request &&
            i.title === issue.title &&
            (i.body ?? '') === issue.body &&
            this.isBot(i.user?.login) &&
            Date.parse(i.created_at) >= since.getTime(),
        );
        return found ? { number: found.number, url: found.html_url } : undefined;
      },
    );
  }
}
