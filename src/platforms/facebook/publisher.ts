/**
 * Facebook Pages: a comment as the Page under the post, comment or recommendation the source found.
 * 1. `POST {baseUrl}/{object-id}/comments` with the form field `message`, the Page token in
 *    `Authorization: Bearer …` (it needs pages_manage_engagement; `appsecret_proof` when an app
 *    secret is configured) → `{"id": "<post-id>_<comment-id>"}`.
 * 2. `GET {baseUrl}/{new-id}?fields=permalink_url` for the link. The write has happened by then:
 *    a failure here never fails the reply (the mention's page is linked instead).
 * Errors are Graph error bodies `{"error": {"message", "type", "code", "error_subcode",
 * "fbtrace_id"}}` (shared/graph-api.ts). A write is sent once, never retried.
 */

import { PublishError, type Publisher } from '../publisher.js';
import { GRAPH_API, GRAPH_ID, postGraphMessage, proofParam } from '../shared/graph-api.js';
import { joinUrl, missingCredentials, record, send } from '../shared/publish-http.js';
import type { FacebookSource } from './source.js';

const TITLE = 'Facebook';
const PERMISSIONS = 'pages_manage_engagement (a Page token of the Page)';

export const facebookPublisher: Publisher<FacebookSource> = {
  kind: 'facebook',
  title: TITLE,
  credentials: [
    {
      name: 'pageToken',
      required: true,
      description: 'The Page access token the source reads with; replying needs pages_manage_engagement.',
    },
    {
      name: 'appSecret',
      required: false,
      description: 'The app secret, when the app requires appsecret_proof.',
    },
  ],
  check(req) {
    const id = req.marker.replyTo?.objectId;
    if (!id) return 'the mention has no Facebook post or comment id to comment on';
    if (!GRAPH_ID.test(id)) return `the mention's Facebook object id "${id.slice(0, 40)}" is not a Graph id`;
    return missingCredentials(TITLE, req, ['pageToken']);
  },
  async publish(req) {
    const objectId = req.marker.replyTo?.objectId ?? '';
    if (!GRAPH_ID.test(objectId)) throw new PublishError('the mention has no valid Facebook object id');
    const token = req.credential('pageToken') ?? '';
    const appSecret = req.credential('appSecret');
    const baseUrl = req.source?.baseUrl ?? GRAPH_API;
    const id = await postGraphMessage(req.http, {
      url: joinUrl(baseUrl, `/${objectId}/comments`),
      token,
      appSecret,
      message: req.text,
      title: TITLE,
      what: 'posting the comment',
      permissions: PERMISSIONS,
    });
    const proof = proofParam(token, appSecret);
    const headers = { authorization: `Bearer ${token}` };
    // The comment exists now: its link is nice to have, never a reason to report a failure.
    let url: string | undefined;
    if (GRAPH_ID.test(id)) {
      try {
        const link = await send(req.http, {
          url: `${joinUrl(baseUrl, `/${id}`)}?${new URLSearchParams({ fields: 'permalink_url', ...proof })}`,
          method: 'GET',
          headers,
          what: 'reading the comment link',
          write: false,
        });
        const permalink = record(link.body)?.permalink_url;
        if (link.status === 200 && typeof permalink === 'string' && /^https?:\/\//.test(permalink))
          url = permalink;
      } catch {
        // keep the fallback
      }
    }
    return { url: url ?? req.marker.url ?? `https://www.facebook.com/${id}`, id };
  },
};
