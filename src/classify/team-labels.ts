/**
 * The team's judgement of the classifier, read from the mention issues themselves:
 *
 * - **corrected**: the issue's category now differs from the one the classifier filed it with
 *   (kept in the issue's hidden marker), and Earshot recorded the change — a `/reclassify`, or a
 *   category label swapped by someone with write access — in its own `reclassify` marker comment.
 *   A label changed by someone Earshot did not obey has no such comment and does not count.
 * - **confirmed**: a closed issue whose category is still the one it was filed with — the team
 *   worked it and let the category stand. Not while it still carries `needs-triage`: the category
 *   was filed as a guess and nobody answered it, so it would teach the model its own guess.
 *
 * Open issues nobody reclassified say nothing yet and are left out.
 */
import { NEEDS_TRIAGE_LABEL } from '../issue/labels.js';
import { CATEGORIES, type Category } from '../mentions/mention.js';
import { parseMarker } from '../record/marker.js';
import type { PortComment } from '../record/respond-port.js';
import { markersOf, ownMarkers } from '../respond/markers.js';
import { mentionFromBody } from './issue-text.js';
import { classifierInput } from './text.js';

export interface IssueForLabels {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: readonly string[];
}

export interface TeamLabel {
  number: number;
  key: string;
  /** What the classifier sees: title and text, as the scan hands them to it. */
  text: string;
  /** The category the issue was filed with. */
  filed: Category;
  /** The team's category. */
  team: Category;
  kind: 'corrected' | 'confirmed';
  /** Who corrected it, when. */
  by?: string;
  at?: string;
}

const isCategory = (s: string | undefined): s is Category =>
  (CATEGORIES as readonly string[]).includes(s ?? '');

/** The issue's category now: its title prefix (which /reclassify rewrites), else its only category label. */
export function currentCategoryOf(issue: IssueForLabels): Category | undefined {
  const prefix = /^\[(complaint|compliment|question|neutral)\]/.exec(issue.title)?.[1];
  if (isCategory(prefix)) return prefix;
  const labels = issue.labels.map((l) => l.toLowerCase()).filter(isCategory);
  return labels.length === 1 ? labels[0] : undefined;
}

/** Whether an issue may hold a correction (its comments are worth reading): category ≠ filed. */
export function maybeCorrected(issue: IssueForLabels): boolean {
  const filed = parseMarker(issue.body)?.category;
  const now = currentCategoryOf(issue);
  return isCategory(filed) && now !== undefined && now !== filed;
}

/**
 * The team label of one issue, or undefined when it says nothing. `comments` are needed only when
 * maybeCorrected(issue) (the reclassify marker that proves the change).
 */
export function teamLabelOf(
  issue: IssueForLabels,
  comments: readonly PortComment[],
  botLogin: string,
): TeamLabel | undefined {
  const marker = parseMarker(issue.body);
  const filed = marker?.category;
  const now = currentCategoryOf(issue);
  if (!marker || !isCategory(filed) || now === undefined) return undefined;
  const mention = mentionFromBody(issue.body);
  const text = classifierInput(mention);
  if (!mention.text && !mention.title) return undefined;
  const base = { number: issue.number, key: marker.key, text, filed };
  if (now === filed) {
    const unanswered = issue.labels.some((l) => l.toLowerCase() === NEEDS_TRIAGE_LABEL);
    return issue.state === 'closed' && !unanswered ? { ...base, team: now, kind: 'confirmed' } : undefined;
  }
  const last = markersOf(ownMarkers(comments, botLogin), 'reclassify').at(-1);
  if (!last || last.data.to !== now) return undefined;
  return { ...base, team: now, kind: 'corrected', by: last.data.by, at: last.data.at };
}

/** Agreement counts: how often the filed category was the team's. */
export function agreementOf(labels: readonly TeamLabel[]): { n: number; agreed: number; rate: number } {
  const agreed = labels.filter((l) => l.filed === l.team).length;
  return { n: labels.length, agreed, rate: labels.length ? agreed / labels.length : 0 };
}
