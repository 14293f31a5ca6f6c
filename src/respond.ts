/**
 * Respond mode (DESIGN §5): a person's comment or label on a mention issue → parse → authorize →
 * transition → apply. runCommand() takes one event (normalized by src/respond/events.ts) and its
 * side effects as ports, so the action, the CLI (`earshot respond`) and tests share it.
 *
 * - Comments: only the first line is read; the bot's own comments and other bots are ignored, and
 *   edited comments unless respond.allowEditedComments. The outcome is the acknowledgement (no 👀
 *   on receipt: the job would post it seconds before the outcome): a command that posts a comment
 *   (a draft, a refusal, an error, copy-ready text) gets no reaction; one whose only visible effect
 *   is labels or assignees gets 👍 (👎 when it failed); an unexpected failure always gets 👎; an
 *   unknown command 😕.
 * - Labels a person adds map to the same transitions (src/respond/labels.ts); a failed label
 *   transition removes the label again, so labels never claim what did not happen.
 * - Closing a mention by hand posts the summary; closing an engineering issue (or merging a PR)
 *   linked with `/link` drafts the follow-up reply on its mentions.
 * - Only people with write access are obeyed; others are refused politely, once per issue. The
 *   same holds for every event: an issue closed or a pull request merged by someone without write
 *   access changes nothing (no summary, no follow-up draft, no ping).
 */
import { ConfigError, errorMessage } from './errors.js';
import { INDEX_LABEL } from './issue/labels.js';
import { type MarkerData, parseMarker } from './record/marker.js';
import type {
  Permission,
  ReactionContent,
  ReactionTarget,
  RecordIssue,
  RepoInfo,
  RespondRecord,
} from './record/respond-port.js';
import { canWrite, permissionProvenBy, refuseOnce } from './respond/authorize.js';
import { commandRegistry } from './respond/commands/index.js';
import { commandForLabel } from './respond/labels.js';
import { draftFollowUps } from './respond/link.js';
import { isBotUser } from './respond/markers.js';
import { type ParsedCommand, parseCommand } from './respond/parse.js';
import { type IssueHistory, readRecord } from './respond/state.js';
import { closingComment } from './respond/summary.js';
import {
  type CommandContext,
  type CommandHandler,
  CommandProblem,
  type EventIssue,
  type RespondDeps,
  type RespondEvent,
  type RespondResult,
} from './respond/types.js';

export { parseGitHubEvent, RESPOND_EVENTS } from './respond/events.js';
export type { RespondDeps, RespondEvent, RespondResult } from './respond/types.js';

function ignored(message: string, issue?: number): RespondResult {
  return { outcome: 'ignored', message, ...(issue !== undefined ? { issue } : {}) };
}

/**
 * The marker of an Earshot mention issue (the `earshot` label and a valid marker, in an issue the
 * bot opened), else undefined. An outsider's issue with a copied marker is not a mention, whoever
 * labels it.
 */
export function mentionMarker(
  issue: { labels: readonly string[]; body: string; author?: string | undefined },
  botLogin: string,
): MarkerData | undefined {
  if (!issue.labels.some((l) => l.toLowerCase() === INDEX_LABEL)) return undefined;
  if (issue.author !== undefined && issue.author.toLowerCase() !== botLogin.toLowerCase()) return undefined;
  return parseMarker(issue.body);
}

function toPortIssue(i: EventIssue): RecordIssue {
  return { ...i };
}

async function react(
  deps: RespondDeps,
  target: ReactionTarget | undefined,
  content: ReactionContent,
): Promise<void> {
  if (!target) return;
  try {
    await deps.port.react(target, content);
  } catch (error) {
    deps.logger.warn(`could not react ${content}: ${errorMessage(error)}`);
  }
}

interface Invocation {
  handler: CommandHandler;
  command: ParsedCommand;
  via: 'comment' | 'label';
  actor: string;
  issue: RecordIssue;
  marker: MarkerData;
  /** The comment to react on (comment commands). */
  reactOn?: ReactionTarget;
  /** The label a person added (label transitions). */
  label?: string;
  /** The actor's permission as the event proves it (authorize.ts), else undefined: asked. */
  proven?: Permission | undefined;
}

/**
 * The port as one invocation uses it, remembering whether a comment was posted: that comment is
 * then the person's acknowledgement, and no reaction is added.
 */
function tracking(port: RespondRecord): { port: RespondRecord; posted: () => boolean } {
  let posted = false;
  const wrapped = new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === 'comment')
        return async (number: number, body: string) => {
          const made = await target.comment(number, body);
          posted = true;
          return made;
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { port: wrapped, posted: () => posted };
}

function makeContext(deps: RespondDeps, inv: Invocation): CommandContext {
  let record: Promise<IssueHistory> | undefined;
  let repo: Promise<RepoInfo> | undefined;
  const now = deps.now();
  return {
    deps,
    port: deps.port,
    config: deps.config,
    issue: inv.issue,
    marker: inv.marker,
    actor: inv.actor,
    command: inv.command,
    via: inv.via,
    now,
    record: () => {
      record ??= deps.port
        .listComments(inv.issue.number)
        .then((c) => readRecord(c, deps.config.respond.botLogin));
      return record;
    },
    repo: () => {
      repo ??= deps.port.repo();
      return repo;
    },
    post: (body) => deps.port.comment(inv.issue.number, body),
  };
}

async function invoke(outer: RespondDeps, inv: Invocation): Promise<RespondResult> {
  const n = inv.issue.number;
  const name = inv.handler.name;
  const track = tracking(outer.port);
  const deps: RespondDeps = { ...outer, port: track.port };
  const ctx = makeContext(deps, inv);
  /** 👍/👎 only when no comment answered the person (the comment is the acknowledgement). */
  const acknowledge = (ok: boolean) =>
    track.posted() ? undefined : react(deps, inv.reactOn, ok ? '+1' : '-1');
  const permission = inv.proven ?? (await deps.port.permission(inv.actor));
  if (!canWrite(permission)) {
    const posted = await refuseOnce(deps.port, n, inv.actor, await ctx.record());
    if (inv.via === 'label' && inv.label) await deps.port.removeLabel(n, inv.label);
    await acknowledge(false);
    return {
      outcome: 'refused',
      command: name,
      issue: n,
      message: `${inv.actor} has ${permission} permission, not write: refused${posted ? '' : ' (already told)'}`,
    };
  }
  try {
    const outcome = await inv.handler.run(ctx);
    await acknowledge(outcome.ok);
    deps.logger.info(
      `#${n} ${inv.via === 'label' ? `label ${inv.label}` : `/${name}`} by ${inv.actor}: ${outcome.message}`,
    );
    return { outcome: outcome.ok ? 'ok' : 'failed', command: name, issue: n, message: outcome.message };
  } catch (error) {
    if (!(error instanceof CommandProblem || error instanceof ConfigError)) {
      // Even after a comment (a draft whose label then failed): the comment does not say it failed.
      await react(deps, inv.reactOn, '-1');
      throw error;
    }
    const what =
      inv.via === 'label' ? `Label \`${inv.label}\` was removed again:` : `\`/${name}\` did nothing:`;
    await deps.port.comment(n, `${what} ${error.message}`);
    if (inv.via === 'label' && inv.label) await deps.port.removeLabel(n, inv.label);
    await acknowledge(false);
    deps.logger.info(`#${n} /${name} by ${inv.actor}: ${error.message}`);
    return { outcome: 'failed', command: name, issue: n, message: error.message };
  }
}

async function onComment(
  deps: RespondDeps,
  event: Extract<RespondEvent, { kind: 'comment' }>,
): Promise<RespondResult> {
  const n = event.issue.number;
  const cfg = deps.config.respond;
  if (event.action !== 'created' && !(event.action === 'edited' && cfg.allowEditedComments))
    return ignored(
      `a comment was ${event.action}${event.action === 'edited' ? ' (respond.allowEditedComments is off)' : ''}`,
      n,
    );
  if (isBotUser(event.comment.user, cfg.botLogin))
    return ignored("a bot's comment (Earshot's own included)", n);
  if (event.issue.isPullRequest) return ignored('a comment on a pull request', n);
  const command = parseCommand(event.comment.body);
  if (!command) return ignored('the first line is not a command', n);
  const marker = mentionMarker(event.issue, cfg.botLogin);
  if (!marker) return ignored(`#${n} is not an Earshot mention issue`, n);
  const reactOn: ReactionTarget = { comment: event.comment.id };
  const handler = commandRegistry.get(command.name);
  if (!handler) {
    await react(deps, reactOn, 'confused');
    return ignored(`/${command.name} is not an Earshot command (/help lists them)`, n);
  }
  return invoke(deps, {
    handler,
    command,
    via: 'comment',
    actor: event.comment.user.login,
    issue: toPortIssue(event.issue),
    marker,
    reactOn,
    proven: permissionProvenBy(event.comment.association),
  });
}

async function onLabel(
  deps: RespondDeps,
  event: Extract<RespondEvent, { kind: 'label' }>,
): Promise<RespondResult> {
  const n = event.issue.number;
  if (event.action !== 'labeled') return ignored(`label ${event.label} removed: nothing to do`, n);
  const mapped = commandForLabel(event.label);
  if (!mapped) return ignored(`label ${event.label} is not a transition`, n);
  const marker = mentionMarker(event.issue, deps.config.respond.botLogin);
  if (!marker) return ignored(`#${n} is not an Earshot mention issue`, n);
  const handler = commandRegistry.get(mapped.name);
  if (!handler) return ignored(`no handler for ${mapped.name}`, n);
  const command: ParsedCommand = {
    name: mapped.name,
    flags: new Set(mapped.flags),
    text: mapped.text,
    words: mapped.text ? [mapped.text] : [],
    line: `label ${event.label}`,
  };
  return invoke(deps, {
    handler,
    command,
    via: 'label',
    actor: event.sender.login,
    issue: toPortIssue(event.issue),
    marker,
    label: event.label,
  });
}

/**
 * Events other than commands act too (closing posts a summary, closing a linked fix drafts a reply
 * and pings its assignees): the person who sent the event needs write access as for any command. An
 * outsider closing their own issue that a writer linked changes nothing.
 */
async function refusedSender(
  deps: RespondDeps,
  login: string,
  n: number,
  what: string,
): Promise<RespondResult | undefined> {
  const permission = await deps.port.permission(login);
  if (canWrite(permission)) return undefined;
  return {
    outcome: 'refused',
    issue: n,
    message: `${what} by ${login}, who has ${permission} permission, not write: nothing done`,
  };
}

async function onClosed(
  deps: RespondDeps,
  event: Extract<RespondEvent, { kind: 'closed' }>,
): Promise<RespondResult> {
  const issue = event.issue;
  const n = issue.number;
  if (issue.isPullRequest)
    return ignored(`pull request #${n} closed: its pull_request event decides (merged or not)`, n);
  const refused = await refusedSender(deps, event.sender.login, n, `#${n} closed`);
  if (refused) return refused;
  if (mentionMarker(issue, deps.config.respond.botLogin)) {
    // A person closed a mention by hand: the summary, as /resolve or /dismiss would post it.
    const record = readRecord(await deps.port.listComments(n), deps.config.respond.botLogin);
    const reason = !issue.stateReason || issue.stateReason === 'completed' ? 'completed' : 'not_planned';
    await deps.port.comment(n, closingComment(record, reason, event.sender.login, deps.now().toISOString()));
    return {
      outcome: 'ok',
      command: 'close',
      issue: n,
      message: `closed by ${event.sender.login}: summary posted`,
    };
  }
  const completed = (issue.stateReason ?? 'completed') === 'completed';
  const out = await draftFollowUps(
    deps,
    { number: n, url: issue.url, completed, kind: 'issue' },
    event.sender.login,
  );
  return followUpResult(n, out);
}

function followUpResult(n: number, out: Awaited<ReturnType<typeof draftFollowUps>>): RespondResult {
  if (out.drafted.length === 0 && out.skipped.length === 0) return ignored(`#${n} has no linked mentions`, n);
  const parts = [
    ...(out.drafted.length ? [`follow-up drafted on ${out.drafted.map((d) => `#${d}`).join(', ')}`] : []),
    ...out.skipped.map((s) => `#${s.mention} skipped: ${s.why}`),
  ];
  return {
    outcome: out.drafted.length ? 'ok' : 'ignored',
    command: 'fixed',
    issue: n,
    message: parts.join('; '),
  };
}

/** Acts on one event. Throws only for unexpected failures (GitHub unreachable, missing permissions). */
export async function runCommand(deps: RespondDeps, event: RespondEvent): Promise<RespondResult> {
  if (isBotUser(event.sender, deps.config.respond.botLogin))
    return ignored(`sent by ${event.sender.login}, a bot`);
  switch (event.kind) {
    case 'comment':
      return onComment(deps, event);
    case 'label':
      return onLabel(deps, event);
    case 'closed':
      return onClosed(deps, event);
    case 'merged': {
      const refused = await refusedSender(
        deps,
        event.sender.login,
        event.pull.number,
        `pull request #${event.pull.number} merged`,
      );
      if (refused) return refused;
      const out = await draftFollowUps(
        deps,
        { number: event.pull.number, url: event.pull.url, completed: true, kind: 'pull request' },
        event.sender.login,
      );
      return followUpResult(event.pull.number, out);
    }
  }
}
