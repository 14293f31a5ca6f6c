/**
 * Bulk seeding (fast: no HTTP, no validation per item) and the JSON state snapshot the control API
 * returns. Seeded issues keep the timestamps given (created_at, updated_at, closed_at).
 */
import { z } from 'zod';
import { ApiError } from './errors.js';
import { type Account, type Issue, type Repo, ROLE_RANK, ROLES, type Store } from './store.js';
import { isoSeconds } from './util.js';

const timestamp = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp')
  .transform((s) => isoSeconds(new Date(s)));

export const userSpecSchema = z.object({
  login: z.string().min(1),
  permission: z.enum(ROLES as [string, ...string[]]).optional(),
  type: z.enum(['User', 'Bot']).optional(),
  /** False: GitHub does not know this login (the permission endpoint answers 404). */
  exists: z.boolean().optional(),
  /** A token that authenticates as this person (their role then limits what they may do). */
  token: z.string().min(1).optional(),
});
export type UserSpec = z.input<typeof userSpecSchema>;

const seedIssueSchema = z.object({
  title: z.string().min(1),
  body: z.string().nullable().optional(),
  labels: z.array(z.string()).optional(),
  /** Milestone title or number (a missing title is created). */
  milestone: z.union([z.string(), z.number().int()]).nullable().optional(),
  assignees: z.array(z.string()).optional(),
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'reopened', 'duplicate']).nullable().optional(),
  user: z.string().optional(),
  created_at: timestamp.optional(),
  updated_at: timestamp.optional(),
  closed_at: timestamp.optional(),
  comments: z
    .array(z.object({ body: z.string(), user: z.string().optional(), created_at: timestamp.optional() }))
    .optional(),
});
export type SeedIssue = z.input<typeof seedIssueSchema>;

export const seedSchema = z.object({
  /** `owner/name`; the emulator's default repository when omitted. */
  repo: z
    .string()
    .regex(/^[^/\s]+\/[^/\s]+$/)
    .optional(),
  private: z.boolean().optional(),
  default_branch: z.string().optional(),
  users: z.array(userSpecSchema).optional(),
  labels: z
    .array(
      z.object({
        name: z.string().min(1),
        color: z.string().optional(),
        description: z.string().nullable().optional(),
      }),
    )
    .optional(),
  milestones: z
    .array(
      z.object({
        title: z.string().min(1),
        description: z.string().nullable().optional(),
        due_on: timestamp.nullable().optional(),
        state: z.enum(['open', 'closed']).optional(),
      }),
    )
    .optional(),
  issues: z.array(seedIssueSchema).optional(),
  branches: z.array(z.string().min(1)).optional(),
  files: z
    .array(
      z.object({
        path: z.string().min(1),
        /** UTF-8 text (or base64 with `encoding: "base64"`). */
        content: z.string(),
        encoding: z.enum(['utf8', 'base64']).optional(),
        branch: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
export type SeedData = z.input<typeof seedSchema>;

export interface SeedResult {
  repo: string;
  issues: number[];
  labels: number;
  milestones: number;
}

/** Registers people (role, token); returns the accounts. */
export function applyUsers(store: Store, specs: readonly UserSpec[]): Account[] {
  return specs.map((input) => {
    const spec = userSpecSchema.parse(input);
    const account = store.setAccount(spec.login, {
      role: spec.permission as Account['role'],
      type: spec.type ?? 'User',
      exists: spec.exists ?? true,
    });
    if (spec.token) store.tokens.set(spec.token, { login: account.login, permissions: {} });
    return account;
  });
}

export function seed(store: Store, defaultRepo: string, input: SeedData): SeedResult {
  const data = seedSchema.parse(input);
  const [owner, name] = (data.repo ?? defaultRepo).split('/') as [string, string];
  const repo = store.repo(owner, name);
  if (data.private !== undefined) repo.isPrivate = data.private;
  if (data.default_branch && data.default_branch !== repo.defaultBranch) {
    const sha = repo.branches.get(repo.defaultBranch);
    if (sha && !repo.branches.has(data.default_branch)) repo.branches.set(data.default_branch, sha);
    repo.defaultBranch = data.default_branch;
  }
  if (data.users) applyUsers(store, data.users);
  for (const l of data.labels ?? []) {
    if (!repo.findLabel(l.name)) repo.createLabel(l.name, l.color, l.description ?? null);
  }
  const bot = store.account('github-actions[bot]');
  for (const m of data.milestones ?? []) {
    const input: Parameters<Repo['createMilestone']>[0] = {
      title: m.title,
      description: m.description ?? null,
      dueOn: m.due_on ?? null,
    };
    if (m.state) input.state = m.state;
    repo.createMilestone(input, bot);
  }
  const numbers: number[] = [];
  for (const spec of data.issues ?? []) numbers.push(seedIssue(store, repo, spec, bot).number);
  for (const branch of data.branches ?? []) {
    const sha = repo.branches.get(repo.defaultBranch);
    if (sha && !repo.branches.has(branch)) repo.branches.set(branch, sha);
  }
  for (const f of data.files ?? []) {
    const branch = f.branch ?? repo.defaultBranch;
    if (!repo.branches.has(branch)) {
      const sha = repo.branches.get(repo.defaultBranch);
      if (sha) repo.branches.set(branch, sha);
    }
    const content = Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8');
    const current = repo.head(branch)?.files.get(f.path);
    repo.putFile(branch, f.path, content, f.message ?? `Seed ${f.path}`, current?.sha);
  }
  return {
    repo: repo.fullName,
    issues: numbers,
    labels: data.labels?.length ?? 0,
    milestones: data.milestones?.length ?? 0,
  };
}

function seedIssue(store: Store, repo: Repo, spec: z.output<typeof seedIssueSchema>, bot: Account): Issue {
  const author = spec.user ? store.account(spec.user) : bot;
  for (const login of spec.assignees ?? []) {
    const a = store.account(login);
    if (a.role === undefined || ROLE_RANK[a.role] < ROLE_RANK.triage) a.role = 'write';
  }
  let milestone: number | null = null;
  if (typeof spec.milestone === 'number') milestone = spec.milestone;
  else if (typeof spec.milestone === 'string') {
    const title = spec.milestone;
    const found = [...repo.milestones.values()].find((m) => m.title === title);
    milestone = (found ?? repo.createMilestone({ title }, bot)).number;
  }
  const created = spec.created_at ?? store.now();
  const input: Parameters<Repo['createIssue']>[0] = { title: spec.title, body: spec.body ?? null, milestone };
  if (spec.labels) input.labels = spec.labels;
  if (spec.assignees) input.assignees = spec.assignees;
  let issue: Issue;
  try {
    issue = repo.createIssue(input, author, created);
  } catch (error) {
    if (error instanceof ApiError) throw new Error(`seed issue "${spec.title}": ${error.message}`);
    throw error;
  }
  for (const c of spec.comments ?? []) {
    repo.addComment(issue, c.body, c.user ? store.account(c.user) : bot, c.created_at ?? created);
  }
  if (spec.state === 'closed') {
    const closedAt = spec.closed_at ?? spec.updated_at ?? created;
    repo.updateIssue(issue, { state: 'closed', stateReason: spec.state_reason ?? 'completed' }, bot);
    issue.closedAt = closedAt;
    const last = issue.events[issue.events.length - 1];
    if (last) last.createdAt = closedAt;
  }
  issue.updatedAt =
    spec.updated_at ?? (issue.closedAt && issue.closedAt > created ? issue.closedAt : created);
  for (const e of issue.events) if (e.createdAt > issue.updatedAt) e.createdAt = issue.updatedAt;
  return issue;
}
