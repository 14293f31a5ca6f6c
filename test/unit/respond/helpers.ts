/** Shared setup for respond tests: a config, mention issue bodies, deps and events. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/config/load.js';
import type { EarshotConfig } from '../../../src/config/schema.js';
import type { HttpClient } from '../../../src/http/types.js';
import { memoryLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import { type MarkerData, renderMarker } from '../../../src/record/marker.js';
import type { PortUser, RespondRecord } from '../../../src/record/respond-port.js';
import type { EventIssue, RespondDeps, RespondEvent } from '../../../src/respond/types.js';
import type { MemoryPort } from './memory-port.js';

export const NOW = new Date('2026-11-20T10:00:00Z');

export function configText(base: string, extra = ''): string {
  return `company:
  name: Acme
  products: [AcmeCloud]
sources:
  - id: masto
    kind: mastodon
    instance: ${base}/mastodon
    credentials: { accessToken: MASTO_TOKEN }
  - id: sky
    kind: bluesky
    service: ${base}/bsky
    credentials: { identifier: BSKY_ID, appPassword: BSKY_PASSWORD }
  - id: reddit
    kind: reddit
    baseUrl: ${base}/reddit-www
    apiUrl: ${base}/reddit-oauth
    credentials: { clientId: REDDIT_ID, clientSecret: REDDIT_SECRET, refreshToken: REDDIT_REFRESH }
  - id: forum
    kind: discourse
    baseUrl: ${base}/forum
    apiUsername: acme_support
    credentials: { apiKey: FORUM_KEY }
  - id: gh
    kind: github
    baseUrl: ${base}/github
    graphqlUrl: ${base}/github/graphql
    credentials: { token: GH_REPLY_TOKEN }
  - id: lemmy
    kind: lemmy
    instance: ${base}/lemmy
    credentials: { jwt: LEMMY_JWT }
  - id: yt
    kind: youtube
    videoIds: [acmeVideo01]
    baseUrl: ${base}/youtube
    credentials: { apiKey: YT_KEY, oauthClientId: YT_CLIENT, oauthClientSecret: YT_SECRET, oauthRefreshToken: YT_REFRESH }
  - id: hn
    kind: hacker-news
${extra}`;
}

export function makeConfig(extra = '', base = 'http://127.0.0.1:9'): EarshotConfig {
  return parseConfig(configText(base, extra), 'test.yml', adapters);
}

export const ENV = {
  MASTO_TOKEN: 'masto-secret',
  BSKY_ID: 'acme.bsky.social',
  BSKY_PASSWORD: 'app-pass-1234',
  REDDIT_ID: 'rid',
  REDDIT_SECRET: 'rsecret',
  REDDIT_REFRESH: 'rrefresh',
  FORUM_KEY: 'forum-key',
  GH_REPLY_TOKEN: 'gh-reply-token',
  LEMMY_JWT: 'lemmy-jwt',
  YT_KEY: 'yt-key',
  YT_CLIENT: 'yt-client',
  YT_SECRET: 'yt-secret',
  YT_REFRESH: 'yt-refresh',
};

const MARKERS: Record<string, Partial<MarkerData>> = {
  mastodon: {
    source: 'masto',
    url: 'https://mastodon.social/@mira/114137700000000000',
    author: '@mira@mastodon.social',
    replyTo: { statusId: '114137700000000000', instance: 'https://mastodon.social' },
  },
  bluesky: {
    source: 'sky',
    url: 'https://bsky.app/profile/mira.bsky.social/post/3lk2abcde0000',
    author: '@mira.bsky.social',
    replyTo: {
      uri: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde0000',
      cid: 'bafyreib2rxk3rh6kzwq2nq3xqoxzyrqyn4pkgtnjkqhqfbgnvkl7cxs2q4',
      rootUri: 'at://did:plc:mira0000000000000000000/app.bsky.feed.post/3lk2abcde0000',
      rootCid: 'bafyreib2rxk3rh6kzwq2nq3xqoxzyrqyn4pkgtnjkqhqfbgnvkl7cxs2q4',
    },
  },
  reddit: {
    source: 'reddit',
    url: 'https://www.reddit.com/r/devops/comments/1j7acme1/acmecloud_billing/',
    author: 'u/throwaway_ops',
    replyTo: { thingId: 't3_1j7acme1' },
  },
  discourse: {
    source: 'forum',
    url: 'https://community.acme.example/t/export-fails/501/4',
    author: 'dana',
    replyTo: { forum: 'https://community.acme.example', topicId: '501', postNumber: '4', postId: '9101' },
  },
  github: {
    source: 'gh',
    url: 'https://github.com/octo-labs/pipeline/issues/412',
    author: 'octo-dev',
    replyTo: { repo: 'octo-labs/pipeline', number: '412', type: 'issue', nodeId: 'I_kwDOAcme412' },
  },
  lemmy: {
    source: 'lemmy',
    url: 'https://lemmy.world/comment/7720001',
    author: 'kit',
    replyTo: { instance: 'https://lemmy.world', type: 'comment', commentId: '7720001', postId: '1402211' },
  },
  youtube: {
    source: 'yt',
    url: 'https://www.youtube.com/watch?v=acmeVideo01&lc=UgzAcmeComment0001',
    author: '@dev_reviews',
    replyTo: { videoId: 'acmeVideo01', parentId: 'UgzAcmeComment0001' },
  },
  'hacker-news': {
    source: 'hn',
    url: 'https://news.ycombinator.com/item?id=43299871',
    author: 'pg_fan',
    replyTo: { itemId: '43299871', storyId: '43290000' },
  },
};

export function markerFor(kind: string, over: Partial<MarkerData> = {}): MarkerData {
  return {
    key: `${kind}:k1`,
    source: 'masto',
    kind,
    published: '2026-11-19T09:00:00Z',
    category: 'complaint',
    confidence: 0.91,
    priority: 'high',
    ...MARKERS[kind],
    ...over,
  };
}

export function mentionBody(
  marker: MarkerData,
  quote = 'AcmeCloud billing charged me twice, I want a refund',
): string {
  return `> ${quote}\n\n**[Read it where it was said](${marker.url ?? 'https://example.com'})**\n\n| | |\n|---|---|\n\n${renderMarker(marker)}`;
}

/** Adds an Earshot mention issue of a kind to a memory port. */
export function addMention(port: MemoryPort, number: number, kind: string, over: Partial<MarkerData> = {}) {
  const marker = markerFor(kind, over);
  return port.add({
    number,
    title: `[${marker.category}] ${marker.author ?? 'someone'} on ${kind}: AcmeCloud billing`,
    body: mentionBody(marker),
    labels: ['earshot', marker.category, `source:${kind}`, 'priority:high'],
  });
}

export function makeDeps(
  port: RespondRecord,
  over: Partial<RespondDeps> = {},
): RespondDeps & { logger: ReturnType<typeof memoryLogger> } {
  const logger = memoryLogger();
  const http: HttpClient = {
    request: async () => {
      throw new Error('no HTTP in this test');
    },
  };
  return {
    config: makeConfig(),
    port,
    http,
    env: ENV,
    now: () => NOW,
    logger,
    root: mkdtempSync(join(tmpdir(), 'earshot-respond-')),
    ...over,
  } as RespondDeps & { logger: ReturnType<typeof memoryLogger> };
}

const ALICE: PortUser = { login: 'alice', type: 'User' };

export function eventIssue(port: MemoryPort, n: number): EventIssue {
  const i = port.issues.get(n);
  if (!i) throw new Error(`no issue ${n}`);
  return {
    number: i.number,
    title: i.title,
    body: i.body,
    labels: [...i.labels],
    state: i.state,
    stateReason: i.stateReason,
    assignees: [...i.assignees],
    url: i.url,
    isPullRequest: i.isPullRequest ?? false,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** A person's comment on issue n, as the issue_comment event carries it. */
export function commentEvent(
  port: MemoryPort,
  n: number,
  body: string,
  user: PortUser = ALICE,
): RespondEvent {
  const c = port.personComment(n, user.login, body);
  return {
    kind: 'comment',
    action: 'created',
    issue: eventIssue(port, n),
    comment: { id: c.id, body, user },
    sender: user,
  };
}

/** A person adding a label (the label is on the issue already, as in GitHub's payload). */
export function labelEvent(port: MemoryPort, n: number, label: string, user: PortUser = ALICE): RespondEvent {
  const i = port.issues.get(n);
  if (i && !i.labels.includes(label)) i.labels.push(label);
  return { kind: 'label', action: 'labeled', issue: eventIssue(port, n), label, sender: user };
}
