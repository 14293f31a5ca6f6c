import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { X_REPLY_LIMIT, xLength } from './length.js';
import { xPublisher } from './publisher.js';
import { xAdapter } from './source.js';

export const xPlatform = definePlatform({
  name: 'X',
  source: xAdapter,
  publisher: xPublisher,
  // X counts 280 weighted characters: a URL 23, an emoji or a CJK character 2 (twitter-text v3).
  reply: { limit: X_REPLY_LIMIT, unit: 'weighted characters', measure: xLength },
  typicalReach: 300,
  manualReply: (marker) => onItemPage(marker, 'Reply under the post on X, signed in as your account.'),
});
