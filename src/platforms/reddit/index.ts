import { definePlatform } from '../platform.js';
import { redditPublisher } from './publisher.js';
import { redditAdapter } from './source.js';

export const redditPlatform = definePlatform({
  name: 'Reddit',
  source: redditAdapter,
  publisher: redditPublisher,
  reply: { limit: 10_000 },
  typicalReach: 50,
});
