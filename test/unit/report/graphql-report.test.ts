/**
 * The report's GraphQL path against the emulator: the same facts as the REST path from one query
 * per 100 issues; an issue with more than 100 timeline items paged through its cursor; labels added
 * by batched mutations and recognised on the next run; the fall back to REST (and the summary's
 * note) when GraphQL is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { adapters } from '../../../src/platforms/index.js';
import {
  readTimelines,
  TIMELINE_BATCH,
  timelineQuery,
} from '../../../src/record/github/graphql-timelines.js';
import { type ReportResult, runReport } from '../../../src/report.js';
import { fixtureEmulator, fixtureReportConfig, fixtureReportStore } from '../../fixtures/report/github.js';
import { FIXTURE_NOW } from '../../fixtures/report/history.js';
import { seedScale } from '../../fixtures/report/scale.js';
import { testClock } from '../../fixtures/report/seed.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';

const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';
const GRAPHQL = 'POST /graphql';
const LABELS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels';

describe('the report by GraphQL (emulator)', () => {
  let emulator: Emulator;
  const clock = testClock();
  beforeEach(async () => {
    emulator = await fixtureEmulator(clock);
  });
  afterEach(async () => {
    expect(emulator.violations).toEqual([]);
    await emulator.close();
  });

  const client = () => fixtureReportStore(emulator, { graphql: true });
  const report = (graphql: boolean, extra = ''): Promise<ReportResult> => {
    const { store, logger } = fixtureReportStore(emulator, { graphql });
    return runReport({ config: fixtureReportConfig(extra), store, now: () => new Date(FIXTURE_NOW), logger });
  };

  it('reads every changed timeline in one query and finds the same facts as REST', async () => {
    const rest = await report(false, '  issue: false\n  milestones: false\n');
    const restLabelled = rest.labeled;
    // A fresh repository for the GraphQL run (the REST run labelled and cached).
    await emulator.close();
    emulator = await fixtureEmulator(clock);
    const viaGraphql = await report(true, '  issue: false\n  milestones: false\n');
    expect(emulator.calls.count(TIMELINE)).toBe(0);
    expect(emulator.calls.count(LABELS)).toBe(0);
    // One timeline query for the 8 touched issues, one label-id query, one mutation for both labels.
    expect(emulator.calls.count(GRAPHQL)).toBe(3);
    expect(emulator.calls.graphqlQueries).toBe(2);
    expect(viaGraphql.historyReads).toBe(8);
    // (The second emulator listens on another port: the issue URLs differ, nothing else may.)
    const withoutUrl = (r: ReportResult) => r.facts.map(({ url: _url, ...f }) => f);
    expect(withoutUrl(viaGraphql)).toEqual(withoutUrl(rest));
    expect(viaGraphql.labeled.sort()).toEqual(restLabelled.sort());
    const labelsOf = (n: number) => emulator.state.issues.find((i) => i.number === n)?.labels ?? [];
    for (const n of viaGraphql.labeled) expect(labelsOf(n)).toContain('sla:breached');
  });

  it('recognises its own label mutations: the next run reads no timeline and writes nothing', async () => {
    const first = await report(true);
    expect(first.labeled.length).toBeGreaterThan(0);
    emulator.calls.reset();
    const second = await report(true);
    expect(second.historyReads).toBe(0);
    expect(second.labelsPending).toBe(0);
    expect(emulator.calls.count(GRAPHQL)).toBe(0);
    expect(emulator.calls.snapshot().writes).toBe(0);
  });

  it('pages an issue with more than 100 timeline items through its cursor', async () => {
    const person = emulator.person('alice');
    for (let i = 0; i < 230; i++) person.comment(3, `/assign note ${i}`);
    person.comment(3, 'Here is the answer.');
    const { octokit } = client();
    emulator.calls.reset();
    const read = await readTimelines(octokit, { owner: 'acme', repo: 'mentions' }, [3, 4, 6], 10);
    expect(read.error).toBeUndefined();
    // Query 1: 3, 4, 6 (first pages); 2: #3 after its cursor; 3: its last page.
    expect(read.calls).toBe(3);
    expect(emulator.calls.count(GRAPHQL)).toBe(3);
    const comments = read.histories.get(3)!.filter((e) => e.kind === 'commented');
    const rest = await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
      owner: 'acme',
      repo: 'mentions',
      issue_number: 3,
      per_page: 100,
    });
    expect(comments).toHaveLength(rest.filter((i) => i.event === 'commented').length);
    expect(comments.at(-1)).toMatchObject({ body: 'Here is the answer.', actor: 'alice', bot: false });
  });

  it('stops at the call budget and answers only the issues it finished', async () => {
    const person = emulator.person('alice');
    for (let i = 0; i < 120; i++) person.comment(3, `note ${i}`);
    const { octokit } = client();
    const read = await readTimelines(octokit, { owner: 'acme', repo: 'mentions' }, [3, 4], 1);
    expect(read.calls).toBe(1);
    expect([...read.histories.keys()]).toEqual([4]);
  });

  it('builds at most 100 issues a query, each with first: 100 and its cursor as a variable', () => {
    const pages = Array.from({ length: TIMELINE_BATCH }, (_, i) => ({ number: i + 1 }));
    const { query } = timelineQuery(pages);
    expect(query.match(/: issue\(number: \d+\)/g)).toHaveLength(100);
    expect(query.match(/timelineItems\(first: 100/g)).toHaveLength(100);
    expect(() => timelineQuery([...pages, { number: 101 }])).toThrow(RangeError);
    const next = timelineQuery([{ number: 7, after: 'Y3Vyc29yOnYyOjk5' }]);
    expect(next.query).toContain('after: $c7');
    expect(next.query).toContain('$c7: String');
    expect(next.variables).toEqual({ c7: 'Y3Vyc29yOnYyOjk5' });
  });

  it('sends a timeline query again after a 502 (a read is idempotent), and does not fall back', async () => {
    emulator.faults.add({ match: { route: GRAPHQL }, nth: 1, effect: { type: 'status', status: 502 } });
    const r = await report(true, '  issue: false\n  milestones: false\n');
    expect(r.historyReads).toBe(8);
    expect(emulator.calls.count(TIMELINE)).toBe(0);
    expect(r.markdown).not.toContain('GraphQL was refused');
    expect(emulator.calls.log.filter((c) => c.route === GRAPHQL).map((c) => c.status)).toEqual([
      502, 200, 200, 200,
    ]);
  });

  it('stops reading when the GraphQL points are spent; the run an hour later reads the rest', async () => {
    await emulator.close();
    emulator = await startEmulator({ repo: 'acme/mentions', now: clock.now, graphqlPointsPerHour: 2 });
    seedScale(emulator, 300, Date.now()); // 240 touched issues: 3 timeline queries of 1 point each
    // The scale history's seven weeks (the fixture config's two periods would keep a fifth of it).
    const config = parseConfig(
      'company:\n  name: Acme\nsources:\n  - id: hn\n    kind: rss\n    url: https://news.example.com/rss\nreport:\n  issue: false\n  milestones: false\n  pin: false\n',
      'earshot.yml',
      adapters,
    );
    const run = () => {
      const { store, logger } = fixtureReportStore(emulator, { graphql: true });
      return runReport({ config, store, now: () => new Date(), logger });
    };
    const first = await run();
    expect(first.historyReads).toBe(200);
    expect(first.historyPending).toBe(40);
    expect(first.warnings.join('\n')).toMatch(/reading issue timelines stopped: .*rate limit/i);
    expect(first.markdown).not.toContain('GraphQL was refused'); // a limit is not a refusal
    clock.ms = Date.now() + 3_601_000;
    const second = await run();
    clock.ms = undefined;
    expect(second.historyReads).toBe(40);
    expect(second.historyPending).toBe(0);
  });

  it('pins the report issue by GraphQL; with three issues pinned already, it stays unpinned', async () => {
    const config = fixtureReportConfig();
    const pinning = { ...config, report: { ...config.report, pin: true } };
    const { store, logger, octokit } = fixtureReportStore(emulator, { graphql: true });
    const first = await runReport({ config: pinning, store, now: () => new Date(FIXTURE_NOW), logger });
    expect(first.reportIssue).toMatchObject({ created: true, pinned: true });
    const isPinned = async (n: number) =>
      (
        await octokit.graphql<{ repository: { issue: { isPinned: boolean } } }>(
          'query($n: Int!) { repository(owner: "acme", name: "mentions") { issue(number: $n) { isPinned } } }',
          { n },
        )
      ).repository.issue.isPinned;
    expect(await isPinned(first.reportIssue!.number)).toBe(true);
    expect(await isPinned(1)).toBe(false);
    // Two more pinned: three in all. A new period's report issue cannot be pinned.
    for (const n of [1, 2]) {
      const { node_id } = (
        await octokit.rest.issues.get({ owner: 'acme', repo: 'mentions', issue_number: n })
      ).data;
      await octokit.graphql('mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { number } } }', {
        id: node_id,
      });
    }
    const later = fixtureReportStore(emulator, { graphql: true });
    const next = await runReport({
      config: pinning,
      store: later.store,
      now: () => new Date(Date.parse(FIXTURE_NOW) + 7 * 86_400_000),
      logger: later.logger,
    });
    expect(next.reportIssue).toMatchObject({ created: true, pinned: false });
    expect(await isPinned(next.reportIssue!.number)).toBe(false);
    expect(later.logger.lines.map((l) => l.message).join('\n')).toMatch(/could not pin the report issue/);
  });

  it('falls back to REST when GraphQL is refused, and says so in the summary', async () => {
    emulator.faults.add({ match: { route: GRAPHQL }, effect: { type: 'status', status: 404 } });
    const r = await report(true);
    expect(emulator.calls.count(GRAPHQL)).toBe(1); // refused once, then never asked again this run
    expect(emulator.calls.count(TIMELINE)).toBe(8);
    expect(emulator.calls.count(LABELS)).toBe(2);
    expect(r.historyReads).toBe(8);
    expect(r.labeled.sort()).toEqual([2, 6]);
    expect(r.markdown).toContain('GraphQL was refused (HTTP 404');
    expect(r.markdown).toContain('went through REST');
  });

  it('quotes a refusal neutralized: no ping, link or markup from the answer reaches the summary', async () => {
    emulator.faults.add({
      match: { route: GRAPHQL },
      effect: {
        type: 'status',
        status: 403,
        message: 'Denied @octocat see #1 <img src=x onerror=alert(1)> [x](https://evil.example)',
      },
    });
    const r = await report(true, '  issue: false\n  milestones: false\n');
    const note = r.markdown.split('\n').find((l) => l.includes('GraphQL was refused')) ?? '';
    expect(note).toContain('went through REST');
    expect(note).not.toMatch(/(^|[^`\\])@octocat/);
    expect(note).not.toContain('<img');
    expect(note).not.toMatch(/\]\(https:\/\/evil/);
    expect(r.historyReads).toBe(8);
  });

  it('falls back to REST for a token GraphQL refuses (FORBIDDEN on the mutation)', async () => {
    await emulator.close();
    emulator = await fixtureEmulator(clock, {
      acceptAnyToken: false,
      tokens: { t: { permissions: { issues: 'read', contents: 'write' } } },
    });
    const r = await report(true, '  issue: false\n  milestones: false\n');
    // Timelines by GraphQL; the mutation refused → REST tried, and refused too (no issues: write).
    expect(r.historyReads).toBe(8);
    expect(r.markdown).toContain('GraphQL was refused (FORBIDDEN');
    expect(emulator.calls.count(LABELS)).toBe(1);
    expect(r.labeled).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/could not label/);
  });
});
