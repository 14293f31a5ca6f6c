/**
 * `/followup <note>`: records that the customer was contacted privately. The mention issue never
 * holds personal data when its repository is public:
 * - with respond.followupRepo (which must be PRIVATE: checked every time) the note goes into an
 *   issue there, linking the mention issue, and the mention issue links it back;
 * - in a private repository (or the local store) the note stays in the record comment;
 * - in a public repository without a follow-up repository only the fact is recorded, with a warning.
 */
import { neutralizeBlock, neutralizeUrl } from '../../issue/neutralize.js';
import { platformName } from '../../platforms/index.js';
import { FOLLOWED_UP } from '../labels.js';
import { type FollowupMarker, renderCommentMarker } from '../markers.js';
import { type CommandHandler, CommandProblem } from '../types.js';

export const followupCommand: CommandHandler = {
  name: 'followup',
  usage: '/followup <note>',
  summary:
    'Records a private follow-up (labels `status:followed-up`). The note goes to respond.followupRepo (a private repository), or stays here only if this repository is private.',
  label: FOLLOWED_UP,
  async run(ctx) {
    const note = ctx.command.text.trim();
    const repo = await ctx.repo();
    const followupRepo = ctx.config.respond.followupRepo;
    const at = ctx.now.toISOString();
    const base: Omit<FollowupMarker, 'stored'> = { by: ctx.actor, at };
    const lines: string[] = [];
    let marker: FollowupMarker;
    if (followupRepo && ctx.port.repoInfo && ctx.port.createIssueIn) {
      const target = await ctx.port.repoInfo(followupRepo);
      if (!target)
        throw new CommandProblem(
          `respond.followupRepo \`${followupRepo}\` cannot be read with this token: nothing was recorded. Give the workflow a token that can write issues there.`,
        );
      if (!target.private)
        throw new CommandProblem(
          `respond.followupRepo \`${followupRepo}\` is PUBLIC: Earshot writes no private follow-up there, and nothing was recorded. Make it private, or name a private repository.`,
        );
      // The mention's link came from the internet: only through the neutralizer, like every URL the bot writes.
      const mentionUrl = ctx.marker.url ? neutralizeUrl(ctx.marker.url) : undefined;
      const created = await ctx.port.createIssueIn(followupRepo, {
        title: `Follow-up: ${repo.fullName}#${ctx.issue.number}`,
        body: [
          `Private follow-up of the public mention ${ctx.issue.url} (${platformName(ctx.marker.kind)}${mentionUrl ? `, ${mentionUrl}` : ''}), recorded by @${ctx.actor} on ${at}.`,
          '',
          note ? neutralizeBlock(note, 10_000).text : '_(no note given)_',
        ].join('\n'),
      });
      const ref = `${followupRepo}#${created.number}`;
      marker = { ...base, ref, stored: 'followup-repo' };
      lines.push(
        `Followed up privately by @${ctx.actor}. The details are in a private repository: ${created.url}`,
      );
    } else if (repo.private) {
      marker = { ...base, stored: 'here' };
      lines.push(
        `Followed up privately by @${ctx.actor}${note ? ':' : '.'}`,
        ...(note ? ['', neutralizeBlock(note, 10_000).text] : []),
      );
    } else {
      marker = { ...base, stored: 'none' };
      lines.push(
        `Followed up privately by @${ctx.actor} (recorded without details).`,
        '',
        '> [!WARNING]',
        `> This repository is public, so no follow-up details are written here. Set \`respond.followupRepo\` to a private repository to keep notes there, linked both ways.${
          note
            ? ' Your command comment itself is public: edit personal data out of it (GitHub keeps the edit history for people with access; delete the comment to remove it entirely).'
            : ''
        }`,
      );
    }
    await ctx.post([renderCommentMarker('followup', marker), ...lines].join('\n'));
    await ctx.port.addLabels(ctx.issue.number, [FOLLOWED_UP]);
    return {
      ok: true,
      message: `follow-up recorded (${marker.stored}${marker.ref ? ` ${marker.ref}` : ''})`,
    };
  },
};
