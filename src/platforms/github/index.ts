import { definePlatform } from '../platform.js';
import { githubPublisher } from './publisher.js';
import { githubAdapter } from './source.js';

export const githubPlatform = definePlatform({
  name: 'GitHub',
  source: githubAdapter,
  publisher: githubPublisher,
  reply: { limit: 65_536 },
  typicalReach: 5,
});
