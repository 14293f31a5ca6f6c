/**
 * The bundled action with `classify.llm` pointing at a local server that speaks the OpenAI
 * chat-completions protocol, against the GitHub emulator: issues get the language model's
 * categories; when the model fails, every mention is still filed, classified by the embedded
 * model, and the summary says so. The API key never reaches the logs.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { blogFeed } from '../helpers/blog-feed.js';
import { type FakeLlm, startFakeLlm } from '../helpers/fake-llm.js';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { runActionOnEmulator, tempWorkspace, withoutMaskCommands } from '../helpers/run-action.js';

const KEY = 'sk-e2e-llm-key-7f3a';

/** The posts as [n, title, text], n hours old. */
const feed = (posts: [number, string, string][]) =>
  blogFeed(posts.map(([n, title, text]) => ({ n, title, text, hoursAgo: n })));

describe('the bundled action with the LLM classifier', () => {
  let emulator: Emulator;
  let server: Loopback;
  let llm: FakeLlm;
  let workspace: string;
  let body = '';
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions' });
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
    // The fake model calls everything a question: the embedded model never would for these texts.
    llm = await startFakeLlm(() => ({ category: 'question', confidence: 0.93 }));
    workspace = tempWorkspace();
    writeFileSync(
      join(workspace, 'earshot.yml'),
      [
        'company:\n  name: Acme\n  products: [AcmeCloud]',
        'bootstrap:\n  backfill: true',
        `sources:\n  - id: blog\n    kind: rss\n    url: ${server.url}/feed.xml`,
        `classify:\n  llm:\n    endpoint: ${llm.url}/inference\n    model: local/classifier\n    apiKeyEnv: LLM_KEY\n    batchSize: 2\n    timeoutMs: 3000`,
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await llm.close();
    await server.close();
    await emulator.close();
  });

  const run = () =>
    runActionOnEmulator({ workspace, apiUrl: emulator.url, mode: 'scan', env: { LLM_KEY: KEY } });
  const issues = () => emulator.state.issues as { title: string; labels: string[] }[];

  it("files every mention with the model's category, three mentions in two requests", async () => {
    body = feed([
      [1, 'AcmeCloud charged me twice', 'AcmeCloud billing charged me twice. Terrible, I want a refund.'],
      [2, 'Thanks Acme', 'The Acme team is amazing, thank you!'],
      [3, 'Acme news', 'Acme opened an office in Lisbon.'],
    ]);
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['new-issues']).toBe('3');
    expect(llm.batches().map((b) => b.length)).toEqual([2, 1]);
    expect(llm.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(issues()).toHaveLength(3);
    for (const issue of issues()) {
      expect(issue.title).toMatch(/^\[question\]/);
      expect(issue.labels).toContain('question');
    }
    expect(result.summary).toContain('local/classifier classified 3 mention(s) in 2 request(s)');
    expect(result.stdout).toContain(`::add-mask::${KEY}`);
    expect(withoutMaskCommands(`${result.stdout}\n${result.stderr}\n${result.summary}`)).not.toContain(KEY);
    expect(emulator.violations).toEqual([]);
  });

  it('when the model fails, the new mentions are still filed, by the embedded model, and the summary says why', async () => {
    llm.mode = 'http-500';
    body = feed([
      [
        4,
        'AcmeCloud is down again',
        'AcmeCloud has been down for hours, worst outage ever, support is useless.',
      ],
      [5, 'Love Acme', 'I love the new Acme dashboard, great work, thank you!'],
    ]);
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['new-issues']).toBe('2');
    const fresh = issues().slice(3);
    expect(fresh.map((i) => i.title.match(/^\[(\w+)\]/)?.[1]).sort()).toEqual(['complaint', 'compliment']);
    expect(result.stdout).toMatch(/classifier: local\/classifier: the language model answered HTTP 500/);
    expect(result.summary).toMatch(/the embedded model classified 2/);
    expect(result.stdout).toContain(`::add-mask::${KEY}`);
    expect(withoutMaskCommands(`${result.stdout}\n${result.stderr}\n${result.summary}`)).not.toContain(KEY);
  });

  it('earshot eval --llm scores the configured model on a JSONL (the bundled CLI)', async () => {
    llm.mode = 'ok';
    llm.requests.length = 0;
    llm.answer = (t) => ({ category: /refund/.test(t) ? 'complaint' : 'compliment', confidence: 0.8 });
    const data = join(workspace, 'labeled.jsonl');
    writeFileSync(
      data,
      [
        { text: 'I want a refund now', label: 'complaint' },
        { text: 'refund me, this is broken', label: 'complaint' },
        { text: 'great product', label: 'compliment' },
        { text: 'refund please, nice team though', label: 'compliment' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const cli = join(process.cwd(), 'dist', 'cli.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'eval', '--data', data, '--llm', '--config', join(workspace, 'earshot.yml'), '--json'],
      { env: { ...process.env, LLM_KEY: KEY }, cwd: workspace },
    );
    const report = JSON.parse(stdout) as { n: number; accuracy: number };
    expect(report.n).toBe(4);
    expect(report.accuracy).toBe(0.75); // the fake's rule misreads the last row: the score is really computed
    expect(llm.batches().map((b) => b.length)).toEqual([2, 2]);
  });
});
