/**
 * The report on the local tracker's store: the fixture history replayed into .earshot/ (issue files,
 * the comment files `earshot respond` writes, label and state changes). The local store keeps no
 * label events, so a first response that only a label records has no time there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { memoryLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import { localRecord } from '../../../src/record/backends.js';
import { runReport } from '../../../src/report.js';
import { FIXTURE_NOW, FIXTURE_SLA_YAML } from '../../fixtures/report/history.js';
import { localFixture } from '../../fixtures/report/local.js';

describe('runReport on the local store', () => {
  it('dates first responses from comments and closes; label-only answers have no time', async () => {
    const dir = await localFixture();
    const config = parseConfig(
      `company:\n  name: Acme\nsources:\n  - id: hn\n    kind: rss\n    url: https://news.example.com/rss\n${FIXTURE_SLA_YAML}report:\n  periods: 2\n`,
      'earshot.yml',
      adapters,
    );
    const record = localRecord({ dir, botLogin: config.respond.botLogin, now: () => new Date(FIXTURE_NOW) });
    const r = await runReport({
      config,
      store: record.report,
      now: () => new Date(FIXTURE_NOW),
      logger: memoryLogger(),
    });
    const f = (n: number) => r.facts.find((x) => x.number === n);
    // #1: alice's /draft is a command, not an answer; its status:replied label has no time locally
    // (the fixture adds it without the bot's reply record), so the close at 24h dates it.
    expect(f(1)).toMatchObject({ firstResponseBy: 'closed', firstResponseSeconds: 86_400 });
    // #2: its status:followed-up label has no time locally, and bob's `/link #11` is a command:
    // answered, time unknown.
    expect(f(2)).toMatchObject({ responded: true, followedUp: true, leadTimeSeconds: 331_200 });
    expect(f(2)?.firstResponseSeconds).toBeUndefined();
    expect(f(3)).toMatchObject({ firstResponseBy: 'closed', firstResponseSeconds: 7200 });
    // #7: answered only by a label → answered, time unknown.
    expect(f(7)).toMatchObject({ responded: true, replied: true, firstResponseSla: 'unknown' });
    expect(f(7)?.firstResponseSeconds).toBeUndefined();
    const o = r.metrics.overall;
    expect(o.responded).toBe(6);
    // Known times: 1200 7200 14400 86400.
    expect(o.firstResponse).toMatchObject({ count: 4, median: 10_800, p90: 86_400 });
    // #1 moves from met to breached (24h against 4h), #2 from breached to unknown (no time locally).
    expect(o.sla).toMatchObject({ met: 3, breached: 2, pending: 2, unknown: 2 });
    expect(r.metrics.distribution.at(-1)).toEqual({ label: 'answered, time unknown', count: 2 });
    // The breaches are labelled in the issue files; the report is a file.
    expect(r.labeled.sort()).toEqual([1, 6]);
    expect(readFileSync(join(dir, 'issues', '00006.md'), 'utf8')).toMatch(/- sla:breached/);
    const report = readFileSync(join(dir, 'reports', '2026-W48.md'), 'utf8');
    expect(report).toContain('# Earshot report 2026-W48');
    expect(report).toContain('**4 mentions** published in 2026-W48');
    expect(r.reportIssue?.url).toBe(join(dir, 'reports', '2026-W48.md'));
  });
});
