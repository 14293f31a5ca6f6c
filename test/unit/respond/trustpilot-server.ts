/**
 * A local stand-in for Trustpilot's business API, shaped like the official documentation
 * (test/fixtures/publishers/trustpilot/README.md): the OAuth token endpoint (Basic auth with the
 * application's key and secret, password or client-credentials grant) and "Reply to a review"
 * (`POST /private/reviews/{reviewId}/reply` `{authorBusinessUserId, message}`, bearer token, 201).
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { type Loopback, type RecordedRequest, sendJson, startLoopback } from '../../helpers/loopback.js';

export const TRUSTPILOT_ENV = {
  TP_KEY: 'tp-app-key-1234',
  TP_SECRET: 'tp-app-secret-5678',
  TP_USER: 'support@acmecloud.example',
  TP_PASSWORD: 'tp-user-password',
};
export const TP_BUSINESS_USER = '5e5e5e5e5e5e5e5e5e5e5e5e';
export const TP_REVIEW = '67cea1b2c3d4e5f60718293a';

export interface TrustpilotReply {
  reviewId: string;
  body: Record<string, unknown>;
  headers: RecordedRequest['headers'];
}

export interface TrustpilotServer extends Loopback {
  replies: TrustpilotReply[];
  tokens: Record<string, string>[];
  /** Answer the reply request with this status and body, or drop the connection. */
  fail?: { status?: number; body?: unknown; drop?: boolean } | undefined;
}

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/publishers/trustpilot/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

/** Serves under `prefix` (e.g. `/trustpilot`); `extra` may answer other requests first (the e2e scan's reviews). */
export async function startTrustpilotServer(
  prefix = '',
  extra?: (req: RecordedRequest, res: ServerResponse) => boolean,
): Promise<TrustpilotServer> {
  const replies: TrustpilotReply[] = [];
  const tokens: Record<string, string>[] = [];
  const token = String(fixture('token.json').access_token);
  const loop = await startLoopback((req, res) => {
    const path = (req.url.split('?')[0] ?? '').slice(prefix.length);
    if (extra?.(req, res)) return;
    if (path === '/oauth/oauth-business-users-for-applications/accesstoken' && req.method === 'POST') {
      const basic = `Basic ${Buffer.from(`${TRUSTPILOT_ENV.TP_KEY}:${TRUSTPILOT_ENV.TP_SECRET}`).toString('base64')}`;
      if (req.headers.authorization !== basic)
        return sendJson(res, 401, { fault: { faultstring: 'Invalid client identifier' } });
      if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
        return sendJson(res, 400, { error: 'invalid_request' });
      const form = Object.fromEntries(new URLSearchParams(req.body));
      tokens.push(form);
      const ok =
        form.grant_type === 'client_credentials' ||
        (form.grant_type === 'password' &&
          form.username === TRUSTPILOT_ENV.TP_USER &&
          form.password === TRUSTPILOT_ENV.TP_PASSWORD);
      if (!ok) return sendJson(res, 400, fixture('error-token-400.json'));
      return sendJson(res, 200, fixture('token.json'));
    }
    const reply = /^\/private\/reviews\/([^/]+)\/reply$/.exec(path);
    if (reply && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${token}`)
        return sendJson(res, 401, { message: 'Unauthorized' });
      const f = server.fail;
      if (f?.drop) return void res.destroy();
      if (f) return sendJson(res, f.status ?? 500, f.body ?? { message: 'Internal Server Error' });
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { message: 'Invalid JSON' });
      }
      if (typeof body.message !== 'string' || !body.message.trim())
        return sendJson(res, 400, { message: 'The message field is required.' });
      if (body.authorBusinessUserId !== TP_BUSINESS_USER)
        return sendJson(res, 403, { message: 'The business user does not have access to this review' });
      if (reply[1] !== TP_REVIEW) return sendJson(res, 404, { message: 'Review not found' });
      replies.push({ reviewId: reply[1], body, headers: req.headers });
      res.writeHead(201);
      return void res.end();
    }
    return sendJson(res, 404, { message: 'Not Found' });
  });
  const server: TrustpilotServer = Object.assign(loop, { replies, tokens, fail: undefined });
  return server;
}
