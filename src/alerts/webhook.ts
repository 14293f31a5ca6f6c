/**
 * The generic webhook: one POST of JSON per alert, signed like GitHub's X-Hub-Signature-256.
 *
 *   X-Earshot-Event: mention | spike | bootstrap
 *   X-Earshot-Delivery: <uuid>                  (also in the body: `delivery`)
 *   X-Earshot-Timestamp: <unix seconds>         (also in the body: `timestamp`)
 *   X-Earshot-Signature: sha256=<hex HMAC-SHA256 of the raw body with the shared secret>
 *
 * The timestamp and delivery id are inside the signed body, so a receiver that checks the
 * signature, then that the timestamp is recent (five minutes) and the delivery id unseen, cannot
 * be fooled by a replayed or re-dated request. verifyWebhook() does the first two.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { HttpClient } from '../http/types.js';
import type { Alert } from './types.js';

export const SIGNATURE_HEADER = 'x-earshot-signature';
export const TIMESTAMP_HEADER = 'x-earshot-timestamp';
export const DELIVERY_HEADER = 'x-earshot-delivery';
export const EVENT_HEADER = 'x-earshot-event';

export interface WebhookPayload {
  /** Payload format version. */
  version: 1;
  event: Alert['type'];
  delivery: string;
  /** Unix seconds when it was sent. */
  timestamp: number;
  alert: Alert;
}

export function sign(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

export function buildWebhookRequest(
  alert: Alert,
  secret: string | undefined,
  now: Date,
  delivery: string = randomUUID(),
): WebhookRequest {
  const timestamp = Math.floor(now.getTime() / 1000);
  const payload: WebhookPayload = { version: 1, event: alert.type, delivery, timestamp, alert };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    [EVENT_HEADER]: alert.type,
    [DELIVERY_HEADER]: delivery,
    [TIMESTAMP_HEADER]: String(timestamp),
  };
  if (secret) headers[SIGNATURE_HEADER] = sign(secret, body);
  return { body, headers };
}

export type VerifyResult = { ok: true; payload: WebhookPayload } | { ok: false; reason: string };

/**
 * What a receiver should do: check the signature over the raw body in constant time, then that
 * the signed timestamp is within `toleranceSeconds` (default 300) of its own clock.
 */
export function verifyWebhook(
  secret: string,
  rawBody: string,
  signatureHeader: string | undefined,
  now: Date = new Date(),
  toleranceSeconds = 300,
): VerifyResult {
  if (!signatureHeader?.startsWith('sha256=')) return { ok: false, reason: 'missing signature' };
  const expected = Buffer.from(sign(secret, rawBody));
  const given = Buffer.from(signatureHeader);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad signature' };
  let payload: WebhookPayload;
  try {
    payload = JSON.parse(rawBody) as WebhookPayload;
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (typeof payload.timestamp !== 'number') return { ok: false, reason: 'no timestamp' };
  if (Math.abs(now.getTime() / 1000 - payload.timestamp) > toleranceSeconds)
    return { ok: false, reason: 'stale timestamp (a replay?)' };
  return { ok: true, payload };
}

/** Sends one delivery; a non-2xx answer throws (the client retries 408/429/5xx with backoff). */
export async function postWebhook(http: HttpClient, url: string, request: WebhookRequest): Promise<void> {
  await http.request({
    url,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    retryPost: true,
    timeoutMs: 15_000,
    maxBytes: 64 * 1024,
  });
}
