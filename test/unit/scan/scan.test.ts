import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import type { RawItem } from '../../../src/mentions/mention.js';
import { emptyState } from '../../../src/record/state.js';
import { inShard, parseShard, runScan } from '../../../src/scan.js';
import { asAdapters, fakeAdapter, keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const item = (id: string, text: string, extra: Partial<RawItem> = {}): RawItem => ({
  id,
  url: `https://example.com/${id}`,
  text,
  author: `user${id}`,
  published: '2026-11-19T10:00:00Z',
  ...extra,
});

const configText = (max = 50) => `company:
  name: Acme
  aliases: [AcmeCloud]
budgets:
  maxNewIssues: ${max}
bootstrap:
  backfill: true
sources:
  - id: a
    kind: fake
    feed: a
  - id: b
    kind: fake
    feed: b
`;

function setup(feeds: Record<string, RawItem[] | Error>, max = 50) {
  const adapter = fakeAdapter(feeds);
  const tracker = new MemoryTracker();
  const logger = memoryLogger();
  const deps = {
    config: parseConfig(configText(max), 'test.yml', asAdapters(adapter)),
    adapters: asAdapters(adapter),
    tracker,
    http: createHttpClient(),
    classifier: keywordClassifier,
    env: {},
    now: () => NOW,
    logger,
  };
  return { adapter, tracker, logger, deps };
}

describe('runScan', () => {
  const feeds = {
    a: [
      item('1', 'AcmeCloud billing is terrible: charged twice, I want a refund'),
      item('2', 'Nothing to do with us'),
      item('3', 'I love Acme, thanks!'),
    ],
    b: [
      item('4', 'Does Acme support SSO?'),
      item('5', 'old news about Acme', { published: '2026-09-01T00:00:00Z' }),
    ],
  };

  it('files each matching, recent mention once, with category, priority, milestone and labels', async () => {
    const { tracker, deps } = setup(feeds);
    const result = await runScan(deps);
    expect(result.new).toBe(3);
    expect(result.sources.map((s) => [s.id, s.fetched, s.matched, s.new, s.error])).toEqual([
      ['a', 3, 2, 2, null],
      ['b', 2, 1, 1, null],
    ]);
    const [first] = tracker.issues;
    expect(first?.labels).toEqual(
      expect.arrayContaining(['earshot', 'complaint', 'source:fake', 'priority:high']),
    );
    expect(first?.milestone).toBe('2026-W47');
    expect(first?.title).toMatch(/^\[complaint\] user1 on /);
    expect(tracker.labels.map((l) => l.name)).toContain('earshot');
  });

  it('an own-presence source (reviews of our own app) files every item, named or not', async () => {
    const { tracker, deps } = setup(feeds);
    const own = { ...deps.adapters[0], ownPresence: true } as (typeof deps.adapters)[number];
    const result = await runScan({ ...deps, adapters: [own] });
    // "Nothing to do with us" is a review of our app: filed; the old one is outside the window.
    expect(result.sources.map((s) => [s.id, s.fetched, s.matched, s.new])).toEqual([
      ['a', 3, 3, 3],
      ['b', 2, 1, 1],
    ]);
    expect(tracker.issues.map((i) => i.body).join('\n')).toContain('Nothing to do with us');
  });

  it('a second run files nothing new, and a run that changed nothing writes no state', async () => {
    const { tracker, deps } = setup(feeds);
    await runScan(deps);
    expect(tracker.saves).toBe(2); // the filing lease, then the state with the lease released
    const second = await runScan(deps);
    expect(second.new).toBe(0);
    expect(second.sources.every((s) => s.new === 0 && s.matched > 0)).toBe(true);
    expect(tracker.issues).toHaveLength(3);
    expect(tracker.saves).toBe(2);
    expect((await tracker.loadState('default')).state.lease).toBeUndefined();
  });

  it('defers what the budget does not allow and files it on the next run — nothing lost', async () => {
    const { tracker, deps } = setup(feeds, 1);
    const first = await runScan(deps);
    expect([first.new, first.deferred]).toEqual([1, 2]);
    expect(tracker.issues[0]?.labels).toContain('priority:high'); // the most urgent goes first
    const second = await runScan(deps);
    expect([second.new, second.deferred]).toEqual([1, 1]);
    const third = await runScan(deps);
    expect([third.new, third.deferred]).toEqual([1, 0]);
    expect(new Set(tracker.issues.map((i) => i.key)).size).toBe(3);
  });

  it('a failing source is reported, the others go on, and its cursor does not move', async () => {
    const { tracker, deps } = setup({ ...feeds, a: new Error('feed answered 503') });
    const result = await runScan(deps);
    expect(result.sources[0]).toMatchObject({ id: 'a', error: 'feed answered 503', new: 0 });
    expect(result.sources[1]).toMatchObject({ id: 'b', error: null, new: 1 });
    const { state } = await tracker.loadState('default');
    expect(state.sources.a).toBeUndefined();
    expect(state.sources.b).toEqual({ data: { items: 2 } });
  });

  it('files nothing when the listing of existing issues fails (never blind)', async () => {
    const { tracker, deps } = setup(feeds);
    tracker.failListing = true;
    await expect(runScan(deps)).rejects.toThrow('listing failed');
    expect(tracker.creates).toBe(0);
  });

  it('a crash after an issue was written but before the state was saved heals on the next run', async () => {
    const { tracker, deps } = setup(feeds);
    tracker.failCreateAt = { n: 2, applied: true };
    const first = await runScan(deps);
    // the second create's answer was lost: the scan stops filing and keeps the rest pending
    expect(first.new).toBe(1);
    tracker.failCreateAt = undefined;
    await runScan(deps);
    const keys = tracker.issues.map((i) => i.key);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
  });

  it('dry run files nothing and saves no state', async () => {
    const { tracker, deps } = setup(feeds);
    const result = await runScan(deps, { dryRun: true });
    expect(result.new).toBe(3);
    expect(result.dryRun).toBe(true);
    expect(tracker.creates).toBe(0);
    expect(tracker.states.size).toBe(0);
  });

  it('a run that finds another run holding the filing lease waits for it, then keeps everything pending', async () => {
    const { tracker, deps } = setup(feeds);
    const until = new Date(NOW.getTime() + 10 * 60_000).toISOString();
    await tracker.saveState('default', { ...emptyState(), lease: { holder: 'other', until } });
    const waits: number[] = [];
    const result = await runScan(
      { ...deps, sleep: async (ms) => void waits.push(ms) },
      { runId: 'me', leaseWaitMs: 60_000, leasePollMs: 15_000 },
    );
    expect(result.skipped).toContain('another Earshot run (other)');
    expect(waits).toEqual([15_000, 15_000, 15_000, 15_000]); // 60 s of waiting, then it gives up
    expect(tracker.creates).toBe(0);
    expect(result.deferred).toBe(3);
    expect((await tracker.loadState('default')).state.pending).toHaveLength(3);
    // once the lease has expired, the next run files everything
    const later = await runScan(
      { ...deps, now: () => new Date(NOW.getTime() + 11 * 60_000) },
      { runId: 'me' },
    );
    expect(later.new).toBe(3);
  });

  it('shards split the sources stably', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, total: 8 });
    expect(() => parseShard('9/8')).toThrow(/2\/8/);
    const ids = Array.from({ length: 40 }, (_, i) => `source-${i}`);
    const owners = ids.map((id) => [1, 2, 3].filter((s) => inShard(id, { index: s, total: 3 })));
    expect(owners.every((o) => o.length === 1)).toBe(true);
    expect(new Set(owners.map((o) => o[0])).size).toBe(3);
  });
});
