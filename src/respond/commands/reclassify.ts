/**
 * `/reclassify <category>`: a person's correction of the category (label and title prefix), kept
 * as a marker comment so the classifier can be evaluated against human judgement. It also takes
 * `needs-triage` off: the team has answered the guess (confirmed or corrected it).
 */

import { NEEDS_TRIAGE_LABEL } from '../../issue/labels.js';
import { neutralizeInline } from '../../issue/neutralize.js';
import { CATEGORIES } from '../../mentions/mention.js';
import { currentCategory } from '../drafts/make-draft.js';
import { removeCarried } from '../labels.js';
import { renderCommentMarker } from '../markers.js';
import { type CommandHandler, CommandProblem } from '../types.js';

export const reclassifyCommand: CommandHandler = {
  name: 'reclassify',
  usage: '/reclassify <complaint|compliment|question|neutral>',
  summary: 'Corrects the category (label and title); the correction is kept for evaluating the classifier.',
  async run(ctx) {
    const to = ctx.command.words[0]?.toLowerCase();
    if (!to || !(CATEGORIES as readonly string[]).includes(to))
      throw new CommandProblem(
        `\`/reclassify\` takes one of ${CATEGORIES.map((c) => `\`${c}\``).join(', ')}${to ? `, not "${neutralizeInline(to, 40)}"` : ''}.`,
      );
    const labels = ctx.issue.labels.map((l) => l.toLowerCase());
    const present = CATEGORIES.filter((c) => labels.includes(c));
    // Via a label the person already added `to`: the category before it is the other one.
    const from =
      ctx.via === 'label'
        ? (present.find((c) => c !== to) ?? ctx.marker.category)
        : currentCategory(ctx.issue, ctx.marker);
    // The team answered: a guessed category (`needs-triage`) is settled, confirmed or corrected.
    if (from === to && present.length === 1) {
      await removeCarried(ctx, [NEEDS_TRIAGE_LABEL]);
      return { ok: true, message: `already ${to}` };
    }
    await removeCarried(ctx, [NEEDS_TRIAGE_LABEL, ...present.filter((c) => c !== to)]);
    if (!labels.includes(to)) await ctx.port.addLabels(ctx.issue.number, [to]);
    const prefix = /^\[(complaint|compliment|question|neutral)\]/;
    if (prefix.test(ctx.issue.title))
      await ctx.port.updateIssue(ctx.issue.number, { title: ctx.issue.title.replace(prefix, `[${to}]`) });
    await ctx.post(
      [
        renderCommentMarker('reclassify', { from, to, by: ctx.actor, at: ctx.now.toISOString() }),
        `Reclassified from \`${from}\` to \`${to}\` by @${ctx.actor} (kept for evaluating the classifier).`,
      ].join('\n'),
    );
    return { ok: true, message: `reclassified ${from} → ${to}` };
  },
};
