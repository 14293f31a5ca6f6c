import { definePlatform } from '../platform.js';
import { jsonFeedAdapter } from './source.js';

export const jsonFeedPlatform = definePlatform({
  name: 'the web',
  source: jsonFeedAdapter,
});
