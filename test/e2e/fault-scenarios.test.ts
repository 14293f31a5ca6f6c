/**
 * The randomized fault test: 200 seeded scenarios (test/harness/fault-scenarios.ts lists every
 * condition: crashes, 5xx, rate limits, lost answers, re-runs with the same run id, finished runs
 * handing over, concurrent shards and layout changes, cross-posted URLs, late items, link edits, a
 * create outliving the lease, refused drafts, a state past 1 MB, truncated or deleted, people
 * editing issues, markers and labels, > 1,000 existing issues) — and after two clean runs, every
 * matched mention identity has exactly one issue or is set aside. (2,000 run in `npm run bench`.)
 */
import { describe, expect, it } from 'vitest';
import { runFaultScenarios } from '../harness/fault-scenarios.js';

const COUNT = Number(process.env.EARSHOT_FAULT_SCENARIOS ?? 200);

describe('never a duplicate, never lost — under faults', () => {
  it(`${COUNT} seeded scenarios end with exactly one issue per matched mention`, async () => {
    const report = await runFaultScenarios({ count: COUNT, firstSeed: 1 });
    const c = report.conditions;
    // what happened, for whoever reads the log
    console.info(JSON.stringify({ ...report, failures: report.failures.length }, null, 1));
    expect(report.failures).toEqual([]);
    expect(report.duplicates).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.phantom).toBe(0);
    expect(report.violations).toBe(0);
    // the mix really happened
    const some = (n: number) => Math.max(1, Math.floor(n));
    expect(report.scenarios).toBe(COUNT);
    expect(report.crashedRuns).toBeGreaterThan(COUNT / 10);
    expect(report.concurrentRuns).toBeGreaterThan(COUNT / 20);
    expect(report.existingIssuesMax).toBeGreaterThan(1000);
    expect(report.expectedMentions).toBeGreaterThan(COUNT * 3);
    // every new condition, a fair number of times (at 200 scenarios: see the counts printed above)
    expect(c.bigStateRounds).toBeGreaterThanOrEqual(some(COUNT / 10));
    expect(c.blobReads).toBeGreaterThanOrEqual(some(COUNT / 10));
    expect(c.shardedRounds).toBeGreaterThanOrEqual(some(COUNT / 2));
    expect(c.layoutChanges).toBeGreaterThanOrEqual(some(COUNT / 2));
    expect(c.crossPosts).toBeGreaterThanOrEqual(some(COUNT / 2));
    expect(c.crossPostsLater).toBeGreaterThanOrEqual(some(COUNT / 10));
    expect(c.lateItems).toBeGreaterThanOrEqual(some(COUNT / 4));
    expect(c.linkEdits).toBeGreaterThanOrEqual(some(COUNT / 5));
    expect(c.reruns).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.rerunLeaseTakeovers).toBeGreaterThanOrEqual(some(COUNT / 50));
    expect(c.handovers).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.finishedRunTakeovers).toBeGreaterThanOrEqual(some(COUNT / 50));
    expect(c.laterCrons).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.leaseOutlived).toBeGreaterThanOrEqual(some(COUNT / 50));
    expect(c.leaseWaits).toBeGreaterThanOrEqual(some(COUNT / 10));
    expect(c.refusedStories).toBeGreaterThanOrEqual(some(COUNT / 5));
    expect(report.setAside).toBe(c.refusedStories);
    expect(c.stateDeleted).toBeGreaterThanOrEqual(some(COUNT / 20));
    // a run that sees the deleted state may itself crash after rebuilding it (not counted then)
    expect(c.rebuiltMissing).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.stateTruncated).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.rebuiltDamaged).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.markersEdited).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.labelsRemoved).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.apiKeyed).toBeGreaterThanOrEqual(some(COUNT / 4));
    expect(c.feedKeyed).toBeGreaterThanOrEqual(some(COUNT / 4));
    expect(c.listingLagRounds).toBe(0);
    expect(c.crossPostLinkEdits).toBe(0);
  }, 600_000);

  // KNOWN LIMIT, pinned. When GitHub's issue listing lags behind creation
  // (emulator.setIssueListingLag), a create GitHub applied but answered with a 5xx is now found by
  // its issue number (GitHubScanRecord probes past the listing), and a copy of a filed mention adds
  // its ids to the record. What remains: a run killed right after a create, whose next run starts
  // inside the lag, cannot see that issue (its listing lags and the dead run saved nothing): seed 8
  // of 1-20 (1 duplicate; it was 3 before the probe). In real use the next run starts minutes later.
  it('with a lagging issue listing (1-8 s, half the rounds): nothing lost, a run killed inside the lag can be filed twice (known limit)', async () => {
    const report = await runFaultScenarios({ count: 10, firstSeed: 1, listingLag: 0.5 });
    expect(report.conditions.listingLagRounds).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.phantom).toBe(0);
    expect(report.violations).toBe(0);
    expect(report.duplicates).toBeGreaterThan(0); // the limit described above; 0 is the goal
  }, 300_000);

  // KNOWN LIMIT, pinned. The same URL in two sources' feeds is one mention, and a copy seen under
  // that URL adds its own ids to the record, so it can later move to a new URL. What remains: a copy
  // that moves before any run that saved its state saw it under the shared URL carries no id in
  // common with the filed one (the scenario still counts it as the same story): 9 duplicates in
  // seeds 1-20 (10 before copies' ids were recorded). Nothing can tie those two together.
  it('a cross-posted copy republished under a new URL: nothing lost; a copy that moved before it was ever seen is a second issue (known limit)', async () => {
    const report = await runFaultScenarios({ count: 10, firstSeed: 1, crossPostLinkEdits: true });
    expect(report.conditions.crossPostLinkEdits).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.phantom).toBe(0);
    expect(report.violations).toBe(0);
    expect(report.duplicates).toBeGreaterThan(0); // the limit described above; 0 is the goal
  }, 300_000);
});
