/**
 * The filing lease: one run files at a time, across every shard of the repository, so the same
 * mention found by two shards at the same moment (a URL cross-posted to two feeds) is filed once.
 *
 * - The holder is the workflow run and shard (`run:<GITHUB_RUN_ID>:<shard>`): "Re-run jobs" after
 *   a crash has the same id and takes over at once.
 * - A lease of another run that has finished (the Actions API says `completed`) is taken over.
 * - Otherwise a live lease is waited for (polling the state), up to the wait limit; then the run
 *   keeps what it found as pending drafts for the next run.
 * - The holder renews the lease while it files; it starts no create, and waits on no rate limit,
 *   past the lease's end (less a safety margin).
 */
import type { Lease, ScanState } from './state.js';

/** How long a lease lasts (renewed while filing). */
export const LEASE_MS = 10 * 60_000;
/** No create starts later than this before the lease ends (a fifth of a short lease). */
export function leaseMargin(leaseMs: number): number {
  return Math.min(60_000, leaseMs / 5);
}

export function leaseHolder(runId: string, shard: string): string {
  return `run:${runId}:${shard}`;
}

export function newLease(holder: string, runId: string | undefined, now: Date, ms: number): Lease {
  return { holder, until: new Date(now.getTime() + ms).toISOString(), ...(runId ? { runId } : {}) };
}

/** Another holder's lease that has not expired (and may still be live). */
export function foreignLease(state: ScanState, holder: string, now: Date): Lease | undefined {
  const lease = state.lease;
  return lease && lease.holder !== holder && Date.parse(lease.until) > now.getTime() ? lease : undefined;
}

/** The lease's end as epoch ms less the margin: the last moment a create may start or wait. */
export function filingDeadline(lease: Lease, leaseMs: number): number {
  return Date.parse(lease.until) - leaseMargin(leaseMs);
}

/** Whether the lease should be renewed now (less than half of it left). */
export function wantsRenewal(lease: Lease, now: Date, ms: number): boolean {
  return Date.parse(lease.until) - now.getTime() < ms / 2;
}
