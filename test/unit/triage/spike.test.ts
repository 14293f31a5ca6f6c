/** Spike math and the rolling volume histogram, with hand-computed answers (docs/triage.md). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spikesSchema } from '../../../src/triage/config.js';
import { baselineStats, detectSpike } from '../../../src/triage/spike.js';
import {
  findSpikes,
  periodStartOf,
  recordVolume,
  type VolumeEntry,
  type VolumeState,
} from '../../../src/triage/volume.js';

const config = spikesSchema.parse({});
const history = (): { volume: VolumeState } =>
  JSON.parse(
    readFileSync(new URL('../../fixtures/triage/state-with-history.json', import.meta.url), 'utf8'),
  ) as { volume: VolumeState };

describe('spike math', () => {
  it('low volume: μ = 1, σ ≈ 0.913, the Poisson floor √μ = 1 wins, the minimum 5 decides', () => {
    const baseline = [1, 0, 2, 1, 0, 1, 3, 1, 0, 2, 1, 0];
    const { mean, sigma } = baselineStats(baseline);
    expect(mean).toBe(1);
    expect(sigma).toBeCloseTo(Math.sqrt(10 / 12), 12); // 0.9129
    const nine = detectSpike(9, baseline, { sigmas: 3, minCount: 5 });
    expect(nine).toMatchObject({ spike: true, effectiveSigma: 1, threshold: 5 });
    expect(detectSpike(5, baseline, { sigmas: 3, minCount: 5 }).spike).toBe(true);
    expect(detectSpike(4, baseline, { sigmas: 3, minCount: 5 }).spike).toBe(false);
    // without the minimum, μ + 3·1 = 4 would be the threshold
    expect(detectSpike(4, baseline, { sigmas: 3, minCount: 1 })).toMatchObject({ spike: true, threshold: 4 });
  });

  it('steady volume: μ = 10, σ = √2.5 ≈ 1.58 < √10 ≈ 3.16, threshold 10 + 3√10 ≈ 19.49', () => {
    const baseline = [10, 12, 8, 11, 9, 10, 13, 7, 10, 11, 9, 10];
    const v = detectSpike(20, baseline, { sigmas: 3, minCount: 5 });
    expect(v.mean).toBe(10);
    expect(v.sigma).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(v.effectiveSigma).toBeCloseTo(Math.sqrt(10), 12);
    expect(v.threshold).toBeCloseTo(19.4868, 4);
    expect(v.spike).toBe(true);
    expect(detectSpike(19, baseline, { sigmas: 3, minCount: 5 }).spike).toBe(false);
  });

  it('a noisy baseline raises the bar: σ above the Poisson floor is used', () => {
    const baseline = [0, 20, 0, 20]; // μ = 10, σ = 10
    const v = detectSpike(35, baseline, { sigmas: 3, minCount: 5 });
    expect([v.mean, v.sigma, v.effectiveSigma, v.threshold, v.spike]).toEqual([10, 10, 10, 40, false]);
  });

  it('an empty baseline needs the minimum count', () => {
    expect(detectSpike(4, [0, 0, 0], { sigmas: 3, minCount: 5 }).spike).toBe(false);
    expect(detectSpike(5, [0, 0, 0], { sigmas: 3, minCount: 5 })).toMatchObject({
      spike: true,
      threshold: 5,
    });
  });
});

describe('the volume histogram', () => {
  const NOW = new Date('2026-11-20T10:40:00Z');
  const entry = (
    key: string,
    published: string,
    category: VolumeEntry['category'],
    queries = ['company'],
  ) => ({
    key,
    queries,
    published,
    category,
    ref: { key, title: `title ${key}`, url: `https://example.com/${key}` },
  });

  it('periods are aligned to UTC multiples of the period length', () => {
    expect(new Date(periodStartOf(NOW.getTime(), 3_600_000)).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(new Date(periodStartOf(NOW.getTime(), 15 * 60_000)).toISOString()).toBe(
      '2026-11-20T10:30:00.000Z',
    );
  });

  it('the recorded history has its spike in the current hour once seven more complaints arrive', () => {
    const state = history();
    // 2 complaints already counted in 10:00–11:00; nothing spikes yet
    expect(findSpikes(state.volume, NOW, config)).toEqual([]);
    const entries = Array.from({ length: 7 }, (_, i) =>
      entry(`fake:c${i}`, `2026-11-20T10:${String(5 + i * 5).padStart(2, '0')}:00Z`, 'complaint'),
    );
    const volume = recordVolume(
      state.volume,
      [...entries, entry('fake:p', '2026-11-20T10:06:00Z', 'compliment')],
      NOW,
      config,
    );
    expect(volume.queries.company?.['2026-11-20T10:00:00.000Z']).toMatchObject({ total: 10, complaint: 9 });
    const [spike, ...rest] = findSpikes(volume, NOW, config);
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({
      query: 'company',
      periodStart: '2026-11-20T10:00:00.000Z',
      periodEnd: '2026-11-20T11:00:00.000Z',
      count: 9,
      mean: 1,
      effectiveSigma: 1,
      threshold: 5,
    });
    // the mentions involved: the two counted earlier and the seven complaints, not the compliment
    expect(spike?.refs.map((r) => r.key)).toEqual([
      'fake:earlier-1',
      'fake:earlier-2',
      ...entries.map((e) => e.key),
    ]);
    // the input state was not changed
    expect(state.volume?.queries.company?.['2026-11-20T10:00:00.000Z']?.complaint).toBe(2);
  });

  it('a period is reported once, and a later period can spike again', () => {
    const state = history();
    const entries = Array.from({ length: 7 }, (_, i) =>
      entry(`fake:c${i}`, '2026-11-20T10:10:00Z', 'complaint'),
    );
    const volume = recordVolume(state.volume, entries, NOW, config);
    volume.reported.company = '2026-11-20T10:00:00.000Z';
    expect(findSpikes(volume, NOW, config)).toEqual([]);
    const later = new Date('2026-11-20T11:30:00Z');
    const more = Array.from({ length: 9 }, (_, i) =>
      entry(`fake:d${i}`, '2026-11-20T11:10:00Z', 'complaint'),
    );
    const next = recordVolume(volume, more, later, config);
    expect(findSpikes(next, later, config).map((s) => [s.periodStart, s.count])).toEqual([
      ['2026-11-20T11:00:00.000Z', 9],
    ]);
  });

  it('a spike late in the previous period is still caught in the next one', () => {
    const state = history();
    const entries = Array.from({ length: 8 }, (_, i) =>
      entry(`fake:c${i}`, '2026-11-20T10:55:00Z', 'complaint'),
    );
    const volume = recordVolume(state.volume, entries, NOW, config);
    const afterTheHour = new Date('2026-11-20T11:05:00Z');
    expect(findSpikes(volume, afterTheHour, config).map((s) => [s.periodStart, s.count])).toEqual([
      ['2026-11-20T10:00:00.000Z', 10],
    ]);
  });

  it('a fresh install judges nothing until a whole baseline has been observed', () => {
    const entries = Array.from({ length: 30 }, (_, i) => entry(`k${i}`, '2026-11-20T10:10:00Z', 'complaint'));
    const volume = recordVolume(undefined, entries, NOW, config);
    expect(volume.since).toBe(NOW.toISOString());
    expect(findSpikes(volume, NOW, config)).toEqual([]);
    // 22:00–23:00 has a baseline from 10:00, before counting began at 10:40: not judged
    const evening = new Date('2026-11-20T22:40:00Z');
    const burst = Array.from({ length: 9 }, (_, i) => entry(`e${i}`, '2026-11-20T22:30:00Z', 'complaint'));
    expect(findSpikes(recordVolume(volume, burst, evening, config), evening, config)).toEqual([]);
    // from 23:00 on the baseline (all zeros) was observed whole: 5 complaints are a spike
    const later = new Date('2026-11-21T00:10:00Z');
    const next = recordVolume(
      volume,
      Array.from({ length: 5 }, (_, i) => entry(`n${i}`, '2026-11-21T00:05:00Z', 'complaint')),
      later,
      config,
    );
    expect(findSpikes(next, later, config).map((s) => s.count)).toEqual([5]);
  });

  it('prunes periods outside the window, keeps references only for the two newest periods', () => {
    const state = history();
    const volume = recordVolume(
      state.volume,
      [entry('old', '2026-11-19T08:00:00Z', 'complaint'), entry('now', '2026-11-20T10:00:00Z', 'complaint')],
      new Date('2026-11-20T12:10:00Z'),
      config,
    );
    const periods = Object.keys(volume.queries.company ?? {}).sort();
    expect(periods[0]).toBe('2026-11-19T23:00:00.000Z'); // 12:00 − 13 periods
    expect(periods).not.toContain('2026-11-19T08:00:00.000Z');
    expect(volume.queries.company?.['2026-11-20T10:00:00.000Z']?.refs).toBeUndefined();
  });

  it('a changed period length starts the histogram over', () => {
    const state = history();
    const volume = recordVolume(state.volume, [], NOW, { ...config, periodMinutes: 30 });
    expect(volume).toMatchObject({ periodMinutes: 30, queries: {}, since: NOW.toISOString() });
  });

  it('metric "total" counts every mention', () => {
    const state = history();
    const total = { ...config, metric: 'total' as const };
    // baseline totals are complaints + 3: 4 3 5 4 3 4 6 4 3 5 4 3 → μ = 4, σ' = 2, threshold max(5, 10)
    const entries = Array.from({ length: 8 }, (_, i) =>
      entry(`fake:t${i}`, '2026-11-20T10:20:00Z', 'neutral'),
    );
    const [spike] = findSpikes(recordVolume(state.volume, entries, NOW, total), NOW, total);
    expect(spike).toMatchObject({ metric: 'total', count: 10, mean: 4, threshold: 10 });
  });
});
