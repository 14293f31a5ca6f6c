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
    expect(c.rebuiltMissing).toBeGreaterThanOrEqual(some(COUNT / 20)); // a deletion a later run saw
    expect(c.stateTruncated).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.rebuiltDamaged).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.markersEdited).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.labelsRemoved).toBeGreaterThanOrEqual(some(COUNT / 20));
    expect(c.apiKeyed).toBeGreaterThanOrEqual(some(COUNT / 4));
    expect(c.feedKeyed).toBeGreaterThanOrEqual(some(COUNT / 4));
    expect(c.listingLagRounds).toBe(0);
    expect(c.crossPostLinkEdits).toBe(0);
  }, 600_000);

  // KNOWN BUG, pinned here until src/ is fixed. When GitHub's issue listing lags behind creation
  // (emulator.setIssueListingLag), a create that GitHub applied but answered with a 5xx is looked
  // up in that listing, not found, and sent again (GitHubTracker.create), or kept pending and filed
  // again by the next shard within the lag: two issues for one mention. Smallest reproduction: a
  // 5 s lag, three new mentions, the 2nd create applied then answered 502 -> its mention has two
  // issues. Once fixed, the last assertion fails: make it `toBe(0)`.
  it('with a lagging issue listing (1-8 s, half the rounds): nothing lost, but lost create answers are filed twice (known bug)', async () => {
    const report = await runFaultScenarios({ count: 10, firstSeed: 1, listingLag: 0.5 });
    expect(report.conditions.listingLagRounds).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.phantom).toBe(0);
    expect(report.violations).toBe(0);
    expect(report.duplicates).toBeGreaterThan(0); // the bug; 0 is the goal
  }, 300_000);

  // KNOWN BUG, pinned here until src/ is fixed. The same URL in two sources' feeds is one mention
  // (the second copy is skipped: known by its URL). When that second copy is later republished
  // under a new URL (same item id / guid), none of its ids is known any more (the skipped copy's
  // guid or native id was never recorded) and a second issue is filed. Smallest reproduction: two
  // feed-keyed sources, the same URL in each (filed once), then one copy's link changes -> two
  // issues. Once fixed, the last assertion fails: make it `toBe(0)`.
  it('a cross-posted copy republished under a new URL: nothing lost, but a second issue (known bug)', async () => {
    const report = await runFaultScenarios({ count: 10, firstSeed: 1, crossPostLinkEdits: true });
    expect(report.conditions.crossPostLinkEdits).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.phantom).toBe(0);
    expect(report.violations).toBe(0);
    expect(report.duplicates).toBeGreaterThan(0); // the bug; 0 is the goal
  }, 300_000);
});
