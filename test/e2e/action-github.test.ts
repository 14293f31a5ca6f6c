/**
 * The bundled action, run as a runner runs it (INPUT_*, GITHUB_* variables, a schedule event),
 * against the GitHub emulator and a feed on loopback: one create call per new mention carrying
 * title, body, labels, milestone; labels created once; state on the earshot-state branch; a second
 * run files nothing and costs only reads; a read-only token names the missing permission.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMarker } from '../../src/record/marker.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { blogFeed } from '../helpers/blog-feed.js';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { runActionOnEmulator, tempWorkspace } from '../helpers/run-action.js';

function feed(now: number): string {
  return blogFeed(
    [
      {
        n: 1,
        title: 'AcmeCloud charged me twice',
        text: 'AcmeCloud billing charged me twice. Terrible, I want a refund. cc @octocat see #12',
        hoursAgo: 24,
      },
      { n: 2, title: 'Thanks Acme', text: 'The Acme team is amazing, thank you!', hoursAgo: 48 },
      { n: 3, title: 'AcmeCloud export?', text: 'How do I export my data from AcmeCloud?', hoursAgo: 72 },
      { n: 4, title: 'Cooking', text: 'Nothing to see here.', hoursAgo: 24 },
    ],
    now,
  );
}

describe('the bundled action against the GitHub emulator', () => {
  let emulator: Emulator;
  let server: Loopback;
  let workspace: string;
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions' });
    const body = feed(Date.now());
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
    workspace = tempWorkspace();
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:\n  name: Acme\n  products: [AcmeCloud]\nbootstrap:\n  backfill: true\nsources:\n  - id: blog\n    kind: rss\n    url: ${server.url}/feed.xml\n`,
    );
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
  });

  const run = (token = 'test-token') =>
    runActionOnEmulator({
      workspace,
      apiUrl: emulator.url,
      mode: 'auto',
      token,
      env: { GITHUB_RUN_ID: '1001' },
    });

  it('refuses a read-only token and names the missing permission', async () => {
    emulator.setToken('read-only', { readOnly: true });
    const result = await run('read-only');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('issues: write');
    expect(emulator.state.issues).toHaveLength(0);
  });

  it('files one issue per new mention with one create call each', async () => {
    emulator.calls.reset();
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['new-issues']).toBe('3');
    expect(emulator.calls.count('POST /repos/{owner}/{repo}/issues')).toBe(3);
    expect(emulator.calls.count('PATCH /repos/{owner}/{repo}/issues/{issue_number}')).toBe(0);
    const issues = emulator.state.issues as {
      title: string;
      body: string;
      labels: string[];
      milestone: string | null;
    }[];
    expect(issues).toHaveLength(3);
    const complaint = issues.find((i) => i.title.startsWith('[complaint]'));
    expect(complaint?.labels).toEqual(
      expect.arrayContaining(['earshot', 'complaint', 'source:rss', 'priority:high']),
    );
    expect(complaint?.milestone).toMatch(/^\d{4}-W\d\d$/);
    // untrusted text: no ping, no cross-link
    expect(complaint?.body).not.toMatch(/(^|[^`])@octocat/);
    expect(complaint?.body).not.toMatch(/(^|[^`\\])#12\b/);
    expect(new Set(issues.map((i) => parseMarker(i.body)?.key)).size).toBe(3);
    const labels = (emulator.state.labels as { name: string; color: string }[]).map((l) => l.name);
    expect(labels).toEqual(expect.arrayContaining(['earshot', 'complaint', 'priority:high', 'source:rss']));
    expect(result.summary).toContain('Earshot scan');
    expect(emulator.violations).toEqual([]);
  });

  it('a second run files nothing, writes nothing and reads at most 3 times', async () => {
    emulator.calls.reset();
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['new-issues']).toBe('0');
    const calls = emulator.calls.snapshot();
    expect(calls.writes).toBe(0);
    expect(calls.total).toBeLessThanOrEqual(3);
    expect(emulator.state.issues).toHaveLength(3);
  });
});
