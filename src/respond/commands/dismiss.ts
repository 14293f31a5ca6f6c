/** `/dismiss [reason]`: closes the mention as not planned, with a summary. */
import { DISMISSED } from '../labels.js';
import type { CommandHandler } from '../types.js';
import { closeMention } from './close.js';

export const dismissCommand: CommandHandler = {
  name: 'dismiss',
  usage: '/dismiss [reason]',
  summary: 'Closes the issue as not planned (spam, not about you, nothing to do) with a summary.',
  label: DISMISSED,
  run: (ctx) => closeMention(ctx, 'not_planned'),
};
