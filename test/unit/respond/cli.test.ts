/** `earshot respond` on the local tracker: the same commands, with comments kept under .earshot/comments/. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { LocalRespondRecord } from '../../../src/record/local/respond.js';
import { LocalScanRecord } from '../../../src/record/local/scan.js';
import { parseCommentMarker } from '../../../src/respond/markers.js';
import { configText, markerFor, mentionBody } from './helpers.js';

describe('earshot respond (local tracker)', () => {
  let dir: string;
  let store: string;
  let config: string;
  let out: string[];
  let err: string[];
  const io = () => ({
    out: (s: string) => out.push(s),
    err: (s: string) => err.push(s),
    env: {},
    now: () => new Date('2026-11-20T10:00:00Z'),
  });
  const respond = (...args: string[]) =>
    main(['respond', '--config', config, '--store', store, ...args], io());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-cli-respond-'));
    store = join(dir, '.earshot');
    config = join(dir, 'earshot.yml');
    writeFileSync(config, configText('http://127.0.0.1:9'));
    out = [];
    err = [];
    const marker = markerFor('hacker-news');
    await new LocalScanRecord({ dir: store }).create({
      key: marker.key,
      title: '[complaint] pg_fan on hn: AcmeCloud billing',
      body: mentionBody(marker),
      labels: ['earshot', 'complaint', 'source:hacker-news', 'priority:high'],
      assignees: [],
    });
  });

  it('drafts, approves, gives copy-ready text, records the manual reply and resolves', async () => {
    expect(await respond('--issue', '1', '--comment', '/draft', '--as', 'alice')).toBe(0);
    expect(out.join('\n')).toContain('### Reply draft for Hacker News');
    expect(out.at(-1)).toMatch(/^ok \(draft\): drafted a hacker-news reply/);
    expect(await respond('--issue', '1', '--comment', '/approve', '--as', 'alice')).toBe(0);
    expect(await respond('--issue', '1', '--comment', '/reply', '--as', 'alice', '--json')).toBe(0);
    const json = JSON.parse(out.at(-1) ?? '{}') as { outcome: string; comments: string[] };
    expect(json.outcome).toBe('ok');
    expect(json.comments[0]).toContain('https://news.ycombinator.com/reply?id=43299871');
    expect(await respond('--issue', '1', '--comment', '/reply --done', '--as', 'alice')).toBe(0);
    expect(await respond('--issue', '1', '--comment', '/resolve', '--as', 'alice')).toBe(0);

    const port = new LocalRespondRecord({ dir: store, botLogin: 'github-actions[bot]' });
    const issue = await port.getIssue(1);
    expect(issue).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(issue?.labels).toEqual(expect.arrayContaining(['status:replied']));
    const comments = await port.listComments(1);
    expect(
      comments.map((c) => (c.user.login === 'alice' ? c.body : (parseCommentMarker(c.body)?.type ?? 'text'))),
    ).toEqual([
      '/draft',
      'draft',
      '/approve',
      'approval',
      '/reply',
      'text',
      '/reply --done',
      'replied',
      '/resolve',
      'closing',
    ]);
    // every command here was answered by a comment: no reaction (the outcome is the acknowledgement)
    expect(await port.reactionsOf(comments[0]?.id ?? 0)).toEqual([]);
    expect(readFileSync(join(store, 'issues', '00001.md'), 'utf8')).toContain('state: closed');
  });

  it('labels and closing work too; a person without write access is refused (exit 1)', async () => {
    expect(await respond('--issue', '1', '--label', 'question', '--as', 'alice')).toBe(0);
    expect((await new LocalRespondRecord({ dir: store, botLogin: 'x' }).getIssue(1))?.title).toMatch(
      /^\[question\]/,
    );
    expect(
      await respond('--issue', '1', '--comment', '/resolve', '--as', 'bob', '--permission', 'read'),
    ).toBe(1);
    expect(out.join('\n')).toContain('Thanks @bob');
    expect(await respond('--issue', '1', '--close', 'not_planned', '--as', 'alice')).toBe(0);
    expect(out.join('\n')).toContain('Dismissed by @alice');
  });

  it('explains bad usage', async () => {
    expect(await respond('--comment', '/draft')).toBe(1);
    expect(err.join('\n')).toContain('needs --issue N');
    expect(await respond('--issue', '1')).toBe(1);
    expect(err.join('\n')).toContain('exactly one of');
    expect(await respond('--issue', '9', '--comment', '/draft')).toBe(1);
    expect(err.join('\n')).toContain('#9 is not in');
  });
});
