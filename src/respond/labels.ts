/** The labels commands set, and the labels people add that act like commands. */

import { STATUS_LABELS } from '../issue/labels.js';
import { CATEGORIES } from '../mentions/mention.js';
import type { LabelSpec } from '../record/port.js';
import type { RecordIssue, RespondRecord } from '../record/respond-port.js';

export const DRAFTED = 'status:drafted';
export const APPROVED = 'status:approved';
export const REPLIED = 'status:replied';
export const FOLLOWED_UP = 'status:followed-up';
export const ESCALATED = 'escalated';
export const RESOLVED = 'resolved';
export const DISMISSED = 'dismissed';

/** Labels that only act as triggers (created with the other labels, see src/issue/labels.ts). */
export const TRIGGER_LABELS: readonly LabelSpec[] = STATUS_LABELS.filter(
  (l) => l.name === RESOLVED || l.name === DISMISSED,
);

/** A label a person adds → the command it stands for (name and flags/text). */
export function commandForLabel(label: string): { name: string; flags: string[]; text: string } | undefined {
  const l = label.toLowerCase();
  switch (l) {
    case DRAFTED:
      return { name: 'draft', flags: [], text: '' };
    case APPROVED:
      return { name: 'approve', flags: [], text: '' };
    case REPLIED:
      return { name: 'reply', flags: ['done'], text: '' };
    case FOLLOWED_UP:
      return { name: 'followup', flags: [], text: '' };
    case ESCALATED:
      return { name: 'escalate', flags: [], text: '' };
    case RESOLVED:
      return { name: 'resolve', flags: [], text: '' };
    case DISMISSED:
      return { name: 'dismiss', flags: [], text: '' };
    default:
      return (CATEGORIES as readonly string[]).includes(l)
        ? { name: 'reclassify', flags: [], text: l }
        : undefined;
  }
}

/**
 * Removes those of `names` the issue carried when the event was sent: one call for one label, and
 * one call for several where the event gave their node ids (GitHub's `removeLabelsFromLabelable`).
 * Only these labels go: never a replace-all, which would drop a label added since the event.
 */
export async function removeCarried(
  ctx: { port: RespondRecord; issue: RecordIssue },
  names: readonly string[],
): Promise<void> {
  const carried = names.filter((n) => ctx.issue.labels.some((l) => l.toLowerCase() === n.toLowerCase()));
  const [only] = carried;
  if (only === undefined) return;
  if (carried.length === 1) return ctx.port.removeLabel(ctx.issue.number, only);
  await ctx.port.removeLabels(ctx.issue.number, carried, {
    issue: ctx.issue.nodeId,
    labels: ctx.issue.labelIds,
  });
}
