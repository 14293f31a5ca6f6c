/**
 * `earshot init`: sets a repository up — `.github/earshot.yml` (commented, with the editor schema
 * beside it), the scan, respond and report workflows with least-privilege permissions — validates
 * what it wrote, and says which secrets to add and what to run next. Existing files are kept
 * unless --force.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { configJsonSchemaText } from '../config/json-schema.js';
import { parseConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import type { SourceAdapter } from '../platforms/source.js';
import { CLI_PACKAGE } from '../version.js';
import {
  CONFIG_PATH,
  configTemplate,
  reportWorkflow,
  respondWorkflow,
  SCHEMA_PATH,
  scanWorkflow,
  WORKFLOWS,
} from './templates.js';

export interface InitOptions {
  /** The repository's root (default: the current folder). */
  dir: string;
  /** company.name (default: the folder's name). */
  company?: string | undefined;
  force: boolean;
  adapters: readonly SourceAdapter[];
  out: (line: string) => void;
}

export interface InitResult {
  written: string[];
  /** Environment variables the config names: each must be a repository secret. */
  secrets: string[];
}

export async function runInit(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.dir);
  const company = (options.company ?? basename(root)).trim();
  if (!company) throw new ConfigError('earshot init needs a company name: --company "Acme"');
  const configText = configTemplate(company);
  // What is written must load: a template that the validator refuses would be a bug here.
  const config = parseConfig(configText, CONFIG_PATH, options.adapters);
  const secrets = [...new Set(config.sources.flatMap((s) => Object.values(s.credentials ?? {})))].sort();
  const files: [string, string][] = [
    [CONFIG_PATH, configText],
    [SCHEMA_PATH, configJsonSchemaText(options.adapters)],
    [WORKFLOWS.scan, scanWorkflow(secrets)],
    [WORKFLOWS.respond, respondWorkflow(secrets)],
    [WORKFLOWS.report, reportWorkflow()],
  ];
  const existing = files.map(([path]) => path).filter((path) => existsSync(join(root, path)));
  if (existing.length > 0 && !options.force)
    throw new ConfigError(
      `earshot init keeps what is there: ${existing.join(', ')} already exist(s). Move them away, or pass --force to overwrite.`,
    );
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text, 'utf8');
    options.out(`wrote ${path}`);
  }
  for (const line of nextSteps(config.sources, secrets, options.adapters)) options.out(line);
  return { written: files.map(([path]) => path), secrets };
}

function nextSteps(
  sources: readonly { id: string; kind: string }[],
  secrets: readonly string[],
  adapters: readonly SourceAdapter[],
): string[] {
  const optional = sources.flatMap((s) =>
    (adapters.find((a) => a.kind === s.kind)?.credentials ?? []).map(
      (c) => `    ${s.id} (${s.kind}): ${c.name}${c.required ? '' : ' (optional)'} — ${c.description}`,
    ),
  );
  return [
    '',
    'Secrets:',
    secrets.length > 0
      ? `  add these repository secrets (Settings → Secrets and variables → Actions): ${secrets.join(', ')}`
      : '  none needed for these sources: the workflow token files the issues.',
    ...(optional.length > 0
      ? [
          '  Credentials these sources can use (map one in .github/earshot.yml as credentials: { name: ENV_VAR },',
          '  add ENV_VAR as a repository secret, and pass it in the workflows’ env:):',
          ...optional,
        ]
      : []),
    '',
    'Next:',
    `  1. edit ${CONFIG_PATH}: your names, products and handles; then \`npx ${CLI_PACKAGE} validate\``,
    `  2. \`npx ${CLI_PACKAGE} scan --dry-run\`: what the scan would file, from your terminal`,
    '  3. commit and push; run "Earshot scan" once from the Actions tab (workflow_dispatch)',
    '  4. comment /draft on a mention issue; the report workflow runs every morning',
  ];
}
