/**
 * Who is obeyed: people whose permission on the repository is write or above, asked of the
 * collaborator-permission endpoint — unless the event itself proves it (permissionProvenBy). Anyone
 * else gets a polite refusal, once per person per issue (a `refusal` marker remembers it), and a 👎
 * reaction on each later command (the refusal comment is the answer to the first).
 */

import { canWrite, type Permission, type RespondRecord } from '../record/respond-port.js';
import { renderCommentMarker } from './markers.js';
import type { IssueHistory } from './state.js';

export async function permissionOf(port: RespondRecord, login: string): Promise<Permission> {
  return port.permission(login);
}

/**
 * The permission a comment's `author_association` (sent by GitHub in the issue_comment event, as the
 * comment's author stood when they commented) proves, or undefined: then the endpoint is asked.
 *
 * Only `OWNER` proves write access: GitHub defines it as "Author is the owner of the repository"
 * (CommentAuthorAssociation, docs.github.com/en/graphql/reference/enums#commentauthorassociation),
 * and "the repository owner has full control of the repository" (GitHub Docs, "Permission levels
 * for a personal account repository"; an organization's owners administer all its repositories).
 * Nothing else proves it:
 * - `MEMBER` is "a member of the organization that owns the repository": an organization's base
 *   permission may be read or none ("Repository roles for an organization");
 * - `COLLABORATOR` is "invited to collaborate on the repository": in an organization a collaborator
 *   may have read or triage only (a personal repository's collaborators can push, but the event's
 *   association alone does not say which kind of repository, nor that the invitation was accepted);
 * - `CONTRIBUTOR`, `FIRST_TIMER`, `FIRST_TIME_CONTRIBUTOR`, `MANNEQUIN`, `NONE`: no access at all.
 * Labels, closes and merges carry no association for their sender: always asked.
 */
export function permissionProvenBy(association: string | undefined): Permission | undefined {
  return association === 'OWNER' ? 'admin' : undefined;
}

export function refusalText(login: string): string {
  return [
    renderCommentMarker('refusal', { login }),
    `Thanks @${login} — Earshot only acts on commands and labels from people with write access to this repository, so it did nothing this time. A maintainer can run it for you. (Said once; later commands from you here get a 👎 reaction only.)`,
  ].join('\n');
}

/** Posts the refusal unless this person was already refused on this issue. Returns whether it posted. */
export async function refuseOnce(
  port: RespondRecord,
  issue: number,
  login: string,
  record: IssueHistory,
): Promise<boolean> {
  if (record.refused.has(login.toLowerCase())) return false;
  await port.comment(issue, refusalText(login));
  return true;
}

export { canWrite };
