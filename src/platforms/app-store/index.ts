import { definePlatform } from '../platform.js';
import { appStoreAdapter } from './source.js';

export const appStorePlatform = definePlatform({
  name: 'the App Store',
  source: appStoreAdapter,
  reply: { limit: 5_970 },
  manualReply(marker) {
    const appId = marker.replyTo?.appId;
    return {
      ...(appId && /^\d+$/.test(appId)
        ? {
            url: `https://appstoreconnect.apple.com/apps/${appId}/distribution/activity/ios/ratingsResponses`,
          }
        : {}),
      how: 'Answer the review in App Store Connect → Ratings and Reviews (a developer response is public).',
    };
  },
});
