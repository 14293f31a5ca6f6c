import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { hackerNewsAdapter } from './source.js';

export const hackerNewsPlatform = definePlatform({
  name: 'Hacker News',
  source: hackerNewsAdapter,
  typicalReach: 20,
  manualReply(marker) {
    const itemId = marker.replyTo?.itemId;
    return itemId && /^\d+$/.test(itemId)
      ? {
          url: `https://news.ycombinator.com/reply?id=${itemId}`,
          how: 'Hacker News has no write API: sign in and paste the text into the reply form.',
        }
      : onItemPage(marker, 'Hacker News has no write API: reply on the item page.');
  },
});
