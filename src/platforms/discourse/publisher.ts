/**
 * Discourse: `POST {baseUrl}/posts.json` `{raw, topic_id, reply_to_post_number}` with the headers
 * `Api-Key` (credential `apiKey`: a key allowed to create posts) and `Api-Username` (the source
 * option `apiUsername`, the account that replies) → the new post `{id, topic_id, topic_slug,
 * post_number …}`; its link is `{baseUrl}/t/{topic_slug}/{topic_id}/{post_number}`. Refusals come
 * as `{"errors": [...]}` (422 too short, 403 not permitted, 429 rate limited).
 */

import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { DiscourseSource } from './source.js';

const TITLE = 'Discourse';

export const discoursePublisher: Publisher<DiscourseSource> = {
  kind: 'discourse',
  title: TITLE,
  credentials: [
    {
      name: 'apiKey',
      required: true,
      description:
        'An API key allowed to create posts (Admin → API → New API Key: a single-user key for the replying account, scope "posts: edit/create" or global); the source option apiUsername names that account.',
    },
  ],
  check(req) {
    const r = req.marker.replyTo;
    if (!/^\d+$/.test(r?.topicId ?? '')) return 'the mention has no Discourse topic to reply in';
    return missingCredentials(TITLE, req, ['apiKey']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const baseUrl = req.source?.baseUrl ?? r.forum;
    if (!baseUrl) throw new PublishError('no Discourse forum configured (the source option baseUrl)');
    const postNumber = Number(r.postNumber);
    const answer = await send(req.http, {
      url: joinUrl(baseUrl, '/posts.json'),
      headers: {
        'api-key': req.credential('apiKey') ?? '',
        'api-username': req.source?.apiUsername ?? 'system',
      },
      body: {
        raw: req.text,
        topic_id: Number(r.topicId),
        ...(Number.isInteger(postNumber) && postNumber > 1 ? { reply_to_post_number: postNumber } : {}),
      },
      what: 'posting the reply',
    });
    if (answer.status !== 200)
      throw statusError(TITLE, 'posting the reply', answer, {
        403: 'the key or the apiUsername account may not post in this topic',
        422: 'the forum refused the text (too short, too similar, or the topic is closed)',
      });
    const p = record(answer.body);
    const topicId = p?.topic_id;
    const number = p?.post_number;
    if (typeof topicId !== 'number' || typeof number !== 'number')
      throw new PublishError(`${TITLE} answered without the new post's topic_id and post_number`, true);
    const slug =
      typeof p?.topic_slug === 'string' && p.topic_slug ? `${encodeURIComponent(p.topic_slug)}/` : '';
    return {
      url: joinUrl(baseUrl, `/t/${slug}${topicId}/${number}`),
      ...(p?.id !== undefined ? { id: String(p.id) } : {}),
    };
  },
};
