import { onItemPage } from '../manual-reply.js';
import { definePlatform } from '../platform.js';
import { instagramPublisher } from './publisher.js';
import { instagramAdapter } from './source.js';

export const instagramPlatform = definePlatform({
  name: 'Instagram',
  source: instagramAdapter,
  publisher: instagramPublisher,
  // Instagram takes 2,200 characters in a caption or comment; the replies reference names no other limit.
  reply: { limit: 2_200 },
  manualReply: (marker) =>
    onItemPage(
      marker,
      marker.replyTo?.commentId
        ? 'Open the post in the Instagram app signed in as your professional account and reply under the comment.'
        : 'Instagram takes no API replies here (tagged or hashtag media): comment on the post in the Instagram app, or send the author a message.',
    ),
});
