/** `/link #N`: ties the mention to the issue or pull request that fixes its cause (see ../link.ts). */
import { parseMarker } from '../../record/marker.js';
import { draftFollowUps } from '../link.js';
import { renderCommentMarker } from '../markers.js';
import { parseIssueRef } from '../parse.js';
import { type CommandHandler, CommandProblem } from '../types.js';

export const linkCommand: CommandHandler = {
  name: 'link',
  usage: '/link #N',
  summary:
    'Links the issue or pull request #N that fixes the cause; when it is closed as completed (or merged), a follow-up draft appears here and the assignees are notified.',
  async run(ctx) {
    const repo = await ctx.repo();
    const n = parseIssueRef(ctx.command.words[0] ?? '', repo.fullName);
    if (n === undefined)
      throw new CommandProblem('`/link` takes an issue or pull request of this repository: `/link #123`.');
    if (n === ctx.issue.number) throw new CommandProblem('a mention cannot be linked to itself.');
    const target = await ctx.port.getIssue(n);
    if (!target) throw new CommandProblem(`#${n} does not exist in this repository.`);
    if (parseMarker(target.body))
      throw new CommandProblem(
        `#${n} is a mention too: link the engineering issue or pull request that fixes the cause.`,
      );
    const record = await ctx.record();
    if (record.links.some((l) => l.data.number === n))
      return { ok: true, message: `already linked to #${n}` };
    const what = target.isPullRequest ? 'pull request' : 'issue';
    const at = ctx.now.toISOString();
    await ctx.post(
      [
        renderCommentMarker('link', { number: n, by: ctx.actor, at }),
        `Linked to the ${what} #${n} by @${ctx.actor}. When it is ${target.isPullRequest ? 'merged' : 'closed as completed'}, Earshot drafts the follow-up reply here and notifies the assignees.`,
      ].join('\n'),
    );
    await ctx.port.comment(
      n,
      [
        renderCommentMarker('linked-from', { mention: ctx.issue.number }),
        `A public mention is waiting for this fix: #${ctx.issue.number}. When this ${what} is ${target.isPullRequest ? 'merged' : 'closed as completed'}, Earshot drafts a follow-up reply to the customer there.`,
      ].join('\n'),
    );
    if (
      !target.isPullRequest &&
      target.state === 'closed' &&
      (target.stateReason ?? 'completed') === 'completed'
    ) {
      await draftFollowUps(
        ctx.deps,
        { number: n, url: target.url, completed: true, kind: 'issue' },
        ctx.actor,
      );
      return { ok: true, message: `linked to #${n} (already closed: follow-up drafted)` };
    }
    return { ok: true, message: `linked to #${n}` };
  },
};
