/**
 * The emulator's in-memory state: accounts and tokens, and per repository its labels, milestones,
 * issues, comments, reactions, issue events, a small git model (commits, branches, files, blobs)
 * and GitHub Actions workflow runs (created and changed through the control API).
 * Mutations keep GitHub's derived values current (comment counts, milestone open/closed counts,
 * updated_at, closed_at/closed_by) and record issue events as people act.
 */
import { ApiError, notFound, validationFailed } from './errors.js';
import { gitBlobSha, isoSeconds, sha1 } from './util.js';

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';
export const ROLE_RANK: Record<Role, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};
export const ROLES = Object.keys(ROLE_RANK) as Role[];

/**
 * Token permission scopes (a workflow's `permissions:` keys; `pull-requests` spelled as the REST
 * API's `pull_requests`). `actions` guards the workflow-run endpoints ("Permissions required for
 * GitHub Apps": repository permission "Actions", read for `GET …/actions/runs/{run_id}`).
 */
export type Scope = 'issues' | 'contents' | 'metadata' | 'pull_requests' | 'actions';
export const SCOPES: readonly Scope[] = ['issues', 'contents', 'metadata', 'pull_requests', 'actions'];
export type Level = 'none' | 'read' | 'write';
export const LEVEL_RANK: Record<Level, number> = { none: 0, read: 1, write: 2 };

export interface Account {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  /** Repository role; undefined = not a collaborator (read on public repositories, none on private). */
  role?: Role;
  /** False for a login GitHub does not know (the permission endpoint answers 404). */
  exists: boolean;
}

/** What a token is allowed to do: the job's `permissions:` for a GITHUB_TOKEN-like bot token. */
export interface TokenGrant {
  login: string;
  permissions: Partial<Record<Scope, Level>>;
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';
export const REACTIONS: readonly ReactionContent[] = [
  '+1',
  '-1',
  'laugh',
  'confused',
  'heart',
  'hooray',
  'rocket',
  'eyes',
];

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface Milestone {
  id: number;
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
  dueOn: string | null;
  creator: Account;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  openIssues: number;
  closedIssues: number;
}

export interface Reaction {
  id: number;
  content: ReactionContent;
  user: Account;
  createdAt: string;
}

export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate';

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: Account;
  state: 'open' | 'closed';
  stateReason: StateReason | null;
  labels: Label[];
  milestone: Milestone | null;
  assignees: Account[];
  locked: boolean;
  comments: Comment[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: Account | null;
  reactions: Reaction[];
  events: IssueEvent[];
  /**
   * Epoch ms from which `GET /repos/{owner}/{repo}/issues` lists this issue (the listing-lag
   * option); undefined = at once. `GET …/issues/{issue_number}` ignores it.
   */
  listedFrom?: number;
}

export interface Comment {
  id: number;
  issue: Issue;
  body: string;
  user: Account;
  createdAt: string;
  updatedAt: string;
  reactions: Reaction[];
}

export type EventType =
  | 'labeled'
  | 'unlabeled'
  | 'assigned'
  | 'unassigned'
  | 'milestoned'
  | 'demilestoned'
  | 'renamed'
  | 'closed'
  | 'reopened';

export interface IssueEvent {
  id: number;
  issue: Issue;
  event: EventType;
  actor: Account;
  createdAt: string;
  label?: { name: string; color: string };
  assignee?: Account;
  assigner?: Account;
  milestone?: { title: string };
  rename?: { from: string; to: string };
  stateReason?: StateReason | null;
}

export interface GitFile {
  content: Buffer;
  sha: string;
}

export interface Commit {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
  date: string;
  author: { name: string; email: string };
  files: Map<string, GitFile>;
}

/** `status` of a workflow run ("Get a workflow run"; the list endpoint's `status` filter values). */
export const RUN_STATUSES = [
  'requested',
  'queued',
  'pending',
  'waiting',
  'in_progress',
  'completed',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** `conclusion` of a completed run (null until the run completes). */
export const RUN_CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
] as const;
export type RunConclusion = (typeof RUN_CONCLUSIONS)[number];

export interface WorkflowRun {
  id: number;
  name: string | null;
  displayTitle: string;
  runNumber: number;
  runAttempt: number;
  status: RunStatus;
  conclusion: RunConclusion | null;
  event: string;
  headBranch: string | null;
  headSha: string;
  /** Workflow file, e.g. `.github/workflows/earshot.yml`. */
  path: string;
  workflowId: number;
  checkSuiteId: number;
  actor: Account;
  createdAt: string;
  updatedAt: string;
  /** Start of the latest attempt (reset when `runAttempt` goes up, as a re-run does). */
  runStartedAt: string;
}

/** Creates a run (`id` not known yet) or changes one; fields left out keep their value. */
export interface WorkflowRunInput {
  id: number;
  name?: string | null | undefined;
  displayTitle?: string | undefined;
  runNumber?: number | undefined;
  runAttempt?: number | undefined;
  status?: RunStatus | undefined;
  conclusion?: RunConclusion | null | undefined;
  event?: string | undefined;
  headBranch?: string | null | undefined;
  headSha?: string | undefined;
  path?: string | undefined;
  actor?: Account | undefined;
  createdAt?: string | undefined;
}

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  milestone?: number | null;
  assignees?: string[];
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  stateReason?: StateReason | null;
  labels?: string[];
  milestone?: number | null;
  assignees?: string[];
}

const DEFAULT_LABEL_COLOR = 'ededed';

export class Repo {
  readonly labels = new Map<string, Label>();
  readonly milestones = new Map<number, Milestone>();
  readonly issues: Issue[] = [];
  readonly comments = new Map<number, Comment>();
  readonly events: IssueEvent[] = [];
  readonly commits = new Map<string, Commit>();
  readonly branches = new Map<string, string>();
  /** Every blob written to the repository (files of any commit, and `POST …/git/blobs`), by sha. */
  readonly blobs = new Map<string, Buffer>();
  readonly workflowRuns = new Map<number, WorkflowRun>();
  private readonly workflowIds = new Map<string, number>();
  readonly owner: Account;
  private nextMilestone = 1;

  constructor(
    readonly store: Store,
    readonly id: number,
    readonly ownerLogin: string,
    readonly name: string,
    public isPrivate: boolean,
    public defaultBranch: string,
    readonly createdAt: string,
  ) {
    this.owner = { login: ownerLogin, id: store.accountId(ownerLogin), type: 'Organization', exists: true };
    const root = this.makeCommit(new Map(), [], 'Initial commit', createdAt);
    this.branches.set(defaultBranch, root.sha);
  }

  get fullName(): string {
    return `${this.ownerLogin}/${this.name}`;
  }

  /** The role an account has here (explicit role, else read on public / none on private). */
  roleOf(account: Account): Role {
    if (account.role) return account.role;
    return this.isPrivate ? 'none' : 'read';
  }

  assignable(account: Account): boolean {
    return account.type === 'User' && account.exists && ROLE_RANK[this.roleOf(account)] >= ROLE_RANK.triage;
  }

  // ----- labels -----

  findLabel(name: string): Label | undefined {
    return this.labels.get(name.toLowerCase());
  }

  createLabel(name: string, color?: string, description?: string | null): Label {
    const trimmed = name.trim();
    if (trimmed === '') throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
    if (this.findLabel(trimmed))
      throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
    const hex = normalizeColor(color);
    if (hex === undefined) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
    const label: Label = {
      id: this.store.nextId(),
      name: trimmed,
      color: hex,
      description: description ?? null,
      default: false,
    };
    this.labels.set(trimmed.toLowerCase(), label);
    return label;
  }

  updateLabel(label: Label, patch: { newName?: string; color?: string; description?: string | null }): Label {
    if (patch.newName !== undefined && patch.newName.toLowerCase() !== label.name.toLowerCase()) {
      if (this.findLabel(patch.newName)) {
        throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      }
      this.labels.delete(label.name.toLowerCase());
      label.name = patch.newName;
      this.labels.set(label.name.toLowerCase(), label);
    } else if (patch.newName !== undefined) {
      label.name = patch.newName;
    }
    if (patch.color !== undefined) {
      const hex = normalizeColor(patch.color);
      if (hex === undefined) throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
      label.color = hex;
    }
    if (patch.description !== undefined) label.description = patch.description;
    return label;
  }

  deleteLabel(label: Label): void {
    this.labels.delete(label.name.toLowerCase());
    for (const issue of this.issues) {
      if (issue.labels.includes(label)) issue.labels = issue.labels.filter((l) => l !== label);
    }
  }

  /** The label of that name (any case), created with GitHub's default color when missing. */
  ensureLabel(name: string): Label {
    return this.findLabel(name) ?? this.createLabel(name);
  }

  // ----- milestones -----

  createMilestone(
    input: { title: string; description?: string | null; dueOn?: string | null; state?: 'open' | 'closed' },
    actor: Account,
  ): Milestone {
    const lower = input.title.toLowerCase();
    for (const m of this.milestones.values()) {
      if (m.title.toLowerCase() === lower) {
        throw validationFailed({ resource: 'Milestone', code: 'already_exists', field: 'title' });
      }
    }
    const now = this.store.now();
    const state = input.state ?? 'open';
    const milestone: Milestone = {
      id: this.store.nextId(),
      number: this.nextMilestone++,
      title: input.title,
      description: input.description ?? null,
      state,
      dueOn: input.dueOn ?? null,
      creator: actor,
      createdAt: now,
      updatedAt: now,
      closedAt: state === 'closed' ? now : null,
      openIssues: 0,
      closedIssues: 0,
    };
    this.milestones.set(milestone.number, milestone);
    return milestone;
  }

  milestone(number: number): Milestone {
    const m = this.milestones.get(number);
    if (!m) throw notFound();
    return m;
  }

  // ----- issues -----

  issue(number: number): Issue {
    const issue = Number.isInteger(number) && number > 0 ? this.issues[number - 1] : undefined;
    if (!issue) throw notFound();
    return issue;
  }

  private resolveAssignees(logins: string[]): Account[] {
    const out: Account[] = [];
    for (const login of logins) {
      const account = this.store.findAccount(login);
      if (!account || !this.assignable(account)) {
        throw validationFailed({ value: login, resource: 'Issue', field: 'assignees', code: 'invalid' });
      }
      if (!out.includes(account)) out.push(account);
    }
    return out;
  }

  private resolveMilestone(number: number | null | undefined): Milestone | null {
    if (number === null || number === undefined) return null;
    const m = this.milestones.get(number);
    if (!m) throw validationFailed({ value: number, resource: 'Issue', field: 'milestone', code: 'invalid' });
    return m;
  }

  private count(issue: Issue, delta: 1 | -1): void {
    const m = issue.milestone;
    if (!m) return;
    if (issue.state === 'open') m.openIssues += delta;
    else m.closedIssues += delta;
  }

  createIssue(input: IssueInput, actor: Account, at?: string): Issue {
    const assignees = this.resolveAssignees(input.assignees ?? []);
    const milestone = this.resolveMilestone(input.milestone);
    const labels = uniqueLabels((input.labels ?? []).map((name) => this.ensureLabel(name)));
    const now = at ?? this.store.now();
    const issue: Issue = {
      id: this.store.nextId(),
      number: this.issues.length + 1,
      title: input.title,
      body: input.body ?? null,
      user: actor,
      state: 'open',
      stateReason: null,
      labels,
      milestone,
      assignees,
      locked: false,
      comments: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      reactions: [],
      events: [],
    };
    this.issues.push(issue);
    this.count(issue, 1);
    for (const label of labels) this.event(issue, 'labeled', actor, { label: eventLabel(label) }, now);
    for (const a of assignees) this.event(issue, 'assigned', actor, { assignee: a, assigner: actor }, now);
    if (milestone) this.event(issue, 'milestoned', actor, { milestone: { title: milestone.title } }, now);
    return issue;
  }

  updateIssue(issue: Issue, patch: IssuePatch, actor: Account): Issue {
    // Validate everything first: a rejected PATCH changes nothing.
    const assignees = patch.assignees === undefined ? undefined : this.resolveAssignees(patch.assignees);
    const milestone = patch.milestone === undefined ? undefined : this.resolveMilestone(patch.milestone);
    const now = this.store.now();
    if (patch.title !== undefined && patch.title !== issue.title) {
      this.event(issue, 'renamed', actor, { rename: { from: issue.title, to: patch.title } }, now);
      issue.title = patch.title;
    }
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.labels !== undefined) this.setLabels(issue, patch.labels, actor, now);
    if (assignees !== undefined) this.setAssignees(issue, assignees, actor, now);
    if (milestone !== undefined && milestone !== issue.milestone) {
      this.count(issue, -1);
      if (issue.milestone) {
        this.event(issue, 'demilestoned', actor, { milestone: { title: issue.milestone.title } }, now);
      }
      issue.milestone = milestone;
      this.count(issue, 1);
      if (milestone) this.event(issue, 'milestoned', actor, { milestone: { title: milestone.title } }, now);
    }
    if (patch.state !== undefined && patch.state !== issue.state) {
      this.count(issue, -1);
      issue.state = patch.state;
      this.count(issue, 1);
      if (patch.state === 'closed') {
        issue.stateReason = patch.stateReason ?? 'completed';
        issue.closedAt = now;
        issue.closedBy = actor;
        this.event(issue, 'closed', actor, { stateReason: issue.stateReason }, now);
      } else {
        issue.stateReason = 'reopened';
        issue.closedAt = null;
        issue.closedBy = null;
        this.event(issue, 'reopened', actor, { stateReason: 'reopened' }, now);
      }
    } else if (patch.stateReason !== undefined && issue.state === 'closed' && patch.stateReason !== null) {
      issue.stateReason = patch.stateReason;
    }
    issue.updatedAt = now;
    return issue;
  }

  private setLabels(issue: Issue, names: string[], actor: Account, now: string): void {
    const next = uniqueLabels(names.map((n) => this.ensureLabel(n)));
    for (const old of issue.labels) {
      if (!next.includes(old)) this.event(issue, 'unlabeled', actor, { label: eventLabel(old) }, now);
    }
    for (const label of next) {
      if (!issue.labels.includes(label))
        this.event(issue, 'labeled', actor, { label: eventLabel(label) }, now);
    }
    issue.labels = next;
  }

  addLabels(issue: Issue, names: string[], actor: Account): void {
    const now = this.store.now();
    for (const label of uniqueLabels(names.map((n) => this.ensureLabel(n)))) {
      if (issue.labels.includes(label)) continue;
      issue.labels.push(label);
      this.event(issue, 'labeled', actor, { label: eventLabel(label) }, now);
    }
    issue.updatedAt = now;
  }

  replaceLabels(issue: Issue, names: string[], actor: Account): void {
    const now = this.store.now();
    this.setLabels(issue, names, actor, now);
    issue.updatedAt = now;
  }

  removeLabel(issue: Issue, name: string, actor: Account): void {
    const label = this.findLabel(name);
    if (!label || !issue.labels.includes(label)) throw new ApiError(404, 'Label does not exist');
    const now = this.store.now();
    issue.labels = issue.labels.filter((l) => l !== label);
    this.event(issue, 'unlabeled', actor, { label: eventLabel(label) }, now);
    issue.updatedAt = now;
  }

  private setAssignees(issue: Issue, next: Account[], actor: Account, now: string): void {
    for (const old of issue.assignees) {
      if (!next.includes(old))
        this.event(issue, 'unassigned', actor, { assignee: old, assigner: actor }, now);
    }
    for (const a of next) {
      if (!issue.assignees.includes(a))
        this.event(issue, 'assigned', actor, { assignee: a, assigner: actor }, now);
    }
    issue.assignees = next;
  }

  /** Adds assignees; logins that cannot be assigned are silently ignored (as GitHub does here). */
  addAssignees(issue: Issue, logins: string[], actor: Account): void {
    const now = this.store.now();
    const next = [...issue.assignees];
    for (const login of logins) {
      const account = this.store.findAccount(login);
      if (account && this.assignable(account) && !next.includes(account)) next.push(account);
    }
    this.setAssignees(issue, next.slice(0, 10), actor, now);
    issue.updatedAt = now;
  }

  removeAssignees(issue: Issue, logins: string[], actor: Account): void {
    const now = this.store.now();
    const drop = new Set(logins.map((l) => l.toLowerCase()));
    this.setAssignees(
      issue,
      issue.assignees.filter((a) => !drop.has(a.login.toLowerCase())),
      actor,
      now,
    );
    issue.updatedAt = now;
  }

  // ----- comments and reactions -----

  addComment(issue: Issue, body: string, actor: Account, at?: string): Comment {
    const now = at ?? this.store.now();
    const comment: Comment = {
      id: this.store.nextId(),
      issue,
      body,
      user: actor,
      createdAt: now,
      updatedAt: now,
      reactions: [],
    };
    issue.comments.push(comment);
    this.comments.set(comment.id, comment);
    if (now > issue.updatedAt) issue.updatedAt = now;
    return comment;
  }

  comment(id: number): Comment {
    const c = this.comments.get(id);
    if (!c) throw notFound();
    return c;
  }

  updateComment(comment: Comment, body: string): Comment {
    comment.body = body;
    comment.updatedAt = this.store.now();
    return comment;
  }

  deleteComment(comment: Comment): void {
    this.comments.delete(comment.id);
    comment.issue.comments = comment.issue.comments.filter((c) => c !== comment);
  }

  /** Adds a reaction; `created` is false when this user already reacted with that content. */
  react(
    target: { reactions: Reaction[] },
    content: ReactionContent,
    actor: Account,
  ): { reaction: Reaction; created: boolean } {
    const existing = target.reactions.find((r) => r.content === content && r.user === actor);
    if (existing) return { reaction: existing, created: false };
    const reaction: Reaction = { id: this.store.nextId(), content, user: actor, createdAt: this.store.now() };
    target.reactions.push(reaction);
    return { reaction, created: true };
  }

  private event(
    issue: Issue,
    event: EventType,
    actor: Account,
    extra: Partial<
      Pick<IssueEvent, 'label' | 'assignee' | 'assigner' | 'milestone' | 'rename' | 'stateReason'>
    >,
    at: string,
  ): void {
    const record: IssueEvent = { id: this.store.nextId(), issue, event, actor, createdAt: at, ...extra };
    issue.events.push(record);
    this.events.push(record);
  }

  // ----- git -----

  makeCommit(files: Map<string, GitFile>, parents: string[], message: string, date: string): Commit {
    const treeSha = sha1(
      [...files.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([p, f]) => `${p}\0${f.sha}`)
        .join('\n'),
    );
    const author = {
      name: 'github-actions[bot]',
      email: '41898282+github-actions[bot]@users.noreply.github.com',
    };
    const sha = sha1(
      `commit ${this.store.nextId()}\ntree ${treeSha}\nparents ${parents.join(' ')}\n${date}\n${message}`,
    );
    const commit: Commit = { sha, treeSha, parents, message, date, author, files };
    this.commits.set(sha, commit);
    return commit;
  }

  /** The head commit of a branch, or undefined. */
  head(branch: string): Commit | undefined {
    const sha = this.branches.get(branch);
    return sha === undefined ? undefined : this.commits.get(sha);
  }

  /** Writes (or replaces) one file on a branch as a new commit; `expectedSha` is the blob it replaces. */
  putFile(
    branch: string,
    path: string,
    content: Buffer,
    message: string,
    expectedSha: string | undefined,
  ): { commit: Commit; file: GitFile; created: boolean } {
    const head = this.head(branch);
    if (!head) throw new ApiError(404, `Branch ${branch} not found`);
    const current = head.files.get(path);
    if (current && expectedSha === undefined) {
      // GitHub's wording for replacing a file without naming the blob being replaced.
      throw new ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    }
    if (expectedSha !== undefined && (!current || current.sha !== expectedSha)) {
      throw new ApiError(409, `${path} does not match ${expectedSha}`);
    }
    const file = this.storeBlob(content);
    const files = new Map(head.files);
    files.set(path, file);
    const commit = this.makeCommit(files, [head.sha], message, this.store.now());
    this.branches.set(branch, commit.sha);
    return { commit, file, created: current === undefined };
  }

  /** Stores a blob (idempotent: the sha is the content's git blob id). */
  storeBlob(content: Buffer): GitFile {
    const sha = gitBlobSha(content);
    if (!this.blobs.has(sha)) this.blobs.set(sha, content);
    return { content: this.blobs.get(sha) ?? content, sha };
  }

  blob(sha: string): GitFile | undefined {
    const content = this.blobs.get(sha.toLowerCase());
    return content === undefined ? undefined : { content, sha: sha.toLowerCase() };
  }

  deleteFile(branch: string, path: string, message: string, expectedSha: string): Commit {
    const head = this.head(branch);
    if (!head) throw new ApiError(404, `Branch ${branch} not found`);
    const current = head.files.get(path);
    if (!current) throw notFound();
    if (current.sha !== expectedSha) throw new ApiError(409, `${path} does not match ${expectedSha}`);
    const files = new Map(head.files);
    files.delete(path);
    const commit = this.makeCommit(files, [head.sha], message, this.store.now());
    this.branches.set(branch, commit.sha);
    return commit;
  }

  // ----- workflow runs -----

  /**
   * Creates or changes a workflow run. GitHub sets `conclusion` only when a run completes (it is
   * null while queued or in progress), so a conclusion on a run that is not completed is refused;
   * a completed run without one is a `success`. Raising `runAttempt` (a re-run) restarts
   * `run_started_at`.
   */
  setWorkflowRun(input: WorkflowRunInput): WorkflowRun {
    const now = this.store.now();
    const existing = this.workflowRuns.get(input.id);
    const status = input.status ?? existing?.status ?? 'queued';
    if (status !== 'completed' && input.conclusion) {
      throw new Error(`a ${status} workflow run has no conclusion (GitHub sets it when the run completes)`);
    }
    const conclusion =
      status === 'completed' ? (input.conclusion ?? existing?.conclusion ?? 'success') : null;
    const runAttempt = input.runAttempt ?? existing?.runAttempt ?? 1;
    const path = input.path ?? existing?.path ?? '.github/workflows/earshot.yml';
    let workflowId = this.workflowIds.get(path);
    if (workflowId === undefined) {
      workflowId = this.store.nextId();
      this.workflowIds.set(path, workflowId);
    }
    const headBranch =
      input.headBranch !== undefined ? input.headBranch : (existing?.headBranch ?? this.defaultBranch);
    const headSha =
      input.headSha ??
      existing?.headSha ??
      this.branches.get(headBranch ?? this.defaultBranch) ??
      this.branches.get(this.defaultBranch) ??
      '0000000000000000000000000000000000000000';
    const createdAt = input.createdAt ?? existing?.createdAt ?? now;
    const name = input.name !== undefined ? input.name : (existing?.name ?? 'Earshot');
    const run: WorkflowRun = {
      id: input.id,
      name,
      displayTitle: input.displayTitle ?? existing?.displayTitle ?? name ?? path,
      runNumber: input.runNumber ?? existing?.runNumber ?? this.workflowRuns.size + 1,
      runAttempt,
      status,
      conclusion,
      event: input.event ?? existing?.event ?? 'workflow_dispatch',
      headBranch,
      headSha,
      path,
      workflowId,
      checkSuiteId: existing?.checkSuiteId ?? this.store.nextId(),
      actor: input.actor ?? existing?.actor ?? this.owner,
      createdAt,
      updatedAt: existing ? now : createdAt > now ? createdAt : now,
      runStartedAt:
        existing && existing.runAttempt === runAttempt ? existing.runStartedAt : existing ? now : createdAt,
    };
    this.workflowRuns.set(run.id, run);
    return run;
  }
}

function normalizeColor(color: string | undefined): string | undefined {
  if (color === undefined) return DEFAULT_LABEL_COLOR;
  const hex = color.replace(/^#/, '');
  return /^[0-9a-fA-F]{6}$/.test(hex) ? hex.toLowerCase() : undefined;
}

function uniqueLabels(labels: Label[]): Label[] {
  return [...new Set(labels)];
}

function eventLabel(label: Label): { name: string; color: string } {
  return { name: label.name, color: label.color };
}

export interface StoreOptions {
  now: () => Date;
  defaultPrivate: boolean;
  defaultBranch: string;
  /** Listing lag for new issues, in ms (see `Store.issueListingLagMs`; default 0 = off). */
  issueListingLagMs?: number;
}

export const BOT_LOGIN = 'github-actions[bot]';
export const BOT_ID = 41898282;

export class Store {
  readonly repos = new Map<string, Repo>();
  readonly accounts = new Map<string, Account>();
  readonly tokens = new Map<string, TokenGrant>();
  /**
   * An issue created through the API shows in `GET /repos/{owner}/{repo}/issues` only this many ms
   * (of the emulator's clock) after its creation; `GET …/issues/{issue_number}` sees it at once.
   */
  issueListingLagMs: number;
  private idCounter = 1000;

  constructor(readonly options: StoreOptions) {
    this.issueListingLagMs = options.issueListingLagMs ?? 0;
    this.accounts.set(BOT_LOGIN, { login: BOT_LOGIN, id: BOT_ID, type: 'Bot', role: 'write', exists: true });
  }

  now(): string {
    return isoSeconds(this.options.now());
  }

  nextId(): number {
    return ++this.idCounter;
  }

  /** A stable numeric id for a login (used for accounts and owners). */
  accountId(login: string): number {
    let h = 7;
    for (const ch of login.toLowerCase()) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
    return 100000 + (h % 90000000);
  }

  findAccount(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  /** The account for a login, created (no role, type User) on first use. */
  account(login: string): Account {
    const existing = this.findAccount(login);
    if (existing) return existing;
    const account: Account = { login, id: this.accountId(login), type: 'User', exists: true };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  setAccount(
    login: string,
    spec: { role?: Role | undefined; type?: Account['type']; exists?: boolean },
  ): Account {
    const account = this.account(login);
    if (spec.role !== undefined) account.role = spec.role;
    if (spec.type !== undefined) account.type = spec.type;
    if (spec.exists !== undefined) account.exists = spec.exists;
    return account;
  }

  /** The repository, created (private flag and default branch from the options) on first use. */
  repo(owner: string, name: string): Repo {
    const key = `${owner}/${name}`.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) {
      repo = new Repo(
        this,
        this.nextId(),
        owner,
        name,
        this.options.defaultPrivate,
        this.options.defaultBranch,
        this.now(),
      );
      this.repos.set(key, repo);
    }
    return repo;
  }
}
