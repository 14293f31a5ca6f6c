import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isIdempotent,
  parseResetTime,
  parseRetryAfter,
  sleep,
} from '../../../src/http/retry.js';

describe('parseResetTime (x-rate-limit-reset: Unix seconds)', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  it('is the wait until the reset; a past reset is 0; anything else undefined', () => {
    expect(parseResetTime(String(now / 1000 + 840), now)).toBe(840_000);
    expect(parseResetTime(String(now / 1000 - 5), now)).toBe(0);
    for (const v of [undefined, '', 'soon', '1.5', '-3', 'Mon, 10 Mar 2025 12:00:30 GMT'])
      expect(parseResetTime(v, now), String(v)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to the clock; a past date is 0', () => {
    expect(parseRetryAfter('Mon, 10 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 10 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores anything else', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('2025', now)).toBe(2_025_000); // digits are seconds, not a year
  });
});

describe('backoffDelay', () => {
  const options = { baseMs: 500, maxMs: 8_000 };

  it('doubles per retry, between half and all of the nominal delay', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(250);
    expect(backoffDelay(1, options, () => 0.999999)).toBe(500);
    expect(backoffDelay(2, options, () => 0)).toBe(500);
    expect(backoffDelay(3, options, () => 0.5)).toBe(1500);
  });

  it('is capped', () => {
    expect(backoffDelay(20, options, () => 1)).toBe(8_000);
    expect(backoffDelay(20, options, () => 0)).toBe(4_000);
  });

  it('spreads clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(1000);
  });
});

describe('isIdempotent', () => {
  it('retries only methods that may be repeated', () => {
    expect(['GET', 'PUT', 'DELETE', 'HEAD'].every(isIdempotent)).toBe(true);
    expect(isIdempotent('POST')).toBe(false);
    expect(isIdempotent('PATCH')).toBe(false);
  });
});

describe('sleep', () => {
  it('is interrupted by an abort signal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
