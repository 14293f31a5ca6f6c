/**
 * The bundled action, run as a runner runs it, on the embedded local tracker (no token):
 * a scheduled scan files each new mention once into .earshot/, writes outputs and a job summary,
 * and a second run files nothing.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { runAction, tempWorkspace } from '../helpers/run-action.js';

function feed(now: number): string {
  const day = 86_400_000;
  const item = (n: number, title: string, text: string, ago: number) => `
    <item>
      <title>${title}</title>
      <link>https://blog.example.com/posts/${n}?utm_source=feed</link>
      <guid isPermaLink="false">post-${n}</guid>
      <pubDate>${new Date(now - ago * day).toUTCString()}</pubDate>
      <description>${text}</description>
    </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example blog</title><link>https://blog.example.com/</link>
${item(1, 'AcmeCloud charged me twice', 'AcmeCloud billing charged me twice this month. Terrible support, I want a refund.', 1)}
${item(2, 'Thank you Acme', 'Shout-out to the Acme support team, they fixed my account in minutes. Amazing!', 2)}
${item(3, 'How do I export from AcmeCloud?', 'Does anyone know how to export all my data from AcmeCloud to CSV?', 3)}
${item(4, 'Gardening tips', 'Nothing about any company here at all.', 1)}
${item(5, 'Old Acme story', 'Acme did something long ago.', 60)}
</channel></rss>`;
}

describe('the bundled action on the local tracker', () => {
  let server: Loopback;
  let workspace: string;
  beforeAll(async () => {
    const body = feed(Date.now());
    server = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(body);
    });
    workspace = tempWorkspace();
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:\n  name: Acme\n  products: [AcmeCloud]\nbootstrap:\n  backfill: true\nsources:\n  - id: blog\n    kind: rss\n    url: ${server.url}/feed.xml\n`,
    );
  });
  afterAll(async () => server.close());

  const inputs = {
    'github-token': '',
    config: 'earshot.yml',
    mode: 'auto',
    'dry-run': 'false',
    'max-new-issues': '',
  };

  it('a dry run scans and writes a summary but files nothing', async () => {
    const run = await runAction({ workspace, inputs: { ...inputs, 'dry-run': 'true' } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['new-issues']).toBe('3');
    expect(run.summary).toContain('Earshot scan');
    expect(run.summary).toContain('Dry run');
    expect(() => readdirSync(join(workspace, '.earshot', 'issues'))).toThrow();
  });

  it('files each new mention once, and a second run files nothing', async () => {
    const first = await runAction({ workspace, inputs });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs['new-issues']).toBe('3');
    expect(first.outputs['sources-failed']).toBe('0');
    expect(JSON.parse(first.outputs.result ?? '{}')).toMatchObject({ new: 3, deferred: 0 });
    const files = readdirSync(join(workspace, '.earshot', 'issues'));
    expect(files).toHaveLength(3);
    const body = readFileSync(join(workspace, '.earshot', 'issues', files[0]!), 'utf8');
    expect(body).toMatch(/^---\nnumber: 1\ntitle: /);
    expect(body).toContain('<!-- earshot:v1 ');
    expect(readFileSync(join(workspace, '.earshot', 'index.md'), 'utf8')).toContain('3 issue(s)');

    const second = await runAction({ workspace, inputs });
    expect(second.code).toBe(0);
    expect(second.outputs['new-issues']).toBe('0');
    expect(readdirSync(join(workspace, '.earshot', 'issues'))).toHaveLength(3);
  });

  it('fails loudly when every source failed, after writing its outputs and summary', async () => {
    writeFileSync(
      join(workspace, 'down.yml'),
      `company:\n  name: Acme\nsources:\n  - id: down\n    kind: rss\n    url: ${server.url.replace(/:\d+$/, ':9')}/feed.xml\n`,
    );
    const run = await runAction({ workspace, inputs: { ...inputs, config: 'down.yml' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Earshot: every source failed \(1 of 1\): nothing could be fetched/);
    expect(run.outputs['sources-failed']).toBe('1');
    expect(run.summary).toContain('1 of 1 source(s) failed');
  });

  it('fails with the file and field when the config is broken', async () => {
    writeFileSync(
      join(workspace, 'broken.yml'),
      'company:\n  name: Acme\nsources:\n  - id: x\n    kind: rss\n',
    );
    const run = await runAction({ workspace, inputs: { ...inputs, config: 'broken.yml' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*broken\.yml.*line 4.*sources\[0\]\.url/s);
  });
});
