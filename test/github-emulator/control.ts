/**
 * The control API under `/_emulator/` (no authentication): state, reset, seed, people, tokens,
 * acting as a person, workflow runs, the issue listing lag, faults, the call counter and the
 * violations list.
 */
import { z } from 'zod';
import type { FaultConfigInput } from './faults.js';
import type { RouteResult } from './router.js';
import type { WorkflowRunSpec } from './runs.js';
import { type SeedData, userSpecSchema } from './seed.js';
import type { EmulatorCore } from './server.js';
import { ROLES, type Role, SCOPES, type Scope } from './store.js';

const tokenSchema = z.object({
  token: z.string().min(1),
  login: z.string().optional(),
  type: z.enum(['User', 'Bot']).optional(),
  readOnly: z.boolean().optional(),
  permissions: z
    .partialRecord(z.enum(SCOPES as [Scope, ...Scope[]]), z.enum(['none', 'read', 'write']))
    .optional(),
});

const asSchema = z.object({
  login: z.string().min(1),
  /** Grants this repository role first (e.g. `write`), for one-line simulations. */
  permission: z.enum(ROLES as [string, ...string[]]).optional(),
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  body: z.unknown().optional(),
});

const repoSchema = z.object({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  private: z.boolean().optional(),
  default_branch: z.string().min(1).optional(),
});

const listingLagSchema = z.object({ ms: z.number().min(0) });

const usersSchema = z.union([
  z.array(userSpecSchema),
  z.object({ users: z.array(userSpecSchema) }),
  userSpecSchema,
]);

const ENDPOINTS = [
  'GET /_emulator/state[?repo=owner/name]',
  'POST /_emulator/reset',
  'POST /_emulator/seed',
  'POST /_emulator/users',
  'POST /_emulator/tokens',
  'POST /_emulator/repos',
  'POST /_emulator/as',
  'POST /_emulator/workflow-runs',
  'POST /_emulator/issue-listing-lag',
  'GET|POST|DELETE /_emulator/faults',
  'GET|DELETE /_emulator/calls[?log=1], POST /_emulator/calls/reset',
  'GET|DELETE /_emulator/violations',
];

function ok(body: unknown, status = 200): RouteResult {
  return { status, body };
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  return JSON.parse(raw.toString('utf8')) as unknown;
}

export function handleControl(core: EmulatorCore, method: string, url: URL, raw: Buffer): RouteResult {
  const { emulator, faults, calls, env } = core;
  const route = `${method.toUpperCase()} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_emulator':
        return ok({ endpoints: ENDPOINTS, repo: core.defaultRepo });
      case 'GET /_emulator/state':
        return ok(emulator.stateOf(url.searchParams.get('repo') ?? core.defaultRepo));
      case 'POST /_emulator/reset':
        emulator.reset();
        return ok({ reset: true });
      case 'POST /_emulator/seed':
        return ok(emulator.seed(parseBody(raw) as SeedData), 201);
      case 'POST /_emulator/users': {
        const parsed = usersSchema.parse(parseBody(raw));
        const specs = Array.isArray(parsed) ? parsed : 'users' in parsed ? parsed.users : [parsed];
        const accounts = emulator.users(specs);
        return ok({
          users: accounts.map((a) => ({ login: a.login, role: a.role ?? null, exists: a.exists })),
        });
      }
      case 'POST /_emulator/tokens': {
        const { token, ...spec } = tokenSchema.parse(parseBody(raw));
        const clean = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
        emulator.setToken(token, clean);
        return ok({ token, ...clean });
      }
      case 'POST /_emulator/repos': {
        const spec = repoSchema.parse(parseBody(raw));
        const [owner, name] = spec.repo.split('/') as [string, string];
        const repo = env.store.repo(owner, name);
        if (spec.private !== undefined) repo.isPrivate = spec.private;
        if (spec.default_branch && spec.default_branch !== repo.defaultBranch) {
          const sha = repo.branches.get(repo.defaultBranch);
          if (sha && !repo.branches.has(spec.default_branch)) repo.branches.set(spec.default_branch, sha);
          repo.defaultBranch = spec.default_branch;
        }
        return ok({ repo: repo.fullName, private: repo.isPrivate, default_branch: repo.defaultBranch });
      }
      case 'POST /_emulator/as': {
        const spec = asSchema.parse(parseBody(raw));
        if (spec.permission) env.store.setAccount(spec.login, { role: spec.permission as Role });
        return ok(emulator.as(spec.login, spec.method, spec.path, spec.body));
      }
      case 'POST /_emulator/workflow-runs':
        return ok(emulator.setWorkflowRun(parseBody(raw) as WorkflowRunSpec));
      case 'POST /_emulator/issue-listing-lag': {
        const { ms } = listingLagSchema.parse(parseBody(raw));
        emulator.setIssueListingLag(ms);
        return ok({ issueListingLagMs: ms });
      }
      case 'GET /_emulator/faults':
        return ok({ rules: faults.list(), crashAtCall: faults.crashAtCall });
      case 'POST /_emulator/faults':
        faults.configure(parseBody(raw) as FaultConfigInput);
        return ok({ rules: faults.list(), crashAtCall: faults.crashAtCall });
      case 'DELETE /_emulator/faults':
        faults.clear();
        return ok({ rules: [], crashAtCall: null });
      case 'GET /_emulator/calls':
        return ok(url.searchParams.get('log') ? { ...calls.snapshot(), log: calls.log } : calls.snapshot());
      case 'DELETE /_emulator/calls':
      case 'POST /_emulator/calls/reset':
        calls.reset();
        return ok(calls.snapshot());
      case 'GET /_emulator/violations':
        return ok({ violations: env.violations });
      case 'DELETE /_emulator/violations':
        env.violations.length = 0;
        return ok({ violations: [] });
      default:
        return ok({ message: `Unknown control endpoint ${route}`, endpoints: ENDPOINTS }, 404);
    }
  } catch (error) {
    if (error instanceof z.ZodError)
      return ok({ message: 'Invalid control request', issues: error.issues }, 400);
    if (error instanceof SyntaxError) return ok({ message: `Invalid JSON: ${error.message}` }, 400);
    if (error instanceof Error) return ok({ message: error.message }, 400);
    throw error;
  }
}
