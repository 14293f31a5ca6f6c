import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { lobstersAdapter } from './source.js';

export const lobstersPlatform = definePlatform({
  name: 'Lobsters',
  source: lobstersAdapter,
  reply: { limit: 10_000 },
  typicalReach: 10,
  manualReply(marker) {
    const storyId = marker.replyTo?.storyId;
    const commentId = marker.replyTo?.commentId;
    return storyId && /^[A-Za-z0-9]+$/.test(storyId)
      ? {
          url:
            commentId && /^[A-Za-z0-9]+$/.test(commentId)
              ? `https://lobste.rs/c/${commentId}`
              : `https://lobste.rs/s/${storyId}`,
          how: 'Lobsters has no write API: sign in (accounts are by invitation) and reply under the story or the comment.',
        }
      : onItemPage(marker, 'Lobsters has no write API: sign in and reply on the story page.');
  },
});
