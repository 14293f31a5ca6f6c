/** The command registry: one handler per file (DESIGN convention 7). */
import type { CommandHandler } from '../types.js';
import { approveCommand } from './approve.js';
import { assignCommand } from './assign.js';
import { dismissCommand } from './dismiss.js';
import { draftCommand } from './draft.js';
import { escalateCommand } from './escalate.js';
import { followupCommand } from './followup.js';
import { makeHelpCommand } from './help.js';
import { linkCommand } from './link.js';
import { reclassifyCommand } from './reclassify.js';
import { replyCommand } from './reply.js';
import { resolveCommand } from './resolve.js';

const list: CommandHandler[] = [
  draftCommand,
  approveCommand,
  replyCommand,
  followupCommand,
  escalateCommand,
  assignCommand,
  reclassifyCommand,
  linkCommand,
  resolveCommand,
  dismissCommand,
];
list.push(makeHelpCommand(() => list));

export const commands: readonly CommandHandler[] = list;
export const commandRegistry: ReadonlyMap<string, CommandHandler> = new Map(list.map((c) => [c.name, c]));
