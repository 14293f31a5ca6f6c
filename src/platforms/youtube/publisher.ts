/**
 * YouTube (Data API v3): a reply under the top-level comment the source found.
 * 1. An OAuth access token from a refresh token: `POST https://oauth2.googleapis.com/token`
 *    (`grant_type=refresh_token`, `client_id`, `client_secret`, `refresh_token`) — the account (or
 *    brand channel) that replies authorized once with the scope `youtube.force-ssl`;
 * 2. `POST {baseUrl}/comments?part=snippet` `{snippet: {parentId, textOriginal}}` with
 *    `Authorization: Bearer …` → the new Comment resource `{id, snippet …}`; its link is
 *    `https://www.youtube.com/watch?v={videoId}&lc={id}`. Errors come as `{error: {code, message,
 *    errors: [{reason}]}}`. Costs 50 quota units.
 * With the source's baseUrl pointed elsewhere (a proxy, tests), the token endpoint is
 * `{baseUrl}/oauth2/token`.
 */

import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { YoutubeSource } from './source.js';

const TITLE = 'YouTube';
const API = 'https://www.googleapis.com/youtube/v3';

export function youtubeTokenUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '') === API
    ? 'https://oauth2.googleapis.com/token'
    : joinUrl(baseUrl, '/oauth2/token');
}

export const youtubePublisher: Publisher<YoutubeSource> = {
  kind: 'youtube',
  title: TITLE,
  credentials: [
    {
      name: 'oauthClientId',
      required: true,
      description: 'OAuth client id (Google Cloud console → Credentials).',
    },
    { name: 'oauthClientSecret', required: true, description: 'That OAuth client’s secret.' },
    {
      name: 'oauthRefreshToken',
      required: true,
      description:
        'A refresh token of the replying channel with the scope https://www.googleapis.com/auth/youtube.force-ssl.',
    },
  ],
  check(req) {
    if (!req.marker.replyTo?.parentId) return 'the mention has no YouTube comment to reply under';
    return missingCredentials(TITLE, req, ['oauthClientId', 'oauthClientSecret', 'oauthRefreshToken']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const baseUrl = req.source?.baseUrl ?? API;
    const token = await send(req.http, {
      url: youtubeTokenUrl(baseUrl),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: req.credential('oauthClientId') ?? '',
        client_secret: req.credential('oauthClientSecret') ?? '',
        refresh_token: req.credential('oauthRefreshToken') ?? '',
      }).toString(),
      what: 'getting an access token',
      write: false,
    });
    const t = record(token.body);
    if (token.status !== 200 || typeof t?.access_token !== 'string')
      throw statusError(TITLE, 'the token request', token, {
        400: 'the refresh token is expired or revoked: authorize again',
      });
    const answer = await send(req.http, {
      url: joinUrl(baseUrl, '/comments?part=snippet'),
      headers: { authorization: `Bearer ${t.access_token}` },
      body: { snippet: { parentId: r.parentId ?? '', textOriginal: req.text } },
      what: 'posting the reply',
    });
    if (answer.status !== 200)
      throw statusError(TITLE, 'posting the reply', answer, {
        403: 'the channel may not comment there (comments disabled, or the token lacks youtube.force-ssl)',
      });
    const c = record(answer.body);
    if (typeof c?.id !== 'string')
      throw new PublishError(`${TITLE} answered without the new comment's id`, true);
    const video = r.videoId ?? '';
    return {
      url: `https://www.youtube.com/watch?v=${encodeURIComponent(video)}&lc=${encodeURIComponent(c.id)}`,
      id: c.id,
    };
  },
};
