/** The local tracker's record backend: .earshot/ (see ../backend.ts). */
import type { RecordBackend } from '../backend.js';
import { LocalReportRecord } from './report.js';
import { LocalRespondRecord } from './respond.js';
import { LocalScanRecord } from './scan.js';

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
