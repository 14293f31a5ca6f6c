/**
 * Route table: each route is declared with its OpenAPI path template (so requests and responses
 * can be validated against that operation), the permission it needs, and a synchronous handler.
 */
import type { Renderer } from './render.js';
import type { Account, Level, Repo, Role, Scope, Store } from './store.js';

export interface RequestContext {
  method: string;
  /** Path without the query string, as received (percent-encoded). */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** The request's Accept header (custom media types such as `application/vnd.github.raw+json`). */
  accept?: string;
  params: Record<string, string>;
  actor: Account;
  /** The token's permissions (bots); undefined for requests made as a person. */
  permissions?: Partial<Record<Scope, Level>>;
  store: Store;
  render: Renderer;
  /** The repository of a `/repos/{owner}/{repo}/…` route (created on first use). */
  repo: Repo;
}

export interface RouteResult {
  status: number;
  /** JSON-serialisable value, or a Buffer sent as is (a raw media type; not schema-validated). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Access {
  scope: Scope;
  level: 'read' | 'write';
  /** Lowest repository role a person (not a bot token) needs; default `read`. */
  minRole?: Role;
}

export interface Route {
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  access: Access;
  handle(ctx: RequestContext): RouteResult;
}

/** Parameters that may span several segments (branch names, refs and file paths hold slashes). */
const GREEDY = new Set(['path', 'ref', 'branch']);
const NUMERIC = /(_number|_id)$/;

interface Compiled {
  route: Route;
  segments: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: Compiled[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.compiled.push({ route, segments: route.template.split('/').slice(1) });
    return this;
  }

  /** Templates with the same method+path are reported (useful to keep the table honest). */
  get routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }

  match(method: string, path: string): Match | undefined {
    const parts = path.split('/').slice(1);
    for (const { route, segments } of this.compiled) {
      if (route.method !== method) continue;
      const params = matchSegments(segments, parts);
      if (params) return { route, params };
    }
    return undefined;
  }

  /** Whether any route serves this path (to answer 404 vs. 405-like misses uniformly). */
  hasPath(path: string): boolean {
    const parts = path.split('/').slice(1);
    return this.compiled.some(({ segments }) => matchSegments(segments, parts) !== undefined);
  }
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (!seg.startsWith('{')) {
      if (seg !== part) return undefined;
      continue;
    }
    const name = seg.slice(1, -1);
    if (GREEDY.has(name) && i === segments.length - 1) {
      const value = decode(parts.slice(i).join('/'));
      if (value === undefined || value === '') return undefined;
      params[name] = value;
      return params;
    }
    const value = decode(part);
    if (value === undefined) return undefined;
    if (NUMERIC.test(name) && !/^\d+$/.test(value)) return undefined;
    params[name] = value;
  }
  return parts.length === segments.length ? params : undefined;
}
