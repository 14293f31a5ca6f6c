/**
 * `earshot validate`: the config as the scan would load it, plus what only matters before a real
 * run — every credential a source requires is mapped to an environment variable, and (a note, since
 * secrets live in the workflow, not in a terminal) whether those variables are set here.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import type { SourceAdapter } from '../platforms/source.js';
import { type ConfigIssue, formatIssues, formatPath, lineAt, loadConfigFile } from './load.js';
import type { EarshotConfig } from './schema.js';

export interface ValidateResult {
  config: EarshotConfig;
  /** Environment variables the config names that are not set in this environment. */
  unsetEnv: { variable: string; source: string; credential: string }[];
}

export async function validateConfigFile(
  file: string,
  adapters: readonly SourceAdapter[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<ValidateResult> {
  const config = await loadConfigFile(file, adapters);
  const text = await readFile(file, 'utf8');
  const issues: ConfigIssue[] = [];
  const unsetEnv: ValidateResult['unsetEnv'] = [];
  config.sources.forEach((source, i) => {
    if (source.enabled === false) return;
    const adapter = adapters.find((a) => a.kind === source.kind);
    const mapped = source.credentials ?? {};
    for (const spec of adapter?.credentials ?? []) {
      const variable = mapped[spec.name];
      if (variable === undefined) {
        if (!spec.required) continue;
        const path = ['sources', i, 'credentials'];
        const line = lineAt(text, path) ?? lineAt(text, ['sources', i]);
        issues.push({
          path: formatPath(path),
          message: `source "${source.id}" (${source.kind}) needs the credential "${spec.name}": add credentials: { ${spec.name}: SOME_ENV_VAR } and set SOME_ENV_VAR from a repository secret in the workflow (${spec.description})`,
          ...(line !== undefined ? { line } : {}),
        });
      } else if (!env[variable]) unsetEnv.push({ variable, source: source.id, credential: spec.name });
    }
  });
  if (issues.length > 0) throw new ConfigError(formatIssues(file, 'is incomplete', issues), file, issues);
  return { config, unsetEnv };
}
