/** `/approve`: approves the latest draft exactly as its text is now (its SHA-256 is recorded). */

import { platformName } from '../../platforms/index.js';
import { measure, unitFor } from '../drafts/length.js';
import { unresolved } from '../drafts/template.js';
import { APPROVED } from '../labels.js';
import { renderCommentMarker } from '../markers.js';
import { type CommandHandler, CommandProblem } from '../types.js';

export const approveCommand: CommandHandler = {
  name: 'approve',
  usage: '/approve',
  summary:
    'Approves the latest draft as it reads now (edits after approval need a new `/approve`), labels `status:approved`.',
  label: APPROVED,
  async run(ctx) {
    const record = await ctx.record();
    const draft = record.latestDraft;
    if (!draft) throw new CommandProblem('there is no draft to approve yet: `/draft` first.');
    if (draft.text === undefined || draft.sha256 === undefined)
      throw new CommandProblem(
        `the draft comment (${draft.comment.url}) no longer has its text block: \`/draft\` again.`,
      );
    if (!draft.text.trim()) throw new CommandProblem('the draft is empty.');
    const open = unresolved(draft.text);
    if (open.length > 0)
      throw new CommandProblem(
        `the draft still has ${open.map((v) => `\`{${v}}\``).join(', ')}: edit the draft comment to fill ${open.length > 1 ? 'them' : 'it'} in, then \`/approve\`.`,
      );
    const kind = draft.marker.kind;
    const length = measure(kind, draft.text);
    if (draft.marker.limit && length > draft.marker.limit)
      throw new CommandProblem(
        `the draft is ${length} ${unitFor(kind)}; ${platformName(kind)} allows ${draft.marker.limit}. Shorten it (edit the draft comment), then \`/approve\`.`,
      );
    if (record.approval) return { ok: true, message: 'the latest draft was already approved' };
    const at = ctx.now.toISOString();
    await ctx.post(
      [
        renderCommentMarker('approval', { draft: draft.comment.id, sha256: draft.sha256, by: ctx.actor, at }),
        `Approved by @${ctx.actor}: [the draft](${draft.comment.url}) (${length} ${unitFor(kind)}) for ${platformName(kind)}. \`/reply\` publishes it.`,
        '',
        'Editing the draft after this withdraws the approval.',
      ].join('\n'),
    );
    await ctx.port.addLabels(ctx.issue.number, [APPROVED]);
    return { ok: true, message: `approved draft ${draft.comment.id}` };
  },
};
