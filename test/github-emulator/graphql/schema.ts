/**
 * The slice of GitHub's GraphQL schema the emulator serves — what Earshot's report asks for — with
 * resolvers over the same store the REST routes use, so both APIs tell one story:
 *  - `repository(owner, name) { issue(number) { timelineItems(first, after, itemTypes) } label(name) }`
 *  - `rateLimit { cost limit remaining used resetAt nodeCount }`
 *  - mutation `addLabelsToLabelable(input: { labelableId, labelIds })` (the store's own `addLabels`);
 *  - mutation `removeLabelsFromLabelable(input: { labelableId, labelIds })` (respond removes two
 *    status labels at once; only those: a label the issue does not carry is left alone);
 *  - mutation `pinIssue(input: { issueId })` (the report pins its issue; at most MAX_PINNED a
 *    repository, as GitHub allows), and `Issue.isPinned`.
 * Field names, types and the IssueTimelineItems members follow GitHub's public schema
 * (https://docs.github.com/en/graphql/reference/objects#issue, …/unions#issuetimelineitems).
 */
import { EVENT_NODE_TYPES } from '../render.js';
import type { Account, Comment, Issue, IssueEvent, Label, Repo, Store } from '../store.js';
import { nodeId } from '../util.js';

export interface Obj {
  /** Concrete GraphQL type. */
  t: string;
  // biome-ignore lint/suspicious/noExplicitAny: a resolver's source object (store record or plain data)
  v: any;
  /** The repository the object belongs to (issues, their timeline items). */
  r?: Repo;
}

export interface ExecContext {
  store: Store;
  actor: Account;
  canRead: boolean;
  canWrite: boolean;
  rate: { cost: number; limit: number; used: number; resetAt: string; nodeCount: number };
}

/** A resolver's failure, rendered as one entry of `errors` (the field answers null). */
export class FieldError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FieldDef {
  type: string;
  list?: boolean;
  /** Arguments accepted (GitHub rejects others with `argumentNotAccepted`). */
  args?: readonly string[];
  /** A connection: `first` or `last` is required, 1–100. */
  connection?: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: arguments are coerced JSON values
  resolve(source: Obj, args: Record<string, any>, ctx: ExecContext): unknown;
}

export interface ObjectType {
  fields: Record<string, FieldDef>;
}
/** An interface or union: the concrete types it may be, and (interfaces) the fields they share. */
export interface AbstractType {
  members: readonly string[];
  fields: Record<string, FieldDef>;
}
export const SCALARS = new Set(['String', 'Int', 'Boolean', 'ID', 'DateTime', 'URI']);

const scalar = (type: string, get: (v: Obj['v']) => unknown): FieldDef => ({
  type,
  resolve: (s) => get(s.v),
});

const actorType = (a: Account) =>
  a.type === 'Bot' ? 'Bot' : a.type === 'Organization' ? 'Organization' : 'User';
/** GraphQL names a bot by its app's slug, without REST's `[bot]` suffix. */
const actorLogin = (a: Account) => (a.type === 'Bot' ? a.login.replace(/\[bot\]$/, '') : a.login);
const actorObj = (a: Account | null | undefined): Obj | null => (a ? { t: actorType(a), v: a } : null);

const actorFields: Record<string, FieldDef> = {
  login: scalar('String', (a: Account) => actorLogin(a)),
  id: scalar('ID', (a: Account) => nodeId(a.type, a.id)),
};

/** The IssueTimelineItems member for each store event (GitHub's `…Event` object names). */
export const EVENT_TYPES = EVENT_NODE_TYPES;
/** `itemTypes:` enum values (IssueTimelineItemsItemType) → the object they select. */
export const ITEM_TYPES: Record<string, string> = {
  ISSUE_COMMENT: 'IssueComment',
  ...Object.fromEntries(
    Object.values(EVENT_TYPES).map((t) => [t.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), t]),
  ),
};

const eventBase = (): Record<string, FieldDef> => ({
  id: scalar('ID', (e: IssueEvent) => nodeId(EVENT_TYPES[e.event], e.id)),
  createdAt: scalar('DateTime', (e: IssueEvent) => e.createdAt),
  actor: { type: 'Actor', resolve: (s) => actorObj((s.v as IssueEvent).actor) },
});

const labelOf = (s: Obj): Obj | null => {
  const e = s.v as IssueEvent;
  if (!e.label) return null;
  return {
    t: 'Label',
    v: s.r?.findLabel(e.label.name) ?? { id: 0, name: e.label.name, color: e.label.color },
  };
};

/** Timeline items of an issue, oldest first: its events and its comments (as the REST timeline). */
export function timelineItems(issue: Issue, repo?: Repo): Obj[] {
  const r = repo ? { r: repo } : {};
  const items: { at: string; id: number; obj: Obj }[] = [];
  for (const e of issue.events)
    items.push({ at: e.createdAt, id: e.id, obj: { t: EVENT_TYPES[e.event], v: e, ...r } });
  for (const c of issue.comments)
    items.push({ at: c.createdAt, id: c.id, obj: { t: 'IssueComment', v: c, ...r } });
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  return items.map((i) => i.obj);
}

const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString('base64');
function indexOfCursor(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m)
    throw new FieldError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/** One page of a connection (first/after or last/before), with pageInfo and totalCount. */
function connection(
  all: Obj[],
  args: { first?: number; last?: number; after?: string; before?: string },
): Obj {
  let start = 0;
  let end = all.length;
  if (args.after) start = indexOfCursor(args.after) + 1;
  if (args.before) end = Math.min(end, indexOfCursor(args.before));
  let from = start;
  let to = end;
  if (args.first !== undefined) to = Math.min(end, start + args.first);
  if (args.last !== undefined) from = Math.max(from, to - args.last);
  const nodes = all.slice(from, to);
  return {
    t: 'Connection',
    v: {
      nodes,
      totalCount: all.length,
      pageInfo: {
        hasNextPage: to < end,
        hasPreviousPage: from > start,
        startCursor: nodes.length ? cursorOf(from) : null,
        endCursor: nodes.length ? cursorOf(to - 1) : null,
      },
    },
  };
}

function repoOf(ctx: ExecContext, owner: string, name: string): Repo | null {
  const key = `${owner}/${name}`.toLowerCase();
  for (const r of ctx.store.repos.values()) if (r.fullName.toLowerCase() === key) return r;
  return null;
}

/** The issue a node id names: its type and database id are in the id (see util.ts nodeId). */
function issueByNodeId(ctx: ExecContext, id: string): { issue: Issue; repo: Repo } | undefined {
  const m = /^\d{2}:Issue(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  if (!m) return undefined;
  const dbId = Number(m[1]);
  for (const repo of ctx.store.repos.values()) {
    const issue = repo.issues.find((i) => i.id === dbId);
    if (issue) return { issue, repo };
  }
  return undefined;
}

/** The issue a mutation names, which the token must be able to write. */
function writableIssue(ctx: ExecContext, id: string | undefined): { issue: Issue; repo: Repo } {
  const found = id ? issueByNodeId(ctx, id) : undefined;
  if (!found) throw new FieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
  if (!ctx.canWrite) throw new FieldError('FORBIDDEN', 'Resource not accessible by integration');
  return found;
}

/** GitHub lets a repository pin three issues. */
export const MAX_PINNED = 3;
/** Pinned issue ids per repository (pinning is GraphQL-only, so it lives here, not in the store). */
const pinned = new WeakMap<Repo, Set<number>>();
const pinnedIn = (repo: Repo): Set<number> => {
  const set = pinned.get(repo) ?? new Set<number>();
  pinned.set(repo, set);
  return set;
};

/**
 * `addLabelsToLabelable` / `removeLabelsFromLabelable`: the issue and every label id resolved (a
 * missing one fails the field) before `apply` changes the issue.
 */
function labelsMutation(
  payload: string,
  apply: (repo: Repo, issue: Issue, labels: Label[], actor: Account) => void,
): FieldDef {
  return {
    type: payload,
    args: ['input'],
    resolve: (_s, a, ctx) => {
      const input = (a.input ?? {}) as {
        labelableId?: string;
        labelIds?: string[];
        clientMutationId?: string;
      };
      const { issue, repo } = writableIssue(ctx, input.labelableId);
      const labels = (input.labelIds ?? []).map((id) => {
        const label = [...repo.labels.values()].find((l) => nodeId('Label', l.id) === id);
        if (!label)
          throw new FieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
        return label;
      });
      apply(repo, issue, labels, ctx.actor);
      return { t: payload, v: { clientMutationId: input.clientMutationId ?? null, issue }, r: repo };
    },
  };
}

/** The payload of both label mutations. */
const labelablePayload: ObjectType = {
  fields: {
    clientMutationId: scalar('String', (v) => v.clientMutationId),
    labelable: {
      type: 'Labelable',
      resolve: (s) => ({ t: 'Issue', v: s.v.issue, ...(s.r ? { r: s.r } : {}) }),
    },
  },
};

export const OBJECTS: Record<string, ObjectType> = {
  Query: {
    fields: {
      repository: {
        type: 'Repository',
        args: ['owner', 'name', 'followRenames'],
        resolve: (_s, a, ctx) => {
          const repo = ctx.canRead ? repoOf(ctx, String(a.owner), String(a.name)) : null;
          if (!repo)
            throw new FieldError(
              'NOT_FOUND',
              `Could not resolve to a Repository with the name '${a.owner}/${a.name}'.`,
            );
          return { t: 'Repository', v: repo };
        },
      },
      rateLimit: {
        type: 'RateLimit',
        args: ['dryRun'],
        resolve: (_s, _a, ctx) => ({ t: 'RateLimit', v: ctx.rate }),
      },
    },
  },
  Mutation: {
    fields: {
      addLabelsToLabelable: labelsMutation('AddLabelsToLabelablePayload', (repo, issue, labels, actor) =>
        repo.addLabels(
          issue,
          labels.map((l) => l.name),
          actor,
        ),
      ),
      removeLabelsFromLabelable: labelsMutation(
        'RemoveLabelsFromLabelablePayload',
        (repo, issue, labels, actor) => {
          for (const label of labels)
            if (issue.labels.includes(label)) repo.removeLabel(issue, label.name, actor);
        },
      ),
      pinIssue: {
        type: 'PinIssuePayload',
        args: ['input'],
        resolve: (_s, a, ctx) => {
          const input = (a.input ?? {}) as { issueId?: string; clientMutationId?: string };
          const found = writableIssue(ctx, input.issueId);
          const set = pinnedIn(found.repo);
          if (!set.has(found.issue.id) && set.size >= MAX_PINNED)
            throw new FieldError(
              'UNPROCESSABLE',
              `A repository can have at most ${MAX_PINNED} pinned issues.`,
            );
          set.add(found.issue.id);
          return {
            t: 'PinIssuePayload',
            v: { clientMutationId: input.clientMutationId ?? null, issue: found.issue },
            r: found.repo,
          };
        },
      },
    },
  },
  PinIssuePayload: {
    fields: {
      clientMutationId: scalar('String', (v) => v.clientMutationId),
      issue: { type: 'Issue', resolve: (s) => ({ t: 'Issue', v: s.v.issue, ...(s.r ? { r: s.r } : {}) }) },
    },
  },
  AddLabelsToLabelablePayload: labelablePayload,
  RemoveLabelsFromLabelablePayload: labelablePayload,
  Repository: {
    fields: {
      id: scalar('ID', (r: Repo) => nodeId('Repository', r.id)),
      nameWithOwner: scalar('String', (r: Repo) => r.fullName),
      issue: {
        type: 'Issue',
        args: ['number'],
        resolve: (s, a) => {
          const repo = s.v as Repo;
          const issue = repo.issues[Number(a.number) - 1];
          if (!issue)
            throw new FieldError(
              'NOT_FOUND',
              `Could not resolve to an Issue with the number of ${a.number}.`,
            );
          return { t: 'Issue', v: issue, r: repo };
        },
      },
      label: {
        type: 'Label',
        args: ['name'],
        resolve: (s, a) => {
          const label = (s.v as Repo).findLabel(String(a.name));
          return label ? { t: 'Label', v: label } : null;
        },
      },
    },
  },
  Issue: {
    fields: {
      id: scalar('ID', (i: Issue) => nodeId('Issue', i.id)),
      number: scalar('Int', (i: Issue) => i.number),
      title: scalar('String', (i: Issue) => i.title),
      state: scalar('String', (i: Issue) => i.state.toUpperCase()),
      createdAt: scalar('DateTime', (i: Issue) => i.createdAt),
      updatedAt: scalar('DateTime', (i: Issue) => i.updatedAt),
      closedAt: scalar('DateTime', (i: Issue) => i.closedAt),
      isPinned: { type: 'Boolean', resolve: (s) => (s.r ? pinnedIn(s.r).has((s.v as Issue).id) : false) },
      timelineItems: {
        type: 'IssueTimelineItemsConnection',
        connection: true,
        args: ['first', 'last', 'after', 'before', 'itemTypes', 'since', 'skip'],
        resolve: (s, a) => {
          let items = timelineItems(s.v as Issue, s.r);
          if (Array.isArray(a.itemTypes)) {
            const wanted = new Set((a.itemTypes as string[]).map((t) => ITEM_TYPES[t]));
            items = items.filter((i) => wanted.has(i.t));
          }
          if (typeof a.since === 'string') items = items.filter((i) => i.v.createdAt >= a.since);
          return connection(items, a);
        },
      },
    },
  },
  IssueTimelineItemsConnection: {
    fields: {
      totalCount: scalar('Int', (c) => c.totalCount),
      pageInfo: { type: 'PageInfo', resolve: (s) => ({ t: 'PageInfo', v: s.v.pageInfo }) },
      nodes: { type: 'IssueTimelineItems', list: true, resolve: (s) => s.v.nodes },
    },
  },
  PageInfo: {
    fields: {
      hasNextPage: scalar('Boolean', (p) => p.hasNextPage),
      hasPreviousPage: scalar('Boolean', (p) => p.hasPreviousPage),
      startCursor: scalar('String', (p) => p.startCursor),
      endCursor: scalar('String', (p) => p.endCursor),
    },
  },
  Label: {
    fields: {
      id: scalar('ID', (l: Label) => nodeId('Label', l.id)),
      name: scalar('String', (l: Label) => l.name),
      color: scalar('String', (l: Label) => l.color),
    },
  },
  IssueComment: {
    fields: {
      id: scalar('ID', (c: Comment) => nodeId('IssueComment', c.id)),
      createdAt: scalar('DateTime', (c: Comment) => c.createdAt),
      body: scalar('String', (c: Comment) => c.body),
      author: { type: 'Actor', resolve: (s) => actorObj((s.v as Comment).user) },
    },
  },
  LabeledEvent: { fields: { ...eventBase(), label: { type: 'Label', resolve: labelOf } } },
  UnlabeledEvent: { fields: { ...eventBase(), label: { type: 'Label', resolve: labelOf } } },
  ClosedEvent: {
    fields: {
      ...eventBase(),
      stateReason: scalar('IssueStateReason', (e: IssueEvent) =>
        e.stateReason ? e.stateReason.toUpperCase() : null,
      ),
    },
  },
  ReopenedEvent: { fields: eventBase() },
  AssignedEvent: { fields: eventBase() },
  UnassignedEvent: { fields: eventBase() },
  MilestonedEvent: { fields: eventBase() },
  DemilestonedEvent: { fields: eventBase() },
  RenamedTitleEvent: { fields: eventBase() },
  User: { fields: actorFields },
  Bot: { fields: actorFields },
  Organization: { fields: actorFields },
  RateLimit: {
    fields: {
      cost: scalar('Int', (r) => r.cost),
      limit: scalar('Int', (r) => r.limit),
      remaining: scalar('Int', (r) => Math.max(0, r.limit - r.used)),
      used: scalar('Int', (r) => r.used),
      resetAt: scalar('DateTime', (r) => r.resetAt),
      nodeCount: scalar('Int', (r) => r.nodeCount),
    },
  },
};

export const ABSTRACT: Record<string, AbstractType> = {
  Actor: { members: ['User', 'Bot', 'Organization'], fields: actorFields },
  Labelable: { members: ['Issue'], fields: {} },
  IssueTimelineItems: { members: ['IssueComment', ...Object.values(EVENT_TYPES)], fields: {} },
};
/** Enum-valued scalars the emulator answers as strings. */
SCALARS.add('IssueStateReason');
