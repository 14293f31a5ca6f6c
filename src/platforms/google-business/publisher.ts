/**
 * Google Business Profile: the owner's reply to a review (`accounts.locations.reviews.updateReply`).
 * 1. An access token from the refresh token (`grant_type=refresh_token`, scope business.manage;
 *    ../shared/google-auth.ts) at the source's `tokenUrl`;
 * 2. `PUT {baseUrl}/v4/{name}/reply` (name = `accounts/{a}/locations/{l}/reviews/{reviewId}`)
 *    `{comment}` with `Authorization: Bearer …` → the ReviewReply `{comment, updateTime}`. It creates
 *    the reply or replaces the one there; the location must be verified. At most 4,096 bytes.
 * Errors come as `{error: {code, message, status}}`; a project without approved API access gets 429.
 */
import { PublishError, type Publisher } from '../publisher.js';
import { publishAccessToken } from '../shared/google-access.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import { type GoogleBusinessSource, OWNER_REVIEWS_URL, placeReviewsUrl } from './source.js';

const TITLE = 'Google Business Profile';
/** accounts/{a}/locations/{l}/reviews/{r}: the only shape a reply may be sent to. */
const REVIEW_NAME = /^accounts\/[^/?#]+\/locations\/[^/?#]+\/reviews\/[^/?#]+$/;

export const googleBusinessPublisher: Publisher<GoogleBusinessSource> = {
  kind: 'google-business',
  title: TITLE,
  credentials: [
    { name: 'oauthClientId', required: true, description: 'The OAuth client id.' },
    { name: 'oauthClientSecret', required: true, description: 'That OAuth client’s secret.' },
    {
      name: 'oauthRefreshToken',
      required: true,
      description: 'A refresh token of an owner or manager of the profile (scope business.manage).',
    },
  ],
  check(req) {
    if (!REVIEW_NAME.test(req.marker.replyTo?.name ?? ''))
      return 'the mention names no Google Business Profile review to reply to';
    return missingCredentials(TITLE, req, ['oauthClientId', 'oauthClientSecret', 'oauthRefreshToken']);
  },
  async publish(req) {
    const name = req.marker.replyTo?.name ?? '';
    if (!REVIEW_NAME.test(name)) throw new PublishError(`${TITLE}: "${name}" is not a review name`, false);
    const baseUrl = req.source?.baseUrl ?? 'https://mybusiness.googleapis.com';
    const accessToken = await publishAccessToken(req, TITLE, () => ({
      type: 'refresh-token',
      clientId: req.credential('oauthClientId') ?? '',
      clientSecret: req.credential('oauthClientSecret') ?? '',
      refreshToken: req.credential('oauthRefreshToken') ?? '',
    }));
    const path = name
      .split('/')
      .map((part) => encodeURIComponent(part))
      .join('/');
    const answer = await send(req.http, {
      url: joinUrl(baseUrl, `/v4/${path}/reply`),
      method: 'PUT',
      headers: { authorization: `Bearer ${accessToken}` },
      body: { comment: req.text },
      what: 'posting the reply',
    });
    if (answer.status !== 200)
      throw statusError(TITLE, 'posting the reply', answer, {
        400: 'Google refused the reply (longer than 4,096 bytes, or the location is not verified)',
        403: 'the account may not manage this location: it must be an owner or manager of the profile',
        404: 'no such review (it may have been deleted)',
        429: "rate limited, or the project's Business Profile API access is not approved yet (quota 0)",
      });
    if (typeof record(answer.body)?.comment !== 'string')
      throw new PublishError(`${TITLE} answered without the reply it stored`, true);
    const placeId = req.source?.placeId;
    return { url: placeId ? placeReviewsUrl(placeId) : OWNER_REVIEWS_URL, id: `${name}/reply` };
  },
};
