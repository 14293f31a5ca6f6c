/**
 * Renders store records in GitHub's REST response shapes (the ones the OpenAPI description
 * documents): ids, node_ids, api `url`s under the emulator, `html_url`s under the html base,
 * user objects, reaction roll-ups, timestamps without milliseconds.
 */
import { CONTENTS_INLINE_LIMIT } from './media.js';
import {
  type Account,
  type Comment,
  type Commit,
  type GitFile,
  type Issue,
  type IssueEvent,
  type Label,
  type Milestone,
  REACTIONS,
  type Reaction,
  type Repo,
  type Role,
  type WorkflowRun,
} from './store.js';
import { nodeId, wrappedBase64 } from './util.js';

export type Json = Record<string, unknown>;

/** The GraphQL object of each issue event (its node id's type; graphql/schema.ts answers it too). */
export const EVENT_NODE_TYPES: Record<IssueEvent['event'], string> = {
  labeled: 'LabeledEvent',
  unlabeled: 'UnlabeledEvent',
  assigned: 'AssignedEvent',
  unassigned: 'UnassignedEvent',
  milestoned: 'MilestonedEvent',
  demilestoned: 'DemilestonedEvent',
  renamed: 'RenamedTitleEvent',
  closed: 'ClosedEvent',
  reopened: 'ReopenedEvent',
};

const PERMISSION_OF_ROLE: Record<Role, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

export class Renderer {
  constructor(
    /** API base, e.g. http://127.0.0.1:41234 (no trailing slash). */
    readonly api: string,
    /** Web base for html_url fields (defaults to the API base). */
    readonly html: string,
  ) {}

  repoApi(repo: Repo): string {
    return `${this.api}/repos/${repo.ownerLogin}/${repo.name}`;
  }

  repoHtml(repo: Repo): string {
    return `${this.html}/${repo.ownerLogin}/${repo.name}`;
  }

  user(account: Account): Json {
    const login = encodeURIComponent(account.login);
    const url = `${this.api}/users/${login}`;
    const isBot = account.type === 'Bot';
    return {
      login: account.login,
      id: account.id,
      node_id: nodeId(account.type, account.id),
      avatar_url: `${this.html}/avatars/u/${account.id}?v=4`,
      gravatar_id: '',
      url,
      html_url: isBot ? `${this.html}/apps/${login.replace(/%5Bbot%5D$/, '')}` : `${this.html}/${login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: account.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  /** The GitHub Actions app, as GitHub reports it for writes made with a GITHUB_TOKEN. */
  actionsApp(): Json {
    const owner: Account = { login: 'github', id: 9919, type: 'Organization', exists: true };
    return {
      id: 15368,
      slug: 'github-actions',
      node_id: nodeId('App', 15368),
      client_id: 'Iv1.05c79e9ad1f6bdfa',
      owner: this.user(owner),
      name: 'GitHub Actions',
      description: 'Automate your workflow from idea to production',
      external_url: `${this.html}/features/actions`,
      html_url: `${this.html}/apps/github-actions`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2024-04-10T20:33:16Z',
      permissions: { issues: 'write', contents: 'write', metadata: 'read', pull_requests: 'write' },
      events: ['issue_comment', 'issues', 'push', 'workflow_dispatch'],
    };
  }

  private viaApp(actor: Account): Json | null {
    return actor.type === 'Bot' ? this.actionsApp() : null;
  }

  authorAssociation(repo: Repo, account: Account): string {
    if (account.type === 'Bot') return 'NONE';
    // A person whose login is the repository's owner: a personal repository's owner.
    if (account.login.toLowerCase() === repo.ownerLogin.toLowerCase()) return 'OWNER';
    const role = repo.roleOf(account);
    if (role === 'admin' || role === 'maintain') return 'MEMBER';
    if (role === 'write' || role === 'triage') return 'COLLABORATOR';
    return 'NONE';
  }

  label(repo: Repo, label: Label): Json {
    return {
      id: label.id,
      node_id: nodeId('Label', label.id),
      url: `${this.repoApi(repo)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: label.default,
      description: label.description,
    };
  }

  milestone(repo: Repo, m: Milestone): Json {
    const url = `${this.repoApi(repo)}/milestones/${m.number}`;
    return {
      url,
      html_url: `${this.repoHtml(repo)}/milestone/${m.number}`,
      labels_url: `${url}/labels`,
      id: m.id,
      node_id: nodeId('Milestone', m.id),
      number: m.number,
      title: m.title,
      description: m.description,
      creator: this.user(m.creator),
      open_issues: m.openIssues,
      closed_issues: m.closedIssues,
      state: m.state,
      created_at: m.createdAt,
      updated_at: m.updatedAt,
      due_on: m.dueOn,
      closed_at: m.closedAt,
    };
  }

  rollup(url: string, reactions: readonly Reaction[]): Json {
    const out: Json = { url, total_count: reactions.length };
    for (const content of REACTIONS) out[content] = 0;
    for (const r of reactions) out[r.content] = (out[r.content] as number) + 1;
    return out;
  }

  issueUrl(repo: Repo, issue: Issue): string {
    return `${this.repoApi(repo)}/issues/${issue.number}`;
  }

  issue(repo: Repo, issue: Issue): Json {
    const url = this.issueUrl(repo, issue);
    const assignees = issue.assignees.map((a) => this.user(a));
    return {
      url,
      repository_url: this.repoApi(repo),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.repoHtml(repo)}/issues/${issue.number}`,
      id: issue.id,
      node_id: nodeId('Issue', issue.id),
      number: issue.number,
      title: issue.title,
      user: this.user(issue.user),
      labels: issue.labels.map((l) => this.label(repo, l)),
      state: issue.state,
      locked: issue.locked,
      assignee: assignees[0] ?? null,
      assignees,
      milestone: issue.milestone ? this.milestone(repo, issue.milestone) : null,
      comments: issue.comments.length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      closed_by: issue.closedBy ? this.user(issue.closedBy) : null,
      author_association: this.authorAssociation(repo, issue.user),
      active_lock_reason: null,
      body: issue.body,
      reactions: this.rollup(`${url}/reactions`, issue.reactions),
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: issue.stateReason,
    };
  }

  comment(repo: Repo, comment: Comment): Json {
    const url = `${this.repoApi(repo)}/issues/comments/${comment.id}`;
    return {
      url,
      html_url: `${this.repoHtml(repo)}/issues/${comment.issue.number}#issuecomment-${comment.id}`,
      issue_url: this.issueUrl(repo, comment.issue),
      id: comment.id,
      node_id: nodeId('IssueComment', comment.id),
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: this.authorAssociation(repo, comment.user),
      body: comment.body,
      reactions: this.rollup(`${url}/reactions`, comment.reactions),
      performed_via_github_app: null,
    };
  }

  reaction(reaction: Reaction): Json {
    return {
      id: reaction.id,
      node_id: nodeId('Reaction', reaction.id),
      user: this.user(reaction.user),
      content: reaction.content,
      created_at: reaction.createdAt,
    };
  }

  event(repo: Repo, e: IssueEvent, withIssue: boolean): Json {
    const out: Json = {
      id: e.id,
      node_id: nodeId(EVENT_NODE_TYPES[e.event], e.id),
      url: `${this.repoApi(repo)}/issues/events/${e.id}`,
      actor: this.user(e.actor),
      event: e.event,
      commit_id: null,
      commit_url: null,
      created_at: e.createdAt,
      performed_via_github_app: this.viaApp(e.actor),
    };
    if (e.label) out.label = { ...e.label };
    if (e.assignee) out.assignee = this.user(e.assignee);
    if (e.assigner) out.assigner = this.user(e.assigner);
    if (e.milestone) out.milestone = { ...e.milestone };
    if (e.rename) out.rename = { ...e.rename };
    if (e.event === 'closed' || e.event === 'reopened') out.state_reason = e.stateReason ?? null;
    if (withIssue) out.issue = this.issue(repo, e.issue);
    return out;
  }

  /** An issue's timeline: its events and its comments (`event: "commented"`), oldest first. */
  timeline(repo: Repo, issue: Issue): Json[] {
    const items: { at: string; id: number; json: Json }[] = [];
    for (const e of issue.events) items.push({ at: e.createdAt, id: e.id, json: this.event(repo, e, false) });
    for (const c of issue.comments) {
      items.push({
        at: c.createdAt,
        id: c.id,
        json: { event: 'commented', actor: this.user(c.user), ...this.comment(repo, c) },
      });
    }
    items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
    return items.map((i) => i.json);
  }

  repository(repo: Repo): Json {
    const api = this.repoApi(repo);
    const html = this.repoHtml(repo);
    const openIssues = repo.issues.reduce((n, i) => (i.state === 'open' ? n + 1 : n), 0);
    const host = new URL(this.html).host;
    return {
      id: repo.id,
      node_id: nodeId('Repository', repo.id),
      name: repo.name,
      full_name: repo.fullName,
      private: repo.isPrivate,
      owner: this.user(repo.owner),
      html_url: html,
      description: null,
      fork: false,
      url: api,
      forks_url: `${api}/forks`,
      keys_url: `${api}/keys{/key_id}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      teams_url: `${api}/teams`,
      hooks_url: `${api}/hooks`,
      issue_events_url: `${api}/issues/events{/number}`,
      events_url: `${api}/events`,
      assignees_url: `${api}/assignees{/user}`,
      branches_url: `${api}/branches{/branch}`,
      tags_url: `${api}/tags`,
      blobs_url: `${api}/git/blobs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      trees_url: `${api}/git/trees{/sha}`,
      statuses_url: `${api}/statuses/{sha}`,
      languages_url: `${api}/languages`,
      stargazers_url: `${api}/stargazers`,
      contributors_url: `${api}/contributors`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      commits_url: `${api}/commits{/sha}`,
      git_commits_url: `${api}/git/commits{/sha}`,
      comments_url: `${api}/comments{/number}`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      contents_url: `${api}/contents/{+path}`,
      compare_url: `${api}/compare/{base}...{head}`,
      merges_url: `${api}/merges`,
      archive_url: `${api}/{archive_format}{/ref}`,
      downloads_url: `${api}/downloads`,
      issues_url: `${api}/issues{/number}`,
      pulls_url: `${api}/pulls{/number}`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      labels_url: `${api}/labels{/name}`,
      releases_url: `${api}/releases{/id}`,
      deployments_url: `${api}/deployments`,
      created_at: repo.createdAt,
      updated_at: repo.createdAt,
      pushed_at: repo.createdAt,
      git_url: `git://${host}/${repo.fullName}.git`,
      ssh_url: `git@${host}:${repo.fullName}.git`,
      clone_url: `${html}.git`,
      svn_url: html,
      homepage: null,
      size: 0,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      has_projects: true,
      has_downloads: true,
      has_wiki: true,
      has_pages: false,
      has_discussions: false,
      forks_count: 0,
      mirror_url: null,
      archived: false,
      disabled: false,
      open_issues_count: openIssues,
      license: null,
      allow_forking: true,
      is_template: false,
      web_commit_signoff_required: false,
      topics: [],
      visibility: repo.isPrivate ? 'private' : 'public',
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
      default_branch: repo.defaultBranch,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      network_count: 0,
      subscribers_count: 0,
    };
  }

  private contentLinks(repo: Repo, branch: string, path: string, file: GitFile): Json {
    const self = `${this.repoApi(repo)}/contents/${encodePath(path)}?ref=${encodeURIComponent(branch)}`;
    const git = `${this.repoApi(repo)}/git/blobs/${file.sha}`;
    const html = `${this.repoHtml(repo)}/blob/${encodeURIComponent(branch)}/${encodePath(path)}`;
    return {
      name: path.split('/').pop() ?? path,
      path,
      sha: file.sha,
      size: file.content.length,
      url: self,
      html_url: html,
      git_url: git,
      download_url: `${this.html}/raw/${repo.fullName}/${encodeURIComponent(branch)}/${encodePath(path)}`,
      type: 'file',
      _links: { self, git, html },
    };
  }

  /**
   * A file as "Get repository content" returns it: base64 `content` up to 1 MB; above that (up to
   * 100 MB) `content` is an empty string and `encoding` is `"none"` (the docs' "Between 1-100 MB"
   * note), while `size` and `sha` stay those of the file.
   */
  contentFile(repo: Repo, branch: string, path: string, file: GitFile): Json {
    const inline = file.content.length <= CONTENTS_INLINE_LIMIT;
    return {
      ...this.contentLinks(repo, branch, path, file),
      content: inline ? wrappedBase64(file.content) : '',
      encoding: inline ? 'base64' : 'none',
    };
  }

  blobUrl(repo: Repo, sha: string): string {
    return `${this.repoApi(repo)}/git/blobs/${sha}`;
  }

  /** "Get a blob": `content` always base64 (wrapped at 60 columns, as GitHub sends it). */
  blob(repo: Repo, file: GitFile): Json {
    return {
      sha: file.sha,
      node_id: nodeId('Blob', file.sha),
      size: file.content.length,
      url: this.blobUrl(repo, file.sha),
      content: wrappedBase64(file.content),
      encoding: 'base64',
    };
  }

  /** "Create a blob" answers the short form. */
  shortBlob(repo: Repo, sha: string): Json {
    return { url: this.blobUrl(repo, sha), sha };
  }

  /** A workflow run as "Get a workflow run" returns it. */
  workflowRun(repo: Repo, run: WorkflowRun): Json {
    const api = this.repoApi(repo);
    const url = `${api}/actions/runs/${run.id}`;
    const head = repo.commits.get(run.headSha);
    const repository = this.repository(repo);
    return {
      id: run.id,
      name: run.name,
      node_id: nodeId('WorkflowRun', run.id),
      check_suite_id: run.checkSuiteId,
      check_suite_node_id: nodeId('CheckSuite', run.checkSuiteId),
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: run.path,
      display_title: run.displayTitle,
      run_number: run.runNumber,
      run_attempt: run.runAttempt,
      referenced_workflows: [],
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: run.workflowId,
      url,
      html_url: `${this.repoHtml(repo)}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      actor: this.user(run.actor),
      triggering_actor: this.user(run.actor),
      run_started_at: run.runStartedAt,
      jobs_url: `${url}/jobs`,
      logs_url: `${url}/logs`,
      check_suite_url: `${api}/check-suites/${run.checkSuiteId}`,
      artifacts_url: `${url}/artifacts`,
      cancel_url: `${url}/cancel`,
      rerun_url: `${url}/rerun`,
      previous_attempt_url: run.runAttempt > 1 ? `${url}/attempts/${run.runAttempt - 1}` : null,
      workflow_url: `${api}/actions/workflows/${run.workflowId}`,
      head_commit: head
        ? {
            id: head.sha,
            tree_id: head.treeSha,
            message: head.message,
            timestamp: head.date,
            author: simpleCommitPerson(head.author),
            committer: simpleCommitPerson(head.author),
          }
        : null,
      repository,
      head_repository: repository,
      head_repository_id: repo.id,
    };
  }

  gitCommit(repo: Repo, commit: Commit): Json {
    const who = { ...commit.author, date: commit.date };
    return {
      sha: commit.sha,
      node_id: nodeId('Commit', commit.sha.slice(0, 12)),
      url: `${this.repoApi(repo)}/git/commits/${commit.sha}`,
      html_url: `${this.repoHtml(repo)}/commit/${commit.sha}`,
      author: who,
      committer: who,
      message: commit.message,
      tree: { url: `${this.repoApi(repo)}/git/trees/${commit.treeSha}`, sha: commit.treeSha },
      parents: commit.parents.map((sha) => ({
        url: `${this.repoApi(repo)}/git/commits/${sha}`,
        html_url: `${this.repoHtml(repo)}/commit/${sha}`,
        sha,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  }

  fileCommit(repo: Repo, branch: string, path: string, file: GitFile | null, commit: Commit): Json {
    return {
      content: file ? this.contentLinks(repo, branch, path, file) : null,
      commit: this.gitCommit(repo, commit),
    };
  }

  gitRef(repo: Repo, branch: string, sha: string): Json {
    return {
      ref: `refs/heads/${branch}`,
      node_id: nodeId('Ref', `${repo.id}:refs/heads/${branch}`),
      url: `${this.repoApi(repo)}/git/refs/heads/${encodePath(branch)}`,
      object: { sha, type: 'commit', url: `${this.repoApi(repo)}/git/commits/${sha}` },
    };
  }

  branch(repo: Repo, name: string, commit: Commit): Json {
    const api = this.repoApi(repo);
    const who = { ...commit.author, date: commit.date };
    return {
      name,
      commit: {
        sha: commit.sha,
        node_id: nodeId('Commit', commit.sha.slice(0, 12)),
        commit: {
          author: who,
          committer: who,
          message: commit.message,
          tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
          url: `${api}/git/commits/${commit.sha}`,
          comment_count: 0,
          verification: {
            verified: false,
            reason: 'unsigned',
            signature: null,
            payload: null,
            verified_at: null,
          },
        },
        url: `${api}/commits/${commit.sha}`,
        html_url: `${this.repoHtml(repo)}/commit/${commit.sha}`,
        comments_url: `${api}/commits/${commit.sha}/comments`,
        author: null,
        committer: null,
        parents: commit.parents.map((sha) => ({
          sha,
          url: `${api}/commits/${sha}`,
          html_url: `${this.repoHtml(repo)}/commit/${sha}`,
        })),
      },
      _links: {
        self: `${api}/branches/${encodePath(name)}`,
        html: `${this.repoHtml(repo)}/tree/${encodePath(name)}`,
      },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${api}/branches/${encodePath(name)}/protection`,
    };
  }

  collaboratorPermission(repo: Repo, account: Account): Json {
    const role = repo.roleOf(account);
    const rank = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 }[role];
    return {
      permission: PERMISSION_OF_ROLE[role],
      role_name: role,
      user: {
        ...this.user(account),
        permissions: {
          admin: rank >= 5,
          maintain: rank >= 4,
          push: rank >= 3,
          triage: rank >= 2,
          pull: rank >= 1,
        },
        role_name: role,
      },
    };
  }
}

/**
 * A `simple-commit` author. The description gives its `email` `format: email`, which GitHub's own
 * `41898282+github-actions[bot]@users.noreply.github.com` fails (the brackets), so the emulator
 * drops them there rather than answer a 500 in strict mode.
 */
function simpleCommitPerson(person: { name: string; email: string }): { name: string; email: string } {
  return { name: person.name, email: person.email.replace(/\[bot\]@/, '@') };
}

/** Encodes each segment of a slash-separated path. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
