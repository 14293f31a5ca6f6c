/**
 * `/reply`: publishes the approved draft where the customer spoke (a publisher per source kind);
 * where no API allows it (or credentials are missing) the comment carries the copy-ready text and the
 * link to reply at. `/reply --done [link]` records that a person posted it.
 *
 * A failed publish keeps everything: the draft and its approval stay, the labels do not change, the
 * issue gets a comment saying why, and a later `/reply` tries again.
 */
import { errorMessage } from '../../errors.js';
import { neutralizeInline, neutralizeUrl } from '../../issue/neutralize.js';
import { manualTarget, platformName, publisherRegistry } from '../../platforms/index.js';
import { PublishError, type PublishRequest } from '../../platforms/publisher.js';
import { sha256 } from '../drafts/comment.js';
import { APPROVED, DRAFTED, REPLIED, removeCarried } from '../labels.js';
import { renderCommentMarker } from '../markers.js';
import { scrubPlatformText } from '../secrets.js';
import { draftReplied } from '../state.js';
import { type CommandContext, type CommandHandler, type CommandOutcome, CommandProblem } from '../types.js';

function fenced(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(Math.max(4, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

async function markReplied(ctx: CommandContext): Promise<void> {
  await ctx.port.addLabels(ctx.issue.number, [REPLIED]);
  await removeCarried(ctx, [APPROVED, DRAFTED]);
}

async function recordManual(ctx: CommandContext): Promise<CommandOutcome> {
  const given = ctx.command.words[0];
  const url = given ? neutralizeUrl(given) : undefined;
  if (given && (!url || !/^https?:\/\//i.test(given)))
    throw new CommandProblem(
      '`/reply --done` takes the link to the reply you posted (an http(s) URL), or nothing.',
    );
  const record = await ctx.record();
  const kind = ctx.marker.kind;
  const at = ctx.now.toISOString();
  await ctx.post(
    [
      renderCommentMarker('replied', {
        ...(record.latestDraft ? { draft: record.latestDraft.comment.id } : {}),
        ...(url && given ? { url: given } : {}),
        how: 'manual',
        kind,
        by: ctx.actor,
        at,
      }),
      `Replied on ${platformName(kind)} by @${ctx.actor}${url ? `: ${url}` : ' (recorded without a link)'}.`,
    ].join('\n'),
  );
  await markReplied(ctx);
  return { ok: true, message: `recorded a reply posted by ${ctx.actor}` };
}

export const replyCommand: CommandHandler = {
  name: 'reply',
  usage: '/reply [--done [link]]',
  summary:
    'Publishes the approved draft where the customer spoke and labels `status:replied`; where Earshot cannot post, gives the copy-ready text and the link. `--done` records that you posted it.',
  async run(ctx) {
    if (ctx.command.flags.has('done')) return recordManual(ctx);
    const record = await ctx.record();
    const draft = record.latestDraft;
    if (!draft) throw new CommandProblem('there is no draft yet: `/draft`, then `/approve`, then `/reply`.');
    if (!record.approval) {
      throw new CommandProblem(
        record.staleApproval
          ? 'the draft was edited after it was approved: read it again and `/approve` it, then `/reply`.'
          : 'the latest draft is not approved yet: `/approve` it first (nothing is posted without approval).',
      );
    }
    const done = draftReplied(record);
    if (done) {
      const where = done.data.url ? neutralizeUrl(done.data.url) : undefined;
      throw new CommandProblem(
        `this draft was already replied${where ? `: ${where}` : ''}. \`/draft\` a new one to reply again.`,
      );
    }
    const text = draft.text ?? '';
    const kind = ctx.marker.kind;
    const source = ctx.config.sources.find((s) => s.id === ctx.marker.source);
    const publisher = (ctx.deps.publishers ?? publisherRegistry).get(kind);
    const env = ctx.deps.env;
    const request: PublishRequest = {
      text,
      marker: ctx.marker,
      source,
      credential: (name) => {
        const envName = source?.credentials?.[name];
        const value = envName ? env[envName] : undefined;
        return value?.trim() ? value.trim() : undefined;
      },
      http: ctx.deps.http,
      now: ctx.now,
      idempotencyKey: `earshot-${sha256(`${ctx.issue.url}#${draft.comment.id}`).slice(0, 16)}-${(draft.sha256 ?? '').slice(0, 16)}`,
    };
    const blocked = publisher
      ? source
        ? publisher.check(request)
        : `the source "${ctx.marker.source}" is no longer in the config`
      : undefined;
    if (!publisher || blocked) {
      const target = manualTarget(ctx.marker);
      const link = target.url ? neutralizeUrl(target.url) : undefined;
      await ctx.post(
        [
          `### Ready to post on ${platformName(kind)}`,
          '',
          blocked
            ? `Post it yourself, replying to the linked post: Earshot could post it, but ${blocked}.`
            : target.how,
          '',
          link
            ? `**Reply at:** ${link}`
            : '**Reply at:** the place the mention was made (no link was recorded).',
          '',
          fenced(text),
          '',
          'Once it is posted, comment `/reply --done <link to your reply>` to record it.',
        ].join('\n'),
      );
      return { ok: true, message: `copy-ready text for ${kind}${blocked ? ` (${blocked})` : ''}` };
    }
    try {
      const result = await publisher.publish(request);
      // The platform's answer is untrusted too: a URL that cannot be shown safely is not shown.
      const url = neutralizeUrl(result.url);
      await ctx.post(
        [
          renderCommentMarker('replied', {
            draft: draft.comment.id,
            url: result.url,
            how: 'published',
            kind,
            by: ctx.actor,
            at: ctx.now.toISOString(),
          }),
          url
            ? `Replied on ${platformName(kind)}: ${url}`
            : `Replied on ${platformName(kind)} (the platform's link to the reply is not a plain http(s) address, so it is not shown).`,
          '',
          `Posted by Earshot on @${ctx.actor}'s \`/reply\`, exactly [the approved draft](${draft.comment.url}).`,
        ].join('\n'),
      );
      await markReplied(ctx);
      return { ok: true, message: `replied on ${kind}${url ? `: ${url}` : ''}` };
    } catch (error) {
      // Scrubbed before anything is cut, logged or posted: platforms echo credentials in errors.
      const reason = scrubPlatformText(
        error instanceof PublishError ? error.message : errorMessage(error),
        ctx.config,
        ctx.deps.env,
      );
      const ambiguous = error instanceof PublishError && error.ambiguous;
      ctx.deps.logger.warn(`publishing the reply to #${ctx.issue.number} on ${kind} failed: ${reason}`);
      await ctx.post(
        [
          renderCommentMarker('publish-failed', {
            draft: draft.comment.id,
            kind,
            error: reason.slice(0, 500),
            by: ctx.actor,
            at: ctx.now.toISOString(),
          }),
          `### Could not post the reply on ${platformName(kind)}`,
          '',
          `> ${neutralizeInline(reason, 600)}`,
          '',
          ambiguous
            ? `The answer was lost, so it may have been posted anyway: check ${ctx.marker.url ? (neutralizeUrl(ctx.marker.url) ?? 'the thread') : 'the thread'} before trying again.`
            : 'Nothing was posted.',
          `The draft and its approval are kept and the labels are unchanged: \`/reply\` again to retry, or post it yourself and record it with \`/reply --done <link>\`.`,
        ].join('\n'),
      );
      return { ok: false, message: `publishing on ${kind} failed: ${reason}` };
    }
  },
};
