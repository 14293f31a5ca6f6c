/**
 * Opening the record at the start of a scan: the state document, and what GitHub says was filed
 * since it was written. A run costs the same whatever the history:
 *
 * - steady state: the state (one read) and the Earshot issues created since the last listing (one
 *   page, sorted by creation, newest first): what a crashed run or another shard filed;
 * - the state is new, lost (the branch deleted), damaged (truncated, edited) or of the previous
 *   format: every Earshot issue updated in the look-back window is listed once and the id index
 *   is rebuilt from their markers. It is never a wedge, and a source without a cursor files what was
 *   published after the newest issue rather than recording it as "existing".
 */
import type { Logger } from '../logger.js';
import { KnownIds } from './known.js';
import type { RecordIssue, ScanRecord } from './port.js';
import { dayOf, recordIds, rememberedHashes, type ScanState } from './state.js';

/** The scan state's document name (one for every shard). */
export const SCAN_STATE = 'default';
/**
 * Issues numbered up to this many below the last mark are listed again: a create that became
 * visible after a later-numbered one (two writers at once) is still seen.
 */
export const LISTING_MARGIN = 20;

export interface OpenedRecord {
  state: ScanState;
  /** Every id recorded (index, recent ids, what the listing found). */
  known: KnownIds;
  status: 'ok' | 'missing' | 'damaged';
  /** Set when a lost or damaged state was rebuilt from existing issues: the newest one's creation. */
  rebuiltSince?: Date;
  /** The mark this run listed above (its filing lists from here again after a takeover). */
  listedAbove: number;
  /** Earshot issues the listing read. */
  listed: number;
  /** Whether the listing changed the state (ids recorded, the index built): it must be saved. */
  changed: boolean;
}

/** A mention issue is one with a marker; the ids it is known by. */
function issueIds(issue: RecordIssue): string[] {
  return issue.ids ?? (issue.key ? [issue.key] : []);
}

/** The mark after a listing: the highest issue number seen. */
function raiseMark(state: ScanState, issues: readonly RecordIssue[]): void {
  for (const i of issues) state.listedUpTo = Math.max(state.listedUpTo ?? 0, i.number);
}

/** Records what a listing found in the state and the known set; returns how many were new. */
export function recordListed(state: ScanState, known: KnownIds, issues: readonly RecordIssue[]): number {
  let added = 0;
  for (const issue of issues) {
    // A marker in an issue the bot did not open is a forgery (an outsider's issue that someone
    // labelled `earshot`): it must not suppress the real mention.
    if (state.author && issue.author && issue.author !== state.author) continue;
    const ids = issueIds(issue);
    if (ids.length === 0 || known.hasAny(ids)) continue;
    recordIds(state, ids, dayOf(new Date(issue.createdAt)));
    known.add(ids);
    added++;
  }
  raiseMark(state, issues);
  return added;
}

type OpenOptions = { now: Date; lookbackStart: Date; logger: Logger };

export async function openRecord(tracker: ScanRecord, o: OpenOptions): Promise<OpenedRecord> {
  return openRecordInStages(tracker, o).record;
}

/**
 * The record opened in two stages: `state` (the state document, one read: the sources' cursors)
 * settles first, `record` once the listing is read and recorded in that same state object. A scan
 * starts fetching its sources on `state` and uses what they return once `record` is in. `record`
 * carries any failure of either stage.
 */
export function openRecordInStages(
  tracker: ScanRecord,
  o: OpenOptions,
): { state: Promise<ScanState>; record: Promise<OpenedRecord> } {
  const loaded = tracker.loadState(SCAN_STATE);
  const record = loaded.then((l) => completeRecord(tracker, l, o));
  return { state: loaded.then((l) => l.state), record };
}

async function completeRecord(
  tracker: ScanRecord,
  loaded: Awaited<ReturnType<ScanRecord['loadState']>>,
  o: OpenOptions,
): Promise<OpenedRecord> {
  const state = loaded.state;
  if (loaded.status === 'damaged')
    o.logger.warn(`the scan state is damaged (${loaded.problem}); rebuilding it from the issues`);
  if (state.index && state.listedUpTo !== undefined && loaded.status === 'ok') {
    const listedAbove = Math.max(0, state.listedUpTo - LISTING_MARGIN);
    const known = KnownIds.of(rememberedHashes(state));
    const issues = await tracker.listCreatedSince(listedAbove);
    const added = recordListed(state, known, issues);
    if (added > 0)
      o.logger.info(`${added} issue(s) filed by another run since the last listing are recorded`);
    return { state, known, status: loaded.status, listedAbove, listed: issues.length, changed: added > 0 };
  }
  // Build the index from the issues themselves (they are the record).
  const issues = await tracker.listIssues(o.lookbackStart);
  state.index ??= {};
  const known = KnownIds.of(rememberedHashes(state));
  recordListed(state, known, issues);
  state.listedUpTo ??= 0;
  let rebuiltSince: Date | undefined;
  const newest = Math.max(
    ...issues.filter((i) => issueIds(i).length > 0).map((i) => Date.parse(i.createdAt)),
  );
  if (loaded.status !== 'ok' && Number.isFinite(newest)) {
    rebuiltSince = new Date(newest);
    o.logger.warn(
      `the scan state was ${loaded.status === 'missing' ? 'missing' : 'damaged'}: rebuilt from ${issues.length} issue(s); sources without a cursor file what was published after ${rebuiltSince.toISOString()}`,
    );
  } else if (loaded.status === 'ok') {
    o.logger.info(`the id index was built from ${issues.length} issue(s) (once; later runs read one page)`);
  }
  if (loaded.status === 'missing') {
    // A repository that ran the previous format with a matrix: its per-shard files are stale now.
    const removed = await tracker.removeLegacyStates?.();
    if (removed) o.logger.info(`${removed} per-shard state file(s) of the previous format removed`);
  }
  return {
    state,
    known,
    status: loaded.status,
    ...(rebuiltSince ? { rebuiltSince } : {}),
    listedAbove: 0,
    listed: issues.length,
    changed: true,
  };
}
