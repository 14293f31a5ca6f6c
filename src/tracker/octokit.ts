/**
 * The one Octokit factory (DESIGN §2, convention 6): @octokit/rest with the throttling and retry
 * plugins. It lives in src/ (not action/) because the CLI talks to GitHub too; it imports no
 * @actions/* package.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';

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
  /** Retries of 5xx on idempotent requests (default 3). Issue creation is never retried blindly. */
  retries?: number;
  /** Scales every wait (tests use 0.001). */
  retryAfterScale?: number;
  userAgent?: string;
  /** Counts every request (method + route) — benchmarks count API calls, not only seconds. */
  onRequest?: (method: string, url: string) => void;
}

export function createOctokit(options: OctokitOptions): GitHubClient {
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const scale = options.retryAfterScale ?? 1;
  const onLimit =
    (what: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const ok = retryCount < 3 && retryAfter <= maxWait;
      options.logger.warn(
        `GitHub ${what} on ${request.method} ${request.url}: ${ok ? `retrying in ${retryAfter} s` : 'giving up for this run'}`,
      );
      return ok;
    };
  const octokit = new EarshotOctokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, '') } : {}),
    userAgent: options.userAgent ?? 'earshot',
    request: { retries: options.retries ?? 3 },
    retry: { retryAfterBaseValue: 1000 * scale },
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
