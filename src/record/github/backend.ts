/** The GitHub record backend: one Octokit, the issues, the state branch (see ../backend.ts). */
import type { Logger } from '../../logger.js';
import type { RecordBackend } from '../backend.js';
import type { GitHubClient } from './client.js';
import { GitHubReportRecord } from './report.js';
import { GitHubRespondRecord } from './respond.js';
import { GitHubScanRecord } from './scan.js';

export interface GitHubRecordOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The branch holding the state documents (config tracker.stateBranch). */
  stateBranch?: string;
  /** The token's login (respond.botLogin): whose comments and markers are Earshot's own. */
  botLogin?: string;
  logger: Logger;
  /** Receives the filing deadline (the Octokit's `deadline` reads it). */
  onDeadline?: (epochMs: number | undefined) => void;
}

export function githubRecord(o: GitHubRecordOptions): RecordBackend<GitHubScanRecord, GitHubRespondRecord> {
  const where = { octokit: o.octokit, owner: o.owner, repo: o.repo };
  const scan = new GitHubScanRecord({
    ...where,
    logger: o.logger,
    ...(o.stateBranch ? { stateBranch: o.stateBranch } : {}),
    ...(o.onDeadline ? { onDeadline: o.onDeadline } : {}),
  });
  return {
    kind: 'github',
    scan,
    respond: new GitHubRespondRecord({
      ...where,
      ...(o.botLogin ? { botLogin: o.botLogin } : {}),
      logger: o.logger,
    }),
    report: new GitHubReportRecord({ ...where, tracker: scan, logger: o.logger }),
  };
}
