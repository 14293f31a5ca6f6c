/** The feed reading library: detection, strict + tolerant passes, normalization of items. */
export { type DateResult, parseFeedDate } from './dates.js';
export { discoverFeeds, type FoundInstead, NotAFeedError } from './not-a-feed.js';
export { cleanAuthor, stripPublisherSuffix, unwrapGoogleRedirect } from './quirks.js';
export { readFeed } from './read-feed.js';
export { htmlToText, plainTitle } from './text.js';
export { DEFAULT_LIMITS, type FeedInput, type FeedKind, type FeedLimits, type FeedResult } from './types.js';
