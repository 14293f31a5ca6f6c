/**
 * The terminal shell: `earshot scan | validate | sources | feed | eval | train | demo | report`.
 * Progress and warnings go to stderr; results (and --json) to stdout.
 */
import { parseArgs } from 'node:util';
import { classifierFromConfig, loadModelClassifier, modelClassifierFromConfig } from './classify/setup.js';
import type { Classifier } from './classify/types.js';
import { closest, didYouMean } from './config/did-you-mean.js';
import { loadConfigFile } from './config/load.js';
import type { EarshotConfig } from './config/schema.js';
import { validateConfigFile } from './config/validate.js';
import { ConfigError, errorMessage } from './errors.js';
import { runFeedCommand } from './feed-command.js';
import { createHttpClient } from './http/client.js';
import { type Logger, stderrLogger } from './logger.js';
import { adapters, catalogue } from './platforms/index.js';
import { LocalScanRecord } from './record/local/scan.js';
import { RESPOND_USAGE } from './respond/cli-command.js';
import { runScan, type ScanResult } from './scan.js';
import { allSourcesFailed, formatScanTable, scanJson } from './scan-format.js';
import { triageLines } from './triage/report-lines.js';

const HELP = `earshot — public mentions of your company, filed as issues

Usage:
  earshot init [--company NAME] [--dir D] [--force]
  earshot scan [--config F] [--dry-run] [--json] [--max-new-issues N] [--shard I/N] [--store DIR]
  earshot validate [--config F]
  earshot sources [--json]
  earshot feed <file-or-url>... [--json]
  earshot eval --data F.jsonl [--json] [--cv K [--own-domain-view]] [--llm [--config F]]
  earshot eval --domains [--data DIR] [--json]
  earshot eval --from-issues [--config F] [--store DIR | --repo owner/name] [--json]
  earshot train --from-issues [--config F] [--store DIR | --repo owner/name] [--out F] [--data DIR] [--force]
  earshot demo [--store DIR] [--json]
  ${RESPOND_USAGE}
  earshot report [--config F] [--store DIR | --repo owner/name] [--html DIR] [--json] [--dry-run] [--now T]

Without a GitHub token the scan files into a local tracker: Markdown files under .earshot/.
Default config: .github/earshot.yml (or config/earshot.example.yml when that does not exist).`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  env: process.env,
};

export async function defaultConfigPath(): Promise<string> {
  const { access } = await import('node:fs/promises');
  try {
    await access('.github/earshot.yml');
    return '.github/earshot.yml';
  } catch {
    return 'config/earshot.example.yml';
  }
}

export interface LocalScanArgs {
  config: EarshotConfig;
  store?: string | undefined;
  dryRun: boolean;
  maxNewIssues?: number | undefined;
  shard?: string | undefined;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  now?: (() => Date) | undefined;
}

/** A scan on the local tracker, as `earshot scan` and `earshot demo` run it. */
export async function scanLocal(args: LocalScanArgs): Promise<ScanResult> {
  // The scan's clock is the tracker's too: issues are created when the scan says it is.
  const tracker = new LocalScanRecord({
    dir: args.store ?? args.config.tracker.localDir,
    ...(args.now ? { now: args.now } : {}),
  });
  const http = createHttpClient();
  return runScan(
    {
      config: args.config,
      adapters,
      tracker,
      http,
      classifier: classifierFromConfig({ config: args.config, env: args.env, http, logger: args.logger }),
      env: args.env,
      now: args.now ?? (() => new Date()),
      logger: args.logger,
    },
    {
      dryRun: args.dryRun,
      ...(args.maxNewIssues !== undefined ? { maxNewIssues: args.maxNewIssues } : {}),
      ...(args.shard ? { shard: args.shard } : {}),
    },
  );
}

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'max-new-issues': { type: 'string' },
  shard: { type: 'string' },
  store: { type: 'string' },
  data: { type: 'string' },
  cv: { type: 'string' },
  llm: { type: 'boolean', default: false },
  'own-domain-view': { type: 'boolean', default: false },
  domains: { type: 'boolean', default: false },
  'from-issues': { type: 'boolean', default: false },
  out: { type: 'string' },
  force: { type: 'boolean', default: false },
  created: { type: 'string' },
  html: { type: 'string' },
  repo: { type: 'string' },
  now: { type: 'string' },
  company: { type: 'string' },
  dir: { type: 'string' },
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * A mistyped option (unknown, or missing its value) as one line with the nearest known option and
 * the usage; undefined for any other error. Never a stack trace.
 */
export function usageError(error: unknown, known: readonly string[], usage: string): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const option = /option '(-{1,2}[^'\s]+)/.exec(errorMessage(error))?.[1];
  const near = option ? closest(option.replace(/^-+/, ''), known) : undefined;
  const what =
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option
      ? `unknown option ${option}${didYouMean(near && `--${near}`)}`
      : (errorMessage(error).split('. ')[0] ?? errorMessage(error));
  return `earshot: ${what}\n\n${usage}`;
}

function parseCliArgs(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    const usage = usageError(
      error,
      Object.keys(OPTIONS),
      'Run `earshot help` for the commands and their options.',
    );
    if (!usage) throw error;
    return usage;
  }
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'respond') {
    // Its own options (parsed in src/respond/cli-command.ts): commands on the local tracker.
    const { runRespondCli, RESPOND_OPTIONS } = await import('./respond/cli-command.js');
    try {
      return await runRespondCli(rest, io, defaultConfigPath);
    } catch (error) {
      const usage = usageError(error, RESPOND_OPTIONS, `Usage: ${RESPOND_USAGE}`);
      if (usage) {
        io.err(usage);
        return 2;
      }
      io.err(error instanceof ConfigError ? error.message : `error: ${errorMessage(error)}`);
      return 1;
    }
  }
  const parsed = parseCliArgs(rest);
  if (typeof parsed === 'string') {
    io.err(parsed);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!command || command === 'help' || command === '--help' || command === '-h' || values.help) {
    io.out(HELP);
    return command ? 0 : 2;
  }
  const logger = stderrLogger(values.verbose);
  /** The config file the command names (--config), else the default one, loaded and validated. */
  const loadConfig = async () => {
    const file = values.config ?? (await defaultConfigPath());
    return { file, config: await loadConfigFile(file, adapters) };
  };
  /** Where --from-issues reads the team's labels: --repo, else the local store. */
  const teamSource = async (config: EarshotConfig) => {
    const { teamLabelSource } = await import('./classify/team-setup.js');
    return teamLabelSource({ config, store: values.store, repo: values.repo, env: io.env, logger });
  };
  try {
    switch (command) {
      case 'scan': {
        const { file, config } = await loadConfig();
        logger.info(
          `earshot scan: ${config.sources.length} source(s) from ${file}${values['dry-run'] ? ' (dry run)' : ''}`,
        );
        const maxNew = values['max-new-issues'] !== undefined ? Number(values['max-new-issues']) : undefined;
        if (maxNew !== undefined && !(Number.isInteger(maxNew) && maxNew >= 0)) {
          throw new ConfigError(
            `--max-new-issues must be a whole number ≥ 0, got "${values['max-new-issues']}"`,
          );
        }
        const result = await scanLocal({
          config,
          store: values.store,
          dryRun: values['dry-run'],
          maxNewIssues: maxNew,
          shard: values.shard,
          logger,
          env: io.env,
          now: io.now,
        });
        if (values.json) io.out(scanJson(result));
        else {
          io.out(formatScanTable(result));
          for (const f of result.filed)
            io.out(`  ${f.number !== undefined ? `#${f.number}` : '-'} ${f.title}`);
          for (const line of triageLines(result.triage, result.dryRun)) io.out(line);
        }
        const failure = allSourcesFailed(result);
        if (failure) {
          io.err(`error: ${failure}`);
          return 1;
        }
        return 0;
      }
      case 'init': {
        const { runInit } = await import('./init/command.js');
        await runInit({
          dir: values.dir ?? '.',
          company: values.company,
          force: values.force,
          adapters,
          out: io.out,
        });
        return 0;
      }
      case 'validate': {
        const file = values.config ?? (await defaultConfigPath());
        const { config, unsetEnv } = await validateConfigFile(file, adapters, io.env);
        if (config.classify.model) loadModelClassifier(config.classify.model);
        io.out(
          `${file} is valid: ${config.sources.length} source(s) (${[...new Set(config.sources.map((s) => s.kind))].join(', ')}), ${config.queries.length || 1} query(ies)`,
        );
        for (const u of unsetEnv)
          io.out(
            `  note: ${u.variable} (credential "${u.credential}" of source "${u.source}") is not set here; the workflow must set it from a secret`,
          );
        return 0;
      }
      case 'sources': {
        const rows = catalogue();
        if (values.json) io.out(JSON.stringify(rows));
        else
          for (const r of rows)
            io.out(
              `${r.kind.padEnd(15)} credentials: ${r.credentials.join(', ') || 'none'} · cursor: ${r.cursor} · replies: ${r.replies ? 'yes' : 'no'}`,
            );
        return 0;
      }
      case 'feed': {
        if (positionals.length === 0) throw new ConfigError('earshot feed needs at least one file or URL');
        return runFeedCommand(positionals, { json: values.json, http: createHttpClient() }, io.out);
      }
      case 'train': {
        if (!values['from-issues'])
          throw new ConfigError(
            'earshot train learns from your issues: earshot train --from-issues (to retrain the shipped model from files: npm run train)',
          );
        const { config } = await loadConfig();
        const { runTeamTrain } = await import('./classify/team-command.js');
        await runTeamTrain({
          source: await teamSource(config),
          out: values.out ?? config.classify.model ?? '.github/earshot-model.json',
          dataDir: values.data,
          force: values.force,
          created: values.created ?? (io.now?.() ?? new Date()).toISOString().slice(0, 10),
          log: (line) => io.err(line),
        });
        return 0;
      }
      case 'eval': {
        if (values['from-issues']) {
          const { config } = await loadConfig();
          const { runTeamEval } = await import('./classify/team-command.js');
          await runTeamEval({
            source: await teamSource(config),
            classifier: modelClassifierFromConfig(config),
            json: values.json,
            out: io.out,
          });
          return 0;
        }
        if (values.domains) {
          const { runDomainsCommand } = await import('./classify/domains-command.js');
          await runDomainsCommand({ dir: values.data, json: values.json }, io.out);
          return 0;
        }
        if (!values.data)
          throw new ConfigError('earshot eval needs --data F.jsonl (or --from-issues, or --domains)');
        const cv = values.cv !== undefined ? Number(values.cv) : undefined;
        if (values['own-domain-view'] && cv === undefined)
          throw new ConfigError(
            'earshot eval: --own-domain-view goes with --cv (the embedded model has one view)',
          );
        let classifier: Classifier | undefined;
        if (values.llm) {
          if (cv !== undefined) throw new ConfigError('earshot eval: --llm and --cv do not go together');
          const { file, config } = await loadConfig();
          if (!config.classify.llm)
            throw new ConfigError(`earshot eval --llm: ${file} has no classify.llm section`);
          classifier = classifierFromConfig({ config, env: io.env, http: createHttpClient(), logger });
        }
        // Loaded here, with the model it scores: no other command pays for it at start.
        const { runEvalCommand } = await import('./classify/eval-command.js');
        await runEvalCommand(
          {
            data: values.data,
            json: values.json,
            ...(cv !== undefined ? { cv } : {}),
            ...(values['own-domain-view'] ? { ownDomainView: true } : {}),
            ...(classifier ? { classifier } : {}),
          },
          io.out,
        );
        return 0;
      }
      case 'report': {
        const { config } = await loadConfig();
        const { runReportCommand } = await import('./report/command.js');
        return runReportCommand(
          {
            config,
            store: values.store,
            repo: values.repo,
            html: values.html,
            json: values.json,
            dryRun: values['dry-run'],
            now: values.now,
            env: io.env,
            logger,
          },
          io.out,
        );
      }
      case 'demo': {
        const { runDemo } = await import('./demo.js');
        return runDemo({ store: values.store, json: values.json, logger, out: io.out });
      }
      default:
        io.err(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    io.err(error instanceof ConfigError ? error.message : `error: ${errorMessage(error)}`);
    return 1;
  }
}
