import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { stackExchangeAdapter } from './source.js';

export const stackExchangePlatform = definePlatform({
  name: 'Stack Exchange',
  source: stackExchangeAdapter,
  reply: { limit: 600 },
  typicalReach: 1000,
  manualReply: (marker) =>
    onItemPage(marker, 'Post an answer or a comment on the question page (comments need 50 reputation).'),
});
