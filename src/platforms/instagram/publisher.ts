/**
 * Instagram: a reply under the comment the source found, as the professional account.
 * `POST {baseUrl}/{ig-comment-id}/replies` with the form field `message` and the token in
 * `Authorization: Bearer …` (instagram_basic, instagram_manage_comments, pages_show_list,
 * pages_read_engagement; `appsecret_proof` when an app secret is configured) → `{"id": "<new comment id>"}`.
 * Only top-level comments take replies (a reply to a reply lands under its top-level comment);
 * hidden comments and comments on live video cannot be replied to. Instagram has no comment
 * links: the reply's link is the media's permalink. A write is sent once, never retried.
 */

import { PublishError, type Publisher } from '../publisher.js';
import { GRAPH_API, GRAPH_ID, postGraphMessage } from '../shared/graph-api.js';
import { joinUrl, missingCredentials } from '../shared/publish-http.js';
import type { InstagramSource } from './source.js';

const TITLE = 'Instagram';
const PERMISSIONS = 'instagram_basic, instagram_manage_comments, pages_show_list and pages_read_engagement';

export const instagramPublisher: Publisher<InstagramSource> = {
  kind: 'instagram',
  title: TITLE,
  credentials: [
    {
      name: 'accessToken',
      required: true,
      description: `The token the source reads with; replying needs ${PERMISSIONS}.`,
    },
    {
      name: 'appSecret',
      required: false,
      description: 'The app secret, when the app requires appsecret_proof.',
    },
  ],
  check(req) {
    const id = req.marker.replyTo?.commentId;
    if (!id)
      return 'the mention is not an Instagram comment on your media (tagged and hashtag media take no replies through the API)';
    if (!GRAPH_ID.test(id))
      return `the mention's Instagram comment id "${id.slice(0, 40)}" is not a Graph id`;
    return missingCredentials(TITLE, req, ['accessToken']);
  },
  async publish(req) {
    const commentId = req.marker.replyTo?.commentId ?? '';
    if (!GRAPH_ID.test(commentId)) throw new PublishError('the mention has no valid Instagram comment id');
    const id = await postGraphMessage(req.http, {
      url: joinUrl(req.source?.baseUrl ?? GRAPH_API, `/${commentId}/replies`),
      token: req.credential('accessToken') ?? '',
      appSecret: req.credential('appSecret'),
      message: req.text,
      title: TITLE,
      what: 'posting the reply',
      permissions: PERMISSIONS,
    });
    return {
      url: req.marker.url ?? 'https://www.instagram.com/',
      id,
    };
  },
};
