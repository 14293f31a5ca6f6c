/**
 * X: a reply under the post the source found — `POST {baseUrl}/2/tweets`
 * `{text, reply: {in_reply_to_tweet_id}}` → `201 {data: {id, text}}`, signed as the account that
 * replies (a user context; the source's app-only Bearer Token cannot post).
 *
 * Which user token: **OAuth 1.0a** (API Key and Secret of the app + Access Token and Secret of the
 * account), signed here with HMAC-SHA1 (./oauth1.ts). Those four never expire until regenerated or
 * revoked, which is what an unattended workflow needs. OAuth 2.0 was the other candidate and is
 * accepted too (`userAccessToken`, sent as a Bearer token), but only for a team that mints a fresh
 * one before each run: X's OAuth 2.0 access tokens live two hours, and its refresh tokens are
 * single-use — each refresh returns a new one and invalidates the old — so a refresh token stored
 * as a repository secret works once, and the workflow cannot write the new one back.
 *
 * Length: 280 weighted characters (./length.ts); a longer text is refused before any request.
 * Errors: X's problem JSON `{title, detail, type, status}` on 4xx, and `errors[]` even in a 2xx
 * answer (no `data` then means nothing was posted). A 429 carries `x-rate-limit-reset`: the
 * message says when to try again; a write is never retried by itself (a lost answer could mean a
 * double reply). POST /2/tweets allows 100 requests per 15 minutes per user and 10,000 per 24 hours
 * per app; each is billed ($0.015, $0.200 when the text holds a URL).
 */
import { PublishError, type Publisher } from '../publisher.js';
import {
  joinUrl,
  missingCredentials,
  platformError,
  record,
  send,
  statusError,
} from '../shared/publish-http.js';
import { X_REPLY_LIMIT, xLength } from './length.js';
import { oauth1Header } from './oauth1.js';
import { postUrl } from './post-url.js';
import type { XSource } from './source.js';

const TITLE = 'X';
const API = 'https://api.x.com';
const OAUTH1 = ['apiKey', 'apiKeySecret', 'accessToken', 'accessTokenSecret'] as const;

type Credential = (name: string) => string | undefined;

/** The Authorization header for POST url: OAuth 1.0a when its four credentials are set, else OAuth 2.0. */
function authorization(credential: Credential, url: string, now: Date): string | undefined {
  const [apiKey, apiKeySecret, accessToken, accessTokenSecret] = OAUTH1.map((n) => credential(n));
  if (apiKey && apiKeySecret && accessToken && accessTokenSecret)
    return oauth1Header(
      'POST',
      url,
      {
        consumerKey: apiKey,
        consumerSecret: apiKeySecret,
        token: accessToken,
        tokenSecret: accessTokenSecret,
      },
      { now },
    );
  const bearer = credential('userAccessToken');
  return bearer ? `Bearer ${bearer}` : undefined;
}

/** When X's rate-limit window resets, from x-rate-limit-reset (Unix seconds), as a sentence. */
function resetsAt(headers: Record<string, string>): string | undefined {
  const reset = headers['x-rate-limit-reset'];
  if (!reset || !/^\d{1,12}$/.test(reset)) return undefined;
  return `the rate limit resets at ${new Date(Number(reset) * 1000).toISOString().replace('.000Z', 'Z')}`;
}

export const xPublisher: Publisher<XSource> = {
  kind: 'x',
  title: TITLE,
  credentials: [
    { name: 'apiKey', required: true, description: 'The app’s API Key (OAuth 1.0a consumer key).' },
    { name: 'apiKeySecret', required: true, description: 'The app’s API Key Secret.' },
    {
      name: 'accessToken',
      required: true,
      description: 'The Access Token of the account that replies, generated with Read and write permission.',
    },
    { name: 'accessTokenSecret', required: true, description: 'That Access Token’s secret.' },
    {
      name: 'userAccessToken',
      required: false,
      description:
        'Instead of the four above: an OAuth 2.0 user access token with tweet.write, tweet.read and users.read, fresh for this run (they live 2 hours).',
    },
  ],
  check(req) {
    const id = req.marker.replyTo?.tweetId;
    if (!id || !/^[0-9]{1,19}$/.test(id)) return 'the mention has no X post id to reply to';
    if (req.credential('userAccessToken')) return undefined;
    const missing = missingCredentials(TITLE, req, OAUTH1);
    return missing && `${missing} (OAuth 1.0a user context), or userAccessToken (OAuth 2.0)`;
  },
  async publish(req) {
    const length = xLength(req.text);
    if (length > X_REPLY_LIMIT)
      throw new PublishError(`the reply is ${length} weighted characters; X allows ${X_REPLY_LIMIT}`);
    const url = joinUrl(req.source?.baseUrl ?? API, '/2/tweets');
    const auth = authorization(req.credential, url, req.now);
    if (!auth) throw new PublishError('replying on X needs a user token (see the source’s credentials)');
    const answer = await send(req.http, {
      url,
      headers: { authorization: auth },
      body: { text: req.text, reply: { in_reply_to_tweet_id: req.marker.replyTo?.tweetId ?? '' } },
      what: 'posting the reply',
    });
    if (answer.status === 429)
      throw statusError(TITLE, 'posting the reply', answer, {
        429: `rate limited: ${resetsAt(answer.headers) ?? 'try /reply again in 15 minutes'} (100 posts per 15 minutes per account); try /reply again then`,
      });
    if (answer.status < 200 || answer.status >= 300)
      throw statusError(TITLE, 'posting the reply', answer, {
        401: 'the user token was refused: check apiKey, apiKeySecret, accessToken and accessTokenSecret (regenerating any of them invalidates the old one), or renew userAccessToken',
        403: 'X refused the post: the app needs "Read and write" permission (regenerate the access token after changing it), the account may not reply to this post, or the text duplicates an earlier post',
      });
    const data = record(record(answer.body)?.data);
    const id = typeof data?.id === 'string' ? data.id : undefined;
    if (!id) {
      const words = platformError(answer.body);
      // A 2xx with errors and no data: X said what went wrong, and nothing was posted.
      if (words)
        throw new PublishError(
          `X answered HTTP ${answer.status} without a post: "${words}"`,
          false,
          answer.status,
        );
      throw new PublishError(`${TITLE} answered without the new post's id`, true);
    }
    return { url: postUrl(id), id };
  },
};
