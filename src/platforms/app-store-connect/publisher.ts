/**
 * App Store Connect: the developer response to a customer review.
 * `POST {baseUrl}/v1/customerReviewResponses` with a team-key JWT (./auth.ts) and
 * `{data: {type: customerReviewResponses, attributes: {responseBody}, relationships: {review:
 * {data: {type: customerReviews, id}}}}}` → 201 `{data: {type: customerReviewResponses, id,
 * attributes: {responseBody, lastModifiedDate, state: PENDING_PUBLISH | PUBLISHED}}}`.
 * The endpoint creates the response or replaces an existing one; Apple publishes it on the App Store
 * after a while. Errors: `{errors: [{status, code, title, detail}]}`.
 */
import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import { ascErrorWords, ascKey, ascToken } from './auth.js';
import { type AppStoreConnectSource, appPageUrl } from './source.js';

const TITLE = 'App Store Connect';

export const appStoreConnectPublisher: Publisher<AppStoreConnectSource> = {
  kind: 'app-store-connect',
  title: TITLE,
  credentials: [
    { name: 'issuerId', required: true, description: 'The Issuer ID of the team API key.' },
    { name: 'keyId', required: true, description: 'The Key ID of the team API key.' },
    {
      name: 'privateKey',
      required: true,
      description: 'The .p8 private key; its role must be allowed to respond to reviews.',
    },
  ],
  check(req) {
    if (!req.marker.replyTo?.reviewId) return 'the mention has no App Store Connect review id to respond to';
    return missingCredentials(TITLE, req, ['issuerId', 'keyId', 'privateKey']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const baseUrl = req.source?.baseUrl ?? 'https://api.appstoreconnect.apple.com';
    let token: string;
    try {
      token = ascToken(
        ascKey(
          req.credential('issuerId') ?? '',
          req.credential('keyId') ?? '',
          req.credential('privateKey') ?? '',
        ),
        req.now,
      );
    } catch (error) {
      throw new PublishError(`${TITLE}: ${error instanceof Error ? error.message : String(error)}`, false);
    }
    const answer = await send(req.http, {
      url: joinUrl(baseUrl, '/v1/customerReviewResponses'),
      headers: { authorization: `Bearer ${token}` },
      body: {
        data: {
          type: 'customerReviewResponses',
          attributes: { responseBody: req.text },
          relationships: { review: { data: { type: 'customerReviews', id: r.reviewId ?? '' } } },
        },
      },
      what: 'posting the response',
    });
    if (answer.status !== 201 && answer.status !== 200) {
      const words = ascErrorWords(answer.body);
      throw statusError(
        TITLE,
        'posting the response',
        { ...answer, body: words ? { message: words } : undefined },
        {
          401: 'the token was refused: check issuerId, keyId and privateKey, and that the key is not revoked',
          403: "the key's role may not respond to reviews (use Customer Support, App Manager or Admin)",
          404: 'no such review (it may have been deleted)',
          409: 'App Store Connect refused the response in its current state',
        },
      );
    }
    const data = record(record(answer.body)?.data);
    if (typeof data?.id !== 'string')
      throw new PublishError(`${TITLE} answered without the new response's id`, true);
    const appId = r.appId ?? (req.source ? String(req.source.appId) : '');
    return { url: appId ? appPageUrl(appId) : (req.marker.url ?? ''), id: data.id };
  },
};
