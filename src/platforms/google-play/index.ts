import { definePlatform } from '../platform.js';
import { googlePlayPublisher } from './publisher.js';
import { googlePlayAdapter } from './source.js';

export const googlePlayPlatform = definePlatform({
  name: 'Google Play',
  source: googlePlayAdapter,
  publisher: googlePlayPublisher,
  // "Replies of more than approximately 350 characters will be rejected" (reviews.reply).
  reply: { limit: 350 },
  manualReply: () => ({
    url: 'https://play.google.com/console',
    how: 'Answer the review in Play Console → your app → Ratings and reviews → Reviews (a developer reply is public).',
  }),
});
