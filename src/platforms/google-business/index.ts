import { definePlatform } from '../platform.js';
import { googleBusinessPublisher } from './publisher.js';
import { googleBusinessAdapter, OWNER_REVIEWS_URL } from './source.js';

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export const googleBusinessPlatform = definePlatform({
  name: 'Google Business Profile',
  source: googleBusinessAdapter,
  publisher: googleBusinessPublisher,
  // ReviewReply.comment: "The maximum length is 4096 bytes."
  reply: { limit: 4_096, unit: 'bytes', measure: utf8Bytes },
  manualReply: () => ({
    url: OWNER_REVIEWS_URL,
    how: 'Answer the review as an owner or manager of the Business Profile (Google Search or Maps → your business → Reviews → Reply).',
  }),
});
