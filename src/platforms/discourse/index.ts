import { definePlatform } from '../platform.js';
import { discoursePublisher } from './publisher.js';
import { discourseAdapter } from './source.js';

export const discoursePlatform = definePlatform({
  name: 'the forum',
  source: discourseAdapter,
  publisher: discoursePublisher,
  reply: { limit: 32_000 },
  typicalReach: 5,
});
