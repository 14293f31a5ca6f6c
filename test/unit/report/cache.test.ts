import { describe, expect, it } from 'vitest';
import { emptyState } from '../../../src/record/port.js';
import {
  decodeFacts,
  emptyCache,
  encodeFacts,
  fingerprint,
  MAX_CACHED_ISSUES,
  packCache,
  readCache,
} from '../../../src/report/cache.js';

const record = {
  number: 7,
  title: 't',
  body: '',
  assignees: [],
  url: 'u',
  state: 'open' as const,
  labels: ['earshot', 'Complaint'],
  comments: 2,
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-21T10:00:00Z',
};

describe('the report cache', () => {
  it('survives packing into the state and reading back', () => {
    const facts = {
      firstResponseAt: '2026-11-20T11:30:00Z',
      firstResponseBy: 'comment' as const,
      followedUpAt: '2026-11-20T12:00:00Z',
      fixes: ['#4', 'acme/app#9'],
    };
    const cache = emptyCache();
    cache.issues['7'] = { ...encodeFacts(record, facts), w: '2026-11-21T10:00:01Z' };
    cache.fixes['#4'] = { s: 'closed', c: '2026-11-22T00:00:00Z' };
    const packed = packCache(cache);
    // updated_at as epoch seconds, the row hash, first response (s after filing), kind, no reply, follow-up …
    expect(packed.issues['7']).toEqual([
      Date.parse(record.updatedAt) / 1000,
      fingerprint(record),
      5400,
      'c',
      null,
      7200,
      null,
      ['#4', 'acme/app#9'],
      Date.parse('2026-11-21T10:00:01Z') / 1000,
    ]);
    const back = readCache({ ...emptyState(), report: JSON.parse(JSON.stringify(packed)) });
    expect(back).toEqual(cache);
    expect(decodeFacts(record, back.issues['7']!)).toEqual(facts);
  });

  it('the row hash ignores label case and order but not comments or state', () => {
    const h = fingerprint(record);
    expect(fingerprint({ ...record, labels: ['complaint', 'EARSHOT'] })).toBe(h);
    expect(fingerprint({ ...record, comments: 3 })).not.toBe(h);
    expect(fingerprint({ ...record, state: 'closed' })).not.toBe(h);
  });

  it('keeps the newest issues when there are too many, and ignores a damaged or old cache', () => {
    const cache = emptyCache();
    for (let n = 1; n <= MAX_CACHED_ISSUES + 5; n++) cache.issues[n] = { u: record.updatedAt, f: 'x' };
    const packed = packCache(cache);
    expect(Object.keys(packed.issues)).toHaveLength(MAX_CACHED_ISSUES);
    expect(packed.issues['1']).toBeUndefined();
    expect(packed.issues[String(MAX_CACHED_ISSUES + 5)]).toEqual([Date.parse(record.updatedAt) / 1000, 'x']);
    expect(readCache({ ...emptyState(), report: { v: 1, issues: {} } })).toEqual(emptyCache());
    expect(readCache({ ...emptyState(), report: 'junk' })).toEqual(emptyCache());
  });
});
