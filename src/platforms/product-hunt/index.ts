import { definePlatform } from '../platform.js';
import { productHuntAdapter } from './source.js';

export const productHuntPlatform = definePlatform({
  name: 'Product Hunt',
  source: productHuntAdapter,
  reply: { limit: 10_000 },
  typicalReach: 10,
  manualReply(marker) {
    const slug = marker.replyTo?.postSlug;
    const commentId = marker.replyTo?.commentId;
    return {
      ...(slug && /^[a-z0-9][a-z0-9-]*$/.test(slug)
        ? {
            url:
              commentId && /^\d+$/.test(commentId)
                ? `https://www.producthunt.com/posts/${slug}?comment=${commentId}`
                : `https://www.producthunt.com/posts/${slug}`,
          }
        : {}),
      how: "Product Hunt's public API cannot post comments: sign in as a maker of the launch and reply on its page.",
    };
  },
});
