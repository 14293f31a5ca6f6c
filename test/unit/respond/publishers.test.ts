/**
 * Each reply publisher against a local server shaped like the platform's official API
 * (reply-servers.ts), and GitHub issue comments against the GitHub emulator (OpenAPI-validated).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { blueskyPublisher, facetsFor } from '../../../src/platforms/bluesky/publisher.js';
import { discoursePublisher } from '../../../src/platforms/discourse/publisher.js';
import { githubPublisher, graphqlUrlFor } from '../../../src/platforms/github/publisher.js';
import { platforms, publisherRegistry } from '../../../src/platforms/index.js';
import { lemmyPublisher } from '../../../src/platforms/lemmy/publisher.js';
import { mastodonPublisher } from '../../../src/platforms/mastodon/publisher.js';
import { PublishError, type Publisher, type PublishRequest } from '../../../src/platforms/publisher.js';
import { redditPublisher } from '../../../src/platforms/reddit/publisher.js';
import { youtubePublisher, youtubeTokenUrl } from '../../../src/platforms/youtube/publisher.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { type Emulator, startEmulator } from '../../github-emulator/index.js';
import { ENV, makeConfig, markerFor, NOW } from './helpers.js';
import { type ReplyServers, startReplyServers } from './reply-servers.js';

let servers: ReplyServers;
const http = createHttpClient({ retries: 0 });

beforeAll(async () => {
  servers = await startReplyServers();
});
afterAll(async () => {
  await servers.close();
});
beforeEach(() => {
  servers.posts.length = 0;
  for (const k of Object.keys(servers.fail)) delete servers.fail[k as keyof typeof servers.fail];
});

function request(
  kind: string,
  text: string,
  over: { marker?: Partial<MarkerData>; env?: Record<string, string>; base?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: one helper builds requests for every platform's publisher
): PublishRequest<any> {
  const config = makeConfig('', over.base ?? servers.url);
  const marker = markerFor(kind, over.marker);
  const source = config.sources.find((s) => s.id === marker.source);
  const env: Record<string, string> = over.env ?? ENV;
  return {
    text,
    marker,
    source,
    credential: (name) => {
      const v = source?.credentials?.[name];
      return v ? env[v] : undefined;
    },
    http,
    now: NOW,
    idempotencyKey: 'earshot-test-1',
  };
}

async function failure(p: Publisher, req: PublishRequest): Promise<PublishError> {
  try {
    await p.publish(req);
  } catch (error) {
    if (error instanceof PublishError) return error;
    throw error;
  }
  throw new Error('expected a PublishError');
}

describe('registry', () => {
  it('has a publisher for each source kind whose API accepts replies', () => {
    expect([...publisherRegistry.keys()].sort()).toEqual([
      'app-store-connect',
      'bluesky',
      'discourse',
      'facebook',
      'github',
      'google-business',
      'google-play',
      'instagram',
      'lemmy',
      'mastodon',
      'reddit',
      'trustpilot',
      'x',
      'youtube',
    ]);
  });

  it('each publisher belongs to the platform of its kind', () => {
    for (const p of platforms) if (p.publisher) expect(p.publisher.kind, p.source.kind).toBe(p.source.kind);
  });
});

describe('Mastodon', () => {
  const text = '@mira@mastodon.social Sorry AcmeCloud let you down. — the Acme team';

  it('posts a public reply to the status with the token and an Idempotency-Key', async () => {
    const req = request('mastodon', text);
    expect(mastodonPublisher.check(req)).toBeUndefined();
    const result = await mastodonPublisher.publish(req);
    expect(result.url).toMatch(/^https:\/\/mastodon\.social\/@acme\/\d+$/);
    expect(servers.posts).toHaveLength(1);
    expect(servers.posts[0]?.body).toEqual({
      status: text,
      in_reply_to_id: '114137700000000000',
      visibility: 'public',
    });
    expect(servers.posts[0]?.headers['idempotency-key']).toBe('earshot-test-1');
  });

  it('a repeated Idempotency-Key returns the first status instead of posting twice', async () => {
    const a = await mastodonPublisher.publish({ ...request('mastodon', text), idempotencyKey: 'k-repeat' });
    const b = await mastodonPublisher.publish({ ...request('mastodon', text), idempotencyKey: 'k-repeat' });
    expect(b.url).toBe(a.url);
    expect(servers.posts).toHaveLength(1);
  });

  it("reports Mastodon's own words on 422 and 401", async () => {
    const long = await failure(mastodonPublisher, {
      ...request('mastodon', 'x'.repeat(501)),
      idempotencyKey: 'k2',
    });
    expect(long.message).toContain('HTTP 422');
    expect(long.message).toContain('Text character limit of 500 exceeded');
    expect(long.ambiguous).toBe(false);
    const bad = await failure(
      mastodonPublisher,
      request('mastodon', text, { env: { ...ENV, MASTO_TOKEN: 'wrong' } }),
    );
    expect(bad.message).toContain('The access token is invalid');
  });

  it('check names missing credentials and targets', () => {
    expect(mastodonPublisher.check(request('mastodon', text, { env: {} }))).toContain('MASTO_TOKEN is empty');
    expect(mastodonPublisher.check(request('mastodon', text, { marker: { replyTo: {} } }))).toContain(
      'status id',
    );
  });

  it('a dropped connection is reported as ambiguous (the reply may exist)', async () => {
    servers.fail.mastodon = { drop: true };
    const e = await failure(mastodonPublisher, { ...request('mastodon', text), idempotencyKey: 'k3' });
    expect(e.ambiguous).toBe(true);
    expect(e.message).toContain('may have been posted anyway');
  });
});

describe('Bluesky', () => {
  const text =
    '@mira.bsky.social sorry AcmeCloud let you down. Details: https://status.acme.example/x — the Acme team';

  it('signs in, then creates an app.bsky.feed.post reply with root, parent and facets', async () => {
    const result = await blueskyPublisher.publish(request('bluesky', text));
    expect(result.url).toMatch(/^https:\/\/bsky\.app\/profile\/acme\.bsky\.social\/post\/3lkreply\d{5}$/);
    const body = servers.posts[0]?.body as {
      repo: string;
      collection: string;
      record: Record<string, unknown>;
    };
    expect(body.repo).toBe('did:plc:acme00000000000000000000');
    expect(body.collection).toBe('app.bsky.feed.post');
    expect(body.record).toMatchObject({
      $type: 'app.bsky.feed.post',
      text,
      createdAt: NOW.toISOString(),
      reply: {
        parent: { uri: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde0000' },
        root: { uri: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde0000' },
      },
    });
    const facets = body.record.facets as {
      index: { byteStart: number; byteEnd: number };
      features: { $type: string }[];
    }[];
    expect(facets.map((f) => f.features[0]?.$type)).toEqual([
      'app.bsky.richtext.facet#mention',
      'app.bsky.richtext.facet#link',
    ]);
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.subarray(facets[0]?.index.byteStart, facets[0]?.index.byteEnd).toString()).toBe(
      '@mira.bsky.social',
    );
    expect(bytes.subarray(facets[1]?.index.byteStart, facets[1]?.index.byteEnd).toString()).toBe(
      'https://status.acme.example/x',
    );
  });

  it('facet offsets are UTF-8 bytes, not UTF-16 units', () => {
    const t = 'Désolé 🙏 @mira.bsky.social, voir https://a.example/é';
    const [mention, link] = facetsFor(t, { handle: 'mira.bsky.social', did: 'did:plc:x' });
    const b = Buffer.from(t, 'utf8');
    expect(b.subarray(mention?.index.byteStart, mention?.index.byteEnd).toString()).toBe('@mira.bsky.social');
    expect(b.subarray(link?.index.byteStart, link?.index.byteEnd).toString()).toBe('https://a.example/é');
  });

  it('refuses over 300 graphemes before sending, and reports a refused sign-in', async () => {
    const long = await failure(blueskyPublisher, request('bluesky', '👍🏽'.repeat(301)));
    expect(long.message).toContain('301 graphemes');
    expect(servers.posts).toHaveLength(0);
    expect(await blueskyPublisher.publish(request('bluesky', '👍🏽'.repeat(300)))).toHaveProperty('url');
    const bad = await failure(
      blueskyPublisher,
      request('bluesky', text, { env: { ...ENV, BSKY_PASSWORD: 'nope' } }),
    );
    expect(bad.message).toContain('Invalid identifier or password');
  });
});

describe('Reddit', () => {
  const text = 'Hi u/throwaway_ops, sorry about this — we are on it. — the Acme team';

  it('gets a user token with the refresh token, then comments on the thing', async () => {
    const result = await redditPublisher.publish(request('reddit', text));
    expect(result).toEqual({
      url: `${servers.url}/reddit-www/r/devops/comments/1j7acme1/acmecloud_billing/mq0acme/`,
      id: 't1_mq0acme',
    });
    expect(servers.posts[0]?.body).toEqual({ api_type: 'json', thing_id: 't3_1j7acme1', text });
    expect(servers.posts[0]?.headers['user-agent']).toMatch(/earshot/i);
  });

  it('uses the password grant of a script app when there is no refresh token', async () => {
    const env = { ...ENV, REDDIT_REFRESH: '', R_USER: 'acme_support', R_PASS: 'hunter2' };
    const req = request('reddit', text, { env });
    const creds: Record<string, string> = {
      ...(req.source?.credentials as Record<string, string>),
      username: 'R_USER',
      password: 'R_PASS',
    };
    const source = { ...req.source, credentials: creds };
    const r = {
      ...req,
      source,
      credential: (n: string) => {
        const name = creds[n];
        return name ? (env as Record<string, string>)[name] || undefined : undefined;
      },
    };
    expect(redditPublisher.check(r)).toBeUndefined();
    expect((await redditPublisher.publish(r)).url).toContain('/mq0acme/');
  });

  it("reports Reddit's refusal inside a 200 answer, and a refused grant", async () => {
    servers.fail.reddit = {
      status: 200,
      body: {
        json: { errors: [['RATELIMIT', 'Take a break for 5 minutes before trying again.', 'ratelimit']] },
      },
    };
    const e = await failure(redditPublisher, request('reddit', text));
    expect(e.message).toContain('RATELIMIT: Take a break');
    delete servers.fail.reddit;
    const bad = await failure(
      redditPublisher,
      request('reddit', text, { env: { ...ENV, REDDIT_REFRESH: 'expired' } }),
    );
    expect(bad.message).toContain('invalid_grant');
  });

  it('check wants a user grant', () => {
    expect(redditPublisher.check(request('reddit', text, { env: { ...ENV, REDDIT_REFRESH: '' } }))).toContain(
      'refreshToken',
    );
  });
});

describe('Discourse', () => {
  const text = 'Hi @dana, thanks for the detailed report; we are looking into it now. — the Acme team';

  it('posts into the topic as a reply to the post, with Api-Key and Api-Username', async () => {
    const result = await discoursePublisher.publish(request('discourse', text));
    expect(result).toEqual({ url: `${servers.url}/forum/t/export-fails-with-acmecloud/501/5`, id: '9230' });
    expect(servers.posts[0]?.body).toEqual({ raw: text, topic_id: 501, reply_to_post_number: 4 });
  });

  it("reports the forum's words on 422 and 403", async () => {
    expect((await failure(discoursePublisher, request('discourse', 'Too short'))).message).toContain(
      'Body is too short',
    );
    const denied = await failure(
      discoursePublisher,
      request('discourse', text, { env: { ...ENV, FORUM_KEY: 'x' } }),
    );
    expect(denied.message).toContain('HTTP 403');
    expect(denied.message).toContain('not permitted');
  });
});

describe('Lemmy', () => {
  it('comments under the comment (parent_id) in its post with the JWT', async () => {
    const result = await lemmyPublisher.publish(
      request('lemmy', 'Thanks kit, we are on it. — the Acme team'),
    );
    expect(result).toEqual({ url: 'https://lemmy.world/comment/7730001', id: '7730001' });
    expect(servers.posts[0]?.body).toEqual({
      content: 'Thanks kit, we are on it. — the Acme team',
      post_id: 1402211,
      parent_id: 7720001,
    });
  });
});

describe('YouTube', () => {
  it('gets an access token with the refresh token, then replies under the comment', async () => {
    const result = await youtubePublisher.publish(
      request('youtube', 'Thanks for the review! — the Acme team'),
    );
    expect(result).toEqual({
      url: 'https://www.youtube.com/watch?v=acmeVideo01&lc=UgzAcmeComment0001.AcmeReply0001',
      id: 'UgzAcmeComment0001.AcmeReply0001',
    });
    expect(servers.posts[0]?.body).toEqual({
      snippet: { parentId: 'UgzAcmeComment0001', textOriginal: 'Thanks for the review! — the Acme team' },
    });
  });

  it("reports Google's error message, and an expired refresh token", async () => {
    servers.fail.youtube = {
      status: 403,
      body: (await import('../../fixtures/publishers/youtube/error-403.json')).default,
    };
    const e = await failure(youtubePublisher, request('youtube', 'x'));
    expect(e.message).toContain('comments have been disabled for the video');
    delete servers.fail.youtube;
    const expired = await failure(
      youtubePublisher,
      request('youtube', 'x', { env: { ...ENV, YT_REFRESH: 'old' } }),
    );
    expect(expired.message).toContain('Token has been expired or revoked');
    expect(youtubePublisher.check(request('youtube', 'x', { env: { ...ENV, YT_REFRESH: '' } }))).toContain(
      'oauthRefreshToken',
    );
  });

  it('uses Google’s token endpoint for the real API root', () => {
    expect(youtubeTokenUrl('https://www.googleapis.com/youtube/v3')).toBe(
      'https://oauth2.googleapis.com/token',
    );
    expect(youtubeTokenUrl('http://127.0.0.1:1/youtube')).toBe('http://127.0.0.1:1/youtube/oauth2/token');
  });
});

describe('GitHub', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ repo: 'octo-labs/pipeline' });
    emulator.seed({
      repo: 'octo-labs/pipeline',
      issues: Array.from({ length: 3 }, (_, i) => ({ title: `Issue ${i + 1}`, body: 'x' })),
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('comments on an issue through the REST API (checked against the OpenAPI description)', async () => {
    const req = request('github', 'Hi @octo-dev, thanks — fixed in v2.3. — the Acme team', {
      base: servers.url,
      marker: { replyTo: { repo: 'octo-labs/pipeline', number: '2', type: 'issue' } },
    });
    const r = { ...req, source: { ...req.source, baseUrl: emulator.url } };
    const result = await githubPublisher.publish(r);
    expect(result.url).toMatch(/\/octo-labs\/pipeline\/issues\/2#issuecomment-\d+$/);
    const comments = emulator.stateOf('octo-labs/pipeline').comments;
    expect(comments.map((c) => [c.issue_number, c.body])).toEqual([
      [2, 'Hi @octo-dev, thanks — fixed in v2.3. — the Acme team'],
    ]);
    expect(emulator.violations).toEqual([]);
  });

  it('a missing issue is a clear 404', async () => {
    const req = request('github', 'hello', {
      marker: { replyTo: { repo: 'octo-labs/pipeline', number: '99', type: 'issue' } },
    });
    const e = await failure(githubPublisher, { ...req, source: { ...req.source, baseUrl: emulator.url } });
    expect(e.message).toContain('HTTP 404');
    expect(e.message).toContain('the issue is gone');
  });

  it('comments on a discussion with the addDiscussionComment mutation', async () => {
    const req = request('github', 'Thanks for the discussion!', {
      marker: {
        replyTo: { repo: 'acme-community/forum', number: '88', type: 'discussion', nodeId: 'D_kwDOAcme0001' },
      },
    });
    const result = await githubPublisher.publish(req);
    expect(result.url).toBe(
      'https://github.com/acme-community/forum/discussions/88#discussioncomment-1130001',
    );
    expect(servers.posts[0]?.body).toMatchObject({
      variables: { discussionId: 'D_kwDOAcme0001', body: 'Thanks for the discussion!' },
    });
  });

  it('GraphQL errors (status 200) are failures with their message', async () => {
    const req = request('github', 'x', {
      marker: { replyTo: { repo: 'a/b', number: '1', type: 'discussion', nodeId: 'D_gone' } },
    });
    expect((await failure(githubPublisher, req)).message).toContain('Could not resolve to a node');
  });

  it('derives the GraphQL endpoint like the source does', () => {
    expect(graphqlUrlFor('https://api.github.com')).toBe('https://api.github.com/graphql');
    expect(graphqlUrlFor('https://ghe.acme.example/api/v3/')).toBe('https://ghe.acme.example/api/graphql');
  });
});
