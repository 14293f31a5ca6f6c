import { definePlatform } from '../platform.js';
import { tripadvisorAdapter } from './source.js';

export const tripadvisorPlatform = definePlatform({
  name: 'Tripadvisor',
  source: tripadvisorAdapter,
  // Management responses are written by hand in the Management Center; Tripadvisor reviews them
  // before they appear.
  reply: { limit: 5_000 },
  manualReply() {
    return {
      url: 'https://www.tripadvisor.com/ManagementCenter',
      how: "Tripadvisor's Content API cannot post: answer as the owner in the Management Center (Reviews → Respond); Tripadvisor checks a management response before it is published.",
    };
  },
});
