/** The lease survives merges and quiet runs: only its holder releases it, no merge takes it. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { silentLogger } from '../../../src/logger.js';
import { emptyState, mergeStates } from '../../../src/record/state.js';
import { runScan } from '../../../src/scan.js';
import { asAdapters, fakeAdapter, keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';

const soon = (min: number) => new Date(Date.now() + min * 60_000).toISOString();

describe('the filing lease', () => {
  it('a merge keeps the lease another run wrote, over a stale one of our own (a re-run of a crashed run)', () => {
    const me = { holder: 'run:7:shard-2-of-3', shard: 'shard-2-of-3' };
    const theirs = { ...emptyState(), lease: { holder: 'run:7:shard-3-of-3', until: soon(10) } };
    const ours = { ...emptyState(), lease: { holder: 'run:7:shard-2-of-3', until: soon(5) } };
    expect(mergeStates(theirs, ours, me).lease?.holder).toBe('run:7:shard-3-of-3');
    // our own live lease stands when theirs is ours or absent
    expect(mergeStates(emptyState(), ours, me).lease?.holder).toBe('run:7:shard-2-of-3');
    // a released lease (ours undefined) does not bring back our own old one
    expect(mergeStates(ours, { ...emptyState() }, me).lease).toBeUndefined();
  });

  it("a run with nothing to file leaves another shard's live lease alone", async () => {
    const adapters = asAdapters(fakeAdapter({ feed: [] }));
    const tracker = new MemoryTracker();
    const lease = { holder: 'run:2:shard-1-of-2', until: soon(10), runId: '2' };
    await tracker.saveState('default', { ...emptyState(), lease });
    const config = parseConfig(
      'company:\n  name: Acme\nsources:\n  - id: feed\n    kind: fake\n    feed: feed\n',
      'x.yml',
      adapters,
    );
    await runScan(
      {
        config,
        adapters,
        tracker,
        http: createHttpClient(),
        classifier: keywordClassifier,
        env: {},
        now: () => new Date(),
        logger: silentLogger,
      },
      { runId: '2', shard: '2/2' },
    );
    expect((await tracker.loadState('default')).state.lease).toEqual(lease);
  });
});
