/**
 * Filing under the lease (src/record/lease.ts): take the lease (waiting for a live holder, taking
 * over a finished or expired one), file each draft in one create call, renew the lease while
 * filing, set aside a draft GitHub refuses, and keep the rest pending. Every issue is recorded
 * (index + recent ids) the moment it exists; the caller saves the state.
 */
import { errorMessage, TrackerError } from '../errors.js';
import { INDEX_LABEL } from '../issue/labels.js';
import { neutralizeInline, neutralizeUrl } from '../issue/neutralize.js';
import type { Logger } from '../logger.js';
import type { KnownIds } from './known.js';
import { filingDeadline, foreignLease, newLease, wantsRenewal } from './lease.js';
import { parseMarker, renderMarker } from './marker.js';
import { recordListed, SCAN_STATE } from './open.js';
import { type RecordIssue, type ScanRecord, StateConflictError } from './port.js';
import {
  dayOf,
  type IssueDraft,
  MAX_REFUSED,
  mergeStates,
  type RefusedDraft,
  recordIds,
  rememberedHashes,
  type ScanState,
} from './state.js';

export interface FilingOptions {
  tracker: ScanRecord;
  logger: Logger;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  holder: string;
  shard: string;
  /** GITHUB_RUN_ID, when the run is a workflow run. */
  runId?: string | undefined;
  leaseMs: number;
  /** How long to wait for another run's live lease before keeping everything pending. */
  leaseWaitMs: number;
  /** How often a waiting run looks at the lease again. */
  pollMs: number;
  budget: number;
  /** The issue number this run listed above (a re-listing after a takeover starts there). */
  listedAbove: number;
}

export interface FiledIssue {
  draft: IssueDraft;
  issue: RecordIssue;
}

export interface FilingResult {
  state: ScanState;
  filed: FiledIssue[];
  deferred: IssueDraft[];
  refused: RefusedDraft[];
  /** Why filing stopped early (budget aside): a failure, the lease. */
  stopped?: string;
  /** Set when the lease could not be had: nothing was filed, everything is pending. */
  skipped?: string;
}

const ids = (d: IssueDraft) => d.ids ?? [d.key];

/**
 * A draft some other run filed meanwhile (known by one of its ids): its other ids join the record,
 * so a copy republished under a new link is still the same mention. True when it was known.
 */
export function absorbKnown(state: ScanState, known: KnownIds, draft: IssueDraft, day: string): boolean {
  if (!known.hasAny(ids(draft))) return false;
  const missing = known.missing(ids(draft));
  if (missing.length > 0) {
    recordIds(state, missing, day, draft.sourceId);
    known.add(missing);
  }
  return true;
}

export function merger(o: { holder: string; shard: string }) {
  return (theirs: ScanState, ours: ScanState) => mergeStates(theirs, ours, o);
}

/**
 * Takes the lease with an exclusive (compare-and-swap) write of the state. Another run's live
 * lease is waited for; a finished run's (the Actions API) or an expired one is taken over. After a
 * takeover, or when the state changed meanwhile, the issues created since this run listed are
 * listed again: what the other run filed is known before anything is filed here.
 */
async function takeLease(
  o: FilingOptions,
  start: ScanState,
  known: KnownIds,
): Promise<{ state: ScanState } | { skipped: string; state: ScanState }> {
  const merge = merger(o);
  let state = start;
  let relist = state.lease !== undefined; // a lease left behind: its run may have filed and died
  let waited = 0;
  for (let conflicts = 0; conflicts < 6; ) {
    const now = o.now();
    const held = foreignLease(state, o.holder, now);
    if (held) {
      const finished =
        held.runId && held.runId !== o.runId ? await o.tracker.runFinished?.(held.runId) : undefined;
      if (finished === true) {
        o.logger.warn(`the filing lease of ${held.holder} is left from a finished run: taking it over`);
      } else if (waited + o.pollMs > o.leaseWaitMs) {
        return {
          skipped: `another Earshot run (${held.holder}) holds the filing lease until ${held.until}`,
          state,
        };
      } else {
        o.logger.info(
          `another Earshot run (${held.holder}) is filing; waiting for it (until ${held.until} at most)`,
        );
        await o.sleep(o.pollMs);
        waited += o.pollMs;
        state = merge((await o.tracker.loadState(SCAN_STATE)).state, state);
        known.addHashes(rememberedHashes(state));
        relist = true;
        continue;
      }
      relist = true;
    }
    const mine: ScanState = { ...state, lease: newLease(o.holder, o.runId, now, o.leaseMs) };
    try {
      await o.tracker.saveState(SCAN_STATE, mine, { exclusive: true });
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
      conflicts++;
      state = merge((await o.tracker.loadState(SCAN_STATE)).state, state);
      known.addHashes(rememberedHashes(state));
      relist = true;
      continue;
    }
    if (relist) {
      const added = recordListed(mine, known, await o.tracker.listCreatedSince(o.listedAbove));
      if (added > 0) o.logger.info(`${added} issue(s) another run filed meanwhile are recorded`);
    }
    return { state: mine };
  }
  return { skipped: 'the state kept changing while this run tried to take the filing lease', state };
}

/** Renews the lease when less than half is left; false when it was lost to another run. */
async function renew(o: FilingOptions, state: ScanState): Promise<ScanState | undefined> {
  const lease = state.lease;
  if (!lease || !wantsRenewal(lease, o.now(), o.leaseMs)) return state;
  let mine = state;
  for (let attempt = 1; attempt <= 4; attempt++) {
    const next = { ...mine, lease: newLease(o.holder, o.runId, o.now(), o.leaseMs) };
    try {
      await o.tracker.saveState(SCAN_STATE, next, { exclusive: true });
      return next;
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
      const theirs = (await o.tracker.loadState(SCAN_STATE)).state;
      if (theirs.lease && theirs.lease.holder !== o.holder) return undefined;
      mine = merger(o)(theirs, mine);
    }
  }
  return undefined;
}

/** The smallest issue that still carries the mention: its marker, its link, why it is short. */
export function minimalDraft(draft: IssueDraft, reason: string): IssueDraft {
  const marker = parseMarker(draft.body);
  const url = marker?.url ? neutralizeUrl(marker.url) : undefined;
  const body = [
    `GitHub refused this mention's full issue (${neutralizeInline(reason, 300)}), so Earshot filed this short one.`,
    '',
    url ? `**Where:** ${url}` : '',
    '',
    marker ? renderMarker(marker) : '',
  ].join('\n');
  const category = draft.labels.find((l) => ['complaint', 'compliment', 'question', 'neutral'].includes(l));
  const { milestone: _dropped, ...rest } = draft;
  return {
    ...rest,
    body,
    labels: [INDEX_LABEL, ...(category ? [category] : [])],
    assignees: [],
  };
}

function isRefusal(error: unknown): boolean {
  return error instanceof TrackerError && (error.status === 422 || error.status === 400);
}

export async function fileDrafts(
  o: FilingOptions,
  start: ScanState,
  queue: readonly IssueDraft[],
  known: KnownIds,
): Promise<FilingResult> {
  const result: FilingResult = { state: start, filed: [], deferred: [], refused: [] };
  const todo = queue.filter((d) => !absorbKnown(start, known, d, dayOf(o.now())));
  if (todo.length === 0 || o.budget <= 0) {
    result.deferred = [...todo];
    return result;
  }
  const taken = await takeLease(o, start, known);
  result.state = taken.state;
  if ('skipped' in taken) {
    result.skipped = taken.skipped;
    result.deferred = todo.filter((d) => !known.hasAny(ids(d)));
    o.logger.warn(`${taken.skipped}: ${result.deferred.length} mention(s) kept for the next run`);
    return result;
  }
  let state = taken.state;
  result.state = state;
  for (const draft of todo) {
    if (absorbKnown(state, known, draft, dayOf(o.now()))) continue; // filed by a run that finished meanwhile
    if (result.stopped || result.filed.length >= o.budget) {
      result.deferred.push(draft);
      continue;
    }
    const renewed = await renew(o, state);
    if (!renewed) {
      result.stopped = 'the filing lease was lost to another run';
      result.deferred.push(draft);
      continue;
    }
    state = renewed;
    result.state = state;
    const deadline = state.lease ? filingDeadline(state.lease, o.leaseMs) : Number.POSITIVE_INFINITY;
    if (o.now().getTime() > deadline) {
      result.stopped = 'the filing lease is about to end';
      result.deferred.push(draft);
      continue;
    }
    o.tracker.setDeadline?.(deadline);
    try {
      const issue = await createOrMinimal(o, draft, result);
      if (!issue) {
        known.add(ids(draft)); // refused, set aside
        continue;
      }
      result.filed.push({ draft, issue });
      if (issue.author) state.author ??= issue.author;
      state.listedUpTo = Math.max(state.listedUpTo ?? 0, issue.number);
      known.add(ids(draft));
      recordIds(state, ids(draft), dayOf(o.now()), draft.sourceId);
    } catch (error) {
      result.stopped = errorMessage(error);
      o.logger.warn(`filing stopped, the rest is kept for the next run: ${result.stopped}`);
      result.deferred.push(draft);
    }
  }
  o.tracker.setDeadline?.(undefined);
  if (result.refused.length > 0)
    state.refused = [...(state.refused ?? []), ...result.refused].slice(-MAX_REFUSED);
  result.state = state;
  return result;
}

/** One create; a refused draft is tried once more in its minimal form, then set aside. */
async function createOrMinimal(
  o: FilingOptions,
  draft: IssueDraft,
  result: FilingResult,
): Promise<RecordIssue | undefined> {
  try {
    return await o.tracker.create(draft);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const reason = errorMessage(error);
    o.logger.warn(`GitHub refused the issue for ${draft.key} (${reason}); filing a minimal one`);
    try {
      return await o.tracker.create(minimalDraft(draft, reason));
    } catch (again) {
      if (!isRefusal(again)) throw again;
      const marker = parseMarker(draft.body);
      const refused: RefusedDraft = {
        key: draft.key,
        title: draft.title,
        reason: errorMessage(again),
        at: o.now().toISOString(),
        ...(marker?.url ? { url: marker.url } : {}),
      };
      result.refused.push(refused);
      // Recorded, so it does not come back every run; the state lists it until someone acts.
      recordIds(result.state, ids(draft), dayOf(o.now()), draft.sourceId);
      o.logger.warn(
        `GitHub refused the issue for ${draft.key} twice: set aside (listed in the job summary); the other mentions are filed`,
      );
      return undefined;
    }
  }
}
