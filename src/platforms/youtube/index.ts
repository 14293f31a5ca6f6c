import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { youtubePublisher } from './publisher.js';
import { youtubeAdapter } from './source.js';

export const youtubePlatform = definePlatform({
  name: 'YouTube',
  source: youtubeAdapter,
  publisher: youtubePublisher,
  reply: { limit: 10_000 },
  typicalReach: 10,
  manualReply: (marker) =>
    onItemPage(marker, 'Reply under the comment on YouTube, signed in as your channel.'),
});
