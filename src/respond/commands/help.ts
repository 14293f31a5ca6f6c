/** `/help`: the commands and the labels that act like them. */
import type { CommandHandler } from '../types.js';

export function helpText(handlers: readonly CommandHandler[]): string {
  return [
    '### Earshot commands',
    '',
    'Write a command on the **first line** of a comment. Only people with write access are obeyed.',
    '',
    '| Command | What it does | Label that does the same |',
    '|---|---|---|',
    ...handlers.map((h) => `| \`${h.usage}\` | ${h.summary} | ${h.label ? `\`${h.label}\`` : ''} |`),
    '',
    'Adding a category label (`complaint`, `compliment`, `question`, `neutral`) reclassifies. Closing the issue by hand also posts the summary. Playbooks, publishers and privacy: see docs/respond.md.',
  ].join('\n');
}

/** The help command, over the registry's handlers (passed lazily: the registry includes this one). */
export function makeHelpCommand(list: () => readonly CommandHandler[]): CommandHandler {
  return {
    name: 'help',
    usage: '/help',
    summary: 'Lists the commands.',
    async run(ctx) {
      await ctx.post(helpText(list()));
      return { ok: true, message: 'posted the command list' };
    },
  };
}
