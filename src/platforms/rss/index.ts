import { definePlatform } from '../platform.js';
import { rssAdapter } from './source.js';

export const rssPlatform = definePlatform({
  name: 'the web',
  source: rssAdapter,
});
