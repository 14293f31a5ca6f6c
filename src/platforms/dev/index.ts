import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { devAdapter } from './source.js';

export const devPlatform = definePlatform({
  name: 'DEV',
  source: devAdapter,
  reply: { limit: 10_000 },
  typicalReach: 10,
  manualReply: (marker) =>
    onItemPage(
      marker,
      "DEV's API (Forem v1) cannot create comments: sign in on DEV and reply under the article or the comment.",
    ),
});
