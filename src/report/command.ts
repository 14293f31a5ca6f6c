/**
 * `earshot report [--config F] [--store DIR] [--repo owner/name] [--html DIR] [--json] [--dry-run] [--now T]`
 *
 * On the local tracker's store by default (.earshot/, or --store); with --repo (and GITHUB_TOKEN,
 * GITHUB_API_URL for GitHub Enterprise or the emulator) on a GitHub repository, exactly as the
 * action's `mode: report` does. Prints the Markdown report (or the JSON with --json) to stdout.
 */

import { resolve } from 'node:path';
import type { EarshotConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { githubRecord, localRecord } from '../record/backends.js';
import { octokitForRepo } from '../record/github/client.js';
import type { ReportRecord } from '../record/report-port.js';
import { runReport } from '../report.js';
import { reportClock, reportJson } from './setup.js';

export interface ReportCommandArgs {
  config: EarshotConfig;
  store?: string | undefined;
  repo?: string | undefined;
  html?: string | undefined;
  json: boolean;
  dryRun: boolean;
  now?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

function storeFor(args: ReportCommandArgs): ReportRecord {
  if (!args.repo)
    return localRecord({
      dir: args.store ?? args.config.tracker.localDir,
      botLogin: args.config.respond.botLogin,
    }).report;
  const { octokit, ...where } = octokitForRepo({
    repo: args.repo,
    env: args.env,
    logger: args.logger,
    command: 'earshot report --repo',
    permissions: 'issues: write, contents: write',
  });
  return githubRecord({
    octokit,
    ...where,
    stateBranch: args.config.tracker.stateBranch,
    botLogin: args.config.respond.botLogin,
    logger: args.logger,
  }).report;
}

export async function runReportCommand(args: ReportCommandArgs, out: (s: string) => void): Promise<number> {
  const store = storeFor(args);
  const result = await runReport(
    { config: args.config, store, now: reportClock(args.now ?? args.env.EARSHOT_NOW), logger: args.logger },
    { dryRun: args.dryRun, ...(args.html ? { htmlDir: resolve(args.html) } : {}) },
  );
  if (result.dashboard) args.logger.info(`dashboard: ${result.dashboard}`);
  if (result.reportIssue)
    args.logger.info(`report: ${result.reportIssue.url || `#${result.reportIssue.number}`}`);
  out(args.json ? reportJson(result) : result.markdown.trimEnd());
  return 0;
}
