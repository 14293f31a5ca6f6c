/** The closing comment: what was done for this mention (replied where, followed up, fix, escalation). */
import { neutralizeInline, neutralizeUrl } from '../issue/neutralize.js';
import { platformName } from '../platforms/index.js';
import { renderCommentMarker } from './markers.js';
import type { IssueHistory } from './state.js';

export function closingComment(
  record: IssueHistory,
  reason: 'completed' | 'not_planned',
  actor: string,
  at: string,
  note?: string,
): string {
  const replies = record.replies.map((r) => {
    const url = r.data.url ? neutralizeUrl(r.data.url) : undefined;
    const where = `on ${platformName(r.data.kind)}`;
    return `${where}${url ? ` — ${url}` : ''} (${r.data.how === 'published' ? 'published by Earshot' : `posted by @${r.data.by}`})`;
  });
  const rows = [
    `- **Public reply:** ${replies.length ? replies.join('; ') : 'none'}`,
    `- **Private follow-up:** ${
      record.followups.length
        ? record.followups
            .map((f) => (f.data.ref ? `recorded in ${f.data.ref}` : `by @${f.data.by}`))
            .join('; ')
        : 'none'
    }`,
    `- **Fix:** ${record.links.length ? record.links.map((l) => `#${l.data.number}`).join(', ') : 'none linked'}`,
  ];
  if (record.escalations.length)
    rows.push(
      `- **Escalated:** ${record.escalations.map((e) => (e.data.team ? `to ${e.data.team}` : `by @${e.data.by}`)).join(', ')}`,
    );
  if (record.reclassifications.length) {
    const last = record.reclassifications.at(-1);
    if (last)
      rows.push(`- **Reclassified:** \`${record.reclassifications[0]?.data.from}\` → \`${last.data.to}\``);
  }
  const head =
    reason === 'completed'
      ? `Resolved by @${actor}.`
      : `Dismissed by @${actor}${note ? `: ${neutralizeInline(note, 300)}` : '.'}`;
  return [renderCommentMarker('closing', { reason, by: actor, at }), head, '', ...rows].join('\n');
}
