import { definePlatform } from '../platform.js';
import { jsonAdapter } from './source.js';

export const jsonPlatform = definePlatform({
  name: 'the web',
  source: jsonAdapter,
});
