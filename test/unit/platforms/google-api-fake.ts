/**
 * A fake Google API for the google-play and google-business tests: the OAuth token endpoint at
 * `/token` and the API behind it, which answers a request without the access token as Google does.
 */
import type { ServerResponse } from 'node:http';
import { type RecordedRequest, sendFixture } from '../../helpers/loopback.js';
import { pathOf } from './api-context.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** A request to the token endpoint. */
export const isToken = (req: RecordedRequest) => pathOf(req.url) === '/token';

type Handler = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * `/token` answers `sources/<kind>/token.json`; any other request without `Bearer <access>` gets
 * Google's 401 (`UNAUTHENTICATED` with `message`); the rest goes to `api`.
 */
export function googleApi(kind: string, access: string, message: string, api: Handler): Handler {
  return (req, res) => {
    if (isToken(req)) return sendFixture(res, `sources/${kind}/token.json`, JSON_TYPE);
    if (req.headers.authorization !== `Bearer ${access}`) {
      res.writeHead(401, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify({ error: { code: 401, message, status: 'UNAUTHENTICATED' } }));
      return;
    }
    api(req, res);
  };
}
