/** Issue comments, reactions, issue events and timelines. */
import { ApiError, notFound, validationFailed } from '../errors.js';
import { bodyObject, byTime, intParam, optString, paged } from '../paging.js';
import type { RequestContext, Route, RouteResult } from '../router.js';
import { type Comment, REACTIONS, type Reaction, type ReactionContent, ROLE_RANK } from '../store.js';
import { isoSeconds, parseTime } from '../util.js';

const read = { scope: 'issues', level: 'read' } as const;
const write = { scope: 'issues', level: 'write' } as const;
const COMMENT = '/repos/{owner}/{repo}/issues/comments/{comment_id}';
const ISSUE = '/repos/{owner}/{repo}/issues/{issue_number}';

function sinceFilter<T extends { updatedAt: string }>(ctx: RequestContext, items: T[]): T[] {
  const since = parseTime(ctx.query.get('since'));
  if (since === undefined) return items;
  const bound = isoSeconds(new Date(since));
  return items.filter((c) => c.updatedAt >= bound);
}

function commentBody(ctx: RequestContext): string {
  const body = optString(bodyObject(ctx), 'body');
  if (body === undefined)
    throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
  return body;
}

/** People may edit or delete their own comments; others need write access. */
function mayModify(ctx: RequestContext, comment: Comment): void {
  if (ctx.actor.type === 'Bot' || comment.user === ctx.actor) return;
  if (ROLE_RANK[ctx.repo.roleOf(ctx.actor)] < ROLE_RANK.write) {
    throw new ApiError(403, 'Must have write access to modify this comment.');
  }
}

function reactionContent(ctx: RequestContext): ReactionContent {
  const content = optString(bodyObject(ctx), 'content');
  const found = REACTIONS.find((r) => r === content);
  if (!found) throw validationFailed({ resource: 'Reaction', code: 'invalid', field: 'content' });
  return found;
}

function react(ctx: RequestContext, target: { reactions: Reaction[] }): RouteResult {
  const { reaction, created } = ctx.repo.react(target, reactionContent(ctx), ctx.actor);
  return { status: created ? 201 : 200, body: ctx.render.reaction(reaction) };
}

function listReactions(ctx: RequestContext, target: { reactions: Reaction[] }): RouteResult {
  const content = ctx.query.get('content');
  const list = content ? target.reactions.filter((r) => r.content === content) : target.reactions;
  return paged(ctx, list, (r) => ctx.render.reaction(r));
}

function deleteReaction(ctx: RequestContext, target: { reactions: Reaction[] }): RouteResult {
  const id = intParam(ctx, 'reaction_id');
  const reaction = target.reactions.find((r) => r.id === id);
  if (!reaction) throw notFound();
  target.reactions.splice(target.reactions.indexOf(reaction), 1);
  return { status: 204 };
}

function listRepoComments(ctx: RequestContext): RouteResult {
  const list = sinceFilter(ctx, [...ctx.repo.comments.values()]);
  const sort = ctx.query.get('sort') ?? 'created';
  const sign = (ctx.query.get('direction') ?? 'asc') === 'desc' ? -1 : 1;
  list.sort((a, b) => {
    const primary = sort === 'updated' ? byTime(a.updatedAt, b.updatedAt) : byTime(a.createdAt, b.createdAt);
    return sign * (primary !== 0 ? primary : a.id - b.id);
  });
  return paged(ctx, list, (c) => ctx.render.comment(ctx.repo, c));
}

export const commentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/comments',
    access: read,
    handle: listRepoComments,
  },
  {
    method: 'GET',
    template: COMMENT,
    access: read,
    handle: (ctx) => ({
      status: 200,
      body: ctx.render.comment(ctx.repo, ctx.repo.comment(intParam(ctx, 'comment_id'))),
    }),
  },
  {
    method: 'PATCH',
    template: COMMENT,
    access: write,
    handle: (ctx) => {
      const comment = ctx.repo.comment(intParam(ctx, 'comment_id'));
      mayModify(ctx, comment);
      ctx.repo.updateComment(comment, commentBody(ctx));
      return { status: 200, body: ctx.render.comment(ctx.repo, comment) };
    },
  },
  {
    method: 'DELETE',
    template: COMMENT,
    access: write,
    handle: (ctx) => {
      const comment = ctx.repo.comment(intParam(ctx, 'comment_id'));
      mayModify(ctx, comment);
      ctx.repo.deleteComment(comment);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    template: `${COMMENT}/reactions`,
    access: read,
    handle: (ctx) => listReactions(ctx, ctx.repo.comment(intParam(ctx, 'comment_id'))),
  },
  {
    method: 'POST',
    template: `${COMMENT}/reactions`,
    access: write,
    handle: (ctx) => react(ctx, ctx.repo.comment(intParam(ctx, 'comment_id'))),
  },
  {
    method: 'DELETE',
    template: `${COMMENT}/reactions/{reaction_id}`,
    access: write,
    handle: (ctx) => deleteReaction(ctx, ctx.repo.comment(intParam(ctx, 'comment_id'))),
  },
  {
    method: 'GET',
    template: `${ISSUE}/comments`,
    access: read,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      return paged(ctx, sinceFilter(ctx, issue.comments), (c) => ctx.render.comment(ctx.repo, c));
    },
  },
  {
    method: 'POST',
    template: `${ISSUE}/comments`,
    access: write,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      const comment = ctx.repo.addComment(issue, commentBody(ctx), ctx.actor);
      const body = ctx.render.comment(ctx.repo, comment);
      return { status: 201, body, headers: { location: String(body.url) } };
    },
  },
  {
    method: 'GET',
    template: `${ISSUE}/reactions`,
    access: read,
    handle: (ctx) => listReactions(ctx, ctx.repo.issue(intParam(ctx, 'issue_number'))),
  },
  {
    method: 'POST',
    template: `${ISSUE}/reactions`,
    access: write,
    handle: (ctx) => react(ctx, ctx.repo.issue(intParam(ctx, 'issue_number'))),
  },
  {
    method: 'DELETE',
    template: `${ISSUE}/reactions/{reaction_id}`,
    access: write,
    handle: (ctx) => deleteReaction(ctx, ctx.repo.issue(intParam(ctx, 'issue_number'))),
  },
  {
    method: 'GET',
    template: `${ISSUE}/events`,
    access: read,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      return paged(ctx, issue.events, (e) => ctx.render.event(ctx.repo, e, false));
    },
  },
  {
    method: 'GET',
    template: `${ISSUE}/timeline`,
    access: read,
    handle: (ctx) => {
      const issue = ctx.repo.issue(intParam(ctx, 'issue_number'));
      return paged(ctx, ctx.render.timeline(ctx.repo, issue), (item) => item);
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/events',
    access: read,
    handle: (ctx) => paged(ctx, [...ctx.repo.events].reverse(), (e) => ctx.render.event(ctx.repo, e, true)),
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/events/{event_id}',
    access: read,
    handle: (ctx) => {
      const id = intParam(ctx, 'event_id');
      const event = ctx.repo.events.find((e) => e.id === id);
      if (!event) throw notFound();
      return { status: 200, body: ctx.render.event(ctx.repo, event, true) };
    },
  },
];
