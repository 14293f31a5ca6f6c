/**
 * What has been done on a mention issue, read from Earshot's own marker comments (markers.ts):
 * drafts, approvals, replies, follow-ups, links, escalations, corrections, refusals. The issue is
 * the record; nothing else is stored.
 */

import type { PortComment } from '../record/respond-port.js';
import { extractDraftText, sha256 } from './drafts/comment.js';
import { type MarkedComment, markersOf, ownMarkers } from './markers.js';

export interface DraftState {
  comment: PortComment;
  marker: MarkedComment<'draft'>['data'];
  /** The text in the comment's block now (a person may have edited it); undefined if the block is gone. */
  text: string | undefined;
  sha256: string | undefined;
}

export interface IssueHistory {
  comments: PortComment[];
  marked: MarkedComment[];
  drafts: DraftState[];
  latestDraft: DraftState | undefined;
  /** The approval of the latest draft, when its text has not changed since. */
  approval: MarkedComment<'approval'> | undefined;
  /** An approval of the latest draft whose text changed afterwards. */
  staleApproval: MarkedComment<'approval'> | undefined;
  replies: MarkedComment<'replied'>[];
  failures: MarkedComment<'publish-failed'>[];
  followups: MarkedComment<'followup'>[];
  links: MarkedComment<'link'>[];
  escalations: MarkedComment<'escalation'>[];
  reclassifications: MarkedComment<'reclassify'>[];
  refused: Set<string>;
}

export function readRecord(comments: readonly PortComment[], botLogin: string): IssueHistory {
  const marked = ownMarkers(comments, botLogin);
  const drafts = markersOf(marked, 'draft').map((m): DraftState => {
    const text = extractDraftText(m.comment.body);
    return {
      comment: m.comment,
      marker: m.data,
      text,
      sha256: text === undefined ? undefined : sha256(text),
    };
  });
  const latestDraft = drafts.at(-1);
  const approvals = markersOf(marked, 'approval').filter((a) => a.data.draft === latestDraft?.comment.id);
  const lastApproval = approvals.at(-1);
  const current = lastApproval && latestDraft?.sha256 === lastApproval.data.sha256 ? lastApproval : undefined;
  return {
    comments: [...comments],
    marked,
    drafts,
    latestDraft,
    approval: current,
    staleApproval: lastApproval && !current ? lastApproval : undefined,
    replies: markersOf(marked, 'replied'),
    failures: markersOf(marked, 'publish-failed'),
    followups: markersOf(marked, 'followup'),
    links: markersOf(marked, 'link'),
    escalations: markersOf(marked, 'escalation'),
    reclassifications: markersOf(marked, 'reclassify'),
    refused: new Set(markersOf(marked, 'refusal').map((r) => r.data.login.toLowerCase())),
  };
}

/** Whether the latest draft has already been replied with. */
export function draftReplied(record: IssueHistory): MarkedComment<'replied'> | undefined {
  const id = record.latestDraft?.comment.id;
  return id === undefined ? undefined : record.replies.find((r) => r.data.draft === id);
}
