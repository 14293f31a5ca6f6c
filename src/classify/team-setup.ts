/** Where `--from-issues` reads the team's labels: a GitHub repository (--repo) or the local store. */
import type { EarshotConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createOctokit } from '../tracker/octokit.js';
import { githubTeamLabels, localTeamLabels, type TeamLabelSource } from './team-source.js';

export function teamLabelSource(options: {
  config: EarshotConfig;
  store?: string | undefined;
  repo?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}): TeamLabelSource {
  const botLogin = options.config.respond.botLogin;
  if (!options.repo)
    return localTeamLabels({ dir: options.store ?? options.config.tracker.localDir, botLogin });
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(options.repo);
  if (!m?.[1] || !m[2]) throw new ConfigError(`--repo takes owner/name, got "${options.repo}"`);
  const token = options.env.GITHUB_TOKEN ?? options.env.GH_TOKEN;
  if (!token) throw new ConfigError('--from-issues --repo needs a token in GITHUB_TOKEN (issues: read)');
  const octokit = createOctokit({
    token,
    ...(options.env.GITHUB_API_URL ? { baseUrl: options.env.GITHUB_API_URL } : {}),
    logger: options.logger,
    throttle: options.env.EARSHOT_THROTTLE !== 'off',
  });
  return githubTeamLabels({ octokit, owner: m[1], repo: m[2], botLogin });
}
