import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../src/platforms/shared/feed/dates.js';

const iso = (s: string) => {
  const r = parseFeedDate(s);
  return r.ok ? r.iso : `error: ${r.reason}`;
};

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 06 May 2024 10:00:00 GMT', '2024-05-06T10:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 +0000', '2024-05-06T10:00:00.000Z'],
    ['Mon, 6 May 2024 10:00 EST', '2024-05-06T15:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 EDT', '2024-05-06T14:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 PDT', '2024-05-06T17:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 CEST', '2024-05-06T08:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 +05:30', '2024-05-06T04:30:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 UT', '2024-05-06T10:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 Z', '2024-05-06T10:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00', '2024-05-06T10:00:00.000Z'],
    ['Monday, 06 May 2024 10:00:00 GMT', '2024-05-06T10:00:00.000Z'],
    ['06 May 24 10:00:00 GMT', '2024-05-06T10:00:00.000Z'],
    ['06 May 99 10:00:00 GMT', '1999-05-06T10:00:00.000Z'],
    ['Mon,06 Sept 2024 10:00:00 GMT', '2024-09-06T10:00:00.000Z'],
    ['Tue, 10 June 2025 08:00:00 GMT+2', '2025-06-10T06:00:00.000Z'],
    ['Mon, 06 May 2024 10:00:00 (UTC)', '2024-05-06T10:00:00.000Z'],
    ['  Mon,  06  May  2024   10:00:00   GMT ', '2024-05-06T10:00:00.000Z'],
    ['Mon, 06 Mai 2024 10:00:00 +0200', '2024-05-06T08:00:00.000Z'],
    ['May 6, 2024 10:00 PM', '2024-05-06T22:00:00.000Z'],
    ['Mon May 06 2024 10:00:00 GMT', '2024-05-06T10:00:00.000Z'],
  ])('RFC 822 and relatives: %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ['2024-05-06T10:00:00Z', '2024-05-06T10:00:00.000Z'],
    ['2024-05-06T10:00:00.123456Z', '2024-05-06T10:00:00.123Z'],
    ['2024-05-06T10:00:00+02:00', '2024-05-06T08:00:00.000Z'],
    ['2024-05-06T10:00:00-0700', '2024-05-06T17:00:00.000Z'],
    ['2024-05-06T10:00+01', '2024-05-06T09:00:00.000Z'],
    ['2024-05-06 10:00:00', '2024-05-06T10:00:00.000Z'],
    ['2024-05-06', '2024-05-06T00:00:00.000Z'],
    ['20240506T10:00:00Z', '2024-05-06T10:00:00.000Z'],
    ['2015-04-01T19:05:24.552394234+00:00', '2015-04-01T19:05:24.552Z'],
    ['1715000000', '2024-05-06T12:53:20.000Z'],
  ])('ISO 8601 / RFC 3339 and timestamps: %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['yesterday', 'not a date format we know'],
    ['Foo 32 2024', 'not a date format we know'],
    ['2024-02-31T00:00:00Z', 'no such day'],
    ['2024-13-01T00:00:00Z', 'a field is out of range'],
    ['0001-01-01T00:00:00Z', 'absurd year 1'],
    ['3024-01-01T00:00:00Z', 'absurd year 3024'],
    ['Mon, 06 Foo 2024 10:00:00 GMT', 'unknown month "Foo"'],
    ['Mon, 06 May 2024 10:00:00 XYZT', 'unknown time zone "XYZT"'],
    ['2024-05-06T10:00:00+25:00', 'unknown time zone "+25:00"'],
  ])('refuses %j with a reason', (input, reason) => {
    expect(parseFeedDate(input)).toEqual({ ok: false, reason });
  });

  it('never throws, whatever the input', () => {
    for (const s of ['\u0000', 'x'.repeat(10_000), '9999999999999999999', '-', 'T', ':::', '2024-']) {
      expect(() => parseFeedDate(s)).not.toThrow();
    }
  });
});
