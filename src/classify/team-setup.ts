/** Where `--from-issues` reads the team's labels: a GitHub repository (--repo) or the local store. */
import type { EarshotConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { octokitForRepo } from '../record/github/client.js';
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
  const github = octokitForRepo({
    repo: options.repo,
    env: options.env,
    logger: options.logger,
    command: '--from-issues --repo',
    permissions: 'issues: read',
  });
  return githubTeamLabels({ ...github, botLogin });
}
