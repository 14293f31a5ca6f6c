import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { facebookPublisher } from './publisher.js';
import { facebookAdapter } from './source.js';

export const facebookPlatform = definePlatform({
  name: 'Facebook',
  source: facebookAdapter,
  publisher: facebookPublisher,
  // Facebook's comment box takes 8,000 characters; the Graph API reference names no other limit.
  reply: { limit: 8_000 },
  manualReply: (marker) =>
    onItemPage(
      marker,
      'Open it on Facebook, switch to your Page (Meta Business Suite or the Page profile) and comment as the Page.',
    ),
});
