/** Turns Octokit errors into TrackerErrors that say what to do (a 403 names the missing scope). */
import { TrackerError } from '../../errors.js';

interface OctokitErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function statusOf(error: unknown): number | undefined {
  const s = (error as OctokitErrorLike | undefined)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** The `permissions:` a workflow needs, from GitHub's x-accepted-github-permissions header. */
export function missingPermissions(error: unknown): string | undefined {
  const header = (error as OctokitErrorLike | undefined)?.response?.headers?.[
    'x-accepted-github-permissions'
  ];
  if (typeof header !== 'string' || !header.trim()) return undefined;
  // "issues=write; pull_requests=write" or "issues=write,contents=write"
  const alternatives = header.split(';').map((alt) =>
    alt
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => p.replace('=', ': '))
      .join(', '),
  );
  return alternatives.filter(Boolean)[0];
}

export function toTrackerError(error: unknown, what: string, fallbackPermission?: string): TrackerError {
  if (error instanceof TrackerError) return error;
  const status = statusOf(error);
  const message = (error as OctokitErrorLike | undefined)?.message ?? String(error);
  if (status === 403 || status === 404) {
    const needed = missingPermissions(error) ?? fallbackPermission;
    if (status === 403 && /rate limit/i.test(message)) {
      return new TrackerError(
        `${what}: GitHub's rate limit stopped the run (${message}); the rest waits for the next run`,
        status,
        { cause: error },
      );
    }
    if (needed) {
      return new TrackerError(
        `${what}: GitHub answered ${status} (${message}). The token lacks a permission: add \`permissions:\n  ${needed.replace(', ', '\n  ')}\` to the workflow job.`,
        status,
        { cause: error },
      );
    }
  }
  if (status === 401) {
    return new TrackerError(`${what}: GitHub answered 401: the token is missing, expired or wrong`, status, {
      cause: error,
    });
  }
  return new TrackerError(`${what}: ${status ? `GitHub answered ${status}: ` : ''}${message}`, status, {
    cause: error,
  });
}
