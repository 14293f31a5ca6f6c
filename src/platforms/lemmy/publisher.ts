/**
 * Lemmy (API v3, 0.19): `POST {instance}/api/v3/comment` `{content, post_id, parent_id?}` with
 * `Authorization: Bearer <jwt>` (credential `jwt`, a logged-in account on that instance) →
 * `{comment_view: {comment: {id, ap_id …}}}`; `ap_id` is the comment's canonical link.
 */

import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { LemmySource } from './source.js';

const TITLE = 'Lemmy';

export const lemmyPublisher: Publisher<LemmySource> = {
  kind: 'lemmy',
  title: TITLE,
  credentials: [
    {
      name: 'jwt',
      required: true,
      description:
        'The login token (JWT) of the replying account on the configured instance (POST /api/v3/user/login).',
    },
  ],
  check(req) {
    if (!/^\d+$/.test(req.marker.replyTo?.postId ?? '')) return 'the mention has no Lemmy post to reply in';
    return missingCredentials(TITLE, req, ['jwt']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const instance = req.source?.instance ?? r.instance;
    if (!instance) throw new PublishError('no Lemmy instance configured');
    const answer = await send(req.http, {
      url: joinUrl(instance, '/api/v3/comment'),
      headers: { authorization: `Bearer ${req.credential('jwt') ?? ''}` },
      body: {
        content: req.text,
        post_id: Number(r.postId),
        ...(r.type === 'comment' && /^\d+$/.test(r.commentId ?? '')
          ? { parent_id: Number(r.commentId) }
          : {}),
      },
      what: 'posting the comment',
    });
    if (answer.status !== 200) throw statusError(TITLE, 'posting the comment', answer);
    const comment = record(record(record(answer.body)?.comment_view)?.comment);
    if (typeof comment?.ap_id !== 'string')
      throw new PublishError(`${TITLE} answered without the comment's ap_id`, true);
    return { url: comment.ap_id, ...(comment.id !== undefined ? { id: String(comment.id) } : {}) };
  },
};
