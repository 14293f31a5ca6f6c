/**
 * Mastodon: `POST {instance}/api/v1/statuses` with `status`, `in_reply_to_id` and `visibility`,
 * `Authorization: Bearer <accessToken>` (scope `write:statuses`) and an `Idempotency-Key` (the
 * server answers a repeated key with the status it already created, so a retry never doubles).
 * The status id is the one on the configured instance (the one the source searched). The reply
 * mentions the author (`{author}` in the playbook) so they are notified.
 */

import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { MastodonSource } from './source.js';

const TITLE = 'Mastodon';

export const mastodonPublisher: Publisher<MastodonSource> = {
  kind: 'mastodon',
  title: TITLE,
  credentials: [
    {
      name: 'accessToken',
      required: true,
      description:
        'An access token of the account that replies, with the scopes read:search and write:statuses (Preferences → Development → New application).',
    },
  ],
  check(req) {
    if (!req.marker.replyTo?.statusId) return 'the mention has no Mastodon status id to reply to';
    return missingCredentials(TITLE, req, ['accessToken']);
  },
  async publish(req) {
    const instance = req.source?.instance ?? req.marker.replyTo?.instance ?? 'https://mastodon.social';
    if (!instance) throw new PublishError('no Mastodon instance configured');
    const answer = await send(req.http, {
      url: joinUrl(instance, '/api/v1/statuses'),
      headers: {
        authorization: `Bearer ${req.credential('accessToken') ?? ''}`,
        'idempotency-key': req.idempotencyKey,
      },
      body: { status: req.text, in_reply_to_id: req.marker.replyTo?.statusId ?? '', visibility: 'public' },
      what: 'posting the reply',
    });
    if (answer.status < 200 || answer.status >= 300)
      throw statusError(TITLE, 'posting the reply', answer, {
        403: 'the token needs the scope write:statuses',
        404: 'the status to reply to is gone or not visible to this account',
        422: 'Mastodon refused the text',
      });
    const status = record(answer.body);
    const url =
      typeof status?.url === 'string' ? status.url : typeof status?.uri === 'string' ? status.uri : undefined;
    if (!url) throw new PublishError(`${TITLE} answered ${answer.status} without the new status's url`, true);
    return { url, ...(typeof status?.id === 'string' ? { id: status.id } : {}) };
  },
};
