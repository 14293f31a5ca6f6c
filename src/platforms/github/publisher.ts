/**
 * GitHub issues, pull requests and discussions found by the `github` source:
 * - issue or PR: `POST {baseUrl}/repos/{owner}/{repo}/issues/{number}/comments` `{body}` → 201
 *   with `html_url`;
 * - discussion: GraphQL `addDiscussionComment(input: {discussionId, body})` at `{graphqlUrl}` →
 *   `data.addDiscussionComment.comment.url` (GraphQL errors arrive with status 200).
 * The token is the source's `token` credential: a token of the account that replies, allowed to
 * comment on those repositories (the workflow's GITHUB_TOKEN can only write to its own repository).
 */

import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { GithubSource } from './source.js';

const TITLE = 'GitHub';
const API_VERSION = '2022-11-28';

export function graphqlUrlFor(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/api\/v3$/.test(base) ? base.replace(/\/api\/v3$/, '/api/graphql') : `${base}/graphql`;
}

const ADD_DISCUSSION_COMMENT =
  'mutation($discussionId: ID!, $body: String!) { addDiscussionComment(input: {discussionId: $discussionId, body: $body}) { comment { id url } } }';

export const githubPublisher: Publisher<GithubSource> = {
  kind: 'github',
  title: TITLE,
  credentials: [
    {
      name: 'token',
      required: true,
      description:
        'A token of the account that replies, allowed to comment there (fine-grained: Issues, Pull requests and Discussions read and write on those repositories; or a classic token with public_repo).',
    },
  ],
  check(req) {
    const r = req.marker.replyTo;
    if (!r?.repo || !/^[\w.-]+\/[\w.-]+$/.test(r.repo))
      return 'the mention has no GitHub repository to reply in';
    if (r.type === 'discussion' ? !r.nodeId : !/^\d+$/.test(r.number ?? ''))
      return 'the mention has no GitHub issue number or discussion id to reply to';
    return missingCredentials(TITLE, req, ['token']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const baseUrl = req.source?.baseUrl ?? 'https://api.github.com';
    const headers = {
      authorization: `Bearer ${req.credential('token') ?? ''}`,
      'x-github-api-version': API_VERSION,
      accept: 'application/vnd.github+json',
    };
    if (r.type === 'discussion') {
      const url = req.source?.graphqlUrl ?? graphqlUrlFor(baseUrl);
      const answer = await send(req.http, {
        url,
        headers,
        body: { query: ADD_DISCUSSION_COMMENT, variables: { discussionId: r.nodeId ?? '', body: req.text } },
        what: 'commenting on the discussion',
      });
      if (answer.status !== 200) throw statusError(TITLE, 'commenting on the discussion', answer);
      const errors = record(answer.body)?.errors;
      if (Array.isArray(errors) && errors.length > 0) {
        const words = errors
          .map((e) => (typeof record(e)?.message === 'string' ? String(record(e)?.message) : 'error'))
          .join('; ')
          .slice(0, 300);
        throw new PublishError(`${TITLE} refused the discussion comment: "${words}"`);
      }
      const comment = record(record(record(record(answer.body)?.data)?.addDiscussionComment)?.comment);
      if (typeof comment?.url !== 'string')
        throw new PublishError(`${TITLE} answered without the comment's url`, true);
      return { url: comment.url, ...(typeof comment.id === 'string' ? { id: comment.id } : {}) };
    }
    const [owner, repo] = (r.repo ?? '').split('/');
    const answer = await send(req.http, {
      url: joinUrl(
        baseUrl,
        `/repos/${encodeURIComponent(owner ?? '')}/${encodeURIComponent(repo ?? '')}/issues/${r.number}/comments`,
      ),
      headers,
      body: { body: req.text },
      what: 'commenting on the issue',
    });
    if (answer.status !== 201)
      throw statusError(TITLE, 'commenting on the issue', answer, {
        403: 'the token may not comment there (or the conversation is locked)',
        404: 'the issue is gone, or the token cannot see the repository',
        410: 'issues are disabled in that repository',
      });
    const c = record(answer.body);
    if (typeof c?.html_url !== 'string')
      throw new PublishError(`${TITLE} answered without the comment's html_url`, true);
    return { url: c.html_url, ...(c.id !== undefined ? { id: String(c.id) } : {}) };
  },
};
