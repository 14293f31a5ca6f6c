/**
 * A fake Meta Graph API for the facebook and instagram tests: the token checked in the header,
 * fixtures by path, Graph's error bodies and its rate-limit answer.
 */
import type { ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { fixture, type RecordedRequest, sendFixture } from '../../helpers/loopback.js';
import { pathOf, query } from './api-context.js';

export const JSON_TYPE = 'application/json; charset=UTF-8';

type Handler = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * A request without `Bearer <token>` gets Graph's expired-token error (190, HTTP 400); a request
 * for a path `fixtureFor` does not know gets `unknown` (a Graph error body, HTTP 400); the rest
 * their fixture.
 */
export function graphApi(
  token: string,
  fixtureFor: (path: string, q: URLSearchParams) => string | undefined,
  unknown: string,
): Handler {
  return (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`)
      return sendFixture(res, 'sources/facebook/error-expired-token.json', JSON_TYPE, 400);
    const file = fixtureFor(pathOf(req.url), query(req.url));
    if (file) return sendFixture(res, file, JSON_TYPE);
    res.writeHead(400, { 'content-type': JSON_TYPE });
    res.end(unknown);
  };
}

export interface BusinessUseCase {
  type: string;
  call_count: number;
  total_cputime: number;
  total_time: number;
  estimated_time_to_regain_access: number;
}

/** Graph's rate-limit answer: HTTP 400, the error fixture, and the object's X-Business-Use-Case-Usage. */
export function graphRateLimited(objectId: string, usage: BusinessUseCase, errorFixture: string): Handler {
  return (_req, res) => {
    res.writeHead(400, {
      'content-type': JSON_TYPE,
      'x-business-use-case-usage': JSON.stringify({ [objectId]: [usage] }),
    });
    res.end(fixture(errorFixture));
  };
}

/** Every request sent the token in the Authorization header, none in its URL. */
export function expectTokenOnlyInHeader(requests: readonly RecordedRequest[], token: string): void {
  for (const r of requests) {
    expect(r.url).not.toMatch(/access_token|EAAG/);
    expect(r.headers.authorization).toBe(`Bearer ${token}`);
  }
}
