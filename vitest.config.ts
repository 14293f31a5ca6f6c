import { defineConfig } from 'vitest/config';

// Four projects; `npm test` runs them all, `npm run test:unit` is the loop while developing:
//  - unit:      test/unit/** — modules against fakes, loopback servers and the in-process emulator;
//  - hardening: hostile input, 10,000 property cases per invariant (test/unit/hardening/**, *.property.test.ts);
//  - e2e:       test/e2e/** — the bundled action (dist/) and CLI as a runner runs them, the dashboard
//               in a real browser;
//  - faults:    the fault scenarios (test/harness/): every fault at every step of a run, minutes long.
const HARDENING = ['test/unit/hardening/**/*.test.ts', 'test/**/*.property.test.ts'];
const FAULTS = 'test/e2e/fault-scenarios.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      // Threads, and one module graph per worker (no isolation): half the CPU of forks with a fresh
      // graph per file — no unit test needs a process or a module registry of its own.
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: HARDENING,
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'hardening', include: HARDENING } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], exclude: [FAULTS] } },
      { extends: true, test: { name: 'faults', include: [FAULTS] } },
    ],
  },
});
