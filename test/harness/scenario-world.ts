/**
 * The world a fault scenario runs in (test/harness/fault-scenarios.ts): a seeded random source, one
 * clock shared by the scans and the GitHub emulator, the feeds and the *stories* behind them, and
 * what people and accidents do to the record between runs.
 *
 * A story is one mention identity as the harness built it, independently of how Earshot keys it:
 * an item, the copies of its URL in other sources' feeds (cross-posts), and the same item
 * republished with a new URL (a link edit). The invariant is counted per story.
 */

import type { Logger } from '../../src/logger.js';
import type { RawItem } from '../../src/mentions/mention.js';
import { normalize } from '../../src/mentions/normalize.js';
import { decodeState, encodeState, type ScanState } from '../../src/record/state.js';
import type { Emulator } from '../github-emulator/index.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The scenario's clock: real time plus an offset that jumps (the next cron, 31 minutes later, past
 * any lease a crashed run left). The emulator is started on the same clock, so `created_at` and
 * the scans' listing times agree as a runner's clock and GitHub's do.
 */
export class ScenarioClock {
  offset = 0;
  readonly now = (): Date => new Date(Date.now() + this.offset);
  jump(ms: number): void {
    this.offset += ms;
  }
  /** A time of this clock as real epoch ms (Octokit's rate-limit waits read Date.now()). */
  toReal(epochMs: number): number {
    return epochMs - this.offset;
  }
}

/**
 * The harness's sources: with these ids every shard of 2, 3 and 4 gets at least one source
 * (src/scan.ts inShard: forum 1/3/3, news 2/1/2, wiki 1/1/1, store 2/2/4, video 1/2/3).
 */
export const SOURCES = ['forum', 'news', 'wiki', 'store', 'video'] as const;
export type SourceId = (typeof SOURCES)[number];

/**
 * How the fake source names its items: `api` like an API source whose URL is the item's permalink
 * (key `fake:<id>`, also known as `url:<canonical url>`), `feed` like a feed (key `url:<canonical
 * url>`, also known as `guid:<source id>:<id>`, so a link edit keeps the mention).
 */
export type AdapterMode = 'api' | 'feed';
export const adapterFlags = (mode: AdapterMode) =>
  mode === 'api' ? { urlNamesItem: true } : { keyByUrl: true, urlNamesItem: true };

export interface Story {
  n: number;
  matched: boolean;
  /** Its text carries a token GitHub refuses (422) every time: it must end set aside. */
  refused: boolean;
  /** Sources it was published in. */
  sources: Set<SourceId>;
  late: boolean;
  linkEdits: number;
}

const PHRASES = [
  'AcmeCloud charged me twice, terrible',
  'I love Acme, thanks team',
  'Does Acme support SAML?',
  'Acme released a new version',
  'the weather is nice today',
  'unrelated chatter about cooking',
];

/** The feeds and the stories behind their items. */
export class World {
  readonly feeds: Record<string, RawItem[]> = Object.fromEntries(SOURCES.map((s) => [s, []]));
  readonly stories: Story[] = [];
  /** Every id any published variant of a story had (computed as the scan computes them). */
  private readonly idToStory = new Map<string, number>();
  private serial = 0;
  /** Where each story's items sit (source, index in that feed). */
  private readonly placed = new Map<number, { source: SourceId; item: RawItem }[]>();

  constructor(
    private readonly seed: number,
    private readonly random: () => number,
    private readonly mode: AdapterMode,
    private readonly now: () => Date,
    private readonly lookbackDays: number,
  ) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  /** Registers a variant's ids (as src/mentions/normalize.ts computes them) for its story. */
  private register(story: Story, source: SourceId, item: RawItem): void {
    const ids = normalize(item, {
      sourceId: source,
      sourceKind: 'fake',
      fetched: this.now(),
      preferUrl: this.mode === 'feed',
      urlNamesItem: true,
    }).ids;
    for (const id of ids) {
      const other = this.idToStory.get(id);
      if (other !== undefined && other !== story.n)
        throw new Error(`harness bug: id ${id} names stories ${other} and ${story.n}`);
      this.idToStory.set(id, story.n);
    }
    const places = this.placed.get(story.n) ?? [];
    places.push({ source, item });
    this.placed.set(story.n, places);
    story.sources.add(source);
    this.feeds[source]!.push(item);
  }

  /** The story an issue's marker ids name (undefined: none). Throws when they name two. */
  storyOf(ids: readonly string[]): number | undefined {
    const found = new Set<number>();
    for (const id of ids) {
      const n = this.idToStory.get(id);
      if (n !== undefined) found.add(n);
    }
    if (found.size > 1) return -1; // one issue for two stories: counted as a phantom
    return [...found][0];
  }

  private newest(): number {
    let newest = 0;
    for (const items of Object.values(this.feeds))
      for (const i of items) newest = Math.max(newest, Date.parse(i.published ?? '') || 0);
    return newest || this.now().getTime();
  }

  /**
   * New items: `n` stories, some cross-posted at once to a second source (the same URL, another
   * item id, another tracking parameter), some late (dated days before the newest item, inside the
   * look-back window), at most one refused.
   */
  grow(o: { refuse?: boolean; crossPost: number; late: number }): { crossPosted: number; late: number } {
    const n = 1 + Math.floor(this.random() * 8);
    let crossPosted = 0;
    let late = 0;
    for (let i = 0; i < n; i++) {
      this.serial++;
      const refused = o.refuse === true && i === 0;
      const text = refused
        ? `Acme refuseme${this.seed}x${this.serial} is too much for GitHub`
        : `${this.pick(PHRASES)} #${this.serial}`;
      const isLate = this.random() < o.late;
      const now = this.now().getTime();
      const published = isLate
        ? Math.max(
            this.newest() - (2 + this.random() * 4) * 86_400_000,
            now - (this.lookbackDays - 2) * 86_400_000,
          )
        : now - Math.floor(this.random() * 5 * 86_400_000);
      const story: Story = {
        n: this.stories.length,
        matched: /acme/i.test(text),
        refused,
        sources: new Set(),
        late: isLate,
        linkEdits: 0,
      };
      this.stories.push(story);
      if (isLate) late++;
      const url = `https://example.com/${this.seed}/${this.serial}`;
      const item: RawItem = {
        id: `item-${this.seed}-${this.serial}`,
        url: `${url}?utm_source=x`,
        text,
        author: `person${this.serial}`,
        published: new Date(published).toISOString(),
      };
      const source = this.pick(SOURCES);
      this.register(story, source, item);
      if (!refused && this.random() < o.crossPost) {
        const other = this.pick(SOURCES.filter((s) => s !== source));
        this.register(story, other, {
          ...item,
          id: `copy-${this.seed}-${this.serial}`,
          url: `${url}?utm_source=${other}&utm_medium=social`,
        });
        crossPosted++;
      }
    }
    return { crossPosted, late };
  }

  /** A story published earlier shows up in another source too (a later cross-post). */
  crossPostLater(): boolean {
    const candidates = this.stories.filter((s) => s.sources.size === 1 && s.linkEdits === 0 && !s.refused);
    if (candidates.length === 0) return false;
    const story = this.pick(candidates);
    const { source, item } = this.placed.get(story.n)![0]!;
    const other = this.pick(SOURCES.filter((s) => s !== source));
    this.serial++;
    this.register(story, other, {
      ...item,
      id: `later-${this.seed}-${this.serial}`,
      url: `${item.url!.split('?')[0]}?utm_campaign=${other}`,
    });
    return true;
  }

  /**
   * A link edit: the same item (same id, same guid) republished with a new URL in its feed. Only
   * for stories in one source, unless `crossPosted`: then one copy of a story found in two sources
   * moves (that copy and its old URL stay one mention through its guid, and through the URL with
   * the other copy).
   */
  editLink(o: { crossPosted?: boolean } = {}): boolean {
    const candidates = this.stories.filter((s) =>
      o.crossPosted ? s.sources.size > 1 : s.sources.size === 1,
    );
    if (candidates.length === 0) return false;
    const story = this.pick(candidates);
    const places = this.placed.get(story.n)!;
    const place = places.length === 1 ? places[0]! : this.pick(places);
    const { source, item } = place;
    story.linkEdits++;
    const edited: RawItem = {
      ...item,
      url: `https://example.com/${this.seed}/moved/${story.n}/v${story.linkEdits}`,
    };
    const feed = this.feeds[source]!;
    feed.splice(feed.indexOf(item), 1);
    this.placed.set(
      story.n,
      places.filter((p) => p !== place),
    );
    if (!places.some((p) => p !== place && p.source === source)) story.sources.delete(source);
    this.register(story, source, edited);
    return true;
  }
}

/** A logger that counts what the runs said (and keeps nothing else). */
export function countingLogger(counts: Record<string, number>, patterns: Record<string, RegExp>): Logger {
  const see = (m: string) => {
    for (const [name, re] of Object.entries(patterns)) if (re.test(m)) counts[name] = (counts[name] ?? 0) + 1;
  };
  return { debug: see, info: see, warn: see, error: see };
}

// ---- the record as people and accidents change it ---------------------------------------------

const STATE_BRANCH = 'earshot-state';
const STATE_PATH = 'state/default.json';

/** The state document at the head of the state branch (read from the emulator's store). */
export function stateFile(emulator: Emulator): { sha: string; content: string } | undefined {
  const [owner, name] = emulator.repo.split('/') as [string, string];
  const file = emulator.store.repo(owner, name).head(STATE_BRANCH)?.files.get(STATE_PATH);
  return file ? { sha: file.sha, content: file.content.toString('utf8') } : undefined;
}

export function readState(emulator: Emulator): ScanState | undefined {
  const file = stateFile(emulator);
  if (!file) return undefined;
  try {
    return decodeState(file.content);
  } catch {
    return undefined;
  }
}

const MAINTAINER = 'maintainer';

/** Writes the state document as a person would through the contents API (not counted, no faults). */
export function writeStateText(emulator: Emulator, text: string): void {
  const file = stateFile(emulator);
  emulator.person(MAINTAINER, 'maintain');
  const r = emulator.as(MAINTAINER, 'PUT', `/repos/${emulator.repo}/contents/${STATE_PATH}`, {
    message: 'a person (or a crash) wrote this',
    content: Buffer.from(text, 'utf8').toString('base64'),
    branch: STATE_BRANCH,
    ...(file ? { sha: file.sha } : {}),
  });
  if (r.status >= 300) throw new Error(`harness: writing the state answered ${r.status}`);
}

/** Pads the state past 1 MB: 88,000 ids (1.06 MB) remembered for a source this scenario does not have. */
export function padState(emulator: Emulator): boolean {
  const state = readState(emulator);
  if (!state) return false;
  state.recent['old-archive'] = Array.from({ length: 88_000 }, (_, i) => `h${String(i).padStart(11, '0')}`);
  writeStateText(emulator, encodeState(state));
  return true;
}

/** Cuts the state document short (a crash mid-write, a bad manual edit). */
export function truncateState(emulator: Emulator, random: () => number): boolean {
  const file = stateFile(emulator);
  if (!file || file.content.length < 10) return false;
  writeStateText(emulator, file.content.slice(0, 1 + Math.floor(random() * (file.content.length - 2))));
  return true;
}

export function deleteStateBranch(emulator: Emulator): boolean {
  const [owner, name] = emulator.repo.split('/') as [string, string];
  if (!emulator.store.repo(owner, name).branches.has(STATE_BRANCH)) return false;
  emulator.person(MAINTAINER, 'maintain');
  const r = emulator.as(MAINTAINER, 'DELETE', `/repos/${emulator.repo}/git/refs/heads/${STATE_BRANCH}`);
  if (r.status >= 300) throw new Error(`harness: deleting the state branch answered ${r.status}`);
  return true;
}

export const STATE_INLINE_LIMIT = 1_048_576;
