/**
 * Alerts over HTTP against receivers on 127.0.0.1: a generic webhook receiver that verifies the
 * HMAC signature, a Slack stand-in, a webhook that answers 500, and one that refuses connections.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsSchema } from '../../../src/alerts/config.js';
import { dispatchAlerts } from '../../../src/alerts/dispatch.js';
import type { Alert } from '../../../src/alerts/types.js';
import {
  buildWebhookRequest,
  SIGNATURE_HEADER,
  sign,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from '../../../src/alerts/webhook.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

const SECRET = 'shh-its-a-test-secret';
const NOW = new Date('2026-11-20T10:40:00Z');

const alerts: Alert[] = [
  {
    type: 'mention',
    key: 'rss:1',
    title: '[complaint] ann on blog: charged twice <!channel>',
    priority: 'high',
    category: 'complaint',
    reason: 'score 4.5 — complaint; severity: refund',
    source: 'rss',
    url: 'https://blog.example.com/1',
    issueNumber: 1,
    issueUrl: 'https://github.com/acme/mentions/issues/1',
  },
  {
    type: 'spike',
    query: 'company',
    metric: 'complaint',
    periodStart: '2026-11-20T10:00:00.000Z',
    periodEnd: '2026-11-20T11:00:00.000Z',
    count: 9,
    mean: 1,
    sigma: 1,
    threshold: 5,
    baselinePeriods: 12,
    mentions: [],
  },
];

/** A port on 127.0.0.1 with nothing listening (connection refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('signatures', () => {
  it('sign() is HMAC-SHA256 of the raw body, hex, like X-Hub-Signature-256', () => {
    // known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
    expect(sign('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('verifyWebhook accepts the real thing and refuses a forged body, a wrong secret and a replay', () => {
    const req = buildWebhookRequest(alerts[0]!, SECRET, NOW, 'delivery-1');
    const signature = req.headers[SIGNATURE_HEADER];
    expect(req.headers[TIMESTAMP_HEADER]).toBe(String(NOW.getTime() / 1000));
    expect(verifyWebhook(SECRET, req.body, signature, NOW)).toMatchObject({
      ok: true,
      payload: { event: 'mention', delivery: 'delivery-1', timestamp: NOW.getTime() / 1000 },
    });
    const forged = req.body.replace('charged twice', 'all good');
    expect(verifyWebhook(SECRET, forged, signature, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook('other', req.body, signature, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook(SECRET, req.body, undefined, NOW)).toEqual({
      ok: false,
      reason: 'missing signature',
    });
    const tenMinutesLater = new Date(NOW.getTime() + 600_000);
    expect(verifyWebhook(SECRET, req.body, signature, tenMinutesLater)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('stale'),
    });
  });
});

describe('dispatchAlerts', () => {
  let receiver: Loopback;
  let slack: Loopback;
  let broken: Loopback;
  const verdicts: string[] = [];
  beforeAll(async () => {
    receiver = await startLoopback((req, res) => {
      const v = verifyWebhook(SECRET, req.body, req.headers[SIGNATURE_HEADER] as string | undefined, NOW);
      verdicts.push(v.ok ? 'ok' : v.reason);
      res.writeHead(v.ok ? 204 : 401).end();
    });
    slack = await startLoopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    broken = await startLoopback((_req, res) => {
      res.writeHead(500).end('boom');
    });
  });
  afterAll(async () => {
    await receiver.close();
    await slack.close();
    await broken.close();
  });

  const http = () => createHttpClient({ retryBaseMs: 1, retryMaxMs: 2, retries: 2 });

  it('delivers each alert to a webhook whose receiver verifies the signature', async () => {
    const logger = memoryLogger();
    const config = alertsSchema.parse({
      targets: [{ type: 'webhook', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' }],
    });
    const out = await dispatchAlerts(config, alerts, {
      http: http(),
      env: { HOOK_URL: `${receiver.url}/earshot`, HOOK_SECRET: SECRET },
      now: NOW,
      logger,
    });
    expect(out).toEqual([{ target: 'webhook (HOOK_URL)', sent: 2, failed: 0 }]);
    expect(verdicts).toEqual(['ok', 'ok']);
    const events = receiver.requests.map((r) => [r.headers['x-earshot-event'], r.headers['content-type']]);
    expect(events).toEqual([
      ['mention', 'application/json; charset=utf-8'],
      ['spike', 'application/json; charset=utf-8'],
    ]);
    const body = JSON.parse(receiver.requests[0]!.body) as { alert: { title: string } };
    expect(body.alert.title).toBe(alerts[0]!.type === 'mention' ? alerts[0]!.title : '');
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('posts Slack messages as JSON {text, blocks}, filtered by the events the target wants', async () => {
    const config = alertsSchema.parse({
      targets: [{ type: 'slack', urlEnv: 'SLACK_URL', events: ['spike'] }],
    });
    const out = await dispatchAlerts(config, alerts, {
      http: http(),
      env: { SLACK_URL: `${slack.url}/services/T/B/X` },
      now: NOW,
      logger: memoryLogger(),
    });
    expect(out).toEqual([{ target: 'slack (SLACK_URL)', sent: 1, failed: 0 }]);
    expect(slack.requests).toHaveLength(1);
    const message = JSON.parse(slack.requests[0]!.body) as { text: string; blocks: unknown[] };
    expect(message.text).toContain('spike of complaints');
    expect(message.blocks.length).toBeGreaterThan(0);
  });

  it('a webhook answering 500 is retried with backoff, then reported, and the run goes on', async () => {
    const logger = memoryLogger();
    const config = alertsSchema.parse({
      targets: [
        { type: 'webhook', urlEnv: 'DOWN_URL', secretEnv: 'HOOK_SECRET' },
        { type: 'slack', urlEnv: 'SLACK_URL' },
      ],
    });
    const before = slack.requests.length;
    const out = await dispatchAlerts(config, alerts, {
      http: http(),
      env: { DOWN_URL: `${broken.url}/hook`, HOOK_SECRET: SECRET, SLACK_URL: `${slack.url}/services/T/B/X` },
      now: NOW,
      logger,
    });
    expect(out[0]).toEqual({ target: 'webhook (DOWN_URL)', sent: 0, failed: 2, error: 'answered HTTP 500' });
    expect(broken.requests).toHaveLength(3); // one attempt + 2 retries, then the target is given up for this run
    expect(out[1]).toEqual({ target: 'slack (SLACK_URL)', sent: 2, failed: 0 });
    expect(slack.requests.length - before).toBe(2);
    const warning = logger.lines.find((l) => l.level === 'warn')?.message ?? '';
    expect(warning).toContain('webhook (DOWN_URL): answered HTTP 500; 2 alert(s) not delivered');
    expect(warning).not.toContain(broken.url); // the URL may be a secret: never logged
  });

  it('a refused connection is reported as a network failure, never thrown', async () => {
    const port = await closedPort();
    const out = await dispatchAlerts(
      alertsSchema.parse({ targets: [{ type: 'slack', urlEnv: 'SLACK_URL' }] }),
      alerts,
      { http: http(), env: { SLACK_URL: `http://127.0.0.1:${port}/x` }, now: NOW, logger: memoryLogger() },
    );
    expect(out).toEqual([
      { target: 'slack (SLACK_URL)', sent: 0, failed: 2, error: expect.stringMatching(/^network/) },
    ]);
  });

  it('a target whose variables are not set is reported, and nothing is ever sent unsigned', async () => {
    const config = alertsSchema.parse({
      targets: [
        { type: 'slack', urlEnv: 'MISSING_URL' },
        { type: 'webhook', urlEnv: 'HOOK_URL', secretEnv: 'MISSING_SECRET' },
      ],
    });
    const before = receiver.requests.length;
    const out = await dispatchAlerts(config, alerts, {
      http: http(),
      env: { HOOK_URL: `${receiver.url}/earshot` },
      now: NOW,
      logger: memoryLogger(),
    });
    expect(out).toEqual([
      { target: 'slack (MISSING_URL)', sent: 0, failed: 2, error: 'MISSING_URL is not set' },
      {
        target: 'webhook (HOOK_URL)',
        sent: 0,
        failed: 2,
        error: 'MISSING_SECRET is not set (nothing is sent unsigned)',
      },
    ]);
    expect(receiver.requests.length).toBe(before);
  });

  it('the config only takes environment variable names, never a URL', () => {
    expect(() =>
      alertsSchema.parse({ targets: [{ type: 'slack', urlEnv: 'https://hooks.slack.com/services/x' }] }),
    ).toThrow(/environment variable/);
  });
});
