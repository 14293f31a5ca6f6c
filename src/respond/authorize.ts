/**
 * Who is obeyed: people whose permission on the repository (the collaborator-permission endpoint,
 * never `author_association`) is write or above. Anyone else gets a polite refusal, once per person
 * per issue (a `refusal` marker remembers it), and a 👎 reaction on each command.
 */

import { canWrite, type Permission, type RespondRecord } from '../record/respond-port.js';
import { renderCommentMarker } from './markers.js';
import type { IssueHistory } from './state.js';

export async function permissionOf(port: RespondRecord, login: string): Promise<Permission> {
  return port.permission(login);
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
