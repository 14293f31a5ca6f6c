/** `/escalate <team>`: hands the mention to a team (label `escalated`, the team's label, ping, assignees). */
import { neutralizeInline } from '../../issue/neutralize.js';
import { ESCALATED } from '../labels.js';
import { renderCommentMarker } from '../markers.js';
import { type CommandHandler, CommandProblem } from '../types.js';

export const escalateCommand: CommandHandler = {
  name: 'escalate',
  usage: '/escalate <team>',
  summary:
    'Labels `escalated` and hands the mention to a team from respond.teams (its @-mention, label and assignees), or to an `@org/team`.',
  label: ESCALATED,
  async run(ctx) {
    const word = ctx.command.words[0]?.replace(/^@/, '');
    if (word !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(word))
      throw new CommandProblem('`/escalate` takes a team name from respond.teams, or an `@org/team`.');
    const teams = ctx.config.respond.teams;
    const configured = word ? (teams[word] ?? teams[word.toLowerCase()]) : undefined;
    if (word && !configured && !word.includes('/')) {
      const known = Object.keys(teams);
      throw new CommandProblem(
        `there is no team "${neutralizeInline(word, 60)}" in respond.teams${known.length ? ` (known: ${known.map((t) => `\`${t}\``).join(', ')})` : ''}; use \`@org/team\` to ping a GitHub team directly.`,
      );
    }
    const mention = configured?.mention ?? (word?.includes('/') ? `@${word}` : undefined);
    const labels = [ESCALATED, ...(configured?.label ? [configured.label] : [])];
    await ctx.port.addLabels(ctx.issue.number, labels);
    const assigned = configured?.assignees.length
      ? await ctx.port.addAssignees(ctx.issue.number, configured.assignees)
      : [];
    await ctx.post(
      [
        renderCommentMarker('escalation', {
          ...(word ? { team: word } : {}),
          by: ctx.actor,
          at: ctx.now.toISOString(),
        }),
        `Escalated${word ? ` to **${word}**` : ''} by @${ctx.actor}.${mention ? ` ${mention}: a public mention needs you.` : ''}`,
        ...(assigned.length ? ['', `Assigned: ${assigned.map((a) => `@${a}`).join(', ')}.`] : []),
      ].join('\n'),
    );
    return { ok: true, message: `escalated${word ? ` to ${word}` : ''}` };
  },
};
