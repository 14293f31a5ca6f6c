/**
 * Trustpilot (Service Reviews API, business user OAuth):
 * 1. `POST {baseUrl}/oauth/oauth-business-users-for-applications/accesstoken` with
 *    `Authorization: Basic base64(apiKey:apiSecret)` and a form body: `grant_type=password`,
 *    `username`, `password` (a Trustpilot Business user) when those credentials are set, else
 *    `grant_type=client_credentials` → `{access_token, expires_in …}`;
 * 2. `POST {baseUrl}/private/reviews/{reviewId}/reply` `{authorBusinessUserId, message}` with
 *    `Authorization: Bearer <access_token>` → 201. The reply shows under the review, whose page is
 *    the reply's link. A review has one company reply.
 */

import type { Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import { TRUSTPILOT_API, type TrustpilotSource } from './source.js';

const TITLE = 'Trustpilot';

export function trustpilotTokenUrl(baseUrl: string): string {
  return joinUrl(baseUrl, '/oauth/oauth-business-users-for-applications/accesstoken');
}

export const trustpilotPublisher: Publisher<TrustpilotSource> = {
  kind: 'trustpilot',
  title: TITLE,
  credentials: [
    { name: 'apiKey', required: true, description: 'The API key of the Trustpilot application.' },
    { name: 'apiSecret', required: true, description: 'The secret of that application.' },
    {
      name: 'username',
      required: false,
      description:
        'A Trustpilot Business user (e-mail) for the password grant; without it, client credentials.',
    },
    { name: 'password', required: false, description: "That business user's password." },
  ],
  check(req) {
    if (!/^[0-9a-f]{24}$/i.test(req.marker.replyTo?.reviewId ?? ''))
      return 'the mention has no Trustpilot review id to reply to';
    if (!req.source?.businessUserId)
      return 'the source option businessUserId (the business user who signs replies) is not set';
    if (req.credential('username') && !req.credential('password'))
      return missingCredentials(TITLE, req, ['password']);
    return missingCredentials(TITLE, req, ['apiKey', 'apiSecret']);
  },
  async publish(req) {
    const reviewId = req.marker.replyTo?.reviewId ?? '';
    const baseUrl = req.source?.baseUrl ?? TRUSTPILOT_API;
    const key = req.credential('apiKey') ?? '';
    const secret = req.credential('apiSecret') ?? '';
    const username = req.credential('username');
    const grant = username
      ? { grant_type: 'password', username, password: req.credential('password') ?? '' }
      : { grant_type: 'client_credentials' };
    const token = await send(req.http, {
      url: trustpilotTokenUrl(baseUrl),
      headers: {
        authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(grant).toString(),
      what: 'getting an access token',
      write: false,
    });
    const t = record(token.body);
    if (token.status !== 200 || typeof t?.access_token !== 'string')
      throw statusError(TITLE, 'the token request', token, {
        400: 'the business user or password was refused',
        401: 'the API key or secret was refused',
      });
    const answer = await send(req.http, {
      url: joinUrl(baseUrl, `/private/reviews/${encodeURIComponent(reviewId)}/reply`),
      headers: { authorization: `Bearer ${t.access_token}` },
      body: { authorBusinessUserId: req.source?.businessUserId ?? '', message: req.text },
      what: 'posting the reply',
    });
    if (answer.status < 200 || answer.status >= 300)
      throw statusError(TITLE, 'posting the reply', answer, {
        403: 'the business user may not reply for this business unit',
        404: 'the review is gone, or belongs to another business unit',
      });
    return { url: `https://www.trustpilot.com/reviews/${reviewId}` };
  },
};
