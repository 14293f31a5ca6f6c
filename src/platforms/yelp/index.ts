import { definePlatform } from '../platform.js';
import { yelpAdapter } from './source.js';

export const yelpPlatform = definePlatform({
  name: 'Yelp',
  source: yelpAdapter,
  // Replies are posted by hand in Yelp for Business; a short public comment reads best there.
  reply: { limit: 5_000 },
  manualReply() {
    return {
      url: 'https://biz.yelp.com/',
      how: "Yelp's API cannot post replies: answer in Yelp for Business → Reviews, as a public comment or a private message.",
    };
  },
});
