/**
 * One API request, from route match to validated response, independent of the socket: the HTTP
 * server and the control API's "act as a person" both go through here.
 */
import { ApiError, errorBody } from './errors.js';
import {
  documentedStatuses,
  findOperation,
  type Operation,
  type SchemaError,
  validateQuery,
  validateRequestBody,
  validateResponseBody,
} from './openapi.js';
import type { Renderer } from './render.js';
import type { Match, RequestContext, RouteResult, Router } from './router.js';
import type { Account, Level, Repo, Scope, Store } from './store.js';

export type ViolationKind =
  | 'request-body'
  | 'request-query'
  | 'response'
  | 'undocumented-status'
  | 'unemulated'
  /** The emulator itself threw (a bug in a route). */
  | 'internal';

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  /** `METHOD /template` of the matched route. */
  route?: string;
  operationId?: string;
  status?: number;
  errors: SchemaError[];
}

export interface DispatchInput {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  actor: Account;
  permissions?: Partial<Record<Scope, Level>> | undefined;
  /** The Accept header, when the request had one. */
  accept?: string | undefined;
}

export interface DispatchResult extends RouteResult {
  match?: Match;
  operation?: Operation;
}

export interface DispatchEnv {
  store: Store;
  render: Renderer;
  router: Router;
  validate: boolean;
  strict: boolean;
  violations: Violation[];
}

const FALLBACK_DOCS = 'https://docs.github.com/rest';

export function docsUrl(op: Operation | undefined): string {
  const docs = op?.raw.externalDocs;
  if (typeof docs === 'object' && docs !== null && 'url' in docs && typeof docs.url === 'string')
    return docs.url;
  return FALLBACK_DOCS;
}

export function errorResult(error: ApiError, op: Operation | undefined): RouteResult {
  return {
    status: error.status,
    body: errorBody(error.status, error.message, docsUrl(op), error.errors),
    headers: error.headers,
  };
}

function describe(errors: SchemaError[]): string {
  return errors.map((e) => `For '${e.path}', ${e.message}.`).join('\n');
}

function makeContext(env: DispatchEnv, input: DispatchInput, match: Match): RequestContext {
  let repo: Repo | undefined;
  return {
    method: input.method,
    path: input.path,
    query: input.query,
    body: input.body,
    ...(input.accept === undefined ? {} : { accept: input.accept }),
    params: match.params,
    actor: input.actor,
    ...(input.permissions ? { permissions: input.permissions } : {}),
    store: env.store,
    render: env.render,
    get repo(): Repo {
      if (repo) return repo;
      const { owner, repo: name } = match.params;
      if (owner === undefined || name === undefined) throw new ApiError(404, 'Not Found');
      repo = env.store.repo(owner, name);
      return repo;
    },
  };
}

/** Resolves the route of a request (undefined when none is emulated). */
export function resolve(
  env: DispatchEnv,
  method: string,
  path: string,
): { match?: Match; operation?: Operation } {
  const match = env.router.match(method, path);
  if (!match) return {};
  const operation = env.validate ? findOperation(method, match.route.template) : undefined;
  return operation ? { match, operation } : { match };
}

/**
 * Runs a matched request: request validation (422 on a malformed body, recorded as a violation),
 * the handler, then response validation (a violation; a 500 with details when strict).
 * `precheck` runs before the handler (authorization) and may return an early result.
 */
export function dispatch(
  env: DispatchEnv,
  input: DispatchInput,
  resolved: { match?: Match; operation?: Operation },
  precheck?: (match: Match) => RouteResult | undefined,
): DispatchResult {
  const { match, operation } = resolved;
  if (!match) {
    env.violations.push({ kind: 'unemulated', method: input.method, path: input.path, errors: [] });
    return { status: 404, body: errorBody(404, 'Not Found', FALLBACK_DOCS) };
  }
  const routeKey = `${input.method} ${match.route.template}`;
  const base: Pick<Violation, 'method' | 'path' | 'route' | 'operationId'> = {
    method: input.method,
    path: input.path,
    route: routeKey,
  };
  if (operation) base.operationId = operation.operationId;
  const early = precheck?.(match);
  if (early) return { ...early, match, ...(operation ? { operation } : {}) };

  if (operation && env.validate) {
    const queryErrors = validateQuery(operation, input.query);
    if (queryErrors.length > 0) {
      env.violations.push({ ...base, kind: 'request-query', errors: queryErrors });
      const error = new ApiError(422, `Invalid request.\n\n${describe(queryErrors)}`);
      return { ...errorResult(error, operation), match, operation };
    }
    const bodyErrors = validateRequestBody(operation, input.body);
    if (bodyErrors.length > 0) {
      env.violations.push({ ...base, kind: 'request-body', errors: bodyErrors });
      const error = new ApiError(422, `Invalid request.\n\n${describe(bodyErrors)}`);
      return { ...errorResult(error, operation), match, operation };
    }
  }

  let result: RouteResult;
  try {
    result = match.route.handle(makeContext(env, input, match));
  } catch (error) {
    if (!(error instanceof ApiError)) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      env.violations.push({ ...base, kind: 'internal', errors: [{ path: '/', message }] });
      return { status: 500, body: { message: `GitHub emulator error: ${message}` }, match };
    }
    result = errorResult(error, operation);
  }

  // A raw media-type answer (a Buffer) is not the JSON the description documents.
  if (operation && env.validate && !Buffer.isBuffer(result.body)) {
    const checked = validateResponseBody(operation, result.status, result.body);
    let problem: Violation | undefined;
    if (checked.undocumented && result.status < 300) {
      problem = {
        ...base,
        kind: 'undocumented-status',
        status: result.status,
        errors: [
          {
            path: '/',
            message: `status ${result.status} is not documented (${documentedStatuses(operation).join(', ')})`,
          },
        ],
      };
    } else if (checked.errors.length > 0) {
      problem = { ...base, kind: 'response', status: result.status, errors: checked.errors };
    }
    if (problem) {
      env.violations.push(problem);
      if (env.strict) {
        return {
          status: 500,
          body: { message: 'GitHub emulator: response violates the OpenAPI description', violation: problem },
          match,
          operation,
        };
      }
    }
  }
  return { ...result, match, ...(operation ? { operation } : {}) };
}
