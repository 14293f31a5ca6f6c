/** `/assign [@user …]`: assigns people (yourself when nobody is named). */
import { neutralizeInline } from '../../issue/neutralize.js';
import { parseLogin } from '../parse.js';
import { type CommandHandler, CommandProblem } from '../types.js';

export const assignCommand: CommandHandler = {
  name: 'assign',
  usage: '/assign [@user …]',
  summary: 'Assigns the people named (at most 10), or you.',
  async run(ctx) {
    const words = ctx.command.words.slice(0, 10);
    const logins = words.length > 0 ? words.map(parseLogin) : [ctx.actor];
    const bad = words.filter((_, i) => logins[i] === undefined);
    if (bad.length > 0)
      throw new CommandProblem(
        `${bad.map((b) => `"${neutralizeInline(b, 40)}"`).join(', ')} is not a GitHub login.`,
      );
    const wanted = [...new Set(logins.filter((l): l is string => l !== undefined))];
    const now = await ctx.port.addAssignees(ctx.issue.number, wanted);
    const have = new Set(now.map((l) => l.toLowerCase()));
    const missing = wanted.filter((l) => !have.has(l.toLowerCase()));
    if (missing.length > 0)
      throw new CommandProblem(
        `could not assign ${missing.map((m) => `@${m}`).join(', ')}: only people with at least triage access to this repository can be assigned.`,
      );
    return { ok: true, message: `assigned ${wanted.join(', ')}` };
  },
};
