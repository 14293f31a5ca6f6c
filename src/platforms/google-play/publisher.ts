/**
 * Google Play: the developer reply to a review, through the Reply to Reviews API.
 * 1. An access token for the service account (JWT bearer grant, scope androidpublisher;
 *    ../shared/google-auth.ts), at the source's `tokenUrl`;
 * 2. `POST {baseUrl}/androidpublisher/v3/applications/{packageName}/reviews/{reviewId}:reply`
 *    `{replyText}` with `Authorization: Bearer …` → `{result: {replyText, lastEdited: {seconds,
 *    nanos}}}`. Replies of more than about 350 characters are refused; HTML tags are stripped.
 *    A review has one reply: posting again replaces it. Errors come as `{error: {code, message,
 *    status}}`.
 * The reply shows under the review on the app's Play page; the link returned is the review's.
 */
import { PublishError, type Publisher } from '../publisher.js';
import { publishAccessToken } from '../shared/google-access.js';
import { parseServiceAccountKey } from '../shared/google-auth.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import { ANDROID_PUBLISHER_SCOPE, type GooglePlaySource, reviewUrl } from './source.js';

const TITLE = 'Google Play';

export const googlePlayPublisher: Publisher<GooglePlaySource> = {
  kind: 'google-play',
  title: TITLE,
  credentials: [
    {
      name: 'serviceAccountKey',
      required: true,
      description:
        'The JSON key of the service account; in Play Console it needs the permission to reply to reviews.',
    },
  ],
  check(req) {
    if (!req.marker.replyTo?.reviewId) return 'the mention has no Google Play review id to reply to';
    if (!req.marker.replyTo.packageName && !req.source?.packageName)
      return 'the mention names no app package';
    return missingCredentials(TITLE, req, ['serviceAccountKey']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const packageName = r.packageName ?? req.source?.packageName ?? '';
    const reviewId = r.reviewId ?? '';
    const baseUrl = req.source?.baseUrl ?? 'https://androidpublisher.googleapis.com';
    const accessToken = await publishAccessToken(req, TITLE, () => ({
      type: 'service-account',
      key: parseServiceAccountKey(
        req.credential('serviceAccountKey') ?? '',
        'the serviceAccountKey credential',
      ),
      scope: ANDROID_PUBLISHER_SCOPE,
    }));
    const answer = await send(req.http, {
      url: joinUrl(
        baseUrl,
        `/androidpublisher/v3/applications/${encodeURIComponent(packageName)}/reviews/${encodeURIComponent(reviewId)}:reply`,
      ),
      headers: { authorization: `Bearer ${accessToken}` },
      body: { replyText: req.text },
      what: 'posting the reply',
    });
    if (answer.status !== 200)
      throw statusError(TITLE, 'posting the reply', answer, {
        400: 'Google refused the reply (longer than about 350 characters, or the review cannot be answered)',
        403: 'the service account may not reply to reviews of this app: grant it that permission in Play Console → Users and permissions',
        404: 'no such review or app (reviews older than a week or without text cannot be found)',
      });
    const result = record(record(answer.body)?.result);
    if (typeof result?.replyText !== 'string')
      throw new PublishError(`${TITLE} answered without the reply it applied`, true);
    return { url: reviewUrl(packageName, reviewId), id: reviewId };
  },
};
