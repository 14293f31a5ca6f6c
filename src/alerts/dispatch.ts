/**
 * Sends a run's alerts to every configured target. Never throws: a target that is down, refuses,
 * or is not configured in the environment is reported (a warning and a line in the result) and
 * the run goes on. After a delivery to a target has failed (with the client's retries and
 * backoff), the rest of that target's alerts in this run are not attempted: a dead endpoint costs
 * one retry cycle, not one per alert.
 */
import { HttpError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { Logger } from '../logger.js';
import type { AlertsConfig, AlertTarget } from './config.js';
import { postSlack, slackMessages } from './slack.js';
import type { Alert, AlertDelivery } from './types.js';
import { buildWebhookRequest, postWebhook } from './webhook.js';

export interface DispatchDeps {
  http: HttpClient;
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
  logger: Logger;
}

export function targetName(t: AlertTarget): string {
  return `${t.type} (${t.urlEnv})`;
}

/** Why a delivery failed, without the URL (a Slack webhook URL is itself the secret). */
export function deliveryError(error: unknown): string {
  if (error instanceof HttpError) {
    if (error.status !== undefined) return `answered HTTP ${error.status}`;
    const cause = (error.cause as { code?: string } | undefined)?.code;
    return `${error.code ?? 'failed'}${cause ? ` (${cause})` : ''}`;
  }
  return error instanceof Error ? error.name : 'failed';
}

/** Sends in order until one fails; `failed` counts the alerts carried by what was not sent. */
async function sendAll<T>(
  items: readonly T[],
  covers: (item: T) => number,
  send: (item: T) => Promise<void>,
): Promise<{ sent: number; failed: number; error?: string }> {
  let sent = 0;
  for (const [i, item] of items.entries()) {
    try {
      await send(item);
      sent++;
    } catch (error) {
      const failed = items.slice(i).reduce((n, x) => n + covers(x), 0);
      return { sent, failed, error: deliveryError(error) };
    }
  }
  return { sent, failed: 0 };
}

export async function dispatchAlerts(
  config: AlertsConfig,
  alerts: readonly Alert[],
  deps: DispatchDeps,
): Promise<AlertDelivery[]> {
  const out: AlertDelivery[] = [];
  for (const target of config.targets) {
    const mine = alerts.filter((a) => target.events.includes(a.type));
    if (mine.length === 0) continue;
    const name = targetName(target);
    const report = (d: Omit<AlertDelivery, 'target'>) => {
      out.push({ target: name, ...d });
      if (d.error)
        deps.logger.warn(
          `alert target ${name}: ${d.error}; ${d.failed} alert(s) not delivered (the run goes on)`,
        );
    };
    const url = deps.env[target.urlEnv]?.trim();
    if (!url) {
      report({ sent: 0, failed: mine.length, error: `${target.urlEnv} is not set` });
      continue;
    }
    if (!/^https?:\/\//i.test(url)) {
      report({ sent: 0, failed: mine.length, error: `${target.urlEnv} is not an http(s) URL` });
      continue;
    }
    if (target.type === 'slack') {
      const messages = slackMessages(mine, config.maxMentionsPerMessage);
      const r = await sendAll(
        messages,
        (m) => m.covers,
        (m) => postSlack(deps.http, url, m.message),
      );
      report({ sent: r.sent, failed: r.failed, ...(r.error ? { error: r.error } : {}) });
      continue;
    }
    const secret = target.secretEnv ? deps.env[target.secretEnv] : undefined;
    if (target.secretEnv && !secret) {
      report({
        sent: 0,
        failed: mine.length,
        error: `${target.secretEnv} is not set (nothing is sent unsigned)`,
      });
      continue;
    }
    const r = await sendAll(
      mine,
      () => 1,
      (a) => postWebhook(deps.http, url, buildWebhookRequest(a, secret, deps.now)),
    );
    report({ sent: r.sent, failed: r.failed, ...(r.error ? { error: r.error } : {}) });
  }
  return out;
}
