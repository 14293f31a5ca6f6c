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
import type { HttpClient } from './http/types.js';
import type { Logger } from './logger.js';
import { compileQuery, foldText } from './mentions/match.js';
import type { Mention } from './mentions/mention.js';
import { normalize } from './mentions/normalize.js';
import { matchInput } from './mentions/readable-text.js';
import { credentialValues, scrubItem, scrubSecrets } from './secrets.js';
import type { SourceAdapter, SourceContext, SourceCursor } from './sources/types.js';
import { allLabels } from './tracker/labels.js';
import { mergeStates } from './tracker/merge-states.js';
import {
  foreignLease,
  type IssueDraft,
  type IssueTracker,
  type ScanState,
  StateConflictError,
} from './tracker/port.js';
import { renderIssue } from './tracker/render.js';
import { milestoneFor } from './triage/milestone.js';
import { prioritize } from './triage/priority.js';
import { route } from './triage/routing.js';
import { type TriageReport, TriageRun, triageLabels } from './triage/run.js';

export interface ScanDeps {
  config: EarshotConfig;
  adapters: readonly SourceAdapter[];
  tracker: IssueTracker;
  http: HttpClient;
  classifier: Classifier;
  /** Where credentials are read from (the env var names come from the config). */
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  logger: Logger;
}

export interface ScanOptions {
  dryRun?: boolean;
  /** Overrides config.budgets.maxNewIssues (the action's `max-new-issues` input). */
  maxNewIssues?: number;
  /** `2/8`: this job handles the 2nd of 8 shards of the sources (a GitHub Actions matrix). */
  shard?: string;
  /** Only these source ids. */
  only?: readonly string[];
  /** Who holds the filing lease (default: a random id; the action uses the workflow run id). */
  runId?: string;
  /** How long the filing lease lasts (default 30 minutes); filing stops a minute before it ends. */
  leaseMs?: number;
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
  /** Set when another run held the filing lease: this run filed nothing and moved no cursor. */
  skipped?: string;
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

/** Recent keys kept per source in the state: a second guard for undated items. */
const RECENT_KEYS_PER_SOURCE = 2000;

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
  };
}

function skippedRun(reason: string, dryRun: boolean, logger: Logger): ScanResult {
  logger.warn(
    `${reason}: this run files nothing and moves no cursor (nothing is lost; the next run catches up)`,
  );
  return { skipped: reason, new: 0, deferred: 0, dryRun, sources: [], filed: [] };
}

/**
 * Writes the state with our lease, exclusively. If another run wrote it since we read it, look
 * again: a live lease of theirs means we stand down; otherwise merge, list the keys again (they may
 * have filed) and try once more.
 */
async function takeLease(
  tracker: IssueTracker,
  shard: string,
  state: ScanState,
  runId: string,
  now: Date,
  leaseMs: number,
  lookbackStart: Date,
): Promise<{ state: ScanState; known?: Set<string> } | { skipped: string }> {
  const lease = { holder: runId, until: new Date(now.getTime() + leaseMs).toISOString() };
  let mine: ScanState = { ...state, lease };
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await tracker.saveState(shard, mine, { exclusive: true });
      return attempt === 1 ? { state: mine } : { state: mine, known: await tracker.listKeys(lookbackStart) };
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
      const theirs = await tracker.loadState(shard);
      const held = foreignLease(theirs, runId, now);
      if (held) return { skipped: `another Earshot run (${held.holder}) took the filing lease for ${shard}` };
      mine = { ...mergeStates(theirs, mine), lease };
    }
  }
  return { skipped: `the state of ${shard} kept changing while this run tried to take the filing lease` };
}

export async function runScan(deps: ScanDeps, options: ScanOptions = {}): Promise<ScanResult> {
  const { config, tracker, logger } = deps;
  const dryRun = options.dryRun ?? false;
  const now = deps.now();
  const shard = parseShard(options.shard);
  const shardName = shard && shard.total > 1 ? `shard-${shard.index}-of-${shard.total}` : 'default';
  const budget = options.maxNewIssues ?? config.budgets.maxNewIssues;
  const lookbackStart = new Date(now.getTime() - config.lookbackDays * 86_400_000);

  const runId = options.runId ?? `run-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 30 * 60_000;
  let state = await tracker.loadState(shardName);
  const held = foreignLease(state, runId, now);
  if (held)
    return skippedRun(
      `another Earshot run (${held.holder}) is filing for ${shardName} until ${held.until}`,
      dryRun,
      logger,
    );
  const stateBefore = JSON.stringify({ ...state, updatedAt: undefined });
  // The record: keys of Earshot issues in the look-back window. Throws → the run files nothing.
  let known = await tracker.listKeys(lookbackStart);
  for (const keys of Object.values(state.recentKeys)) for (const k of keys) known.add(k);

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
  const ensured = new Set(state.labels ?? []);
  if (!dryRun && labels.some((l) => !ensured.has(l.name))) {
    await tracker.ensureLabels(labels);
    state.labels = [...new Set([...ensured, ...labels.map((l) => l.name)])];
  }

  const queries = compileQueries(config);
  const searchTerms = searchTermsOf(config);
  const byKind = new Map(deps.adapters.map((a) => [a.kind, a]));
  // Credential values are scrubbed from everything a source hands back (src/secrets.ts).
  const secrets = credentialValues(config.sources, deps.env);
  const reports: SourceReport[] = [];
  const candidates: { mention: Mention; queries: string[]; source: SourceConfig }[] = [];
  const newCursors: Record<string, SourceCursor> = {};
  const seenThisRun = new Set<string>();

  for (const [i, source] of sources.entries()) {
    const started = Date.now();
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
      for (const w of result.warnings ?? []) logger.warn(`${source.id}: ${scrubSecrets(w, secrets)}`);
      const items = result.items.slice(0, config.budgets.maxItemsPerSource);
      report.fetched = items.length;
      for (const item of items) {
        const mention = normalize(scrubItem(item, secrets), {
          sourceId: source.id,
          sourceKind: source.kind,
          fetched: now,
          preferUrl: adapter.keyByUrl ?? false,
        });
        if (!mention.publishedEstimated && new Date(mention.published) < lookbackStart) continue;
        const matched = queries.match(matchInput(mention, config.match), source.queries);
        if (matched.length === 0) continue;
        report.matched++;
        if (known.has(mention.key) || seenThisRun.has(mention.key)) continue;
        seenThisRun.add(mention.key);
        report.new++;
        candidates.push({ mention, queries: matched, source });
      }
      newCursors[source.id] = result.cursor;
    } catch (error) {
      report.error = scrubSecrets(errorMessage(error), secrets);
      logger.warn(
        `${source.id} (${source.kind}) failed, skipped; its cursor stays where it was: ${report.error}`,
      );
    }
    report.ms = Date.now() - started;
    logger.info(
      `    ${source.id}: fetched ${report.fetched}, matched ${report.matched}, new ${report.new}` +
        `${report.error ? ', FAILED' : ''} (${(report.ms / 1000).toFixed(1)} s)`,
    );
  }

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
      }),
    };
  });
  // A source's first run records what was already out there (unless backfill); volume is counted.
  const triage = new TriageRun({
    config,
    state,
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
  const queue: { draft: IssueDraft; sourceId?: string }[] = [
    ...state.pending.filter((d) => !known.has(d.key) && !seenThisRun.has(d.key)).map((draft) => ({ draft })),
    ...admitted.map((d) => ({ draft: d.draft, sourceId: d.sourceId })),
  ];

  // Take the filing lease before the first create (an exclusive, compare-and-swap state write).
  let leaseUntil = Number.POSITIVE_INFINITY;
  if (!dryRun && queue.length > 0 && budget > 0) {
    const taken = await takeLease(tracker, shardName, state, runId, now, leaseMs, lookbackStart);
    if ('skipped' in taken) return skippedRun(taken.skipped, dryRun, logger);
    state = taken.state;
    if (taken.known) known = new Set([...known, ...taken.known]);
    leaseUntil = now.getTime() + leaseMs - 60_000;
  }

  const filed: FiledMention[] = [];
  const deferred: IssueDraft[] = [];
  let stopped: string | undefined;
  for (const { draft, sourceId } of queue) {
    if (!dryRun && known.has(draft.key)) continue; // filed by a run that finished meanwhile
    if (!stopped && deps.now().getTime() > leaseUntil) stopped = 'the filing lease is about to end';
    if (dryRun) {
      if (filed.length < budget) filed.push({ key: draft.key, title: draft.title, labels: draft.labels });
      else deferred.push(draft);
      continue;
    }
    if (stopped || filed.length >= budget) {
      deferred.push(draft);
      continue;
    }
    try {
      const issue = await tracker.create(draft);
      filed.push({
        key: draft.key,
        title: draft.title,
        number: issue.number,
        url: issue.url,
        labels: draft.labels,
      });
      known.add(draft.key);
      if (sourceId) {
        const recent = state.recentKeys[sourceId] ?? [];
        recent.push(draft.key);
        state.recentKeys[sourceId] = recent.slice(-RECENT_KEYS_PER_SOURCE);
      }
    } catch (error) {
      stopped = errorMessage(error);
      logger.warn(`filing stopped, the rest is kept for the next run: ${stopped}`);
      deferred.push(draft);
    }
  }
  if (deferred.length > 0) {
    logger.info(
      `${deferred.length} mention(s) deferred to the next run (budget ${budget}${stopped ? ', or an error' : ''})`,
    );
  }

  const triageReport = await triage.finish({ filed, tracker, http: deps.http, env: deps.env });

  if (!dryRun) {
    const next: ScanState = {
      ...state,
      ...triage.stateUpdate(state),
      sources: { ...state.sources, ...newCursors },
      pending: deferred,
      lease: undefined,
      updatedAt: now.toISOString(),
    };
    // A run that changed nothing writes nothing (steady state costs reads only).
    if (JSON.stringify({ ...next, updatedAt: undefined }) !== stateBefore)
      await tracker.saveState(shardName, next);
  }
  return {
    new: filed.length,
    deferred: deferred.length,
    dryRun,
    sources: reports,
    filed,
    triage: triageReport,
    ...(classifierNote ? { classifier: classifierNote } : {}),
  };
}
