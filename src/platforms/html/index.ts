import { definePlatform } from '../platform.js';
import { htmlAdapter } from './source.js';

export const htmlPlatform = definePlatform({
  name: 'the web',
  source: htmlAdapter,
});
