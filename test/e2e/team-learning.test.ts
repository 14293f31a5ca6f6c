/**
 * Learning from the team, end to end through the bundled CLI on the local tracker: a scan files
 * mentions, people reclassify some (`earshot respond … /reclassify`) and close others (a guessed
 * category closed without an answer is no confirmation),
 * `earshot eval --from-issues` reports the agreement, `earshot train --from-issues` writes a model
 * file, and a scan with `classify.model` classifies a new mention the way the team taught it.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyText } from '../../src/classify/classifier.js';
import { modelFileSchema } from '../../src/classify/model-file.js';
import { LocalScanRecord } from '../../src/record/local/scan.js';
import { blogFeed } from '../helpers/blog-feed.js';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { tempWorkspace } from '../helpers/run-action.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');

/** Terse outage reports the team counts as complaints: the embedded model files them as something else. */
const TAUGHT = [
  'Acme gateway outage overnight, rebooted and back online',
  'Overnight the Acme gateway was down again until the reboot',
  'Acme gateway down overnight, a reboot brought it back',
  'Acme gateway went dark overnight again',
];
const OTHERS = [
  'Acme opened a new office in Lisbon this week',
  'Acme released version 5 of its desktop app today',
  'Acme billing charged me twice, I want a refund now, terrible support',
  'Acme announced a partnership with a logistics firm',
];

/** Each text is a post's title and text, the first one hour old, the next two hours, … */
const rss = (texts: string[]) =>
  blogFeed(texts.map((text, n) => ({ n, title: text, text, hoursAgo: n + 1 })));

describe('earshot train / eval --from-issues on the local tracker (bundled CLI)', () => {
  let server: Loopback;
  let workspace: string;
  let feed = '';
  const store = () => join(workspace, '.earshot');
  // Asynchronous: the feed server runs in this process.
  const cli = (args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { cwd: workspace, env: { ...process.env, EARSHOT_TRAINING_DATA: 'none' } },
        (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
      );
    });
  const config = (extra = '') =>
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:\n  name: Acme\nbootstrap:\n  backfill: true\nsources:\n  - id: blog\n    kind: rss\n    url: ${server.url}/feed.xml\n${extra}`,
    );

  beforeAll(async () => {
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(feed);
    });
    workspace = tempWorkspace('earshot-team-');
    config();
  });
  afterAll(async () => {
    await server.close();
  });

  it('files the mentions; people reclassify four and close four (one guess unanswered); eval --from-issues reports the agreement', async () => {
    feed = rss([...TAUGHT, ...OTHERS]);
    const scan = await cli(['scan', '--config', 'earshot.yml', '--store', store()]);
    expect(scan.code, scan.err).toBe(0);
    const issues = await new LocalScanRecord({ dir: store() }).listIssues();
    expect(issues).toHaveLength(8);
    const respond = async (n: number, args: string[]) => {
      const r = await cli([
        'respond',
        '--config',
        'earshot.yml',
        '--store',
        store(),
        '--issue',
        String(n),
        '--as',
        'alice',
        ...args,
      ]);
      expect(r.code, r.err + r.out).toBe(0);
    };
    // Two of the others were filed as guesses (below classify.needsTriageBelow, 0.6): the team
    // answers the one about the office (confirms its category) and closes the other unanswered.
    const guesses = issues.filter(
      (i) => i.labels.includes('needs-triage') && !TAUGHT.some((t) => i.title.includes(t.slice(0, 30))),
    );
    expect(guesses.map((i) => i.title)).toEqual(
      expect.arrayContaining([expect.stringContaining('new office'), expect.stringContaining('version 5')]),
    );
    expect(guesses).toHaveLength(2);
    for (const issue of issues) {
      const taught = TAUGHT.some((t) => issue.title.includes(t.slice(0, 30)));
      if (taught) {
        await respond(issue.number, ['--comment', '/reclassify complaint']);
        continue;
      }
      if (issue.title.includes('new office')) {
        const filed = /^\[(\w+)\]/.exec(issue.title)?.[1] ?? '';
        await respond(issue.number, ['--comment', `/reclassify ${filed}`]);
      }
      await respond(issue.number, ['--close', 'completed']);
    }
    const after = await new LocalScanRecord({ dir: store() }).listIssues();
    expect(after.filter((i) => i.labels.includes('needs-triage')).map((i) => i.title)).toEqual([
      expect.stringContaining('released version 5'),
    ]);
    // The embedded model filed none of the taught mentions as complaints: four corrections; three
    // closed issues confirm their category; the guess closed unanswered teaches nothing.
    const evaluation = await cli([
      'eval',
      '--from-issues',
      '--config',
      'earshot.yml',
      '--store',
      store(),
      '--json',
    ]);
    expect(evaluation.code, evaluation.err).toBe(0);
    const report = JSON.parse(evaluation.out) as {
      teamLabels: number;
      corrections: number;
      filedAgreement: number;
      classifier: string;
      current: { n: number; accuracy: number };
    };
    expect(report).toMatchObject({
      teamLabels: 7,
      corrections: 4,
      filedAgreement: 3 / 7,
      classifier: 'embedded',
    });
    expect(report.current.n).toBe(7);
    const table = await cli(['eval', '--from-issues', '--config', 'earshot.yml', '--store', store()]);
    expect(table.out).toContain('agreement as filed: 3/7 = 42.9%');
  });

  it('train --from-issues refuses with too few corrections, then with --force writes a valid model file', async () => {
    const refused = await cli(['train', '--from-issues', '--config', 'earshot.yml', '--store', store()]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/only 4 correction\(s\) so far \(at least 20/);
    const trained = await cli([
      'train',
      '--from-issues',
      '--force',
      '--config',
      'earshot.yml',
      '--store',
      store(),
      '--created',
      '2026-11-23',
    ]);
    expect(trained.code, trained.err).toBe(0);
    expect(trained.err).toMatch(/wrote .*earshot-model\.json/);
    const file = modelFileSchema.parse(
      JSON.parse(readFileSync(join(workspace, '.github', 'earshot-model.json'), 'utf8')),
    );
    expect(file.header.provenance.training.targetDomain).toBe('team');
    expect(file.header.provenance.data.map((d) => d.domain)).toEqual(['team']);
    expect(file.header.created).toBe('2026-11-23');
  });

  it('a scan with classify.model classifies a new mention the way the team taught it', async () => {
    const fresh = 'Acme gateway dark overnight, the reboot took ages';
    expect(classifyText(`${fresh}\n${fresh}`).category).not.toBe('complaint'); // the embedded model disagrees with the team
    config('classify:\n  model: .github/earshot-model.json\n');
    expect((await cli(['validate', '--config', 'earshot.yml'])).code).toBe(0);
    feed = rss([...TAUGHT, ...OTHERS, fresh]);
    const scan = await cli(['scan', '--config', 'earshot.yml', '--store', store(), '--json']);
    expect(scan.code, scan.err).toBe(0);
    expect(JSON.parse(scan.out).new).toBe(1);
    const text = readFileSync(join(store(), 'issues', '00009.md'), 'utf8');
    expect(text).toMatch(/\[complaint\]/);
  });

  it('a broken classify.model file is a clear config error naming the file', async () => {
    writeFileSync(join(workspace, 'broken-model.json'), '{"format": "nope"}');
    config('classify:\n  model: broken-model.json\n');
    const r = await cli(['validate', '--config', 'earshot.yml']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/classify\.model: broken-model\.json is not an Earshot model file/);
  });
});
