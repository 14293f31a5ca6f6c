/**
 * bluesky: a third recorded payload parsed on its own, and no conditional requests even when a
 * server sends validators (the XRPC API sends none, so the adapter keeps none).
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { blueskyAdapter } from '../../../src/platforms/bluesky/source.js';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';
import { apiContext, pathOf } from './api-context.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const CREDS = { credentials: { identifier: 'BSKY_ID', appPassword: 'BSKY_PW' } };
const ENV = { env: { BSKY_ID: 'acme-listens.bsky.social', BSKY_PW: 'abcd-efgh-ijkl-mnop' } };

describe('bluesky parse: the last page', () => {
  it('reads a page without a cursor: one post, zero counts as zero engagement', () => {
    const items = blueskyAdapter.parse(
      {
        body: fixture('sources/bluesky/search-posts-page2.json'),
        url: 'https://bsky.social/xrpc/app.bsky.feed.searchPosts',
      },
      blueskyAdapter.schema.parse({ id: 'b', kind: 'bluesky' }),
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: 'at://did:plc:old00000000000000000000/app.bsky.feed.post/3ljzzzzzz0001',
      url: 'https://bsky.app/profile/old.bsky.social/post/3ljzzzzzz0001',
      text: 'Trying AcmeCloud for the weekend project.',
      author: '@old.bsky.social',
      published: '2025-03-09T22:40:00.000Z',
      lang: 'en',
      engagement: 0,
    });
    // A top-level post: a reply to it has the post itself as parent and as root.
    const uri = 'at://did:plc:old00000000000000000000/app.bsky.feed.post/3ljzzzzzz0001';
    const cid = 'bafyreiaaaaold00010000000000000000000000000000000000000000';
    expect(items[0]?.replyTo).toEqual({ uri, cid, rootUri: uri, rootCid: cid });
  });
});

describe('bluesky fetch: no conditional requests', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function send(res: ServerResponse, name: string): void {
    res.writeHead(200, { 'content-type': JSON_TYPE, etag: '"would-be-ignored"' });
    res.end(fixture(`sources/bluesky/${name}`));
  }
  const pds = (req: RecordedRequest, res: ServerResponse) =>
    send(
      res,
      pathOf(req.url) === '/xrpc/com.atproto.server.createSession'
        ? 'create-session.json'
        : 'search-posts-page2.json',
    );

  it('keeps no validators even when the server sends an ETag, and sends none on the next run', async () => {
    server = await startLoopback(pds);
    const entry = { service: server.url, ...CREDS, reach: false };
    const first = await blueskyAdapter.fetch(apiContext(blueskyAdapter, entry, ENV));
    expect(first.items).toHaveLength(1);
    expect(first.cursor.validators).toBeUndefined();
    await blueskyAdapter.fetch(apiContext(blueskyAdapter, entry, { ...ENV, cursor: first.cursor }));
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    for (const r of server.requests) {
      expect(r.headers['if-none-match']).toBeUndefined();
      expect(r.headers['if-modified-since']).toBeUndefined();
    }
  });
});
