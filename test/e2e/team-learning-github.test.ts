/**
 * `earshot eval --from-issues --repo` against the GitHub emulator, after the bundled action handled
 * the team's corrections: `/reclassify` from a writer and a category label swapped by a writer
 * count; a reader's `/reclassify` (refused) and a marker comment forged by a person do not; closed
 * issues whose category stood are confirmations. API calls: one listing page per 100 issues plus
 * one comments read per issue whose category changed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIssue } from '../../src/issue/render.js';
import type { Mention } from '../../src/mentions/mention.js';
import { renderCommentMarker } from '../../src/respond/markers.js';
import { type Harness, ok, REPO, startHarness } from '../unit/respond/e2e-harness.js';

function seedMention(
  h: Harness,
  n: number,
  text: string,
  category: 'complaint' | 'compliment' | 'neutral',
): number {
  const mention = {
    key: `rss:team-${n}`,
    sourceId: 'blog',
    sourceKind: 'rss',
    url: `https://blog.example.com/p/${n}`,
    canonicalUrl: `https://blog.example.com/p/${n}`,
    title: '',
    text,
    author: 'Sam',
    published: '2026-11-20T10:00:00.000Z',
    fetched: '2026-11-20T10:05:00.000Z',
  } as Mention;
  const draft = renderIssue({
    mention,
    sourceName: 'blog',
    classification: { category, confidence: 0.8 },
    priority: { level: 'normal', score: 1, reason: 'test' } as never,
  });
  const seeded = h.emulator.seed({
    issues: [{ title: draft.title, body: draft.body, labels: draft.labels, user: 'github-actions[bot]' }],
  });
  const number = seeded.issues[0];
  if (number === undefined) throw new Error('seed failed');
  return number;
}

describe('eval --from-issues on GitHub (emulator, bundled action and CLI)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close_();
  });

  it('counts the corrections Earshot recorded, and nothing else, in 1 + 3 calls', async () => {
    const a = seedMention(h, 1, 'Acme gateway went dark overnight again', 'neutral');
    const b = seedMention(h, 2, 'Acme support took a week to answer', 'neutral');
    const c = seedMention(h, 3, 'Love the new Acme dashboard', 'neutral');
    const d = seedMention(h, 4, 'Acme opened an office in Lisbon', 'neutral');
    const e = seedMention(h, 5, 'Acme billing charged me twice', 'complaint');
    const f = seedMention(h, 6, 'Acme released version 5', 'compliment');
    seedMention(h, 7, 'Acme is hiring', 'neutral'); // open, untouched: says nothing

    ok((await h.comment(a, 'alice', '/reclassify complaint')).run);
    ok((await h.comment(b, 'carol', '/reclassify complaint')).run);
    ok(await h.label(c, 'alice', 'compliment')); // a writer swaps the category label
    ok((await h.comment(d, 'bob', '/reclassify complaint')).run); // bob can only read: refused
    h.emulator
      .person('mallory')
      .comment(
        f,
        `${renderCommentMarker('reclassify', { from: 'compliment', to: 'neutral', by: 'mallory', at: '2026-11-21T00:00:00Z' })}`,
      );
    ok(await h.close(e, 'alice'));
    ok(await h.close(d, 'alice'));
    expect(h.labels(c)).not.toContain('neutral');
    expect(h.labels(d)).toContain('neutral');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(process.cwd(), 'dist', 'cli.js'),
        'eval',
        '--from-issues',
        '--repo',
        REPO,
        '--config',
        'earshot.yml',
        '--json',
      ],
      {
        cwd: h.workspace,
        env: {
          ...process.env,
          GITHUB_TOKEN: 'test-token',
          GITHUB_API_URL: h.emulator.url,
          EARSHOT_THROTTLE: 'off',
        },
      },
    );
    const report = JSON.parse(stdout) as {
      issues: number;
      teamLabels: number;
      corrections: number;
      apiCalls: number;
      filedAgreement: number;
    };
    // a, b, c corrected; d and e closed as filed; f (forged marker, category unchanged, open) and g say nothing
    expect(report).toMatchObject({ issues: 7, teamLabels: 5, corrections: 3, filedAgreement: 0.4 });
    expect(report.apiCalls).toBe(4);
    expect(h.emulator.violations).toEqual([]);
  });
});
