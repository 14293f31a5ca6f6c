import { definePlatform } from '../platform.js';
import { appStoreConnectPublisher } from './publisher.js';
import { appStoreConnectAdapter } from './source.js';

export const appStoreConnectPlatform = definePlatform({
  name: 'the App Store',
  source: appStoreConnectAdapter,
  publisher: appStoreConnectPublisher,
  // App Store Connect's response form takes 5,970 characters (the API reference states no limit).
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
