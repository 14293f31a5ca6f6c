/** Issues: list (filters, sort, Link pagination), create, get, update; labels and assignees on an issue. */
import { ApiError } from '../errors.js';
import {
  bodyObject,
  byTime,
  intParam,
  labelNames,
  optNullableString,
  optString,
  optStringArray,
  paged,
  param,
} from '../paging.js';
import type { RequestContext, Route, RouteResult } from '../router.js';
import {
  type Account,
  type Issue,
  type IssuePatch,
  type Repo,
  ROLE_RANK,
  type StateReason,
} from '../store.js';
import { isoSeconds, parseTime } from '../util.js';

const ISSUES = '/repos/{owner}/{repo}/issues';
const ISSUE = '/repos/{owner}/{repo}/issues/{issue_number}';
const read = { scope: 'issues', level: 'read' } as const;
const write = { scope: 'issues', level: 'write' } as const;
const triage = { scope: 'issues', level: 'write', minRole: 'triage' } as const;

/** Bots act with their token's permissions; people need at least triage to set labels and the like. */
function canTriage(repo: Repo, actor: Account): boolean {
  return actor.type === 'Bot' || ROLE_RANK[repo.roleOf(actor)] >= ROLE_RANK.triage;
}

function listIssues(ctx: RequestContext): RouteResult {
  const q = ctx.query;
  const state = q.get('state') ?? 'open';
  // The listing-lag option: issues created less than `issueListingLagMs` ago are not listed yet.
  const nowMs = ctx.store.options.now().getTime();
  let list: Issue[] = ctx.repo.issues.filter(
    (i) => (i.listedFrom === undefined || i.listedFrom <= nowMs) && (state === 'all' || i.state === state),
  );
  const labelFilter = (q.get('labels') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (labelFilter.length > 0) {
    const labels = labelFilter.map((n) => ctx.repo.findLabel(n));
    list = labels.some((l) => l === undefined)
      ? []
      : list.filter((i) => labels.every((l) => l && i.labels.includes(l)));
  }
  const since = parseTime(q.get('since'));
  if (since !== undefined) {
    const bound = isoSeconds(new Date(since));
    list = list.filter((i) => i.updatedAt >= bound);
  }
  const milestone = q.get('milestone');
  if (milestone === '*') list = list.filter((i) => i.milestone !== null);
  else if (milestone === 'none') list = list.filter((i) => i.milestone === null);
  else if (milestone !== null && milestone !== '')
    list = list.filter((i) => String(i.milestone?.number) === milestone);
  const assignee = q.get('assignee');
  if (assignee === '*') list = list.filter((i) => i.assignees.length > 0);
  else if (assignee === 'none') list = list.filter((i) => i.assignees.length === 0);
  else if (assignee)
    list = list.filter((i) => i.assignees.some((a) => a.login.toLowerCase() === assignee.toLowerCase()));
  const creator = q.get('creator');
  if (creator) list = list.filter((i) => i.user.login.toLowerCase() === creator.toLowerCase());
  const sort = q.get('sort') ?? 'created';
  const sign = (q.get('direction') ?? 'desc') === 'asc' ? 1 : -1;
  list.sort((a, b) => {
    const primary =
      sort === 'updated'
        ? byTime(a.updatedAt, b.updatedAt)
        : sort === 'comments'
          ? a.comments.length - b.comments.length
          : byTime(a.createdAt, b.createdAt);
    return sign * (primary !== 0 ? primary : a.number - b.number);
  });
  return paged(ctx, list, (i) => ctx.render.issue(ctx.repo, i));
}

function milestoneNumber(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (typeof value === 'string') return Number.NaN;
  return undefined;
}

function assigneeLogins(body: Record<string, unknown>): string[] | undefined {
  const list = optStringArray(body, 'assignees');
  const single = optNullableString(body, 'assignee');
  if (list === undefined && single === undefined) return undefined;
  const out = [...(list ?? [])];
  if (single) out.push(single);
  return out;
}

function createIssue(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const title = optString(body, 'title');
  if (title === undefined || title.trim() === '') {
    throw new ApiError(422, 'Validation Failed', [
      { resource: 'Issue', field: 'title', code: 'missing_field' },
    ]);
  }
  const privileged = ctx.actor.type === 'Bot' || ROLE_RANK[ctx.repo.roleOf(ctx.actor)] >= ROLE_RANK.write;
  const input: Parameters<Repo['createIssue']>[0] = { title, body: optNullableString(body, 'body') ?? null };
  // "Only users with push access can set labels/milestone/assignees … silently dropped otherwise."
  if (privileged) {
    const labels = labelNames(body.labels);
    if (labels) input.labels = labels;
    const milestone = milestoneNumber(body.milestone);
    if (milestone !== undefined) input.milestone = milestone;
    const assignees = assigneeLogins(body);
    if (assignees) input.assignees = assignees;
  }
  const issue = ctx.repo.createIssue(input, ctx.actor);
  const lag = ctx.store.issueListingLagMs;
  if (lag > 0) issue.listedFrom = ctx.store.options.now().getTime() + lag;
  return {
    status: 201,
    body: ctx.render.issue(ctx.repo, issue),
    headers: { location: ctx.render.issueUrl(ctx.repo, issue) },
  };
}

function getIssue(ctx: RequestContext): RouteResult {
  const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
  return { status: 200, body: ctx.render.issue(ctx.repo, issue) };
}

const STATE_REASONS = new Set(['completed', 'not_planned', 'reopened', 'duplicate']);

function updateIssue(ctx: RequestContext): RouteResult {
  const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
  const body = bodyObject(ctx);
  const triager = canTriage(ctx.repo, ctx.actor);
  if (!triager && issue.user !== ctx.actor)
    throw new ApiError(403, 'Must have triage access to edit this issue.');
  const patch: IssuePatch = {};
  const title = optString(body, 'title');
  if (title !== undefined) patch.title = title;
  const text = optNullableString(body, 'body');
  if (text !== undefined) patch.body = text;
  const state = optString(body, 'state');
  if (state === 'open' || state === 'closed') patch.state = state;
  const reason = optNullableString(body, 'state_reason');
  if (reason === null || (reason !== undefined && STATE_REASONS.has(reason))) {
    patch.stateReason = reason as StateReason | null;
  }
  if (triager) {
    const labels = labelNames(body.labels);
    if (labels) patch.labels = labels;
    const milestone = milestoneNumber(body.milestone);
    if (milestone !== undefined) patch.milestone = milestone;
    const assignees = assigneeLogins(body);
    if (assignees) patch.assignees = assignees;
  }
  ctx.repo.updateIssue(issue, patch, ctx.actor);
  return { status: 200, body: ctx.render.issue(ctx.repo, issue) };
}

function issueLabels(ctx: RequestContext, issue: Issue, status = 200): RouteResult {
  return { status, body: issue.labels.map((l) => ctx.render.label(ctx.repo, l)) };
}

function labelsBody(ctx: RequestContext): string[] {
  const names = labelNames(ctx.body);
  if (!names) {
    throw new ApiError(422, 'Validation Failed', [
      { resource: 'Label', field: 'labels', code: 'missing_field' },
    ]);
  }
  return names;
}

export const issueRoutes: Route[] = [
  { method: 'GET', template: ISSUES, access: read, handle: listIssues },
  { method: 'POST', template: ISSUES, access: write, handle: createIssue },
  { method: 'GET', template: ISSUE, access: read, handle: getIssue },
  { method: 'PATCH', template: ISSUE, access: write, handle: updateIssue },
  {
    method: 'GET',
    template: `${ISSUE}/labels`,
    access: read,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      return paged(ctx, issue.labels, (l) => ctx.render.label(ctx.repo, l));
    },
  },
  {
    method: 'POST',
    template: `${ISSUE}/labels`,
    access: triage,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      ctx.repo.addLabels(issue, labelsBody(ctx), ctx.actor);
      return issueLabels(ctx, issue);
    },
  },
  {
    method: 'PUT',
    template: `${ISSUE}/labels`,
    access: triage,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      ctx.repo.replaceLabels(issue, labelNames(ctx.body) ?? [], ctx.actor);
      return issueLabels(ctx, issue);
    },
  },
  {
    method: 'DELETE',
    template: `${ISSUE}/labels`,
    access: triage,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      ctx.repo.replaceLabels(issue, [], ctx.actor);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    template: `${ISSUE}/labels/{name}`,
    access: triage,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      ctx.repo.removeLabel(issue, param(ctx, 'name'), ctx.actor);
      return issueLabels(ctx, issue);
    },
  },
  {
    method: 'POST',
    template: `${ISSUE}/assignees`,
    access: triage,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      ctx.repo.addAssignees(issue, optStringArray(bodyObject(ctx), 'assignees') ?? [], ctx.actor);
      return { status: 201, body: ctx.render.issue(ctx.repo, issue) };
    },
  },
  {
    method: 'DELETE',
    template: `${ISSUE}/assignees`,
    access: triage,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      ctx.repo.removeAssignees(issue, optStringArray(bodyObject(ctx), 'assignees') ?? [], ctx.actor);
      return { status: 200, body: ctx.render.issue(ctx.repo, issue) };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/assignees',
    access: read,
    handle: (ctx) => {
      const users = [...ctx.store.accounts.values()].filter((a) => ctx.repo.assignable(a));
      return paged(ctx, users, (a) => ctx.render.user(a));
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/assignees/{assignee}',
    access: read,
    handle: (ctx) => {
      const account = ctx.store.findAccount(param(ctx, 'assignee'));
      if (!account || !ctx.repo.assignable(account)) throw new ApiError(404, 'Not Found');
      return { status: 204 };
    },
  },
];
