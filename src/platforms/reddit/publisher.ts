/**
 * Reddit: a user-context OAuth token, then a comment.
 * 1. `POST {baseUrl}/api/v1/access_token` with HTTP Basic `clientId:clientSecret` and either
 *    `grant_type=refresh_token&refresh_token=…` (an installed or web app authorized once with the
 *    scope `submit`) or `grant_type=password&username=…&password=…` (a "script" app of the replying
 *    account; not for accounts with two-factor sign-in);
 * 2. `POST {apiUrl}/api/comment` (form: `api_type=json`, `thing_id=<fullname>`, `text=<markdown>`)
 *    with `Authorization: bearer <token>` → `{json: {errors: [], data: {things: [{kind: "t1",
 *    data: {name, permalink …}}]}}}`. Reddit reports refusals (RATELIMIT, THREAD_LOCKED, TOO_OLD …)
 *    inside `json.errors` with status 200.
 * Reddit requires a descriptive User-Agent (credential `userAgent`, optional).
 */

import { PublishError, type Publisher, type PublishRequest } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { RedditSource } from './source.js';
import { DEFAULT_REDDIT_USER_AGENT } from './source.js';

const TITLE = 'Reddit';

function grant(req: PublishRequest): string | undefined {
  const refresh = req.credential('refreshToken');
  if (refresh) return new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }).toString();
  const username = req.credential('username');
  const password = req.credential('password');
  if (username && password)
    return new URLSearchParams({ grant_type: 'password', username, password }).toString();
  return undefined;
}

export const redditPublisher: Publisher<RedditSource> = {
  kind: 'reddit',
  title: TITLE,
  credentials: [
    { name: 'clientId', required: true, description: 'OAuth app id (reddit.com/prefs/apps).' },
    { name: 'clientSecret', required: true, description: 'OAuth app secret.' },
    {
      name: 'refreshToken',
      required: false,
      description: 'A refresh token of the replying account with the scope submit (preferred).',
    },
    { name: 'username', required: false, description: 'The replying account (script app, password grant).' },
    {
      name: 'password',
      required: false,
      description: "That account's password (script app, password grant).",
    },
    {
      name: 'userAgent',
      required: false,
      description: `Sent as User-Agent. Default: "${DEFAULT_REDDIT_USER_AGENT}".`,
    },
  ],
  check(req) {
    if (!/^t[13]_[a-z0-9]+$/i.test(req.marker.replyTo?.thingId ?? ''))
      return 'the mention has no Reddit fullname to reply to';
    const missing = missingCredentials(TITLE, req, ['clientId', 'clientSecret']);
    if (missing) return missing;
    if (!grant(req))
      return 'replying on Reddit needs a user token: the credential refreshToken, or username and password (a script app)';
    return undefined;
  },
  async publish(req) {
    const baseUrl = req.source?.baseUrl ?? 'https://www.reddit.com';
    const apiUrl = req.source?.apiUrl ?? 'https://oauth.reddit.com';
    const userAgent = req.credential('userAgent') ?? DEFAULT_REDDIT_USER_AGENT;
    const basic = Buffer.from(
      `${req.credential('clientId') ?? ''}:${req.credential('clientSecret') ?? ''}`,
    ).toString('base64');
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent };
    const token = await send(req.http, {
      url: joinUrl(baseUrl, '/api/v1/access_token'),
      headers: { ...form, authorization: `Basic ${basic}` },
      body: grant(req) ?? '',
      what: 'getting a user token',
      write: false,
    });
    const t = record(token.body);
    if (token.status !== 200 || typeof t?.access_token !== 'string') {
      if (token.status === 200)
        throw new PublishError(
          `${TITLE} refused the user credentials${typeof t?.error === 'string' ? ` ("${t.error}")` : ''}: check refreshToken or username/password`,
        );
      throw statusError(TITLE, 'the token request', token, { 401: 'check clientId and clientSecret' });
    }
    const thingId = req.marker.replyTo?.thingId ?? '';
    const answer = await send(req.http, {
      url: joinUrl(apiUrl, '/api/comment'),
      headers: { ...form, authorization: `bearer ${t.access_token}` },
      body: new URLSearchParams({ api_type: 'json', thing_id: thingId, text: req.text }).toString(),
      what: 'posting the comment',
    });
    if (answer.status !== 200)
      throw statusError(TITLE, 'posting the comment', answer, {
        403: 'the token needs the scope submit, or the thread is closed to this account',
      });
    const json = record(record(answer.body)?.json);
    const errors = json?.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const words = errors
        .map((e) =>
          Array.isArray(e)
            ? e
                .filter((x) => typeof x === 'string')
                .slice(0, 2)
                .join(': ')
            : String(e),
        )
        .join('; ')
        .slice(0, 300);
      throw new PublishError(`${TITLE} refused the comment: "${words}"`);
    }
    const things = record(json?.data)?.things;
    const thing = Array.isArray(things) ? record(record(things[0])?.data) : undefined;
    const permalink = typeof thing?.permalink === 'string' ? thing.permalink : undefined;
    if (!permalink) throw new PublishError(`${TITLE} answered without the new comment's permalink`, true);
    const url = permalink.startsWith('http') ? permalink : joinUrl(baseUrl, permalink);
    return { url, ...(typeof thing?.name === 'string' ? { id: thing.name } : {}) };
  },
};
