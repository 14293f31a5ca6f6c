/**
 * The GitHub emulator: a stateful in-memory HTTP server on 127.0.0.1 answering the REST API
 * endpoints Earshot uses, validated against GitHub's OpenAPI description, with fault injection,
 * a call counter and a control API under `/_emulator/`. See docs/emulator.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Calls } from './calls.js';
import { handleControl } from './control.js';
import { type DispatchEnv, dispatch, resolve, type Violation } from './dispatch.js';
import { errorBody } from './errors.js';
import { type FaultDecision, type FaultEffect, Faults, SECONDARY_RATE_LIMIT_MESSAGE } from './faults.js';
import { graphqlOperationOf, graphqlRoute } from './graphql/route.js';
import { loadSpec } from './openapi.js';
import { Renderer } from './render.js';
import type { Match, RouteResult } from './router.js';
import { buildRouter } from './routes/index.js';
import { setWorkflowRun, type WorkflowRunSnapshot, type WorkflowRunSpec } from './runs.js';
import { applyUsers, type SeedData, type SeedResult, seed, type UserSpec } from './seed.js';
import { type RepoSnapshot, repoSnapshot } from './snapshot.js';
import {
  type Account,
  BOT_LOGIN,
  LEVEL_RANK,
  type Level,
  ROLE_RANK,
  type Role,
  type Scope,
  Store,
  type TokenGrant,
} from './store.js';

export interface TokenSpec {
  /** Who the token authenticates as (default `github-actions[bot]`). */
  login?: string;
  type?: 'User' | 'Bot';
  /** Shorthand: every scope `read` (writes answer 403 `Resource not accessible by integration`). */
  readOnly?: boolean;
  /**
   * Per-scope levels, like a workflow's `permissions:` (missing scopes: write, except `metadata`
   * and `actions`: read, as the default GITHUB_TOKEN has them).
   */
  permissions?: Partial<Record<Scope, Level>>;
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1 (0 = a free one; the default). */
  port?: number;
  /** Answer a 500 with details when a response violates the OpenAPI description (default true). */
  strict?: boolean;
  /** Validate requests and responses against the description (default true). */
  validate?: boolean;
  /** Base of `html_url` fields (default: the emulator's own URL). */
  htmlBase?: string;
  /** The default repository `owner/name` (default `acme/mentions`). Any other is created on first use. */
  repo?: string;
  /** Whether repositories are private (default false). */
  private?: boolean;
  defaultBranch?: string;
  /** Clock for timestamps (default: real time). */
  now?: () => Date;
  /** Known tokens; others are accepted as the bot with write access unless `acceptAnyToken` is false. */
  tokens?: Record<string, TokenSpec>;
  acceptAnyToken?: boolean;
  /** People and their repository roles (and optional tokens). */
  users?: UserSpec[];
  /** Primary rate limit: `limit` per hour (default 5000); `enforce` answers 403 when used up. */
  rateLimit?: { limit?: number; enforce?: boolean };
  /** GraphQL points per hour and token holder (default 5,000); past them GraphQL answers `RATE_LIMITED`. */
  graphqlPointsPerHour?: number;
  /**
   * Listing lag: an issue created through the API appears in `GET /repos/{owner}/{repo}/issues`
   * only this many ms (of the `now` clock) later; `GET …/issues/{issue_number}` sees it at once.
   * Default 0 (off). Changed at run time with `setIssueListingLag`.
   */
  issueListingLagMs?: number;
}

export interface ActResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** `METHOD /template` of the route that answered (absent when none matched). */
  route?: string;
}

/** Acting as a person (for tests that simulate people editing issues, commenting, reacting). */
export interface Person {
  readonly login: string;
  request(method: string, path: string, body?: unknown): ActResult;
  comment(issueNumber: number, body: string): ActResult;
  editIssue(issueNumber: number, patch: Record<string, unknown>): ActResult;
  addLabels(issueNumber: number, labels: string[]): ActResult;
  removeLabel(issueNumber: number, label: string): ActResult;
  react(issueNumber: number, content: string, commentId?: number): ActResult;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:41234 (no trailing slash): pass as Octokit's `baseUrl`. */
  readonly url: string;
  readonly port: number;
  /** The default repository `owner/name`. */
  readonly repo: string;
  /** Snapshot of the default repository (same JSON as `GET /_emulator/state`). */
  readonly state: EmulatorState;
  stateOf(repo: string): EmulatorState;
  readonly store: Store;
  readonly faults: Faults;
  readonly calls: Calls;
  /** OpenAPI mismatches and unemulated calls; tests assert it is empty. */
  readonly violations: Violation[];
  seed(data: SeedData): SeedResult;
  /** Registers people: `{ login, permission, token?, exists? }`. */
  users(specs: UserSpec[]): Account[];
  setToken(token: string, spec: TokenSpec): void;
  /**
   * Creates the workflow run `spec.id` (in `spec.repo`, default the default repository) or changes
   * it: `status` queued → in_progress → completed, `conclusion` once completed, `runAttempt` for a
   * re-run. Served by `GET /repos/{owner}/{repo}/actions/runs/{run_id}`.
   */
  setWorkflowRun(spec: WorkflowRunSpec): WorkflowRunSnapshot;
  /** Sets the issue listing lag in ms (0 = off) until the next `reset()`. */
  setIssueListingLag(ms: number): void;
  /** Runs one API request as `login` (no auth, no faults, not counted). */
  as(login: string, method: string, path: string, body?: unknown): ActResult;
  person(login: string, permission?: Role): Person;
  /** Clears repositories, faults, calls, violations and runtime tokens/users (options are re-applied). */
  reset(): void;
  close(): Promise<void>;
}

/** A repository snapshot plus the names of every repository the emulator holds. */
export type EmulatorState = RepoSnapshot & { repos: string[] };

/**
 * A GITHUB_TOKEN with the permissive defaults: write on issues, contents and pull requests; read on
 * metadata and on actions (what the `actions: read` of a read-only default token allows: reading
 * workflow runs, not cancelling or re-running them).
 */
const DEFAULT_PERMISSIONS: Record<Scope, Level> = {
  issues: 'write',
  contents: 'write',
  pull_requests: 'write',
  metadata: 'read',
  actions: 'read',
};

interface RateWindow {
  used: number;
  reset: number;
}

/** Shared internals the control API works on. */
export interface EmulatorCore {
  env: DispatchEnv;
  faults: Faults;
  calls: Calls;
  defaultRepo: string;
  emulator: Emulator;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // "Create or update file contents" takes files up to 100 MB: their base64 is ~134 MB.
      if (size > 160 * 1024 * 1024) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

function send(res: ServerResponse, result: RouteResult, common: Record<string, string>): void {
  const headers: Record<string, string> = { ...common, ...(result.headers ?? {}) };
  if (result.body === undefined || result.status === 204) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  if (Buffer.isBuffer(result.body)) {
    headers['content-type'] ??= 'application/octet-stream';
    headers['content-length'] = String(result.body.length);
    res.writeHead(result.status, headers);
    res.end(result.body);
    return;
  }
  const text = JSON.stringify(result.body);
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(result.status, headers);
  res.end(text);
}

function faultResult(effect: FaultEffect, requestId: string, nowSeconds: number): RouteResult {
  switch (effect.type) {
    case 'status':
      return {
        status: effect.status,
        body: { message: effect.message ?? (effect.status === 503 ? 'Service Unavailable' : 'Server Error') },
      };
    case 'secondaryRateLimit':
    case 'tooManyRequests':
      return {
        status: effect.type === 'tooManyRequests' ? 429 : (effect.status ?? 403),
        body: {
          message: `${SECONDARY_RATE_LIMIT_MESSAGE} ${requestId}.`,
          documentation_url:
            'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        headers: { 'retry-after': String(effect.retryAfter ?? 60) },
      };
    case 'rateLimit':
      return {
        status: 403,
        body: {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url:
            'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits',
        },
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(nowSeconds + (effect.resetSeconds ?? 60)),
        },
      };
    case 'validation':
      return {
        status: 422,
        body: errorBody(422, 'Validation Failed', 'https://docs.github.com/rest', [
          { resource: 'Issue', code: 'custom', message: effect.message ?? 'injected validation failure' },
        ]),
      };
    default:
      return { status: 502, body: { message: 'Server Error' } };
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const defaultRepo = options.repo ?? 'acme/mentions';
  if (!/^[^/\s]+\/[^/\s]+$/.test(defaultRepo))
    throw new Error(`repo must be owner/name, got "${defaultRepo}"`);
  const clock = options.now ?? (() => new Date());
  const limit = options.rateLimit?.limit ?? 5000;
  const enforce = options.rateLimit?.enforce ?? false;
  const acceptAnyToken = options.acceptAnyToken ?? true;
  const validate = options.validate ?? true;
  if (validate) loadSpec();

  const server: Server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const render = new Renderer(url, (options.htmlBase ?? url).replace(/\/+$/, ''));
  const router = buildRouter().add(graphqlRoute(options.graphqlPointsPerHour), {
    method: 'GET',
    template: '/rate_limit',
    access: { scope: 'metadata', level: 'read' },
    handle: () => rateLimitResult(),
  });

  const makeStore = (): Store => {
    const s = new Store({
      now: clock,
      defaultPrivate: options.private ?? false,
      defaultBranch: options.defaultBranch ?? 'main',
      issueListingLagMs: options.issueListingLagMs ?? 0,
    });
    const [owner, name] = defaultRepo.split('/') as [string, string];
    s.repo(owner, name);
    for (const [token, spec] of Object.entries(options.tokens ?? {})) addToken(s, token, spec);
    if (options.users) applyUsers(s, options.users);
    return s;
  };

  const env: DispatchEnv = {
    store: makeStore(),
    render,
    router,
    validate,
    strict: options.strict ?? true,
    violations: [],
  };
  const faults = new Faults();
  const calls = new Calls();
  let rate: RateWindow = { used: 0, reset: Math.floor(clock().getTime() / 1000) + 3600 };
  let requestCounter = 0;

  function addToken(store: Store, token: string, spec: TokenSpec): void {
    const login = spec.login ?? BOT_LOGIN;
    const account = store.account(login);
    account.type = spec.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    const permissions: Partial<Record<Scope, Level>> = { ...DEFAULT_PERMISSIONS };
    if (spec.readOnly) for (const scope of Object.keys(permissions) as Scope[]) permissions[scope] = 'read';
    Object.assign(permissions, spec.permissions ?? {});
    store.tokens.set(token, { login: account.login, permissions });
  }

  function rateHeaders(): Record<string, string> {
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    if (nowSeconds >= rate.reset || (!enforce && rate.used >= limit))
      rate = { used: 0, reset: nowSeconds + 3600 };
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - rate.used)),
      'x-ratelimit-reset': String(rate.reset),
      'x-ratelimit-used': String(rate.used),
      'x-ratelimit-resource': 'core',
    };
  }

  function authenticate(req: IncomingMessage): { grant: TokenGrant; actor: Account } | RouteResult {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim()) : null;
    if (!m?.[1]) {
      return { status: 401, body: errorBody(401, 'Requires authentication', 'https://docs.github.com/rest') };
    }
    const store = env.store;
    let grant = store.tokens.get(m[1]);
    if (!grant) {
      if (!acceptAnyToken)
        return { status: 401, body: errorBody(401, 'Bad credentials', 'https://docs.github.com/rest') };
      grant = { login: BOT_LOGIN, permissions: DEFAULT_PERMISSIONS };
    }
    return { grant, actor: store.account(grant.login) };
  }

  /** Token scopes (bots) and repository roles (people) for a matched route. */
  function authorize(match: Match, grant: TokenGrant, actor: Account): RouteResult | undefined {
    const { scope, level, minRole } = match.route.access;
    const have = grant.permissions[scope] ?? (scope === 'metadata' ? 'read' : 'write');
    if (LEVEL_RANK[have] < LEVEL_RANK[level]) {
      return {
        status: 403,
        body: errorBody(403, 'Resource not accessible by integration', 'https://docs.github.com/rest'),
        headers: { 'x-accepted-github-permissions': `${scope}=${level}` },
      };
    }
    if (actor.type === 'Bot') return undefined;
    const { owner, repo } = match.params;
    if (owner === undefined || repo === undefined) return undefined;
    const role = env.store.repo(owner, repo).roleOf(actor);
    const needed = minRole ?? 'read';
    if (ROLE_RANK[role] < ROLE_RANK[needed]) {
      return {
        status: role === 'none' ? 404 : 403,
        body: errorBody(
          role === 'none' ? 404 : 403,
          role === 'none' ? 'Not Found' : `Must have ${needed} access to this repository.`,
          'https://docs.github.com/rest',
        ),
      };
    }
    return undefined;
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    parsed: URL,
    raw: Buffer,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : parsed.pathname;
    const n = calls.next();
    const requestId = `EMU${(++requestCounter).toString(16).toUpperCase().padStart(6, '0')}:${port.toString(16).toUpperCase()}`;
    const resolved = resolve(env, method, path);
    const routeKey = resolved.match ? `${method} ${resolved.match.route.template}` : `${method} <unmatched>`;
    const graphql = path === '/graphql' && method === 'POST' ? graphqlOperationOf(raw) : undefined;
    const decision: FaultDecision = faults.decide({
      n,
      method,
      path,
      ...(resolved.match ? { route: resolved.match.route.template } : {}),
      ...(raw.length > 0 ? { body: raw.toString('utf8') } : {}),
    });
    const record = (status: number, actor?: string): void =>
      calls.record({
        n,
        method,
        path,
        route: routeKey,
        status,
        ...(graphql ? { graphql } : {}),
        ...(decision.ruleId ? { fault: decision.ruleId } : {}),
        ...(actor ? { actor } : {}),
      });
    if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision.effect?.type === 'crash') {
      record(0);
      req.socket.destroy();
      return;
    }
    const common: Record<string, string> = {
      'x-github-request-id': requestId,
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
    };
    // GET /rate_limit does not count against the limit (as on GitHub); GraphQL has its own points.
    if (path !== '/rate_limit' && path !== '/graphql') rate.used++;
    Object.assign(common, rateHeaders());
    const auth = authenticate(req);
    if (!('grant' in auth)) {
      send(res, auth, common);
      record(auth.status);
      return;
    }
    if (enforce && rate.used > limit && path !== '/rate_limit') {
      const result = faultResult({ type: 'rateLimit', resetSeconds: 0 }, requestId, 0);
      result.headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(rate.reset) };
      send(res, result, common);
      record(result.status, auth.actor.login);
      return;
    }
    const effect = decision.effect;
    if (effect && effect.type !== 'applyThenFail') {
      const result = faultResult(effect, requestId, Math.floor(clock().getTime() / 1000));
      send(res, result, common);
      record(result.status, auth.actor.login);
      return;
    }
    const body = parseJson(raw);
    if (!body.ok) {
      const result: RouteResult = {
        status: 400,
        body: errorBody(400, 'Problems parsing JSON', 'https://docs.github.com/rest'),
      };
      send(res, result, common);
      record(400, auth.actor.login);
      return;
    }
    const result = dispatch(
      env,
      {
        method,
        path,
        query: parsed.searchParams,
        body: body.value,
        actor: auth.actor,
        permissions: auth.grant.permissions,
        accept: typeof req.headers.accept === 'string' ? req.headers.accept : undefined,
      },
      resolved,
      (match) => authorize(match, auth.grant, auth.actor),
    );
    const final: RouteResult = effect?.type === 'applyThenFail' ? faultResult(effect, requestId, 0) : result;
    if (effect?.type === 'applyThenFail') final.status = effect.status ?? 502;
    send(res, final, common);
    record(final.status, auth.actor.login);
  }

  function rateLimitResult(): RouteResult {
    const core = { limit, used: rate.used, remaining: Math.max(0, limit - rate.used), reset: rate.reset };
    const other = (l: number) => ({ limit: l, used: 0, remaining: l, reset: rate.reset });
    return {
      status: 200,
      body: {
        resources: {
          core,
          search: other(30),
          graphql: other(5000),
          integration_manifest: other(5000),
          code_search: other(10),
          code_scanning_upload: other(1000),
          actions_runner_registration: other(10000),
          scim: other(15000),
          dependency_snapshots: other(100),
        },
        rate: core,
      },
    };
  }

  function as(login: string, method: string, pathWithQuery: string, body?: unknown): ActResult {
    const parsed = new URL(pathWithQuery, url);
    const upper = method.toUpperCase();
    const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : parsed.pathname;
    const actor = env.store.account(login);
    const result = dispatch(
      env,
      { method: upper, path, query: parsed.searchParams, body, actor },
      resolve(env, upper, path),
    );
    const out: ActResult = { status: result.status, body: result.body, headers: result.headers ?? {} };
    if (result.match) out.route = `${upper} ${result.match.route.template}`;
    return out;
  }

  const emulator: Emulator = {
    url,
    port,
    repo: defaultRepo,
    get state(): EmulatorState {
      return emulator.stateOf(defaultRepo);
    },
    stateOf(repo: string): EmulatorState {
      const [owner, name] = repo.split('/') as [string, string];
      return {
        ...repoSnapshot(env.store.repo(owner, name)),
        repos: [...env.store.repos.values()].map((r) => r.fullName),
      };
    },
    get store(): Store {
      return env.store;
    },
    faults,
    calls,
    violations: env.violations,
    seed: (data) => seed(env.store, defaultRepo, data),
    users: (specs) => applyUsers(env.store, specs),
    setToken: (token, spec) => addToken(env.store, token, spec),
    setWorkflowRun: (spec) => setWorkflowRun(env.store, defaultRepo, spec),
    setIssueListingLag(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`listing lag must be a number of ms >= 0, got ${ms}`);
      env.store.issueListingLagMs = ms;
    },
    as,
    person(login: string, permission?: Role): Person {
      if (permission) env.store.setAccount(login, { role: permission });
      const repoPath = `/repos/${defaultRepo}`;
      const request = (method: string, path: string, body?: unknown) => as(login, method, path, body);
      return {
        login,
        request,
        comment: (n, body) => request('POST', `${repoPath}/issues/${n}/comments`, { body }),
        editIssue: (n, patch) => request('PATCH', `${repoPath}/issues/${n}`, patch),
        addLabels: (n, labels) => request('POST', `${repoPath}/issues/${n}/labels`, { labels }),
        removeLabel: (n, label) =>
          request('DELETE', `${repoPath}/issues/${n}/labels/${encodeURIComponent(label)}`),
        react: (n, content, commentId) =>
          request(
            'POST',
            commentId === undefined
              ? `${repoPath}/issues/${n}/reactions`
              : `${repoPath}/issues/comments/${commentId}/reactions`,
            { content },
          ),
      };
    },
    reset(): void {
      env.store = makeStore();
      env.violations.length = 0;
      faults.clear();
      calls.reset();
      rate = { used: 0, reset: Math.floor(clock().getTime() / 1000) + 3600 };
    },
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };

  const core: EmulatorCore = { env, faults, calls, defaultRepo, emulator };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then(async (raw) => {
        const parsed = new URL(req.url ?? '/', url);
        if (parsed.pathname.startsWith('/_emulator')) {
          send(res, handleControl(core, req.method ?? 'GET', parsed, raw), {});
          return;
        }
        await handleApi(req, res, parsed, raw);
      })
      .catch((error: unknown) => {
        if (res.headersSent || res.destroyed) return;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        send(res, { status: 500, body: { message: `GitHub emulator error: ${message}` } }, {});
      });
  });

  return emulator;
}
