/** Closing a mention with the summary comment: shared by `/resolve` and `/dismiss`. */
import { closingComment } from '../summary.js';
import type { CommandContext, CommandOutcome } from '../types.js';

export async function closeMention(
  ctx: CommandContext,
  reason: 'completed' | 'not_planned',
): Promise<CommandOutcome> {
  const record = await ctx.record();
  const note = reason === 'not_planned' ? ctx.command.text.trim() || undefined : undefined;
  await ctx.post(closingComment(record, reason, ctx.actor, ctx.now.toISOString(), note));
  await ctx.port.updateIssue(ctx.issue.number, { state: 'closed', stateReason: reason });
  return { ok: true, message: reason === 'completed' ? 'resolved' : 'dismissed' };
}
