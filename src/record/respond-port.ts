/**
 * The port commands act through: an issue, its comments, labels, reactions and people's
 * permissions. Two implementations: port-github.ts (Octokit, the action) and port-local.ts (the
 * local tracker under .earshot/, for `earshot respond`). Tests use an in-memory one.
 */

/** What the collaborator-permission endpoint says (`maintain` answers as write, `triage` as read). */
import type { RecordIssue } from './issue.js';

export type { RecordIssue } from './issue.js';
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

export interface PortUser {
  login: string;
  /** `User`, `Bot` or `Organization` as GitHub says. */
  type: string;
}

export interface PortComment {
  id: number;
  body: string;
  user: PortUser;
  createdAt: string;
  url: string;
}

export interface RepoInfo {
  /** `owner/name` (`local` for the local store). */
  fullName: string;
  private: boolean;
  url: string;
}

export type ReactionTarget = { comment: number } | { issue: number };

/** Node ids an event carries: the issue's, and its labels' by name (lower case). */
export interface LabelNodeIds {
  issue?: string | undefined;
  labels?: Readonly<Record<string, string>> | undefined;
}

export interface IssuePatch {
  title?: string;
  state?: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned' | 'reopened';
}

export interface RespondRecord {
  readonly kind: 'github' | 'local' | 'memory';
  /** The repository the mention issues live in. */
  repo(): Promise<RepoInfo>;
  /** An issue (or pull request) by number; undefined when it does not exist. */
  getIssue(number: number): Promise<RecordIssue | undefined>;
  /** Every comment, oldest first. */
  listComments(number: number): Promise<PortComment[]>;
  comment(number: number, body: string): Promise<PortComment>;
  react(target: ReactionTarget, content: ReactionContent): Promise<void>;
  addLabels(number: number, labels: readonly string[]): Promise<void>;
  /** Removing a label the issue does not have is not an error. */
  removeLabel(number: number, label: string): Promise<void>;
  /**
   * Removes these labels (and only these: a label someone else added meanwhile stays). `ids` are the
   * node ids the event carried (the issue's and its labels'): with them GitHub removes all of them
   * in one call (GraphQL `removeLabelsFromLabelable`), without them one call a label.
   */
  removeLabels(number: number, labels: readonly string[], ids?: LabelNodeIds): Promise<void>;
  /** Adds assignees; answers the assignees the issue has afterwards (unassignable people are left out). */
  addAssignees(number: number, logins: readonly string[]): Promise<string[]>;
  updateIssue(number: number, patch: IssuePatch): Promise<void>;
  /** A person's permission on the repository (the collaborator-permission endpoint). */
  permission(login: string): Promise<Permission>;
  /** Another repository, for the follow-up repository; undefined when it cannot be seen. */
  repoInfo?(fullName: string): Promise<RepoInfo | undefined>;
  /** Files an issue in another repository (private follow-up records). */
  createIssueIn?(
    fullName: string,
    issue: { title: string; body: string },
  ): Promise<{ number: number; url: string }>;
}

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** Write or above: the people Earshot obeys. */
export function canWrite(permission: Permission): boolean {
  return RANK[permission] >= RANK.write;
}
