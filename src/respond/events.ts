/**
 * GitHub webhook payloads (the workflow's event file) → RespondEvent. Validated with zod: only the
 * fields respond mode reads, so GitHub adding fields never breaks it.
 *
 * - `issue_comment` (created/edited/deleted) → a comment event;
 * - `issues` labeled/unlabeled → a label event, closed → a closed event;
 * - `pull_request` / `pull_request_target` closed with `merged: true` → a merged event.
 */
import * as z from 'zod';
import { labelNodeIds } from '../record/issue.js';
import type { EventIssue, RespondEvent } from './types.js';

/** The events that run respond mode (action routing). */
export const RESPOND_EVENTS: readonly string[] = [
  'issue_comment',
  'issues',
  'pull_request',
  'pull_request_target',
];

const userSchema = z.object({ login: z.string(), type: z.string().default('User') });

const issueSchema = z.object({
  number: z.number().int().positive(),
  node_id: z.string().nullish(),
  title: z.string().default(''),
  body: z.string().nullish(),
  labels: z
    .array(z.union([z.string(), z.object({ name: z.string(), node_id: z.string().nullish() })]))
    .default([]),
  state: z.string().default('open'),
  state_reason: z.string().nullish(),
  assignees: z.array(userSchema.partial({ type: true })).nullish(),
  html_url: z.string().default(''),
  pull_request: z.unknown().optional(),
  created_at: z.string().default(''),
  updated_at: z.string().default(''),
  user: userSchema.partial({ type: true }).nullish(),
});

function toIssue(i: z.infer<typeof issueSchema>): EventIssue {
  // The node ids let a command remove several labels in one call (record/github/respond.ts).
  const labelIds = labelNodeIds(i.labels);
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    labels: i.labels.map((l) => (typeof l === 'string' ? l : l.name)),
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: (i.state_reason ?? null) as EventIssue['stateReason'],
    assignees: (i.assignees ?? []).map((a) => a.login),
    url: i.html_url,
    isPullRequest: i.pull_request !== undefined && i.pull_request !== null,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    ...(i.user?.login ? { author: i.user.login } : {}),
    ...(i.node_id ? { nodeId: i.node_id } : {}),
    ...(labelIds ? { labelIds } : {}),
  };
}

const commentPayload = z.object({
  action: z.string(),
  issue: issueSchema,
  comment: z.object({
    id: z.number().int(),
    body: z.string().nullish(),
    user: userSchema.nullish(),
    author_association: z.string().nullish(),
  }),
  sender: userSchema,
});

const issuesPayload = z.object({
  action: z.string(),
  issue: issueSchema,
  label: z.object({ name: z.string() }).nullish(),
  sender: userSchema,
});

const pullPayload = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int().positive(),
    title: z.string().default(''),
    html_url: z.string().default(''),
    merged: z.boolean().nullish(),
  }),
  sender: userSchema,
});

export type ParsedEvent = { event: RespondEvent } | { ignored: string };

export function parseGitHubEvent(eventName: string, payload: unknown): ParsedEvent {
  if (eventName === 'issue_comment') {
    const p = commentPayload.safeParse(payload);
    if (!p.success)
      return { ignored: `the issue_comment payload is not readable (${p.error.issues[0]?.path.join('.')})` };
    const d = p.data;
    return {
      event: {
        kind: 'comment',
        action: d.action,
        issue: toIssue(d.issue),
        comment: {
          id: d.comment.id,
          body: d.comment.body ?? '',
          user: d.comment.user ?? d.sender,
          ...(d.comment.author_association ? { association: d.comment.author_association } : {}),
        },
        sender: d.sender,
      },
    };
  }
  if (eventName === 'issues') {
    const p = issuesPayload.safeParse(payload);
    if (!p.success)
      return { ignored: `the issues payload is not readable (${p.error.issues[0]?.path.join('.')})` };
    const d = p.data;
    if ((d.action === 'labeled' || d.action === 'unlabeled') && d.label)
      return {
        event: {
          kind: 'label',
          action: d.action,
          issue: toIssue(d.issue),
          label: d.label.name,
          sender: d.sender,
        },
      };
    if (d.action === 'closed')
      return { event: { kind: 'closed', issue: toIssue(d.issue), sender: d.sender } };
    return { ignored: `issues.${d.action} needs nothing from Earshot` };
  }
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const p = pullPayload.safeParse(payload);
    if (!p.success) return { ignored: `the ${eventName} payload is not readable` };
    const d = p.data;
    if (d.action !== 'closed' || d.pull_request.merged !== true)
      return {
        ignored: `${eventName}.${d.action}${d.action === 'closed' ? ' (not merged)' : ''} needs nothing from Earshot`,
      };
    return {
      event: {
        kind: 'merged',
        pull: { number: d.pull_request.number, title: d.pull_request.title, url: d.pull_request.html_url },
        sender: d.sender,
      },
    };
  }
  return { ignored: `the event ${eventName} is not one respond mode acts on` };
}
