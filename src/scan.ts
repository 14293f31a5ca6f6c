/**
 * runScan(): sources → normalize → match → dedupe → classify → triage → tracker (DESIGN §1).
 * Plain TypeScript: every side effect (tracker, http, clock, logger, env) comes in as a port.
 *
 * Never a duplicate: the tracker's listing of Earshot issues (and the state's recent keys) is read
 * before anything is filed; if it cannot be read, nothing is filed. Never lost: a mention is only
 * remembered after its issue exists; what the budget defers is kept in the state and filed first
 * next run; a failed source keeps its old cursor.
 */
import { createHash, randomUUID } from 'node:crypto';
import { classifierInput } from './classify/text.js';
import type { Classification, Classifier } from './classify/types.js';
import type { EarshotConfig, SourceConfig } from './config/schema.js';
import { errorMessage, SourceError } from './errors.js';
import { HTTP_DEFAULTS } from './http/client.js';
import { inOrder } from './http/in-order.js';
import type { HttpClient } from './http/types.js';
import { allLabels } from './issue/labels.js';
import { renderIssue } from './issue/render.js';
import type { Logger } from './logger.js';
import { compileQuery, foldText } from './mentions/match.js';
import type { Mention } from './mentions/mention.js';
import { normalize } from './mentions/normalize.js';
import { matchInput } from './mentions/readable-text.js';
import type { FetchResult, SourceAdapter, SourceContext, SourceCursor } from './platforms/source.js';
import { absorbKnown, fileDrafts, merger } from './record/filing.js';
import { KnownIds } from './record/known.js';
import { LEASE_MS, leaseHolder } from './record/lease.js';
import { openRecordInStages, SCAN_STATE } from './record/open.js';
import type { ScanRecord } from './record/port.js';
import {
  dayOf,
  type IssueDraft,
  pruneIndex,
  type RefusedDraft,
  recordIds,
  type ScanState,
} from './record/state.js';
import { credentialValues, scrubItem, scrubSecrets } from './secrets.js';
import { milestoneFor } from './triage/milestone.js';
import { prioritize } from './triage/priority.js';
import { route } from './triage/routing.js';
import { type TriageReport, TriageRun, triageLabels } from './triage/run.js';

/** Sources fetched at once when the config does not say (budgets.concurrentSources). */
export const DEFAULT_CONCURRENT_SOURCES = 8;

export interface ScanDeps {
  config: EarshotConfig;
  adapters: readonly SourceAdapter[];
  tracker: ScanRecord;
  http: HttpClient;
  classifier: Classifier;
  /** Where credentials are read from (the env var names come from the config). */
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  logger: Logger;
  /** Waiting for another run's filing lease (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ScanOptions {
  dryRun?: boolean;
  /** Overrides config.budgets.maxNewIssues (the action's `max-new-issues` input). */
  maxNewIssues?: number;
  /** `2/8`: this job handles the 2nd of 8 shards of the sources (a GitHub Actions matrix). */
  shard?: string;
  /** Only these source ids. */
  only?: readonly string[];
  /**
   * The workflow run (the action passes GITHUB_RUN_ID): the lease holder is this run and shard, so a
   * re-run of a crashed run takes over at once. Default: a random id.
   */
  runId?: string;
  /** How long the filing lease lasts (default 10 minutes, renewed while filing). */
  leaseMs?: number;
  /** How long to wait for another run's live lease (default: one lease). */
  leaseWaitMs?: number;
  /** How often a waiting run looks at the lease again (default 15 s). */
  leasePollMs?: number;
}

export interface SourceReport {
  id: string;
  kind: string;
  fetched: number;
  matched: number;
  new: number;
  error: string | null;
  ms: number;
}

export interface FiledMention {
  key: string;
  title: string;
  number?: number;
  url?: string;
  labels: string[];
}

export interface ScanResult {
  /** Set when another run held the filing lease throughout: this run filed nothing, kept all pending. */
  skipped?: string;
  /** Drafts GitHub refused even in minimal form, set aside: this run's and earlier runs' (the state keeps them). */
  refused?: RefusedDraft[];
  /** How the record was found: `missing` or `damaged` states are rebuilt from the issues. */
  record?: { state: 'ok' | 'missing' | 'damaged'; listed: number };
  new: number;
  deferred: number;
  dryRun: boolean;
  sources: SourceReport[];
  filed: FiledMention[];
  /** Priorities filed, first-run skips, spikes and alert deliveries (src/triage/run.ts). */
  triage?: TriageReport;
  /** How the classifier did, when it has something to say (the LLM classifier: requests, fallbacks). */
  classifier?: string;
}

export function parseShard(shard: string | undefined): { index: number; total: number } | undefined {
  if (!shard) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(shard.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) {
    throw new Error(`shard must look like "2/8" (this job's number / how many), got "${shard}"`);
  }
  return { index, total };
}

/** Sources are assigned to shards by a hash of their id, so adding one source moves no other. */
export function inShard(sourceId: string, shard: { index: number; total: number } | undefined): boolean {
  if (!shard || shard.total === 1) return true;
  const h = createHash('sha256').update(sourceId).digest().readUInt32BE(0);
  return h % shard.total === shard.index - 1;
}

export function searchTermsOf(config: EarshotConfig): string[] {
  const c = config.company;
  const terms = [
    c.name,
    ...c.aliases,
    ...c.products,
    ...c.people,
    ...c.handles.map((h) => h.replace(/^@/, '')),
  ];
  for (const q of config.queries) terms.push(...compileQuery(q.query).terms());
  return [...new Set(terms.map((t) => t.trim()).filter(Boolean))];
}

function quoted(term: string): string {
  return `"${term.replace(/"/g, '')}"`;
}

export interface CompiledQueries {
  /** Ids of the queries matching a text (empty: no match). */
  match(text: string, only?: readonly string[]): string[];
  /** Ids of every query (of `only`, when given): what an item of an own-presence source counts for. */
  all(only?: readonly string[]): string[];
}

export function compileQueries(config: EarshotConfig): CompiledQueries {
  const c = config.company;
  const aliases = { [c.name]: [...c.aliases] };
  const defaultQuery = [c.name, ...c.aliases, ...c.products, ...c.people, ...c.handles]
    .map(quoted)
    .join(' OR ');
  const queries =
    config.queries.length > 0
      ? config.queries.map((q) => ({ id: q.id, q: compileQuery(q.query, { aliases, exclude: q.exclude }) }))
      : [{ id: 'company', q: compileQuery(defaultQuery, { aliases }) }];
  return {
    match(text, only) {
      const folded = foldText(text); // fold once, test every query
      return queries
        .filter((x) => (!only || only.includes(x.id)) && x.q.matchesFolded(folded))
        .map((x) => x.id);
    },
    all(only) {
      return queries.filter((x) => !only || only.includes(x.id)).map((x) => x.id);
    },
  };
}

export async function runScan(deps: ScanDeps, options: ScanOptions = {}): Promise<ScanResult> {
  const { config, tracker, logger } = deps;
  const dryRun = options.dryRun ?? false;
  const now = deps.now();
  const shard = parseShard(options.shard);
  const shardName = shard && shard.total > 1 ? `shard-${shard.index}-of-${shard.total}` : 'default';
  const budget = options.maxNewIssues ?? config.budgets.maxNewIssues;
  const lookbackStart = new Date(now.getTime() - config.lookbackDays * 86_400_000);
  const holder = leaseHolder(options.runId ?? randomUUID(), shardName);
  const me = { holder, shard: shardName };

  // The record: the state and what was filed since it was written. Throws → the run files nothing.
  // Sources are fetched once the state (their cursors) is read, while the listing is still read;
  // what they return is used once the whole record is in.
  const opening = openRecordInStages(tracker, { now, lookbackStart, logger });
  opening.record.catch(() => {}); // awaited below; a failure before that is not unhandled
  let state = await opening.state;

  const sources = config.sources.filter(
    (s) => s.enabled && inShard(s.id, shard) && (!options.only || options.only.includes(s.id)),
  );
  const labels = [
    ...allLabels(
      sources.map((s) => s.kind),
      config.labels.extra,
    ),
    ...triageLabels(config),
  ];
  let known!: KnownIds;
  let stateBefore = '';
  const recordReady = (async () => {
    const record = await opening.record;
    known = record.known;
    stateBefore = comparable(state);
    const ensured = new Set(state.labels ?? []);
    if (!dryRun && labels.some((l) => !ensured.has(l.name))) {
      await tracker.ensureLabels(labels);
      state.labels = [...new Set([...ensured, ...labels.map((l) => l.name)])];
    }
    return record;
  })();
  recordReady.catch(() => {}); // awaited before the first result is used and after the fetches

  const queries = compileQueries(config);
  const searchTerms = searchTermsOf(config);
  const byKind = new Map(deps.adapters.map((a) => [a.kind, a]));
  // Credential values are scrubbed from everything a source hands back (src/secrets.ts).
  const secrets = credentialValues(config.sources, deps.env);
  const reports: SourceReport[] = [];
  const candidates: { mention: Mention; queries: string[]; source: SourceConfig }[] = [];
  const newCursors: Record<string, SourceCursor> = {};
  // Mentions already queued (pending drafts) or found earlier in this run are not drafted again.
  const seenThisRun = KnownIds.of();
  for (const d of state.pending) seenThisRun.add(d.ids ?? [d.key]);
  const cap = config.budgets.maxItemsPerSource;

  // Sources are fetched concurrently (budgets.concurrentSources at once; the HTTP client keeps its
  // per-host limit) and their results used in config order, so nothing depends on who answers first.
  type Fetched = { result?: FetchResult; error?: unknown; ms: number };
  const fetchOne = async (source: SourceConfig, i: number): Promise<Fetched> => {
    const started = Date.now();
    logger.info(`[${i + 1}/${sources.length}] ${source.id} (${source.kind}) …`);
    try {
      const adapter = byKind.get(source.kind);
      if (!adapter) throw new SourceError(`no adapter for kind "${source.kind}"`, source.id);
      const ctx: SourceContext = {
        source,
        http: deps.http,
        cursor: state.sources[source.id],
        credential: (name) => {
          const envName = source.credentials?.[name];
          return envName ? deps.env[envName] || undefined : undefined;
        },
        searchTerms,
        now,
        lookbackDays: config.lookbackDays,
        logger,
      };
      const result = await adapter.fetch(ctx);
      return { result, ms: Date.now() - started };
    } catch (error) {
      return { error, ms: Date.now() - started };
    }
  };
  const useOne = (fetched: Fetched, source: SourceConfig): void => {
    const began = Date.now();
    const report: SourceReport = {
      id: source.id,
      kind: source.kind,
      fetched: 0,
      matched: 0,
      new: 0,
      error: null,
      ms: 0,
    };
    reports.push(report);
    try {
      if (!fetched.result) throw fetched.error;
      const result = fetched.result;
      const adapter = byKind.get(source.kind) as SourceAdapter;
      for (const w of result.warnings ?? []) logger.warn(`${source.id}: ${scrubSecrets(w, secrets)}`);
      report.fetched = result.items.length;
      // Oldest first: when the cap stops this source, the next run goes on where it stopped.
      const mentions = result.items
        .map((item) =>
          normalize(scrubItem(item, secrets), {
            sourceId: source.id,
            sourceKind: source.kind,
            fetched: now,
            preferUrl: adapter.keyByUrl ?? false,
            urlNamesItem: adapter.urlNamesItem ?? false,
          }),
        )
        .sort((a, b) => a.published.localeCompare(b.published));
      let capped = 0;
      for (const mention of mentions) {
        if (!mention.publishedEstimated && new Date(mention.published) < lookbackStart) continue;
        // Reviews of the company's own app or business are about it whether they name it or not.
        const matched = adapter.ownPresence
          ? queries.all(source.queries)
          : queries.match(matchInput(mention, config.match), source.queries);
        if (matched.length === 0) continue;
        report.matched++;
        const ids = mention.ids;
        if (known.hasAny(ids)) {
          // A copy of a recorded mention (the same URL in another source, a new link for the same
          // guid): its other ids join the record, so a later change of either is still the same.
          const unseen = known.missing(ids);
          if (unseen.length > 0) {
            recordIds(state, unseen, dayOf(now), source.id);
            known.add(unseen);
          }
          continue;
        }
        if (seenThisRun.hasAny(ids)) {
          // A copy found earlier in this run: one mention, known by the ids of both.
          const first = candidates.find((c) => c.mention.ids.some((id) => ids.includes(id)));
          if (first) first.mention.ids = [...new Set([...first.mention.ids, ...ids])];
          const queued = first
            ? undefined
            : state.pending.find((d) => (d.ids ?? [d.key]).some((id) => ids.includes(id)));
          if (queued) queued.ids = [...new Set([...(queued.ids ?? [queued.key]), ...ids])];
          seenThisRun.add(ids);
          continue;
        }
        if (report.new >= cap) {
          capped++;
          continue;
        }
        seenThisRun.add(ids);
        report.new++;
        candidates.push({ mention, queries: matched, source });
      }
      if (capped > 0) {
        // The cursor stays: the next run reads these again and takes the next share.
        logger.warn(
          `${source.id}: ${capped} new mention(s) past budgets.maxItemsPerSource (${cap}) are left for the next run (its cursor stays where it was)`,
        );
      } else {
        newCursors[source.id] = result.cursor;
      }
    } catch (error) {
      report.error = scrubSecrets(errorMessage(error), secrets);
      logger.warn(
        `${source.id} (${source.kind}) failed, skipped; its cursor stays where it was: ${report.error}`,
      );
    }
    report.ms = fetched.ms + (Date.now() - began); // its own time, not the wait for earlier sources
    logger.info(
      `    ${source.id}: fetched ${report.fetched}, matched ${report.matched}, new ${report.new}` +
        `${report.error ? ', FAILED' : ''} (${(report.ms / 1000).toFixed(1)} s)`,
    );
  };
  const useWhenRecorded = async (fetched: Fetched, source: SourceConfig): Promise<void> => {
    await recordReady;
    useOne(fetched, source);
  };
  await inOrder(
    sources,
    config.budgets.concurrentSources ?? DEFAULT_CONCURRENT_SOURCES,
    fetchOne,
    useWhenRecorded,
    { key: hostOf, perKey: HTTP_DEFAULTS.maxPerHost },
  );
  const record = await recordReady;

  const classifications: Classification[] = candidates.length
    ? await deps.classifier.classify(candidates.map((c) => classifierInput(c.mention)))
    : [];
  const classifierNote = deps.classifier.report?.();
  if (classifierNote) logger.info(`classifier: ${classifierNote}`);
  const adapterTitles = new Map(deps.adapters.map((a) => [a.kind, a.title]));
  const drafts = candidates.map((c, i) => {
    const classification = classifications[i] ?? { category: 'neutral' as const, confidence: 0 };
    const priority = prioritize(c.mention, classification.category, {
      weight: c.source.weight,
      config: config.priority,
    });
    const routed = route(config.routing, c.mention, classification.category, priority.level);
    return {
      ...c,
      classification,
      priority,
      rank: priority.level === 'high' ? 0 : priority.level === 'normal' ? 1 : 2,
      published: c.mention.published,
      sourceId: c.source.id,
      draft: renderIssue({
        mention: c.mention,
        sourceName: `${c.source.id === c.source.kind ? (adapterTitles.get(c.source.kind) ?? c.source.kind) : c.source.id}`,
        classification,
        priority,
        milestone: milestoneFor(new Date(c.mention.published), config.milestones.period),
        assignees: routed.assignees,
        extraLabels: [...routed.labels, ...config.labels.extra],
        queries: c.queries,
        needsTriageBelow: config.classify.needsTriageBelow,
      }),
    };
  });
  // A source's first run records what was already out there (unless backfill); volume is counted.
  const triage = new TriageRun({
    config,
    state: { sources: state.sources, volume: state.volumes?.[shardName] },
    rebuiltSince: record.rebuiltSince,
    sources,
    now,
    shard: shardName,
    dryRun,
    logger,
    trackerKind: tracker.kind,
  });
  const admitted = triage.admit(drafts, new Set(state.pending.map((d) => d.key)));
  // Pending drafts from earlier runs go first; then high priority first, oldest first.
  admitted.sort((a, b) => a.rank - b.rank || a.published.localeCompare(b.published));
  const queue: IssueDraft[] = [
    ...state.pending.filter((d) => !absorbKnown(state, known, d, dayOf(now))),
    ...admitted.map((d) => d.draft),
  ];
  const today = dayOf(now);
  for (const r of triage.recordedIds()) recordIds(state, r.ids, today, r.sourceId);

  const filed: FiledMention[] = [];
  let deferred: IssueDraft[] = [];
  let refused: RefusedDraft[] = [];
  let skipped: string | undefined;
  if (dryRun) {
    for (const draft of queue) {
      if (filed.length < budget) filed.push({ key: draft.key, title: draft.title, labels: draft.labels });
      else deferred.push(draft);
    }
  } else {
    const leaseMs = options.leaseMs ?? LEASE_MS;
    const result = await fileDrafts(
      {
        tracker,
        logger,
        now: deps.now,
        sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
        holder,
        shard: shardName,
        runId: options.runId,
        leaseMs,
        leaseWaitMs: options.leaseWaitMs ?? leaseMs,
        pollMs: options.leasePollMs ?? Math.min(15_000, leaseMs / 20),
        budget,
        listedAbove: record.listedAbove,
      },
      state,
      queue,
      known,
    );
    state = result.state;
    deferred = result.deferred;
    refused = result.refused;
    for (const r of result.state.refused ?? []) if (!refused.some((x) => x.key === r.key)) refused.unshift(r);
    skipped = result.skipped;
    for (const { draft, issue } of result.filed)
      filed.push({
        key: draft.key,
        title: draft.title,
        number: issue.number,
        url: issue.url,
        labels: draft.labels,
      });
  }
  if (deferred.length > 0) {
    logger.info(
      `${deferred.length} mention(s) deferred to the next run (budget ${budget}${skipped ? ', the lease' : ''})`,
    );
  }

  const triageReport = await triage.finish({ filed, tracker, http: deps.http, env: deps.env });

  if (!dryRun) {
    const volume = triage.volumeUpdate();
    const next: ScanState = {
      ...state,
      sources: { ...state.sources, ...newCursors },
      pending: deferred,
      // Only our own lease is released: another run's stays as it was read.
      lease: state.lease?.holder === holder ? undefined : state.lease,
      ...(volume ? { volumes: { ...dropOtherLayouts(state.volumes, shardName), [shardName]: volume } } : {}),
      updatedAt: now.toISOString(),
    };
    pruneIndex(next, now, config.lookbackDays + 7);
    // A run that changed nothing writes nothing (steady state costs reads only). A lease this run
    // took means a write happened: it is released.
    if (record.changed || comparable(next) !== stateBefore || state.lease?.holder === holder)
      await tracker.saveState(SCAN_STATE, next, { merge: merger(me) });
  }
  return {
    ...(skipped ? { skipped } : {}),
    new: filed.length,
    deferred: deferred.length,
    dryRun,
    sources: reports,
    filed,
    ...(refused.length > 0 ? { refused } : {}),
    record: { state: record.status, listed: record.listed },
    triage: triageReport,
    ...(classifierNote ? { classifier: classifierNote } : {}),
  };
}

/**
 * The host a source mostly talks to, to keep a run of sources on one host from holding every fetch
 * slot: its url (rss, json-feed, html, json), baseUrl or instance; else its kind (an API source:
 * hacker-news, reddit, github … each talk to one host).
 */
export function hostOf(source: SourceConfig): string {
  const candidates: unknown[] = [
    'url' in source ? source.url : undefined,
    'baseUrl' in source ? source.baseUrl : undefined,
    'instance' in source ? source.instance : undefined,
  ];
  for (const value of candidates) {
    if (typeof value === 'string' && URL.canParse(value)) return new URL(value).host;
  }
  return `kind:${source.kind}`;
}

/** The state as compared to decide whether to write (the listing mark and clock do not count). */
function comparable(state: ScanState): string {
  return JSON.stringify({ ...state, updatedAt: undefined, listedUpTo: undefined, lease: undefined });
}

/** Volume histograms of another shard layout (a matrix that changed size) are dropped. */
function dropOtherLayouts(
  volumes: ScanState['volumes'],
  shardName: string,
): NonNullable<ScanState['volumes']> {
  const layout = (name: string) => name.replace(/^shard-\d+-/, '');
  return Object.fromEntries(
    Object.entries(volumes ?? {}).filter(([name]) => layout(name) === layout(shardName)),
  );
}
