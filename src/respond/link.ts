/**
 * Complaint to fix: `/link #N` ties a mention to the engineering issue or pull request that fixes
 * its cause. The link is recorded twice: a `link` marker comment on the mention, and a
 * `linked-from` marker comment on #N (so that when #N closes, one listing of #N's comments finds
 * every mention waiting for it). When #N is closed as completed (or the pull request is merged),
 * Earshot drafts the follow-up reply ("this is fixed in …") on each linked mention from the
 * playbook's `fixed` template and notifies its assignees (or whoever linked it).
 */

import { INDEX_LABEL } from '../issue/labels.js';
import { parseMarker } from '../record/marker.js';
import { makeDraft } from './drafts/make-draft.js';
import { DRAFTED } from './labels.js';
import { markersOf, ownMarkers } from './markers.js';
import { readRecord } from './state.js';
import type { RespondDeps } from './types.js';

export interface ClosedFix {
  number: number;
  url: string;
  /** Closed as completed, or a merged pull request. */
  completed: boolean;
  kind: 'issue' | 'pull request';
}

export interface FixOutcome {
  drafted: number[];
  skipped: { mention: number; why: string }[];
}

/** Drafts the follow-up reply on every mention linked to a fix that closed. */
export async function draftFollowUps(deps: RespondDeps, fix: ClosedFix, actor: string): Promise<FixOutcome> {
  const bot = deps.config.respond.botLogin;
  const comments = await deps.port.listComments(fix.number);
  const mentions = [
    ...new Set(markersOf(ownMarkers(comments, bot), 'linked-from').map((m) => m.data.mention)),
  ].filter((n) => Number.isInteger(n) && n > 0);
  const out: FixOutcome = { drafted: [], skipped: [] };
  for (const number of mentions) {
    if (!fix.completed) {
      out.skipped.push({ mention: number, why: `#${fix.number} closed without being completed` });
      continue;
    }
    const issue = await deps.port.getIssue(number);
    const marker = issue ? parseMarker(issue.body) : undefined;
    if (!issue || !marker || !issue.labels.some((l) => l.toLowerCase() === INDEX_LABEL)) {
      out.skipped.push({ mention: number, why: 'not an Earshot mention issue' });
      continue;
    }
    const record = readRecord(await deps.port.listComments(number), bot);
    const link = record.links.filter((l) => l.data.number === fix.number).at(-1);
    if (!link) {
      out.skipped.push({ mention: number, why: `the mention has no link to #${fix.number}` });
      continue;
    }
    if (record.drafts.some((d) => d.marker.purpose === 'fixed' && d.marker.fix === fix.number)) {
      out.skipped.push({ mention: number, why: 'the follow-up was already drafted' });
      continue;
    }
    const notify = issue.assignees.length > 0 ? issue.assignees : [link.data.by];
    const made = await makeDraft({
      deps,
      issue,
      marker,
      purpose: 'fixed',
      actor,
      now: deps.now(),
      polish: true,
      fix: { number: fix.number, url: fix.url },
      lead: `${notify.map((l) => `@${l}`).join(' ')}: the linked ${fix.kind} #${fix.number} is ${fix.kind === 'pull request' ? 'merged' : 'closed as completed'}. Here is a follow-up for the customer — \`/approve\` it, then \`/reply\`.`,
    });
    await deps.port.comment(number, made.body);
    await deps.port.addLabels(number, [DRAFTED]);
    out.drafted.push(number);
  }
  return out;
}
