/**
 * The `alerts` config section: where notifications go. URLs and secrets are never written in the
 * config: it names the environment variables that hold them (set from repository secrets).
 */
import * as z from 'zod';

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'name an environment variable (the secret itself never goes here)');

export const ALERT_EVENTS = ['mention', 'spike', 'bootstrap'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

const events = z
  .array(z.enum(ALERT_EVENTS))
  .min(1)
  .default(['mention', 'spike'])
  .describe('What this target is told about: high-priority mentions, spikes, a quiet first run.');

export const slackTargetSchema = z
  .object({
    type: z.literal('slack'),
    urlEnv: envName.describe('Environment variable holding the Slack incoming-webhook URL.'),
    events,
  })
  .strict();

export const webhookTargetSchema = z
  .object({
    type: z.literal('webhook'),
    urlEnv: envName.describe('Environment variable holding the URL to POST to.'),
    secretEnv: envName
      .optional()
      .describe('Environment variable holding the HMAC secret: X-Earshot-Signature: sha256=<hex>.'),
    events,
  })
  .strict();

export const alertsSchema = z
  .object({
    minPriority: z
      .enum(['high', 'normal', 'low'])
      .default('high')
      .describe('Mentions at or above this priority are announced when they are filed.'),
    maxMentionsPerMessage: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Mentions listed in one Slack message (the rest are counted).'),
    targets: z
      .array(z.discriminatedUnion('type', [slackTargetSchema, webhookTargetSchema]))
      .default([])
      .describe('Slack incoming webhooks and generic webhooks.'),
  })
  .default({ minPriority: 'high', maxMentionsPerMessage: 10, targets: [] })
  .describe('Notifications for high-priority mentions and spikes. A webhook that is down never fails a run.');

export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertTarget = AlertsConfig['targets'][number];

/** The environment variable names the alerts config reads (to mask their values in logs). */
export function alertSecretNames(config: AlertsConfig): string[] {
  return [
    ...new Set(
      config.targets.flatMap((t) => [
        t.urlEnv,
        ...(t.type === 'webhook' && t.secretEnv ? [t.secretEnv] : []),
      ]),
    ),
  ];
}
