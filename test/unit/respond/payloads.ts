/**
 * Webhook payloads for respond tests, built from the recorded templates in test/fixtures/events/
 * (shaped like GitHub's, checked against the webhook schemas in @octokit/openapi) with the issue,
 * comment, label and sender of the test filled in.
 */
import { readFileSync } from 'node:fs';

export type Template = 'issue_comment.created' | 'issues.labeled' | 'issues.closed' | 'pull_request.closed';

type Json = Record<string, unknown>;

export function template(name: Template): Json {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/events/${name}.json`, import.meta.url), 'utf8'),
  ) as Json;
}

function userLike(base: Json, login: string, type = 'User'): Json {
  return {
    ...base,
    login,
    type,
    html_url: `https://github.com/${login}`,
    url: `https://api.github.com/users/${login}`,
  };
}

export interface PayloadInput {
  /** The issue as GitHub's REST API returns it (e.g. from the emulator). */
  issue?: Json;
  /** `association`: the comment's author_association (the template's otherwise). */
  comment?: { id: number; body: string; html_url?: string; user?: string; association?: string };
  label?: string;
  sender?: string;
  senderType?: string;
  action?: string;
  pull?: { number: number; merged: boolean; title?: string };
}

export function payload(name: Template, input: PayloadInput = {}): Json {
  const t = template(name);
  const sender = input.sender
    ? userLike(t.sender as Json, input.sender, input.senderType)
    : (t.sender as Json);
  const out: Json = { ...t, sender, ...(input.action ? { action: input.action } : {}) };
  if (input.issue) out.issue = { ...(t.issue as Json), ...input.issue };
  if (input.comment) {
    const c = t.comment as Json;
    out.comment = {
      ...c,
      id: input.comment.id,
      body: input.comment.body,
      ...(input.comment.html_url ? { html_url: input.comment.html_url } : {}),
      ...(input.comment.association ? { author_association: input.comment.association } : {}),
      user: input.comment.user ? userLike(c.user as Json, input.comment.user, input.senderType) : sender,
    };
  }
  if (input.label) out.label = { ...(t.label as Json), name: input.label };
  if (input.pull) {
    const pr = t.pull_request as Json;
    out.number = input.pull.number;
    out.pull_request = {
      ...pr,
      number: input.pull.number,
      merged: input.pull.merged,
      merged_at: input.pull.merged ? pr.merged_at : null,
      merged_by: input.pull.merged ? pr.merged_by : null,
      html_url: `https://github.com/acme/mentions/pull/${input.pull.number}`,
      ...(input.pull.title ? { title: input.pull.title } : {}),
    };
  }
  return out;
}
