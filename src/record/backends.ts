/**
 * The record's two backends, each one object with its three roles: GitHub (one Octokit, the
 * issues, the state branch) and the local tracker (.earshot/). Scan, respond and report each take
 * the role they need; nothing else constructs a backend's parts.
 */
import type { Logger } from '../logger.js';
import type { GitHubClient } from './github/client.js';
import { GitHubReportRecord } from './github/report.js';
import { GitHubRespondRecord } from './github/respond.js';
import { GitHubScanRecord } from './github/scan.js';
import { LocalReportRecord } from './local/report.js';
import { LocalRespondRecord } from './local/respond.js';
import { LocalScanRecord } from './local/scan.js';
import type { ScanRecord } from './port.js';
import type { ReportRecord } from './report-port.js';
import type { RespondRecord } from './respond-port.js';

export interface RecordBackend<S extends ScanRecord = ScanRecord, R extends RespondRecord = RespondRecord> {
  readonly kind: 'github' | 'local';
  scan: S;
  respond: R;
  report: ReportRecord;
}

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

export interface LocalRecordOptions {
  /** The store folder (config tracker.localDir, default .earshot). */
  dir: string;
  botLogin: string;
  now?: () => Date;
}

export function localRecord(o: LocalRecordOptions): RecordBackend<LocalScanRecord, LocalRespondRecord> {
  const scan = new LocalScanRecord({ dir: o.dir, ...(o.now ? { now: o.now } : {}) });
  return {
    kind: 'local',
    scan,
    respond: new LocalRespondRecord({ dir: o.dir, botLogin: o.botLogin, ...(o.now ? { now: o.now } : {}) }),
    report: new LocalReportRecord({ tracker: scan, botLogin: o.botLogin }),
  };
}
