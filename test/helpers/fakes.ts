/** In-memory fakes for the ports (DESIGN convention 5): a tracker, a classifier and an adapter. */
import { z } from 'zod';
import type { Classification, Classifier } from '../../src/classify/types.js';
import { TrackerError } from '../../src/errors.js';
import type { RawItem } from '../../src/mentions/mention.js';
import { type SourceAdapter, type SourceBase, sourceBaseSchema } from '../../src/platforms/source.js';
import { parseMarker } from '../../src/record/marker.js';
import {
  emptyState,
  type IssueDraft,
  type LabelSpec,
  type LoadedState,
  type RecordIssue,
  type ScanRecord,
  type ScanState,
  StateConflictError,
} from '../../src/record/port.js';

export class MemoryTracker implements ScanRecord {
  readonly kind = 'local' as const;
  issues: RecordIssue[] = [];
  labels: LabelSpec[] = [];
  states = new Map<string, ScanState>();
  creates = 0;
  /** Throw on the Nth create call (1-based) — after writing it when `applied`. */
  failCreateAt?: { n: number; applied: boolean } | undefined;
  failListing = false;

  async ensureLabels(labels: readonly LabelSpec[]) {
    for (const l of labels) if (!this.labels.some((x) => x.name === l.name)) this.labels.push(l);
  }
  private listed(): RecordIssue[] {
    if (this.failListing) throw new TrackerError('listing failed (test)');
    return this.issues.map((i) => {
      const marker = parseMarker(i.body);
      return marker ? { ...i, key: marker.key, ids: [marker.key, ...(marker.ids ?? [])] } : i;
    });
  }
  async listIssues(_since: Date) {
    return this.listed();
  }
  async listCreatedSince(number: number) {
    return this.listed()
      .filter((i) => i.number > number)
      .reverse();
  }
  /** Keys of every issue (tests). */
  keys(): Set<string> {
    return new Set(
      this.listed()
        .map((i) => i.key)
        .filter((k): k is string => !!k),
    );
  }
  async create(draft: IssueDraft) {
    this.creates++;
    const fail = this.failCreateAt && this.failCreateAt.n === this.creates;
    if (fail && !this.failCreateAt!.applied) throw new TrackerError('create failed (test)', 502);
    const issue: RecordIssue = {
      number: this.issues.length + 1,
      key: draft.key,
      title: draft.title,
      body: draft.body,
      state: 'open',
      labels: draft.labels,
      ...(draft.milestone ? { milestone: draft.milestone.title } : {}),
      assignees: draft.assignees,
      createdAt: '2026-11-20T00:00:00Z',
      updatedAt: '2026-11-20T00:00:00Z',
      url: `memory://${this.issues.length + 1}`,
    };
    this.issues.push(issue);
    if (fail) throw new TrackerError('answer lost after the write (test)', 502);
    return issue;
  }
  saves = 0;
  private versions = new Map<string, number>();
  private loadedVersion = new Map<string, number>();
  async loadState(shard: string): Promise<LoadedState> {
    this.loadedVersion.set(shard, this.versions.get(shard) ?? 0);
    const saved = this.states.get(shard);
    return saved
      ? { state: structuredClone(saved), status: 'ok' }
      : { state: emptyState(), status: 'missing' };
  }
  async saveState(
    shard: string,
    state: ScanState,
    options: { exclusive?: boolean; merge?: (theirs: ScanState, ours: ScanState) => ScanState } = {},
  ) {
    const current = this.versions.get(shard) ?? 0;
    const changed = current !== this.loadedVersion.get(shard);
    if (options.exclusive && changed) throw new StateConflictError('changed');
    if (changed && options.merge)
      state = options.merge(structuredClone(this.states.get(shard) ?? emptyState()), state);
    this.saves++;
    this.versions.set(shard, current + 1);
    this.loadedVersion.set(shard, current + 1);
    this.states.set(shard, structuredClone(state));
  }
}

/** A keyword classifier: enough to exercise the pipeline without the model. */
export const keywordClassifier: Classifier = {
  name: 'keywords',
  async classify(texts) {
    return texts.map((t): Classification => {
      const s = t.toLowerCase();
      if (/terrible|broken|refund|worst|charged twice/.test(s))
        return { category: 'complaint', confidence: 0.9 };
      if (/love|great|thanks|amazing/.test(s)) return { category: 'compliment', confidence: 0.8 };
      if (/\?/.test(s)) return { category: 'question', confidence: 0.7 };
      return { category: 'neutral', confidence: 0.6 };
    });
  },
};

export const fakeSchema = sourceBaseSchema.extend({
  kind: z.literal('fake'),
  feed: z.string().describe('Name of the fake feed.'),
});
export type FakeSource = z.infer<typeof fakeSchema>;

/** A source adapter whose items and failures the test controls. */
export function fakeAdapter(
  feeds: Record<string, RawItem[] | Error>,
): SourceAdapter<FakeSource> & { calls: number } {
  const adapter = {
    kind: 'fake',
    title: 'Fake source',
    schema: fakeSchema,
    credentials: [],
    cursor: 'number of items',
    reach: 'reach field',
    replies: false,
    limits: 'none',
    calls: 0,
    parse: (): RawItem[] => [],
    async fetch(ctx: {
      source: FakeSource;
      cursor: { data?: Record<string, string | number | boolean> } | undefined;
    }) {
      adapter.calls++;
      const items = feeds[ctx.source.feed];
      if (items instanceof Error) throw items;
      return { items: items ?? [], cursor: { data: { items: (items ?? []).length } } };
    },
  };
  return adapter as unknown as SourceAdapter<FakeSource> & { calls: number };
}

export const asAdapters = (...a: SourceAdapter<SourceBase & { kind: string }>[]) =>
  a as unknown as readonly SourceAdapter[];
