/** The respond port on GitHub, through the one Octokit (retry + throttling) from src/tracker/octokit.ts. */
import { statusOf, toTrackerError } from '../tracker/github-errors.js';
import type { GitHubClient } from '../tracker/octokit.js';
import type {
  IssuePatch,
  Permission,
  PortComment,
  PortIssue,
  ReactionContent,
  ReactionTarget,
  RepoInfo,
  RespondPort,
} from './port.js';

export interface GitHubRespondPortOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
}

type ApiUser = { login: string; type?: string } | null | undefined;

function user(u: ApiUser) {
  return { login: u?.login ?? 'ghost', type: u?.type ?? 'User' };
}

const ISSUES_WRITE = 'issues: write';

export class GitHubRespondPort implements RespondPort {
  readonly kind = 'github' as const;
  private readonly octokit: GitHubClient;
  private readonly where: { owner: string; repo: string };
  private repoCache: RepoInfo | undefined;

  constructor(options: GitHubRespondPortOptions) {
    this.octokit = options.octokit;
    this.where = { owner: options.owner, repo: options.repo };
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

  async getIssue(number: number): Promise<PortIssue | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.get({ ...this.where, issue_number: number });
      return {
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        state: data.state === 'closed' ? 'closed' : 'open',
        stateReason: data.state_reason ?? null,
        labels: data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
        assignees: (data.assignees ?? []).map((a) => a.login),
        url: data.html_url,
        isPullRequest: data.pull_request !== undefined && data.pull_request !== null,
      };
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
    try {
      const { data } = await this.octokit.rest.issues.createComment({
        ...this.where,
        issue_number: number,
        body,
      });
      return {
        id: data.id,
        body: data.body ?? body,
        user: user(data.user),
        createdAt: data.created_at,
        url: data.html_url,
      };
    } catch (error) {
      throw toTrackerError(error, `commenting on #${number}`, ISSUES_WRITE);
    }
  }

  async react(target: ReactionTarget, content: ReactionContent): Promise<void> {
    try {
      if ('comment' in target)
        await this.octokit.rest.reactions.createForIssueComment({
          ...this.where,
          comment_id: target.comment,
          content,
        });
      else
        await this.octokit.rest.reactions.createForIssue({
          ...this.where,
          issue_number: target.issue,
          content,
        });
    } catch (error) {
      throw toTrackerError(error, `reacting ${content}`, ISSUES_WRITE);
    }
  }

  async addLabels(number: number, labels: readonly string[]): Promise<void> {
    if (labels.length === 0) return;
    try {
      await this.octokit.rest.issues.addLabels({ ...this.where, issue_number: number, labels: [...labels] });
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

  async addAssignees(number: number, logins: readonly string[]): Promise<string[]> {
    try {
      const { data } = await this.octokit.rest.issues.addAssignees({
        ...this.where,
        issue_number: number,
        assignees: [...logins],
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
    try {
      const { data } = await this.octokit.rest.issues.create({
        owner,
        repo,
        title: issue.title,
        body: issue.body,
      });
      return { number: data.number, url: data.html_url };
    } catch (error) {
      throw toTrackerError(
        error,
        `filing the follow-up record in ${fullName}`,
        'issues: write (a token that can write to the follow-up repository: the workflow token cannot)',
      );
    }
  }
}
