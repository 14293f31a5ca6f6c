/** Repository labels and milestones. */
import { notFound, validationFailed } from '../errors.js';
import { bodyObject, byTime, intParam, optNullableString, optString, paged, param } from '../paging.js';
import type { RequestContext, Route, RouteResult } from '../router.js';
import type { Label, Milestone } from '../store.js';

const read = { scope: 'issues', level: 'read' } as const;
const write = { scope: 'issues', level: 'write', minRole: 'write' } as const;

function label(ctx: RequestContext): Label {
  const found = ctx.repo.findLabel(param(ctx, 'name'));
  if (!found) throw notFound();
  return found;
}

function createLabel(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const name = optString(body, 'name');
  if (name === undefined) throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
  const created = ctx.repo.createLabel(
    name,
    optString(body, 'color'),
    optNullableString(body, 'description'),
  );
  return { status: 201, body: ctx.render.label(ctx.repo, created) };
}

function updateLabel(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const patch: Parameters<typeof ctx.repo.updateLabel>[1] = {};
  const newName = optString(body, 'new_name');
  if (newName !== undefined) patch.newName = newName;
  const color = optString(body, 'color');
  if (color !== undefined) patch.color = color;
  const description = optNullableString(body, 'description');
  if (description !== undefined) patch.description = description;
  return { status: 200, body: ctx.render.label(ctx.repo, ctx.repo.updateLabel(label(ctx), patch)) };
}

function dueOn(value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw validationFailed({ resource: 'Milestone', code: 'invalid', field: 'due_on' });
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function listMilestones(ctx: RequestContext): RouteResult {
  const state = ctx.query.get('state') ?? 'open';
  const list = [...ctx.repo.milestones.values()].filter((m) => state === 'all' || m.state === state);
  const sort = ctx.query.get('sort') ?? 'due_on';
  const sign = (ctx.query.get('direction') ?? 'asc') === 'desc' ? -1 : 1;
  const completeness = (m: Milestone): number => {
    const total = m.openIssues + m.closedIssues;
    return total === 0 ? 0 : m.closedIssues / total;
  };
  list.sort((a, b) => {
    let primary: number;
    if (sort === 'completeness') primary = completeness(a) - completeness(b);
    else if (a.dueOn === b.dueOn) primary = 0;
    else if (a.dueOn === null) primary = 1;
    else if (b.dueOn === null) primary = -1;
    else primary = byTime(a.dueOn, b.dueOn);
    return sign * (primary !== 0 ? primary : a.number - b.number);
  });
  return paged(ctx, list, (m) => ctx.render.milestone(ctx.repo, m));
}

function createMilestone(ctx: RequestContext): RouteResult {
  const body = bodyObject(ctx);
  const title = optString(body, 'title');
  if (title === undefined || title.trim() === '') {
    throw validationFailed({ resource: 'Milestone', code: 'missing_field', field: 'title' });
  }
  const state = optString(body, 'state');
  const input: Parameters<typeof ctx.repo.createMilestone>[0] = {
    title,
    description: optNullableString(body, 'description') ?? null,
    dueOn: dueOn(optNullableString(body, 'due_on')) ?? null,
  };
  if (state === 'open' || state === 'closed') input.state = state;
  const milestone = ctx.repo.createMilestone(input, ctx.actor);
  return { status: 201, body: ctx.render.milestone(ctx.repo, milestone) };
}

function updateMilestone(ctx: RequestContext): RouteResult {
  const milestone = ctx.repo.milestone(intParam(ctx, 'milestone_number'));
  const body = bodyObject(ctx);
  const title = optString(body, 'title');
  if (title !== undefined && title.toLowerCase() !== milestone.title.toLowerCase()) {
    for (const m of ctx.repo.milestones.values()) {
      if (m !== milestone && m.title.toLowerCase() === title.toLowerCase()) {
        throw validationFailed({ resource: 'Milestone', code: 'already_exists', field: 'title' });
      }
    }
  }
  if (title !== undefined) milestone.title = title;
  const description = optNullableString(body, 'description');
  if (description !== undefined) milestone.description = description;
  const due = dueOn(optNullableString(body, 'due_on'));
  if (due !== undefined) milestone.dueOn = due;
  const state = optString(body, 'state');
  const now = ctx.store.now();
  if ((state === 'open' || state === 'closed') && state !== milestone.state) {
    milestone.state = state;
    milestone.closedAt = state === 'closed' ? now : null;
  }
  milestone.updatedAt = now;
  return { status: 200, body: ctx.render.milestone(ctx.repo, milestone) };
}

export const labelRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/labels',
    access: read,
    handle: (ctx) => paged(ctx, [...ctx.repo.labels.values()], (l) => ctx.render.label(ctx.repo, l)),
  },
  { method: 'POST', template: '/repos/{owner}/{repo}/labels', access: write, handle: createLabel },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/labels/{name}',
    access: read,
    handle: (ctx) => ({ status: 200, body: ctx.render.label(ctx.repo, label(ctx)) }),
  },
  { method: 'PATCH', template: '/repos/{owner}/{repo}/labels/{name}', access: write, handle: updateLabel },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/labels/{name}',
    access: write,
    handle: (ctx) => {
      ctx.repo.deleteLabel(label(ctx));
      return { status: 204 };
    },
  },
  { method: 'GET', template: '/repos/{owner}/{repo}/milestones', access: read, handle: listMilestones },
  { method: 'POST', template: '/repos/{owner}/{repo}/milestones', access: write, handle: createMilestone },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    access: read,
    handle: (ctx) => ({
      status: 200,
      body: ctx.render.milestone(ctx.repo, ctx.repo.milestone(intParam(ctx, 'milestone_number'))),
    }),
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    access: write,
    handle: updateMilestone,
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    access: write,
    handle: (ctx) => {
      const milestone = ctx.repo.milestone(intParam(ctx, 'milestone_number'));
      for (const issue of ctx.repo.issues) if (issue.milestone === milestone) issue.milestone = null;
      ctx.repo.milestones.delete(milestone.number);
      return { status: 204 };
    },
  },
];
