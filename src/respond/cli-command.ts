/**
 * `earshot respond --issue N (--comment "/draft" | --label NAME | --close [completed|not_planned])
 *  [--as LOGIN] [--config F] [--store DIR] [--json]`: commands on the local tracker (.earshot/),
 * exactly as they work on GitHub. The comment is added to the issue as LOGIN (default $USER), then
 * runCommand acts on it; what Earshot wrote is printed. Exit 0 when it acted or had nothing to do,
 * 1 when the command failed or was refused.
 */
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { createHttpClient } from '../http/client.js';
import { stderrLogger } from '../logger.js';
import { adapters } from '../platforms/index.js';
import { LocalRespondRecord } from '../record/local/respond.js';
import type { Permission } from '../record/respond-port.js';
import { runCommand } from '../respond.js';
import { llmFromConfig } from './setup.js';
import type { EventIssue, RespondEvent } from './types.js';

export interface RespondCliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

export const RESPOND_USAGE =
  'earshot respond --issue N (--comment "/draft" | --label NAME | --close [completed|not_planned]) [--as LOGIN] [--config F] [--store DIR] [--json]';

const OPTIONS = {
  issue: { type: 'string' },
  comment: { type: 'string' },
  label: { type: 'string' },
  close: { type: 'string' },
  as: { type: 'string' },
  permission: { type: 'string' },
  config: { type: 'string', short: 'c' },
  store: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
} as const;

/** Its option names, for "did you mean" on a mistyped one. */
export const RESPOND_OPTIONS: readonly string[] = Object.keys(OPTIONS);

const PERMISSIONS: readonly Permission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

export async function runRespondCli(
  args: readonly string[],
  io: RespondCliIo,
  defaultConfig: () => Promise<string>,
): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: OPTIONS });
  const number = Number(values.issue);
  if (!values.issue || !Number.isInteger(number) || number < 1)
    throw new ConfigError(`earshot respond needs --issue N\n${RESPOND_USAGE}`);
  const actions = [values.comment, values.label, values.close].filter((v) => v !== undefined).length;
  if (actions !== 1)
    throw new ConfigError(`give exactly one of --comment, --label or --close\n${RESPOND_USAGE}`);
  const login = values.as ?? io.env.USER ?? 'you';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(login))
    throw new ConfigError(`--as takes a login, not "${login}"`);
  const permission = (values.permission ?? 'admin') as Permission;
  if (!PERMISSIONS.includes(permission))
    throw new ConfigError(`--permission is one of ${PERMISSIONS.join(', ')}`);
  const file = values.config ?? (await defaultConfig());
  const config = await loadConfigFile(file, adapters);
  const logger = stderrLogger(values.verbose);
  const now = io.now ?? (() => new Date());
  const port = new LocalRespondRecord({
    dir: values.store ?? config.tracker.localDir,
    botLogin: config.respond.botLogin,
    permissions: { [login]: permission },
    now,
  });
  const found = await port.getIssue(number);
  if (!found) throw new ConfigError(`issue #${number} is not in ${values.store ?? config.tracker.localDir}`);
  const before = (await port.listComments(number)).length;
  const sender = { login, type: 'User' };
  let event: RespondEvent;
  if (values.comment !== undefined) {
    const comment = await port.commentAs(number, login, values.comment);
    const issue = await port.getIssue(number);
    event = {
      kind: 'comment',
      action: 'created',
      issue: toEventIssue(issue ?? found),
      comment: { id: comment.id, body: comment.body, user: sender },
      sender,
    };
  } else if (values.label !== undefined) {
    await port.addLabels(number, [values.label]);
    event = {
      kind: 'label',
      action: 'labeled',
      issue: toEventIssue((await port.getIssue(number)) ?? found),
      label: values.label,
      sender,
    };
  } else {
    const reason = values.close === 'not_planned' ? 'not_planned' : 'completed';
    await port.updateIssue(number, { state: 'closed', stateReason: reason });
    event = { kind: 'closed', issue: toEventIssue((await port.getIssue(number)) ?? found), sender };
  }
  const http = createHttpClient();
  const result = await runCommand(
    {
      config,
      port,
      http,
      env: io.env,
      now,
      logger,
      root: process.cwd(),
      llm: llmFromConfig(config, io.env, http, io.env.GITHUB_TOKEN, logger),
    },
    event,
  );
  const written = (await port.listComments(number))
    .slice(before)
    .filter((c) => c.user.login === config.respond.botLogin);
  if (values.json) io.out(JSON.stringify({ ...result, comments: written.map((c) => c.body) }));
  else {
    for (const c of written) io.out(`--- Earshot on #${number}\n${c.body}\n`);
    io.out(`${result.outcome}${result.command ? ` (${result.command})` : ''}: ${result.message}`);
  }
  return result.outcome === 'failed' || result.outcome === 'refused' ? 1 : 0;
}

function toEventIssue(i: NonNullable<Awaited<ReturnType<LocalRespondRecord['getIssue']>>>): EventIssue {
  return { ...i, isPullRequest: false };
}
