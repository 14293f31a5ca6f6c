/**
 * What counts as a response (issue #17): what reached the customer or a person's own words — a
 * posted reply, a follow-up, a resolution, a comment that is not a command — never `/draft`, never a
 * refused `/approve`. Played through `earshot respond` on the local tracker, then measured.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { parseConfig } from '../../../src/config/load.js';
import { memoryLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import { localRecord } from '../../../src/record/backends.js';
import { LocalScanRecord } from '../../../src/record/local/scan.js';
import { historyFacts } from '../../../src/report/timeline.js';
import { runReport } from '../../../src/report.js';
import { configText, markerFor, mentionBody } from '../respond/helpers.js';

const FILED = '2026-11-20T09:00:00Z';
const at = (minutes: number) => new Date(Date.parse(FILED) + minutes * 60_000);

describe('first response: the timeline', () => {
  const comment = (body: string, minutes: number, bot = false) => ({
    kind: 'commented' as const,
    at: at(minutes).toISOString(),
    actor: bot ? 'github-actions[bot]' : 'alice',
    bot,
    body,
  });

  it('a command is not an answer; a person’s own words are', () => {
    expect(historyFacts(FILED, [comment('/draft', 5)]).firstResponseAt).toBeUndefined();
    expect(historyFacts(FILED, [comment('/approve', 5), comment('Sorry, only writers…', 6, true)])).toEqual({
      fixes: [],
    });
    expect(
      historyFacts(FILED, [comment('/draft', 5), comment('Emailed them, sorting it out.', 9)]),
    ).toMatchObject({
      firstResponseAt: at(9).toISOString(),
      firstResponseBy: 'comment',
    });
    // A path is not a command.
    expect(historyFacts(FILED, [comment('/etc/hosts was the cause', 3)]).firstResponseBy).toBe('comment');
    // /link still records the fix, without being a response.
    expect(historyFacts(FILED, [comment('/link #12', 4)])).toEqual({ fixes: ['#12'] });
  });
});

describe('first response: earshot respond on the local tracker, then earshot report', () => {
  it('counts the reply and the comment, not /draft or a refused /approve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-response-'));
    const store = join(dir, '.earshot');
    const configFile = join(dir, 'earshot.yml');
    writeFileSync(configFile, configText('http://127.0.0.1:9'));
    const tracker = new LocalScanRecord({ dir: store, now: () => new Date(FILED) });
    for (let n = 1; n <= 4; n++) {
      const marker = markerFor('hacker-news', { key: `hacker-news:${n}`, published: FILED });
      await tracker.create({
        key: marker.key,
        title: `[complaint] mention ${n}`,
        body: mentionBody(marker),
        labels: ['earshot', 'complaint', 'source:hacker-news', 'priority:normal'],
        assignees: [],
      });
    }
    let minutes = 0;
    const respond = async (issue: number, comment: string, extra: string[] = []) => {
      minutes += 10;
      const now = at(minutes);
      return main(
        [
          'respond',
          '--config',
          configFile,
          '--store',
          store,
          '--issue',
          String(issue),
          '--comment',
          comment,
          ...extra,
        ],
        { out: () => {}, err: () => {}, env: {}, now: () => now },
      );
    };
    expect(await respond(1, '/draft', ['--as', 'alice'])).toBe(0); // #1: only a draft
    expect(await respond(2, '/approve', ['--as', 'rando', '--permission', 'read'])).toBe(1); // #2: refused
    expect(await respond(3, '/draft', ['--as', 'alice'])).toBe(0); // #3: drafted, approved, replied
    expect(await respond(3, '/approve', ['--as', 'alice'])).toBe(0);
    expect(await respond(3, '/reply --done https://news.ycombinator.com/item?id=1', ['--as', 'alice'])).toBe(
      0,
    );
    const repliedAt = minutes;
    expect(await respond(4, 'Called them, it was the VPN. Closing soon.', ['--as', 'bob'])).toBe(0); // #4

    const config = parseConfig(configText('http://127.0.0.1:9'), 'earshot.yml', adapters);
    const r = await runReport({
      config,
      store: localRecord({ dir: store, botLogin: config.respond.botLogin, now: () => at(120) }).report,
      now: () => at(120),
      logger: memoryLogger(),
    });
    const f = (n: number) => r.facts.find((x) => x.number === n);
    expect(f(1)?.responded).toBe(false);
    expect(f(2)?.responded).toBe(false);
    expect(f(3)).toMatchObject({
      responded: true,
      firstResponseBy: 'replied',
      firstResponseSeconds: repliedAt * 60,
    });
    expect(f(4)).toMatchObject({
      responded: true,
      firstResponseBy: 'comment',
      firstResponseSeconds: minutes * 60,
    });
    expect(r.metrics.overall).toMatchObject({ mentions: 4, responded: 2, responseRate: 0.5 });
  });
});
