/**
 * The one Octokit factory (DESIGN §2, convention 6): @octokit/rest with the throttling and retry
 * plugins. It lives in src/ (not action/) because the CLI talks to GitHub too; it imports no
 * @actions/* package.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../logger.js';

export const EarshotOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof EarshotOctokit>;

export interface OctokitOptions {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise Server, or the emulator in tests). */
  baseUrl?: string;
  logger: Logger;
  /** GitHub's recommended pacing of writes (one a second) and rate-limit waits. Default on. */
  throttle?: boolean;
  /** Longest wait accepted for a rate limit before giving up (seconds, default 120). */
  maxRetryAfterSeconds?: number;
  /**
   * Retries of a 5xx answer or a network error (default 3), only on idempotent requests: GET, HEAD,
   * PUT, PATCH, DELETE, or a request that says `request: { idempotent: true }` (adding labels,
   * assignees or a reaction). A POST that creates something is never retried here: its caller
   * looks for what a lost answer may have created before sending again. Any other 4xx is final.
   */
  retries?: number;
  /**
   * When waiting must end (epoch ms), asked at each rate-limit wait: a wait (primary or secondary
   * limit) that would end later is not waited, the request fails at once with GitHub's rate-limit
   * answer. E.g. the end of the scan's filing lease. Undefined = no deadline. Rate-limit waits
   * apply to every method, a create included: GitHub applied nothing it answered with a limit.
   */
  deadline?: () => number | undefined;
  /** The deadline in the log's words, e.g. "the filing lease's end" (default "the deadline"). */
  deadlineName?: string;
  /**
   * Scales every wait (tests use 0.001). Decisions are taken in GitHub's seconds: a retry-after of
   * 80 s is still 80 s against maxRetryAfterSeconds and the deadline, it is only slept shorter.
   */
  retryAfterScale?: number;
  userAgent?: string;
  /** Counts every request (method + route) — benchmarks count API calls, not only seconds. */
  onRequest?: (method: string, url: string) => void;
}

/** Methods whose repetition changes nothing more than the first call did (a contents PUT carries a sha). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);
/**
 * Answers plugin-retry never repeats: every 4xx. Rate limits (403/429 with GitHub's message or
 * `x-ratelimit-remaining: 0`) are the throttling plugin's, which honours retry-after and the deadline.
 */
const FINAL_STATUSES = Array.from({ length: 100 }, (_, i) => 400 + i);

/** A rate-limit answer GitHub gave and this client did not (or no longer) wait for. */
export function isRateLimitError(error: unknown): boolean {
  const e = error as { status?: unknown; message?: unknown } | undefined;
  return (e?.status === 403 || e?.status === 429) && /rate limit/i.test(String(e?.message ?? ''));
}

export function createOctokit(options: OctokitOptions): GitHubClient {
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const scale = options.retryAfterScale ?? 1;
  const deadlineName = options.deadlineName ?? 'the deadline';
  /** Why a request's rate-limit wait was refused, by the request's options (one object per request). */
  const refused = new WeakMap<object, string>();
  const onLimit =
    (what: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const deadline = options.deadline?.();
      let refusal: string | undefined;
      if (retryCount >= 3) refusal = `still limited after ${retryCount} waits`;
      else if (retryAfter > maxWait)
        refusal = `retry-after ${retryAfter} s is longer than the ${maxWait} s accepted`;
      else if (deadline !== undefined && Date.now() + retryAfter * 1000 > deadline)
        refusal = `retry-after ${retryAfter} s would pass ${deadlineName}`;
      options.logger.warn(
        `GitHub ${what} on ${request.method} ${request.url}: ${refusal ? `${refusal}; failing now` : `retrying in ${retryAfter} s`}`,
      );
      if (refusal) refused.set(request, `GitHub ${what}, not waited: ${refusal}`);
      return refusal === undefined;
    };
  const octokit = new EarshotOctokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, '') } : {}),
    userAgent: options.userAgent ?? 'earshot',
    // No `request.retries` default: plugin-retry reads a request's own `retries` as a licence to
    // repeat ANY failure, a 404 or a 422 included. Its `retries` below only applies to the answers
    // it judges retryable itself (5xx and network errors, FINAL_STATUSES excluded).
    retry: { retries: options.retries ?? 3, doNotRetry: FINAL_STATUSES, retryAfterBaseValue: 1000 * scale },
    throttle: {
      enabled: options.throttle ?? true,
      retryAfterBaseValue: 1000 * scale,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => options.logger.debug(m),
      error: (m: string) => options.logger.debug(m),
    },
  });
  // Outermost, so it runs before the plugins look at the request: a request that is not idempotent
  // gets `retries: 0`; any other keeps only a caller's `retries: 0` (see above why no other count).
  octokit.hook.wrap('request', async (request, endpoint) => {
    const own = endpoint.request ?? {};
    const idempotent = IDEMPOTENT_METHODS.has(endpoint.method.toUpperCase()) || own.idempotent === true;
    const { retries, ...rest } = own;
    endpoint.request = idempotent && retries !== 0 ? rest : { ...rest, retries: 0 };
    try {
      return await request(endpoint);
    } catch (error) {
      const why = refused.get(endpoint);
      if (why && error instanceof Error && !error.message.includes(why))
        error.message = `${error.message} (${why})`;
      throw error;
    }
  });
  if (options.onRequest) {
    const count = options.onRequest;
    octokit.hook.before('request', (o) => {
      count(o.method, o.url);
    });
  }
  return octokit;
}

export interface RepoArgOptions {
  /** The command line's `--repo owner/name`. */
  repo: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Named in the error when no token is set, e.g. "earshot report --repo". */
  command: string;
  /** The token's permissions, named in that error, e.g. "issues: read". */
  permissions: string;
}

/**
 * The Octokit for a command line's `--repo owner/name`: the token from GITHUB_TOKEN (or GH_TOKEN),
 * GITHUB_API_URL when set (GitHub Enterprise Server, or the emulator), pacing unless
 * EARSHOT_THROTTLE=off.
 */
export function octokitForRepo(options: RepoArgOptions): {
  octokit: GitHubClient;
  owner: string;
  repo: string;
} {
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(options.repo);
  if (!m?.[1] || !m[2]) throw new ConfigError(`--repo takes owner/name, got "${options.repo}"`);
  const { env } = options;
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token)
    throw new ConfigError(`${options.command} needs a token in GITHUB_TOKEN (${options.permissions})`);
  const octokit = createOctokit({
    token,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    logger: options.logger,
    throttle: env.EARSHOT_THROTTLE !== 'off',
  });
  return { octokit, owner: m[1], repo: m[2] };
}
