/**
 * runReport(): issues + labels + milestones + timestamps → metrics → job summary, the period's
 * report issue, `sla:breached` labels, milestone descriptions and (optionally) the dashboard page.
 *
 * Cost on GitHub: one call per 100 Earshot issues of the report window (the listing), one GraphQL
 * query per 100 issues that changed since the last report (facts are cached in the state shard
 * `report`), one GraphQL request per 50 newly breached issues, and a few calls for the report issue
 * and milestones only when their text changed; where GraphQL is refused, one REST call per issue
 * read or labelled (src/record/github/report.ts). Issues nobody touched (updated_at = created_at)
 * need no timeline at all.
 */
import { createHash } from 'node:crypto';
import type { EarshotConfig } from './config/schema.js';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import type { ReportIssueRef, ReportRecord } from './record/report-port.js';
import { clockFor } from './report/business-hours.js';
import {
  type CachedIssue,
  decodeFacts,
  encodeFacts,
  fingerprint,
  packCache,
  type ReportCache,
  readCache,
} from './report/cache.js';
import { writeDashboard } from './report/dashboard/html.js';
import { listingFacts, type MentionFacts, mentionFacts, type RecordIssue } from './report/facts.js';
import { milestoneFigures, renderReport } from './report/markdown.js';
import { computeMetrics, type ReportMetrics } from './report/metrics.js';
import { type PeriodInfo, periodKindOf, periodOf, recentPeriods } from './report/periods.js';
import { type HistoryFacts, historyFacts, SLA_BREACHED_LABEL } from './report/timeline.js';
import { milestoneFor } from './triage/milestone.js';

export interface ReportDeps {
  config: EarshotConfig;
  store: ReportRecord;
  now: () => Date;
  logger: Logger;
}

export interface ReportOptions {
  /** Compute and render only: no labels, report issue, milestones or state are written. */
  dryRun?: boolean;
  /** Write the dashboard page (index.html) into this folder. */
  htmlDir?: string;
}

export interface ReportResult {
  metrics: ReportMetrics;
  facts: MentionFacts[];
  /** The job summary (Markdown). */
  markdown: string;
  reportIssue?: ReportIssueRef & { created: boolean; updated: boolean; pinned?: boolean };
  /** Issues labelled `sla:breached` by this run. */
  labeled: number[];
  /** Timelines read this run. */
  historyReads: number;
  /** Issues whose facts came from the cache. */
  historyCached: number;
  /** Changed issues whose timeline was not read (read budget or errors): the next run reads them. */
  historyPending: number;
  /** Breached issues left unlabelled (label budget): the next run labels them. */
  labelsPending: number;
  milestonesUpdated: string[];
  /** Path of the dashboard's index.html. */
  dashboard?: string;
  warnings: string[];
}

const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 16);

function publishedOf(r: RecordIssue): Date {
  const p = r.marker?.published;
  return new Date(p && !Number.isNaN(Date.parse(p)) ? p : r.createdAt);
}

/** Our own label write, recognised by time (±2 s of the server's answer) and the listing row. */
function isOwnWrite(entry: CachedIssue, record: RecordIssue): boolean {
  if (!entry.w) return false;
  return (
    Math.abs(Date.parse(record.updatedAt) - Date.parse(entry.w)) <= 2000 && entry.f === fingerprint(record)
  );
}

export async function runReport(deps: ReportDeps, options: ReportOptions = {}): Promise<ReportResult> {
  const { config, store, logger } = deps;
  const now = deps.now();
  const dryRun = options.dryRun ?? false;
  const warnings: string[] = [];
  /** Notes of the store for the summary (e.g. a fallback from GraphQL to REST). */
  const notes: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    logger.warn(message);
  };
  const kind = periodKindOf(config.milestones.period);
  const periods = recentPeriods(now, kind, config.report.periods);
  const windowIds = new Set(periods.map((p) => p.id));
  const state = await store.loadState();
  const cache = readCache(state);
  const before = JSON.stringify(packCache(cache));

  // 1. The listing: every Earshot issue updated since the window began (an issue published in the
  //    window was filed, hence updated, after it began).
  const listed = await store.listIssues(new Date(periods[0]!.start));
  const records = listed.filter((r) => windowIds.has(periodOf(publishedOf(r), kind).id));
  logger.info(`report ${periods[0]!.id} … ${periods.at(-1)!.id}: ${records.length} mention issue(s)`);

  // 2. Histories: cached facts for unchanged issues, a timeline read for changed ones.
  const histories = new Map<number, HistoryFacts>();
  const toRead: RecordIssue[] = [];
  let historyCached = 0;
  for (const r of records) {
    const entry = cache.issues[r.number];
    if (store.hasHistory && !store.cacheHistory) toRead.push(r);
    else if (entry && (entry.u === r.updatedAt || isOwnWrite(entry, r))) {
      // (An own write is recognised again on every run until the issue changes: nothing to save.)
      histories.set(r.number, decodeFacts(r, entry));
      historyCached++;
    } else if (r.updatedAt === r.createdAt) histories.set(r.number, { fixes: [] });
    else if (store.hasHistory) toRead.push(r);
  }
  const budget = store.cacheHistory ? config.report.maxHistoryReads : Number.POSITIVE_INFINITY;
  toRead.sort(
    (a, b) =>
      (a.state === 'open' ? 0 : 1) - (b.state === 'open' ? 0 : 1) ||
      Date.parse(b.updatedAt) - Date.parse(a.updatedAt),
  );
  const read = await store.readHistories(
    toRead.map((r) => r.number),
    budget,
  );
  for (const note of read.notes) notes.push(note);
  if (read.error !== undefined) warn(`reading issue timelines stopped: ${errorMessage(read.error)}`);
  for (const r of toRead) {
    const events = read.histories.get(r.number);
    if (!events) continue;
    const facts = historyFacts(r.createdAt, events);
    histories.set(r.number, facts);
    if (store.cacheHistory) cache.issues[r.number] = encodeFacts(r, facts);
  }
  const historyReads = read.histories.size;
  const historyPending = toRead.length - historyReads;
  for (const r of toRead) {
    if (histories.has(r.number)) continue;
    const stale = cache.issues[r.number];
    histories.set(r.number, stale ? decodeFacts(r, stale) : listingFacts(r));
  }
  if (historyPending > 0)
    logger.info(
      `${historyPending} changed issue(s) keep their previous facts until a later report reads them`,
    );

  // 3. Linked fixes: closed ones are remembered; open ones are checked again (at most 50 a run).
  const refs = new Set<string>();
  for (const h of histories.values()) for (const ref of h.fixes) refs.add(ref);
  let fixReads = 0;
  for (const ref of refs) {
    if (cache.fixes[ref]?.s === 'closed' || fixReads >= 50) continue;
    fixReads++;
    try {
      const s = await store.fixState(ref);
      cache.fixes[ref] = { s: s.state, ...(s.closedAt ? { c: s.closedAt } : {}) };
    } catch (error) {
      warn(`could not read the linked fix ${ref}: ${errorMessage(error)}`);
    }
  }
  for (const ref of Object.keys(cache.fixes)) if (!refs.has(ref)) delete cache.fixes[ref];

  // 4. Facts and metrics.
  const clock = clockFor(config.report.businessHours);
  const ctx = {
    periodKind: kind,
    clock,
    firstResponseTargets: config.sla.firstResponse,
    resolutionTargets: config.sla.resolution,
    now,
    fixClosedAt: (ref: string) => (cache.fixes[ref]?.s === 'closed' ? cache.fixes[ref]?.c : undefined),
  };
  const facts = records.map((r) => mentionFacts(r, histories.get(r.number), ctx));
  const byNumber = new Map(records.map((r) => [r.number, r]));

  // 5. SLA breaches get `sla:breached` (one call each, open issues first, within the budget).
  const labeled: number[] = [];
  const breached = facts
    .filter((f) => f.breached && !f.breachLabeled)
    .sort((a, b) => (a.state === 'open' ? 0 : 1) - (b.state === 'open' ? 0 : 1) || a.number - b.number);
  let labelsPending = config.sla.label ? breached.length : 0;
  if (config.sla.label && !dryRun && breached.length > 0) {
    const chosen = breached.slice(0, config.report.maxLabelWrites).map((f) => byNumber.get(f.number)!);
    const written = await store.labelIssues(
      chosen.map((r) => ({ number: r.number, ...(r.nodeId ? { nodeId: r.nodeId } : {}) })),
      SLA_BREACHED_LABEL,
    );
    for (const note of written.notes) notes.push(note);
    const facts = new Map(breached.map((f) => [f.number, f]));
    for (const { number, at } of written.labeled) {
      labeled.push(number);
      labelsPending--;
      facts.get(number)!.breachLabeled = true;
      const r = byNumber.get(number)!;
      r.labels = [...r.labels, SLA_BREACHED_LABEL];
      const entry = cache.issues[number];
      const current = entry && entry.u === r.updatedAt;
      if (store.cacheHistory && (current || r.updatedAt === r.createdAt)) {
        const base = entry ?? encodeFacts(r, histories.get(number) ?? { fixes: [] });
        cache.issues[number] = { ...base, f: fingerprint(r), w: at ?? now.toISOString() };
      }
    }
    if (written.error !== undefined)
      warn(`could not label every breached issue ${SLA_BREACHED_LABEL}: ${errorMessage(written.error)}`);
  }

  // 6. Render.
  const metrics = computeMetrics(facts, {
    periods,
    periodKind: kind,
    now,
    businessHours: config.report.businessHours !== undefined,
    targets: { firstResponse: config.sla.firstResponse, resolution: config.sla.resolution },
  });
  const bh = config.report.businessHours;
  const clockNote = bh
    ? `business hours (${bh.days.join(', ')} ${bh.start}–${bh.end} ${bh.timezone})`
    : undefined;
  const renderOptions = clockNote ? { clockNote } : {};
  const result: ReportResult = {
    metrics,
    facts,
    markdown: '',
    labeled,
    historyReads,
    historyCached,
    historyPending,
    labelsPending,
    milestonesUpdated: [],
    warnings,
  };

  // 7. The period's report issue (and the previous period's, closed with its final figures).
  if (config.report.issue && !dryRun) {
    try {
      result.reportIssue = await upsertReportIssue(
        store,
        cache,
        metrics,
        renderOptions,
        config.report.pin,
        logger,
      );
    } catch (error) {
      warn(`could not update the report issue: ${errorMessage(error)}`);
    }
  }

  // 8. Milestones: each period's figures in its description, its due date set.
  if (config.report.milestones && config.milestones.period !== 'none' && !dryRun) {
    try {
      result.milestonesUpdated = await updateMilestones(store, cache, metrics);
    } catch (error) {
      warn(`could not update milestones: ${errorMessage(error)}`);
    }
  }

  // 9. Dashboard.
  if (options.htmlDir) {
    result.dashboard = await writeDashboard(options.htmlDir, {
      metrics,
      facts,
      clockNote: clockNote ?? 'wall clock',
    });
  }

  // 10. The cache: only issues of the window are kept.
  const inWindow = new Set(records.map((r) => String(r.number)));
  for (const n of Object.keys(cache.issues)) if (!inWindow.has(n)) delete cache.issues[n];
  for (const p of Object.keys(cache.milestones)) if (!windowIds.has(p)) delete cache.milestones[p];
  const packed = packCache(cache);
  if (!dryRun && JSON.stringify(packed) !== before) {
    try {
      await store.saveState({ ...state, report: packed, updatedAt: now.toISOString() });
    } catch (error) {
      warn(`could not save the report cache (the next report reads more timelines): ${errorMessage(error)}`);
    }
  }

  const summaryNotes = [
    ...notes,
    `Histories: ${historyReads} read, ${historyCached} from cache${historyPending ? `, ${historyPending} pending (read budget)` : ''}.`,
    labeled.length || labelsPending
      ? `Labelled ${labeled.length} issue(s) ${SLA_BREACHED_LABEL}${labelsPending ? `, ${labelsPending} left for the next run` : ''}.`
      : '',
    result.reportIssue ? `Report issue: ${result.reportIssue.url}.` : '',
  ].filter(Boolean);
  result.markdown = renderReport(metrics, { ...renderOptions, notes: summaryNotes });
  return result;
}

async function upsertReportIssue(
  store: ReportRecord,
  cache: ReportCache,
  metrics: ReportMetrics,
  renderOptions: { clockNote?: string },
  pin: boolean,
  logger: Logger,
): Promise<NonNullable<ReportResult['reportIssue']>> {
  const period = metrics.current;
  const title = `Earshot report ${period}`;
  const body = renderReport(metrics, { ...renderOptions, issue: true });
  const h = hash(`${title}\n${body}`);

  // Earlier periods' report issues still open: a final update, then closed.
  for (const [p, entry] of Object.entries(cache.reportIssues)) {
    if (p === period || entry.closed) continue;
    if (metrics.periods.some((x) => x.id === p)) {
      const final = renderReport(metrics, { ...renderOptions, focus: p, issue: true });
      await store.updateReportIssue(entry.n, { title: `Earshot report ${p}`, body: final, state: 'closed' });
    }
    entry.closed = true;
  }
  for (const p of Object.keys(cache.reportIssues)) {
    if (p !== period && !metrics.periods.some((x) => x.id === p)) delete cache.reportIssues[p];
  }

  const cached = cache.reportIssues[period];
  if (cached && cached.h === h) {
    return { number: cached.n, url: cached.u ?? '', created: false, updated: false };
  }
  let ref: ReportIssueRef | undefined;
  let created = false;
  if (cached) ref = await store.updateReportIssue(cached.n, { title, body });
  if (!ref) {
    const found = await store.findReportIssue(period);
    ref = found ? await store.updateReportIssue(found.number, { title, body }) : undefined;
  }
  let pinned: boolean | undefined;
  if (!ref) {
    ref = await store.createReportIssue(title, body);
    created = true;
    if (pin) {
      pinned = await store.pin(ref);
      if (pinned) logger.info(`pinned the report issue #${ref.number}`);
    }
  }
  cache.reportIssues[period] = { n: ref.number, h, u: ref.url };
  return { ...ref, created, updated: !created, ...(pinned !== undefined ? { pinned } : {}) };
}

async function updateMilestones(
  store: ReportRecord,
  cache: ReportCache,
  metrics: ReportMetrics,
): Promise<string[]> {
  const wanted: { period: PeriodInfo; description: string; h: string }[] = [];
  for (const [i, p] of metrics.periods.entries()) {
    const s = metrics.byPeriod[i]?.summary;
    if (!s || s.mentions === 0) continue;
    const base = milestoneFor(new Date(p.start), metrics.periodKind)?.description ?? '';
    const description = `${base}\n\n${milestoneFigures(s)} (Earshot report).`;
    const h = hash(`${description}\n${p.dueOn}`);
    if (cache.milestones[p.id]?.h !== h) wanted.push({ period: p, description, h });
  }
  if (wanted.length === 0) return [];
  const byTitle = new Map((await store.listMilestones()).map((m) => [m.title, m]));
  const updated: string[] = [];
  for (const w of wanted) {
    const m = byTitle.get(w.period.id);
    if (!m) continue; // nothing was filed into that period's milestone
    const dueOff = !m.dueOn || Math.abs(Date.parse(m.dueOn) - Date.parse(w.period.dueOn)) > 86_400_000;
    const patch = {
      ...(dueOff ? { dueOn: w.period.dueOn } : {}),
      ...(m.description !== w.description ? { description: w.description } : {}),
    };
    if (Object.keys(patch).length > 0) {
      await store.updateMilestone(m.number, patch);
      updated.push(w.period.id);
    }
    cache.milestones[w.period.id] = { n: m.number, h: w.h };
  }
  return updated;
}
