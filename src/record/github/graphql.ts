/**
 * GitHub's GraphQL endpoint as the report uses it: one request, its `data` and its `errors` kept
 * apart (a query over 100 issues answers the 99 that exist when one was deleted), and the answers
 * that mean "GraphQL is not available to this run" told from ordinary failures, so the caller can
 * fall back to REST: an endpoint that is missing (404 — a GitHub Enterprise Server without it, a
 * proxy), a token GraphQL refuses (403 other than a rate limit; `FORBIDDEN`, `INSUFFICIENT_SCOPES`),
 * or a schema without a field we ask for (an older GitHub Enterprise Server: `undefinedField`).
 * Rate limits are not refusals: the throttling plugin waits for them (it also turns a
 * `RATE_LIMITED` answer into an error); what it does not wait for fails the run's reads.
 * Docs: https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
 */
import type { GitHubClient } from './client.js';
import { isRateLimitError } from './client.js';
import { statusOf } from './errors.js';

export interface GraphQLErrorEntry {
  message: string;
  type?: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

interface GraphQLResult<T> {
  data: T | null;
  errors: GraphQLErrorEntry[];
}

/** GraphQL cannot be used by this run; `reason` says why, for the summary. */
export class GraphQLRefused extends Error {
  constructor(readonly reason: string) {
    super(`GraphQL refused: ${reason}`);
    this.name = 'GraphQLRefused';
  }
}

const REFUSING_TYPES = new Set(['FORBIDDEN', 'INSUFFICIENT_SCOPES']);
const SCHEMA_CODES = new Set([
  'undefinedField',
  'undefinedType',
  'argumentNotAccepted',
  'fragmentSpreadImpossible',
]);

/** Whether an `errors` entry says GraphQL (or this query's shape) is unavailable to the run. */
function refusal(errors: readonly GraphQLErrorEntry[]): string | undefined {
  const e = errors.find(
    (x) => REFUSING_TYPES.has(x.type ?? '') || SCHEMA_CODES.has(x.extensions?.code ?? ''),
  );
  return e ? `${e.type ?? e.extensions?.code}: ${e.message.slice(0, 200)}` : undefined;
}

/**
 * Sends one GraphQL document. Throws GraphQLRefused when GraphQL is unavailable to this run, the
 * request's error otherwise; answers `data` and the field errors that came with it.
 */
export async function graphqlRequest<T>(
  octokit: GitHubClient,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResult<T>> {
  let body: { data?: T | null; errors?: GraphQLErrorEntry[] };
  try {
    // Idempotent: a read, adding a label an issue may already carry (the report) or removing one it
    // may no longer carry (respond): a 5xx or a lost answer may be sent again (see client.ts).
    const response = await octokit.request('POST /graphql', {
      query,
      variables,
      request: { idempotent: true },
    });
    body = response.data as typeof body;
  } catch (error) {
    const status = statusOf(error);
    if (!isRateLimitError(error) && (status === 404 || status === 403 || status === 410 || status === 501))
      throw new GraphQLRefused(`HTTP ${status} (${(error as Error).message.slice(0, 200)})`);
    throw error;
  }
  const errors = body.errors ?? [];
  const refused = refusal(errors);
  if (refused) throw new GraphQLRefused(refused);
  if (!body.data && errors.length > 0) throw Object.assign(graphqlError(errors), { errors });
  return { data: body.data ?? null, errors };
}

/** An error quoting the answer's errors: `GraphQL: <their messages>` (at most 300 characters). */
export function graphqlError(errors: readonly GraphQLErrorEntry[]): Error {
  return new Error(
    `GraphQL: ${errors
      .map((e) => e.message)
      .join('; ')
      .slice(0, 300)}`,
  );
}
