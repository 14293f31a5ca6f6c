/**
 * The one issue type every role of the record reads (scan, respond, report), and the one
 * conversion from GitHub's issue object. A mention issue carries its marker (src/record/marker.ts):
 * the key and every id it is known by.
 */
import { type MarkerData, parseMarker } from './marker.js';

export interface RecordIssue {
  number: number;
  title: string;
  body: string;
  url: string;
  state: 'open' | 'closed';
  stateReason?: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null | undefined;
  labels: string[];
  milestone?: string | undefined;
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string | undefined;
  /** Who opened it (GitHub's `user.login`). */
  author?: string | undefined;
  /** Comment count, where the listing gives it (GitHub does). */
  comments?: number | undefined;
  isPullRequest?: boolean | undefined;
  /** GraphQL node id (pinning). */
  nodeId?: string | undefined;
  /** The node ids of its labels by name in lower case, where GitHub gave them (respond's label removals). */
  labelIds?: Record<string, string> | undefined;
  /** The mention key from the issue's hidden marker; undefined for issues Earshot did not file. */
  key?: string | undefined;
  /** Every id in the marker (the key first); undefined without a marker. */
  ids?: string[] | undefined;
  marker?: MarkerData | undefined;
}

/** GitHub's issue object, as far as the record reads it (REST "Get an issue", "List repository issues"). */
export interface ApiIssue {
  number: number;
  node_id?: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string; node_id?: string })[];
  milestone?: { title: string } | null;
  assignees?: { login: string }[] | null;
  user?: { login: string } | null;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  comments?: number;
  html_url: string;
  pull_request?: unknown;
}

export function labelNames(labels: ApiIssue['labels']): string[] {
  return labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
}

/** Label name (lower case) → node id, for the labels whose node id GitHub gave; undefined if none. */
export function labelNodeIds(
  labels: readonly (string | { name?: string; node_id?: string | null | undefined })[],
): Record<string, string> | undefined {
  const ids: Record<string, string> = {};
  for (const l of labels)
    if (typeof l !== 'string' && l.name && l.node_id) ids[l.name.toLowerCase()] = l.node_id;
  return Object.keys(ids).length > 0 ? ids : undefined;
}

export function fromApiIssue(i: ApiIssue): RecordIssue {
  const marker = parseMarker(i.body);
  const key = marker?.key;
  const labelIds = labelNodeIds(i.labels);
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    url: i.html_url,
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: (i.state_reason ?? null) as RecordIssue['stateReason'],
    labels: labelNames(i.labels),
    ...(i.milestone ? { milestone: i.milestone.title } : {}),
    assignees: (i.assignees ?? []).map((a) => a.login),
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    ...(i.closed_at ? { closedAt: i.closed_at } : {}),
    ...(i.user?.login ? { author: i.user.login } : {}),
    ...(typeof i.comments === 'number' ? { comments: i.comments } : {}),
    ...(i.pull_request !== undefined && i.pull_request !== null ? { isPullRequest: true } : {}),
    ...(i.node_id ? { nodeId: i.node_id } : {}),
    ...(labelIds ? { labelIds } : {}),
    ...(key && marker ? { key, ids: [key, ...(marker.ids ?? []).filter((id) => id !== key)], marker } : {}),
  };
}
