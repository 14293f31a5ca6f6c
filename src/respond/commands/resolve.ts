/** `/resolve`: closes the mention as completed, with a summary of what was done. */
import { RESOLVED } from '../labels.js';
import type { CommandHandler } from '../types.js';
import { closeMention } from './close.js';

export const resolveCommand: CommandHandler = {
  name: 'resolve',
  usage: '/resolve',
  summary:
    'Closes the issue as completed with a summary of what was done (replied where, followed up, linked fix).',
  label: RESOLVED,
  run: (ctx) => closeMention(ctx, 'completed'),
};
