/** The JSON view of a repository that `GET /_emulator/state` (and `emulator.state`) returns. */
import type { Account, Repo } from './store.js';

export interface ReactionSnapshot {
  id: number;
  content: string;
  user: string;
  created_at: string;
}

export interface IssueSnapshot {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  milestone: string | null;
  assignees: string[];
  user: string;
  comments: number;
  reactions: ReactionSnapshot[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface CommentSnapshot {
  id: number;
  issue_number: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
  reactions: ReactionSnapshot[];
}

export interface EventSnapshot {
  id: number;
  issue_number: number;
  event: string;
  actor: string;
  created_at: string;
  label?: string;
  assignee?: string;
  milestone?: string;
  rename?: { from: string; to: string };
  state_reason?: string | null;
}

export interface RepoSnapshot {
  repo: string;
  private: boolean;
  default_branch: string;
  labels: { name: string; color: string; description: string | null }[];
  milestones: {
    number: number;
    title: string;
    description: string | null;
    state: 'open' | 'closed';
    due_on: string | null;
    open_issues: number;
    closed_issues: number;
  }[];
  issues: IssueSnapshot[];
  comments: CommentSnapshot[];
  /** Every reaction, on issues (`issue_number`) and comments (`comment_id` too). */
  reactions: (ReactionSnapshot & { issue_number: number; comment_id?: number })[];
  events: EventSnapshot[];
  /** Branch name → head commit sha. */
  branches: Record<string, string>;
  /** Branch → path → blob sha and UTF-8 content at the branch head. */
  files: Record<string, Record<string, { sha: string; content: string }>>;
}

function reactionList(
  reactions: readonly { id: number; content: string; user: Account; createdAt: string }[],
): ReactionSnapshot[] {
  return reactions.map((r) => ({
    id: r.id,
    content: r.content,
    user: r.user.login,
    created_at: r.createdAt,
  }));
}

export function repoSnapshot(repo: Repo): RepoSnapshot {
  const files: RepoSnapshot['files'] = {};
  for (const branch of repo.branches.keys()) {
    const entries: Record<string, { sha: string; content: string }> = {};
    for (const [path, file] of repo.head(branch)?.files ?? []) {
      entries[path] = { sha: file.sha, content: file.content.toString('utf8') };
    }
    files[branch] = entries;
  }
  const reactions: RepoSnapshot['reactions'] = [];
  for (const issue of repo.issues) {
    for (const r of reactionList(issue.reactions)) reactions.push({ ...r, issue_number: issue.number });
  }
  for (const c of repo.comments.values()) {
    for (const r of reactionList(c.reactions))
      reactions.push({ ...r, issue_number: c.issue.number, comment_id: c.id });
  }
  return {
    repo: repo.fullName,
    private: repo.isPrivate,
    default_branch: repo.defaultBranch,
    labels: [...repo.labels.values()].map((l) => ({
      name: l.name,
      color: l.color,
      description: l.description,
    })),
    milestones: [...repo.milestones.values()].map((m) => ({
      number: m.number,
      title: m.title,
      description: m.description,
      state: m.state,
      due_on: m.dueOn,
      open_issues: m.openIssues,
      closed_issues: m.closedIssues,
    })),
    issues: repo.issues.map((i) => ({
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.stateReason,
      labels: i.labels.map((l) => l.name),
      milestone: i.milestone?.title ?? null,
      assignees: i.assignees.map((a) => a.login),
      user: i.user.login,
      comments: i.comments.length,
      reactions: reactionList(i.reactions),
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
    })),
    comments: [...repo.comments.values()].map((c) => ({
      id: c.id,
      issue_number: c.issue.number,
      body: c.body,
      user: c.user.login,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      reactions: reactionList(c.reactions),
    })),
    reactions,
    events: repo.events.map((e) => {
      const out: EventSnapshot = {
        id: e.id,
        issue_number: e.issue.number,
        event: e.event,
        actor: e.actor.login,
        created_at: e.createdAt,
      };
      if (e.label) out.label = e.label.name;
      if (e.assignee) out.assignee = e.assignee.login;
      if (e.milestone) out.milestone = e.milestone.title;
      if (e.rename) out.rename = e.rename;
      if (e.stateReason !== undefined) out.state_reason = e.stateReason;
      return out;
    }),
    branches: Object.fromEntries(repo.branches),
    files,
  };
}
