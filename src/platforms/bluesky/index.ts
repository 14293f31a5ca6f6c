import { graphemes } from '../../mentions/code-points.js';
import { definePlatform } from '../platform.js';
import { blueskyPublisher } from './publisher.js';
import { blueskyAdapter } from './source.js';

export const blueskyPlatform = definePlatform({
  name: 'Bluesky',
  source: blueskyAdapter,
  publisher: blueskyPublisher,
  // Bluesky counts 300 graphemes: what a reader sees as one character (an emoji with modifiers is one).
  reply: { limit: 300, unit: 'graphemes', measure: graphemes },
  typicalReach: 300,
});
