/**
 * The bundled action against the GitHub emulator, with the default quiet first run and alerts:
 * the first run files one summary issue instead of the mentions already out there; the next run
 * files a new high-priority mention, tells a webhook receiver on loopback (which checks the HMAC
 * signature) and reports — without failing — a Slack webhook that refuses connections.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifyWebhook } from '../../src/alerts/webhook.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { blogFeed } from '../helpers/blog-feed.js';
import { type Loopback, startLoopback } from '../helpers/loopback.js';
import { runActionOnEmulator, tempWorkspace, withoutMaskCommands } from '../helpers/run-action.js';

const SECRET = 'e2e-webhook-secret';

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('triage in the bundled action', () => {
  let emulator: Emulator;
  let blog: Loopback;
  let receiver: Loopback;
  let slackPort: number;
  let workspace: string;
  const verdicts: string[] = [];
  const items = [
    {
      n: 1,
      title: 'AcmeCloud charged me twice',
      text: 'AcmeCloud billing charged me twice. I want a refund.',
      daysAgo: 3,
    },
    { n: 2, title: 'Thanks Acme', text: 'The Acme team is amazing, thank you!', daysAgo: 4 },
  ];
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'acme/mentions' });
    blog = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(blogFeed(items.map((i) => ({ ...i, hoursAgo: i.daysAgo * 24 }))));
    });
    receiver = await startLoopback((req, res) => {
      const v = verifyWebhook(SECRET, req.body, req.headers[SIGNATURE_HEADER] as string | undefined);
      verdicts.push(v.ok ? `${v.payload.event}:ok` : v.reason);
      res.writeHead(v.ok ? 204 : 401).end();
    });
    slackPort = await refusedPort();
    workspace = tempWorkspace();
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:
  name: Acme
  products: [AcmeCloud]
sources:
  - id: blog
    kind: rss
    url: ${blog.url}/feed.xml
alerts:
  targets:
    - type: webhook
      urlEnv: EARSHOT_WEBHOOK_URL
      secretEnv: EARSHOT_WEBHOOK_SECRET
      events: [mention, spike, bootstrap]
    - type: slack
      urlEnv: SLACK_WEBHOOK_URL
`,
    );
  });
  afterAll(async () => {
    await blog.close();
    await receiver.close();
    await emulator.close();
  });

  const run = () =>
    runActionOnEmulator({
      workspace,
      apiUrl: emulator.url,
      mode: 'auto',
      token: 't',
      env: {
        EARSHOT_WEBHOOK_URL: `${receiver.url}/earshot`,
        EARSHOT_WEBHOOK_SECRET: SECRET,
        SLACK_WEBHOOK_URL: `http://127.0.0.1:${slackPort}/services/T000/B000/XXXX`,
      },
    });

  type Issue = { title: string; labels: string[]; body: string };

  it('a quiet first run files one summary issue, not the mentions already out there', async () => {
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['new-issues']).toBe('0');
    const issues = emulator.state.issues as Issue[];
    expect(issues.map((i) => [i.title, i.labels])).toEqual([
      ['Earshot started listening: 2 existing mention(s) skipped', ['earshot-summary']],
    ]);
    expect(issues[0]?.body).toContain('By category: 1 complaint, 1 compliment.');
    expect(verdicts).toEqual(['bootstrap:ok']);
    expect(result.summary).toContain(
      'Quiet first run of blog: 2 existing mention(s) recorded without filing',
    );
    // the Slack URL is a secret: masked (the runner reads ::add-mask::), and never printed otherwise
    expect(result.stdout).toContain('::add-mask::http://127.0.0.1');
    expect(withoutMaskCommands(result.stdout)).not.toContain('T000/B000/XXXX');
    expect(emulator.violations).toEqual([]);
  });

  it('then files a new high-priority mention, alerts the webhook, and reports Slack being down', async () => {
    items.push({
      n: 3,
      title: 'AcmeCloud lost my data',
      text: 'AcmeCloud lost my data and support is silent. Talking to a lawyer, never again.',
      daysAgo: 0,
    });
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['new-issues']).toBe('1');
    const filed = (emulator.state.issues as Issue[]).filter((i) => i.labels.includes('earshot'));
    expect(filed).toHaveLength(1);
    expect(filed[0]?.labels).toEqual(expect.arrayContaining(['priority:high', 'complaint']));
    // severity capped at 3 (three terms), complaint +1; the first three terms are named
    expect(filed[0]?.body).toContain(
      '| Priority | high — score 4 — complaint; severity: lawyer, never again, lost my data |',
    );
    expect(verdicts).toEqual(['bootstrap:ok', 'mention:ok']);
    expect(result.stdout).toMatch(/::warning::alert target slack \(SLACK_WEBHOOK_URL\): network/);
    expect(result.summary).toContain('Alerts to slack (SLACK_WEBHOOK_URL) FAILED');
    expect(result.summary).toContain('Alerts to webhook (EARSHOT_WEBHOOK_URL): 1 sent.');
    expect(result.summary).toContain('Priority of the issues filed: 1 high, 0 normal, 0 low.');
    expect(withoutMaskCommands(result.stdout)).not.toContain('T000/B000/XXXX');
  });
});
