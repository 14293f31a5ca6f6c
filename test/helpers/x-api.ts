/**
 * A fake of the X API v2 on 127.0.0.1, answering like X (test/fixtures/sources/x/README.md names
 * the documentation each answer follows): recent search (two pages by next_token), a user's
 * mentions timeline, and POST /2/tweets, which checks the OAuth 1.0a signature (or an OAuth 2.0
 * user token) the way X does and records each reply. Every answer carries X's rate-limit headers;
 * `fail` makes an endpoint answer an error (or drop the connection: a lost answer).
 *
 * `shiftMs` moves the recorded posts in time — their `created_at` and their snowflake ids, which
 * carry the time — so a scan at the real clock finds them inside its window.
 */
import type { ServerResponse } from 'node:http';
import { oauth1Header } from '../../src/platforms/x/oauth1.js';
import { fixture, type Loopback, type RecordedRequest, sendJson, startLoopback } from './loopback.js';

export const X_CREDS = {
  bearer: 'AAAAAAAAAAAAAAAAAAAAAtestbearer%2Facme%3Dtoken',
  apiKey: 'xvz1evFS4wEEPTGEFPHBog',
  apiKeySecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  accessToken: '1380420052211306496-AcmeRepliesAccessToken0001',
  accessTokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  userAccessToken: 'bWRWa3gzdnk3WHRGU1o0bmRRcTJ5VUxWX1lZTDdJSUtmaWcx',
};
/** The team's own account (its mentions timeline). */
export const ACME_USER_ID = '1380420052211306496';
const NEXT_TOKEN = 'b26v89c19zqg8o3fpzbkk6v0yrzelhacn6sszmj1wc5a5';

export type XEndpoint = 'search' | 'mentions' | 'post';

export interface XFailure {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Drop the connection after reading the request (the write may or may not have happened). */
  drop?: boolean;
  /** Fail only this many times, then answer normally. */
  times?: number;
}

export interface XReply {
  text: string;
  inReplyTo: string;
  /** 'oauth1' (signature checked) or 'oauth2' (user token). */
  auth: 'oauth1' | 'oauth2';
}

export interface XApi extends Loopback {
  replies: XReply[];
  fail: Partial<Record<XEndpoint, XFailure>>;
  /** When set, the search answers only `search-recent-empty.json`. */
  empty: boolean;
}

/** Adds `shiftMs` to every ISO time and to every 19-digit snowflake id of a JSON text. */
export function shiftPosts(json: string, shiftMs: number): string {
  if (shiftMs === 0) return json;
  const idShift = BigInt(Math.round(shiftMs)) << 22n;
  return json
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, (iso) =>
      new Date(Date.parse(iso) + shiftMs).toISOString(),
    )
    .replace(/(?<!\d)1[0-9]{18}(?!\d)/g, (id) => (BigInt(id) + idShift).toString());
}

/** The oauth_* fields of an `Authorization: OAuth …` header. */
function oauthFields(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.slice('OAuth '.length).matchAll(/([a-z_]+)="([^"]*)"/g))
    out[decodeURIComponent(m[1] ?? '')] = decodeURIComponent(m[2] ?? '');
  return out;
}

export async function startXApi(options: { shiftMs?: number; now?: () => number } = {}): Promise<XApi> {
  const shiftMs = options.shiftMs ?? 0;
  const now = options.now ?? Date.now;
  const replies: XReply[] = [];
  const fail: XApi['fail'] = {};
  let remaining = 450;
  const state = { empty: false };
  let base = '';

  const limits = () => ({
    'x-rate-limit-limit': '450',
    'x-rate-limit-remaining': String(Math.max(0, --remaining)),
    'x-rate-limit-reset': String(Math.floor(now() / 1000) + 900),
  });
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    sendJson(res, status, body, { ...limits(), ...headers });
  const problem = (
    res: ServerResponse,
    status: number,
    title: string,
    detail: string,
    type = 'about:blank',
  ) => answer(res, status, { title, detail, type, status }, { 'content-type': 'application/problem+json' });
  const recorded = (name: string) =>
    JSON.parse(shiftPosts(fixture(`sources/x/${name}`).toString('utf8'), shiftMs));
  /** Answers the endpoint's failure, if one is set; true when it did. */
  const failed = (endpoint: XEndpoint, res: ServerResponse): boolean => {
    const f = fail[endpoint];
    if (!f) return false;
    if (f.times !== undefined && --f.times <= 0) delete fail[endpoint];
    if (f.drop) {
      res.socket?.destroy();
      return true;
    }
    answer(res, f.status ?? 503, f.body ?? { title: 'Service Unavailable', status: 503 }, f.headers);
    return true;
  };

  const loop = await startLoopback((req: RecordedRequest, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const q = url.searchParams;
    const auth = String(req.headers.authorization ?? '');

    if (req.method === 'POST' && url.pathname === '/2/tweets') {
      let how: XReply['auth'] | undefined;
      if (auth === `Bearer ${X_CREDS.userAccessToken}`) how = 'oauth2';
      else if (auth.startsWith('OAuth ')) {
        const f = oauthFields(auth);
        const expected = oauth1Header(
          'POST',
          `${base}/2/tweets`,
          {
            consumerKey: X_CREDS.apiKey,
            consumerSecret: X_CREDS.apiKeySecret,
            token: X_CREDS.accessToken,
            tokenSecret: X_CREDS.accessTokenSecret,
          },
          { nonce: f.oauth_nonce ?? '', timestamp: Number(f.oauth_timestamp) },
        );
        if (
          f.oauth_consumer_key === X_CREDS.apiKey &&
          f.oauth_token === X_CREDS.accessToken &&
          f.oauth_signature_method === 'HMAC-SHA1' &&
          f.oauth_version === '1.0' &&
          f.oauth_signature === oauthFields(expected).oauth_signature
        )
          how = 'oauth1';
      }
      if (!how) return problem(res, 401, 'Unauthorized', 'Unauthorized');
      if (failed('post', res)) return;
      let body: { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
      try {
        body = JSON.parse(req.body) as typeof body;
      } catch {
        return problem(res, 400, 'Invalid Request', 'The request body is not valid JSON.');
      }
      const text = typeof body.text === 'string' ? body.text : '';
      const to = body.reply?.in_reply_to_tweet_id;
      if (!text || typeof to !== 'string' || !/^\d{1,19}$/.test(to))
        return problem(res, 400, 'Invalid Request', 'One or more parameters to your request was invalid.');
      replies.push({ text, inReplyTo: to, auth: how });
      const made = JSON.parse(fixture('publishers/x/create-post.json').toString('utf8')) as {
        data: { id: string; text: string };
      };
      return answer(res, 201, { data: { ...made.data, text } });
    }

    if (auth !== `Bearer ${X_CREDS.bearer}`)
      return answer(res, 401, JSON.parse(fixture('sources/x/error-unauthorized.json').toString('utf8')));

    if (url.pathname === '/2/tweets/search/recent') {
      if (failed('search', res)) return;
      const max = Number(q.get('max_results') ?? '10');
      const start = q.get('start_time');
      if (!q.get('query') || !(max >= 10 && max <= 100))
        return problem(res, 400, 'Invalid Request', 'One or more parameters to your request was invalid.');
      if (start && q.get('since_id'))
        return problem(res, 400, 'Invalid Request', 'At most one of start_time, since_id may be provided.');
      if (
        start &&
        (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(start) || Date.parse(start) < now() - 7 * 86_400_000)
      )
        return problem(
          res,
          400,
          'Invalid Request',
          `Invalid 'start_time':'${start}'. 'start_time' must be on or after ${new Date(now() - 7 * 86_400_000).toISOString()}`,
        );
      if (state.empty) return answer(res, 200, recorded('search-recent-empty.json'));
      return answer(
        res,
        200,
        recorded(
          q.get('next_token') === NEXT_TOKEN ? 'search-recent-page2.json' : 'search-recent-page1.json',
        ),
      );
    }

    const mentions = /^\/2\/users\/(\d+)\/mentions$/.exec(url.pathname);
    if (mentions) {
      if (failed('mentions', res)) return;
      if (mentions[1] !== ACME_USER_ID) return answer(res, 200, recorded('users-mentions-not-found.json'));
      return answer(res, 200, recorded('users-mentions.json'));
    }
    return problem(res, 404, 'Not Found Error', `No route ${url.pathname}`);
  });
  base = loop.url;
  return {
    url: loop.url,
    requests: loop.requests,
    close: loop.close,
    replies,
    fail,
    get empty() {
      return state.empty;
    },
    set empty(v: boolean) {
      state.empty = v;
    },
  };
}
