import { definePlatform } from '../platform.js';
import { lemmyPublisher } from './publisher.js';
import { lemmyAdapter } from './source.js';

export const lemmyPlatform = definePlatform({
  name: 'Lemmy',
  source: lemmyAdapter,
  publisher: lemmyPublisher,
  reply: { limit: 10_000 },
  typicalReach: 20,
});
