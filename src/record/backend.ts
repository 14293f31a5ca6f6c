/**
 * A record backend: one object with its three roles (scan, respond, report). Two implement it:
 * GitHub (./github/backend.ts: one Octokit, the issues, the state branch) and the local tracker
 * (./local/backend.ts: .earshot/). Each lives in its own file so that a run without a token never
 * loads Octokit; ./backends.ts offers both to callers that choose at run time.
 */
import type { ScanRecord } from './port.js';
import type { ReportRecord } from './report-port.js';
import type { RespondRecord } from './respond-port.js';

export interface RecordBackend<S extends ScanRecord = ScanRecord, R extends RespondRecord = RespondRecord> {
  readonly kind: 'github' | 'local';
  scan: S;
  respond: R;
  report: ReportRecord;
}
