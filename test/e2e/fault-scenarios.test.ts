/**
 * The randomized fault test: 200 seeded scenarios of crashes, 5xx, rate limits, lost answers,
 * reruns, two runs at once, people editing issues and > 1,000 existing issues — and after a final
 * clean run, every matched mention has exactly one issue. (2,000 scenarios run in `npm run bench`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { runFaultScenarios } from '../harness/fault-scenarios.js';

const COUNT = Number(process.env.EARSHOT_FAULT_SCENARIOS ?? 200);

describe('never a duplicate, never lost — under faults', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions' });
  });
  afterAll(async () => emulator.close());

  it(`${COUNT} seeded scenarios end with exactly one issue per matched mention`, async () => {
    const report = await runFaultScenarios(emulator, { count: COUNT, firstSeed: 1 });
    expect(report.failures).toEqual([]);
    expect(report.duplicates).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.phantom).toBe(0);
    expect(report.violations).toBe(0);
    // the mix really happened
    expect(report.scenarios).toBe(COUNT);
    expect(report.crashedRuns).toBeGreaterThan(COUNT / 10);
    expect(report.concurrentRuns).toBeGreaterThan(COUNT / 20);
    expect(report.existingIssuesMax).toBeGreaterThan(1000);
    expect(report.expectedMentions).toBeGreaterThan(COUNT * 3);
  }, 600_000);
});
