/** `/draft [--plain | --polish] [text]`: a reply draft from the playbook (or your own text) as a comment. */
import { makeDraft } from '../drafts/make-draft.js';
import { APPROVED, DRAFTED, removeCarried } from '../labels.js';
import type { CommandHandler } from '../types.js';

export const draftCommand: CommandHandler = {
  name: 'draft',
  usage: '/draft [--plain] [your own text]',
  summary:
    "Posts a reply draft from the playbook for this mention's category and platform (or your own text), labels `status:drafted`. With respond.llm it is polished unless `--plain`.",
  label: DRAFTED,
  async run(ctx) {
    const custom = ctx.command.text.trim() || undefined;
    const polish = custom ? ctx.command.flags.has('polish') : !ctx.command.flags.has('plain');
    const made = await makeDraft({
      deps: ctx.deps,
      issue: ctx.issue,
      marker: ctx.marker,
      purpose: 'reply',
      actor: ctx.actor,
      now: ctx.now,
      customText: custom,
      polish,
    });
    await ctx.post(made.body);
    await ctx.port.addLabels(ctx.issue.number, [DRAFTED]);
    await removeCarried(ctx, [APPROVED]);
    return {
      ok: true,
      message: `drafted a ${made.marker.kind} reply (${made.text.length} characters${made.notes.length ? `, ${made.notes.length} warning(s)` : ''})`,
    };
  },
};
