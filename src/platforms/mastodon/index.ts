import { definePlatform } from '../platform.js';
import { mastodonLength } from './length.js';
import { mastodonPublisher } from './publisher.js';
import { mastodonAdapter } from './source.js';

export const mastodonPlatform = definePlatform({
  name: 'Mastodon',
  source: mastodonAdapter,
  publisher: mastodonPublisher,
  reply: { limit: 500, measure: mastodonLength },
  typicalReach: 300,
});
