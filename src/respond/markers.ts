/**
 * Earshot's record on an issue: comments that begin with a hidden marker
 * `<!-- earshot:<type> v1 <base64url JSON> -->`. Only the marker at the very start of a comment
 * counts (text quoted further down cannot forge one), and only in comments Earshot itself wrote
 * (see {@link isOwnComment}, the configured bot login): a person cannot forge an approval or a reply.
 */
import { type ParsedMarker, parseCommentMarker, renderCommentMarkerOf } from '../record/marker.js';
import type { PortComment, PortUser } from '../record/respond-port.js';

export interface DraftMarker {
  /** The source kind the reply is for (`mastodon` …) and the configured source id. */
  kind: string;
  source: string;
  category: string;
  /** `reply` from `/draft`; `fixed` when a linked fix closed. */
  purpose: 'reply' | 'fixed';
  /** The length limit that applies, in the platform's own counting. */
  limit?: number;
  /** The model that polished it, when one did. */
  polishedBy?: string;
  /** The fix that closed (purpose `fixed`): issue or PR number. */
  fix?: number;
  by: string;
  at: string;
}

export interface ApprovalMarker {
  /** The draft comment's id and the SHA-256 of its text when approved. */
  draft: number;
  sha256: string;
  by: string;
  at: string;
}

export interface RepliedMarker {
  draft?: number;
  url?: string;
  /** `published` by Earshot through the source's API, or `manual` (a person posted it). */
  how: 'published' | 'manual';
  kind: string;
  by: string;
  at: string;
}

export interface PublishFailedMarker {
  draft: number;
  kind: string;
  error: string;
  by: string;
  at: string;
}

export interface RefusalMarker {
  login: string;
}

export interface LinkMarker {
  number: number;
  by: string;
  at: string;
}

export interface LinkedFromMarker {
  mention: number;
}

export interface FollowupMarker {
  by: string;
  at: string;
  /** `owner/repo#N` of the private record, when there is one. */
  ref?: string;
  /** Where the note went: a private repository, this (private) repository's comment, or nowhere. */
  stored: 'followup-repo' | 'here' | 'none';
}

export interface EscalationMarker {
  team?: string;
  by: string;
  at: string;
}

export interface ReclassifyMarker {
  from: string;
  to: string;
  by: string;
  at: string;
}

export interface ClosingMarker {
  reason: 'completed' | 'not_planned';
  by: string;
  at: string;
}

export interface MarkerTypes {
  draft: DraftMarker;
  approval: ApprovalMarker;
  replied: RepliedMarker;
  'publish-failed': PublishFailedMarker;
  refusal: RefusalMarker;
  link: LinkMarker;
  'linked-from': LinkedFromMarker;
  followup: FollowupMarker;
  escalation: EscalationMarker;
  reclassify: ReclassifyMarker;
  closing: ClosingMarker;
}
export type MarkerType = keyof MarkerTypes;

export function renderCommentMarker<T extends MarkerType>(type: T, data: MarkerTypes[T]): string {
  return renderCommentMarkerOf(type, data);
}

export { type ParsedMarker, parseCommentMarker };

/** Whether a user is Earshot itself: the configured login (`respond.botLogin`). Its markers are trusted. */
export function isOwnUser(user: PortUser, botLogin: string): boolean {
  return user.login.toLowerCase() === botLogin.toLowerCase();
}

/** Bots (any GitHub bot account, and Earshot itself): never obeyed as people. */
export function isBotUser(user: PortUser, botLogin: string): boolean {
  return user.type === 'Bot' || isOwnUser(user, botLogin);
}

export function isOwnComment(comment: PortComment, botLogin: string): boolean {
  return isOwnUser(comment.user, botLogin);
}

export interface MarkedComment<T extends MarkerType = MarkerType> {
  type: T;
  data: MarkerTypes[T];
  comment: PortComment;
}

/** Earshot's own marker comments, oldest first. */
export function ownMarkers(comments: readonly PortComment[], botLogin: string): MarkedComment[] {
  const out: MarkedComment[] = [];
  for (const comment of comments) {
    if (!isOwnComment(comment, botLogin)) continue;
    const parsed = parseCommentMarker(comment.body);
    if (parsed) out.push({ type: parsed.type as MarkerType, data: parsed.data as never, comment });
  }
  return out;
}

export function markersOf<T extends MarkerType>(
  marked: readonly MarkedComment[],
  type: T,
): MarkedComment<T>[] {
  return marked.filter((m): m is MarkedComment<T> => m.type === type);
}
