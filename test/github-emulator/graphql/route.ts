/**
 * `POST /graphql`: GitHub's GraphQL endpoint, for the queries Earshot sends (see schema.ts). Counted
 * like every REST call (one call per request, however many issues it reads). Points are charged to
 * an hourly window per token holder (5,000 by default, as GitHub documents for users and apps); a
 * request whose cost exceeds what is left answers `RATE_LIMITED` as GitHub does (HTTP 200, an
 * `errors` entry, nothing run) with the window in the `x-ratelimit-*` headers.
 */
import type { Route } from '../router.js';
import type { Store } from '../store.js';
import { isoSeconds } from '../util.js';
import { answer, type GraphQLRequest } from './execute.js';

/** GitHub's hourly GraphQL points for a user or an app installation (the emulator's default). */
export const GRAPHQL_POINTS_PER_HOUR = 5000;

const windows = new WeakMap<Store, Map<string, { used: number; reset: number }>>();

function windowOf(store: Store, login: string): { used: number; reset: number } {
  const byLogin = windows.get(store) ?? new Map<string, { used: number; reset: number }>();
  windows.set(store, byLogin);
  const now = Date.parse(store.now());
  const current = byLogin.get(login);
  if (current && now < current.reset) return current;
  const fresh = { used: 0, reset: now + 3_600_000 };
  byLogin.set(login, fresh);
  return fresh;
}

/** The route, charging `pointsPerHour` per token holder. */
export const graphqlRoute = (pointsPerHour = GRAPHQL_POINTS_PER_HOUR): Route => ({
  method: 'POST',
  template: '/graphql',
  // Authorization is per field (a repository the token cannot read is NOT_FOUND, a mutation it
  // cannot write FORBIDDEN), as on GitHub: the endpoint itself only needs a valid token.
  access: { scope: 'metadata', level: 'read' },
  handle: (ctx) => {
    const permissions = ctx.permissions ?? {};
    const issues = permissions.issues ?? 'write';
    const w = windowOf(ctx.store, ctx.actor.login);
    const result = answer(
      (ctx.body ?? {}) as GraphQLRequest,
      { store: ctx.store, actor: ctx.actor, canRead: issues !== 'none', canWrite: issues === 'write' },
      (cost, nodes) => {
        if (w.used + cost > pointsPerHour) return undefined;
        w.used += cost;
        return {
          cost,
          limit: pointsPerHour,
          used: w.used,
          resetAt: isoSeconds(new Date(w.reset)),
          nodeCount: nodes,
        };
      },
    );
    // The GraphQL window's headers (GitHub sends them with `x-ratelimit-resource: graphql`).
    const headers = {
      'x-ratelimit-limit': String(pointsPerHour),
      'x-ratelimit-remaining': String(Math.max(0, pointsPerHour - w.used)),
      'x-ratelimit-used': String(w.used),
      'x-ratelimit-reset': String(Math.floor(w.reset / 1000)),
      'x-ratelimit-resource': 'graphql',
    };
    return { status: 200, body: result, headers };
  },
});

/** Whether a request body sends a mutation (a write) or a query, for the call counter. */
export function graphqlOperationOf(raw: Buffer): 'query' | 'mutation' {
  try {
    const query = (JSON.parse(raw.toString('utf8')) as { query?: unknown }).query;
    const text = typeof query === 'string' ? query.replace(/#[^\n]*/g, '') : '';
    return /^\s*mutation\b/.test(text) ? 'mutation' : 'query';
  } catch {
    return 'query';
  }
}
