/**
 * Config sections owned by triage: spike detection (`spikes`) and the quiet first run
 * (`bootstrap`). Plugged into the config schema in src/config/schema.ts; documented in
 * docs/triage.md.
 */
import * as z from 'zod';

const login = z.string().regex(/^[A-Za-z0-9-]+$/, 'a GitHub login without @');

export const spikesSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Watch mention volume per query for spikes.'),
    periodMinutes: z
      .number()
      .int()
      .min(5)
      .max(1440)
      .default(60)
      .describe('Length of one period (the "last hour"): volume is counted per period, aligned to UTC.'),
    baselinePeriods: z
      .number()
      .int()
      .min(3)
      .max(168)
      .default(12)
      .describe('How many periods before the one checked make the baseline (the "previous twelve").'),
    sigmas: z
      .number()
      .min(0)
      .max(10)
      .default(3)
      .describe('k in "spike when count ≥ mean + k·σ" (σ is at least √mean, the Poisson noise).'),
    minCount: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('A period needs at least this many mentions to be a spike, whatever the baseline.'),
    metric: z
      .enum(['complaint', 'total'])
      .default('complaint')
      .describe('What is counted: complaints only (a crisis) or every mention (any surge).'),
    assignees: z.array(login).default([]).describe('Assigned to the crisis issue.'),
    labels: z.array(z.string().min(1)).default([]).describe('Extra labels on the crisis issue.'),
  })
  .default({
    enabled: true,
    periodMinutes: 60,
    baselinePeriods: 12,
    sigmas: 3,
    minCount: 5,
    metric: 'complaint',
    assignees: [],
    labels: [],
  })
  .describe('Spike (crisis) detection: volume per period against a rolling baseline, per query.');

export const bootstrapSchema = z
  .object({
    backfill: z
      .boolean()
      .default(false)
      .describe(
        "true: a source's first run files everything it finds (within the write budget, the rest " +
          'next run); false: it records what is already out there and files one summary issue instead.',
      ),
    recentHours: z
      .number()
      .min(0)
      .max(24 * 90)
      .default(0)
      .describe('A quiet first run still files mentions published within this many hours before it.'),
  })
  .default({ backfill: false, recentHours: 0 })
  .describe("A source's first run: quiet (record, summarize) or backfill (file).");

export type SpikesConfig = z.infer<typeof spikesSchema>;
export type BootstrapConfig = z.infer<typeof bootstrapSchema>;
