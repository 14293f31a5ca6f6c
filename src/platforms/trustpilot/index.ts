import { definePlatform } from '../platform.js';
import { trustpilotPublisher } from './publisher.js';
import { trustpilotAdapter } from './source.js';

export const trustpilotPlatform = definePlatform({
  name: 'Trustpilot',
  source: trustpilotAdapter,
  publisher: trustpilotPublisher,
  // Trustpilot documents no length limit for company replies; kept to a readable answer.
  reply: { limit: 5_000 },
  typicalReach: 5,
  manualReply(marker) {
    const reviewId = marker.replyTo?.reviewId;
    return {
      ...(reviewId && /^[0-9a-f]{24}$/i.test(reviewId)
        ? { url: `https://businessapp.b2b.trustpilot.com/reviews/${reviewId}` }
        : {}),
      how: 'Answer the review in Trustpilot Business → Reviews → Reply (a company reply is public).',
    };
  },
});
