/**
 * Local stand-ins for the platforms Earshot replies on, shaped like their official APIs (paths,
 * auth headers, request fields, answers and error bodies, from the fixtures in
 * test/fixtures/publishers/), on one 127.0.0.1 server under path prefixes:
 *
 * - `/mastodon`  POST /api/v1/statuses (Bearer token, status/in_reply_to_id/visibility, 500 chars, Idempotency-Key)
 * - `/bsky`      POST /xrpc/com.atproto.server.createSession, /xrpc/com.atproto.repo.createRecord (300 graphemes)
 * - `/reddit-www` POST /api/v1/access_token (Basic, form grant) · `/reddit-oauth` POST /api/comment (form)
 * - `/forum`     POST /posts.json (Api-Key, Api-Username, raw ≥ 20 characters)
 * - `/github`    POST /graphql (addDiscussionComment)
 * - `/lemmy`     POST /api/v3/comment (Bearer JWT)
 * - `/youtube`   POST /oauth2/token (refresh grant), POST /comments?part=snippet (Bearer)
 *
 * Each accepted post is recorded in `posts`; `fail` makes a platform answer an error (or drop the
 * connection after reading the request: a lost answer).
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { type Loopback, type RecordedRequest, sendJson, startLoopback } from '../../helpers/loopback.js';
import { ENV } from './helpers.js';

export type Platform = 'mastodon' | 'bluesky' | 'reddit' | 'discourse' | 'github' | 'lemmy' | 'youtube';

export interface Post {
  platform: Platform;
  text: string;
  /** The request body as the platform received it (parsed JSON or form fields). */
  body: Record<string, unknown>;
  headers: RecordedRequest['headers'];
}

export interface Failure {
  status?: number;
  body?: unknown;
  /** Drop the connection after reading the request (the write may or may not have happened). */
  drop?: boolean;
}

export interface ReplyServers extends Loopback {
  posts: Post[];
  fail: Partial<Record<Platform, Failure>>;
}

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/publishers/${path}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
}

function parseBody(req: RecordedRequest): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(req.body));
  try {
    const v: unknown = JSON.parse(req.body || '{}');
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (s: string) => [...segmenter.segment(s)].length;
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startReplyServers(): Promise<ReplyServers> {
  const posts: Post[] = [];
  const fail: ReplyServers['fail'] = {};
  const idempotent = new Map<string, Record<string, unknown>>();
  let seq = 0;

  const failed = (platform: Platform, res: ServerResponse): boolean => {
    const f = fail[platform];
    if (!f) return false;
    if (f.drop) res.destroy();
    else sendJson(res, f.status ?? 500, f.body ?? { error: 'Internal Server Error' });
    return true;
  };

  const loop = await startLoopback((req, res) => {
    const path = req.url.split('?')[0] ?? '';
    const auth = String(req.headers.authorization ?? '');
    const body = parseBody(req);
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Method Not Allowed' });

    if (path === '/mastodon/api/v1/statuses') {
      if (auth !== `Bearer ${ENV.MASTO_TOKEN}`) return sendJson(res, 401, fixture('mastodon/error-401.json'));
      const key = String(req.headers['idempotency-key'] ?? '');
      const seen = key ? idempotent.get(key) : undefined;
      if (seen) return sendJson(res, 200, seen);
      if (failed('mastodon', res)) return;
      const text = body.status;
      if (typeof text !== 'string' || !text.trim())
        return sendJson(res, 422, { error: "Validation failed: Text can't be blank" });
      if (!['public', 'unlisted', 'private', 'direct', undefined].includes(body.visibility as string))
        return sendJson(res, 422, { error: 'Validation failed: Visibility is not included in the list' });
      if ([...text].length > 500) return sendJson(res, 422, fixture('mastodon/error-422.json'));
      const id = String(114140000000000001n + BigInt(seq++));
      const status = {
        ...fixture('mastodon/status.json'),
        id,
        in_reply_to_id: body.in_reply_to_id ?? null,
        content: `<p>${escapeHtml(text)}</p>`,
        uri: `https://mastodon.social/users/acme/statuses/${id}`,
        url: `https://mastodon.social/@acme/${id}`,
      };
      if (key) idempotent.set(key, status);
      posts.push({ platform: 'mastodon', text, body, headers: req.headers });
      return sendJson(res, 200, status);
    }

    if (path === '/bsky/xrpc/com.atproto.server.createSession') {
      if (body.identifier !== ENV.BSKY_ID || body.password !== ENV.BSKY_PASSWORD)
        return sendJson(res, 401, fixture('bluesky/error-401.json'));
      return sendJson(res, 200, fixture('bluesky/create-session.json'));
    }
    if (path === '/bsky/xrpc/com.atproto.repo.createRecord') {
      const session = fixture('bluesky/create-session.json');
      if (auth !== `Bearer ${session.accessJwt}`)
        return sendJson(res, 401, { error: 'AuthenticationRequired', message: 'Authentication Required' });
      if (failed('bluesky', res)) return;
      const record = body.record as Record<string, unknown> | undefined;
      const reply = record?.reply as
        | { root?: { uri?: string; cid?: string }; parent?: { uri?: string; cid?: string } }
        | undefined;
      if (
        body.repo !== session.did ||
        body.collection !== 'app.bsky.feed.post' ||
        record?.$type !== 'app.bsky.feed.post'
      )
        return sendJson(res, 400, { error: 'InvalidRequest', message: 'Invalid repo, collection or $type' });
      if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt)))
        return sendJson(res, 400, {
          error: 'InvalidRequest',
          message: 'Invalid app.bsky.feed.post record: Record/createdAt must be a valid datetime',
        });
      const text = record.text;
      if (typeof text !== 'string' || graphemes(text) > 300)
        return sendJson(res, 400, {
          error: 'InvalidRequest',
          message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes',
        });
      if (reply && !(reply.root?.uri && reply.root.cid && reply.parent?.uri && reply.parent.cid))
        return sendJson(res, 400, {
          error: 'InvalidRequest',
          message: 'Invalid app.bsky.feed.post record: Record/reply must have root and parent',
        });
      const rkey = `3lkreply${String(seq++).padStart(5, '0')}`;
      posts.push({ platform: 'bluesky', text, body, headers: req.headers });
      return sendJson(res, 200, {
        ...fixture('bluesky/create-record.json'),
        uri: `at://${session.did}/app.bsky.feed.post/${rkey}`,
      });
    }

    if (path === '/reddit-www/api/v1/access_token') {
      const basic = `Basic ${Buffer.from(`${ENV.REDDIT_ID}:${ENV.REDDIT_SECRET}`).toString('base64')}`;
      if (auth !== basic) return sendJson(res, 401, { message: 'Unauthorized', error: 401 });
      if (!req.headers['user-agent']) return sendJson(res, 429, { message: 'Too Many Requests', error: 429 });
      const okGrant =
        (body.grant_type === 'refresh_token' && body.refresh_token === ENV.REDDIT_REFRESH) ||
        (body.grant_type === 'password' && body.username === 'acme_support' && body.password === 'hunter2');
      if (!okGrant) return sendJson(res, 400, { error: 'invalid_grant' });
      return sendJson(res, 200, fixture('reddit/access-token.json'));
    }
    if (path === '/reddit-oauth/api/comment') {
      const token = fixture('reddit/access-token.json').access_token;
      if (auth.toLowerCase() !== `bearer ${String(token).toLowerCase()}`)
        return sendJson(res, 401, { message: 'Unauthorized', error: 401 });
      if (failed('reddit', res)) return;
      if (body.api_type !== 'json') return sendJson(res, 400, { message: 'Bad Request', error: 400 });
      const text = body.text;
      if (typeof text !== 'string' || !text || !/^t[134]_[a-z0-9]+$/.test(String(body.thing_id)))
        return sendJson(res, 200, { json: { errors: [['NO_TEXT', 'we need something here', 'text']] } });
      posts.push({ platform: 'reddit', text, body, headers: req.headers });
      const c = fixture('reddit/comment.json');
      const thing = (
        (c.json as { data: { things: { data: Record<string, unknown> }[] } }).data.things[0] ?? { data: {} }
      ).data;
      thing.body = text;
      thing.parent_id = body.thing_id;
      return sendJson(res, 200, c);
    }

    if (path === '/forum/posts.json') {
      if (req.headers['api-key'] !== ENV.FORUM_KEY || req.headers['api-username'] !== 'acme_support')
        return sendJson(res, 403, fixture('discourse/error-403.json'));
      if (failed('discourse', res)) return;
      const raw = body.raw;
      if (typeof raw !== 'string' || raw.length < 20)
        return sendJson(res, 422, fixture('discourse/error-422.json'));
      if (typeof body.topic_id !== 'number')
        return sendJson(res, 422, { action: 'create_post', errors: ['Topic is not valid'] });
      posts.push({ platform: 'discourse', text: raw, body, headers: req.headers });
      return sendJson(res, 200, {
        ...fixture('discourse/post.json'),
        raw,
        topic_id: body.topic_id,
        reply_to_post_number: body.reply_to_post_number ?? null,
      });
    }

    if (path === '/github/graphql') {
      if (auth !== `Bearer ${ENV.GH_REPLY_TOKEN}`)
        return sendJson(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/graphql',
        });
      if (failed('github', res)) return;
      const vars = body.variables as { discussionId?: string; body?: string } | undefined;
      if (typeof body.query !== 'string' || !body.query.includes('addDiscussionComment'))
        return sendJson(res, 200, { errors: [{ message: 'Unknown mutation' }] });
      if (vars?.discussionId !== 'D_kwDOAcme0001')
        return sendJson(res, 200, fixture('github/graphql-error.json'));
      posts.push({ platform: 'github', text: String(vars.body ?? ''), body, headers: req.headers });
      return sendJson(res, 200, fixture('github/add-discussion-comment.json'));
    }

    if (path === '/lemmy/api/v3/comment') {
      if (auth !== `Bearer ${ENV.LEMMY_JWT}`) return sendJson(res, 401, { error: 'not_logged_in' });
      if (failed('lemmy', res)) return;
      if (typeof body.content !== 'string' || typeof body.post_id !== 'number')
        return sendJson(res, 400, { error: 'couldnt_create_comment' });
      posts.push({ platform: 'lemmy', text: body.content, body, headers: req.headers });
      return sendJson(res, 200, fixture('lemmy/comment-response.json'));
    }

    if (path === '/youtube/oauth2/token') {
      const ok =
        body.grant_type === 'refresh_token' &&
        body.client_id === ENV.YT_CLIENT &&
        body.client_secret === ENV.YT_SECRET &&
        body.refresh_token === ENV.YT_REFRESH;
      if (!ok)
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        });
      return sendJson(res, 200, fixture('youtube/token.json'));
    }
    if (path === '/youtube/comments') {
      if (auth !== `Bearer ${fixture('youtube/token.json').access_token}`)
        return sendJson(res, 401, {
          error: { code: 401, message: 'Request had invalid authentication credentials.' },
        });
      if (!req.url.includes('part=snippet'))
        return sendJson(res, 400, { error: { code: 400, message: "'part' parameter is required" } });
      if (failed('youtube', res)) return;
      const snippet = body.snippet as { parentId?: string; textOriginal?: string } | undefined;
      if (!snippet?.parentId || !snippet.textOriginal)
        return sendJson(res, 400, {
          error: { code: 400, message: 'The comment must have a parentId and text.' },
        });
      posts.push({ platform: 'youtube', text: snippet.textOriginal, body, headers: req.headers });
      const c = fixture('youtube/comment.json');
      return sendJson(res, 200, {
        ...c,
        snippet: {
          ...(c.snippet as object),
          parentId: snippet.parentId,
          textOriginal: snippet.textOriginal,
          textDisplay: snippet.textOriginal,
        },
      });
    }

    return sendJson(res, 404, { error: 'Not Found' });
  });
  return Object.assign(loop, { posts, fail });
}
