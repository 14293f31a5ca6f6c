/**
 * Bluesky (AT Protocol):
 * 1. `POST {service}/xrpc/com.atproto.server.createSession` `{identifier, password}` → `accessJwt`,
 *    `did`, `handle` (the app password of the replying account, the same credentials the source uses);
 * 2. `POST {service}/xrpc/com.atproto.repo.createRecord` `{repo: did, collection: app.bsky.feed.post,
 *    record: {$type, text, createdAt, reply: {root: {uri, cid}, parent: {uri, cid}}, facets?}}`
 *    → `{uri, cid}`. `parent` is the mention, `root` its thread's first post.
 * Facets make the author's `@handle` a mention (their DID comes from the post's at:// URI) and
 * URLs links, with UTF-8 byte offsets as the lexicon requires. A post is at most 300 graphemes.
 */
import { graphemes } from '../../mentions/code-points.js';
import { PublishError, type Publisher } from '../publisher.js';
import { joinUrl, missingCredentials, record, send, statusError } from '../shared/publish-http.js';
import type { BlueskySource } from './source.js';

const TITLE = 'Bluesky';
const LIMIT = 300;

interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: (
    | { $type: 'app.bsky.richtext.facet#mention'; did: string }
    | { $type: 'app.bsky.richtext.facet#link'; uri: string }
  )[];
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

/** Mention and link facets for a post text. */
export function facetsFor(text: string, mention?: { handle: string; did: string }): Facet[] {
  const facets: Facet[] = [];
  if (mention) {
    const needle = `@${mention.handle}`;
    let from = 0;
    for (let i = text.indexOf(needle, from); i >= 0; i = text.indexOf(needle, from)) {
      const after = text[i + needle.length];
      if (after === undefined || !/[\w.-]/.test(after)) {
        facets.push({
          index: { byteStart: byteOffset(text, i), byteEnd: byteOffset(text, i + needle.length) },
          features: [{ $type: 'app.bsky.richtext.facet#mention', did: mention.did }],
        });
      }
      from = i + needle.length;
    }
  }
  for (const m of text.matchAll(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g)) {
    const start = m.index ?? 0;
    facets.push({
      index: { byteStart: byteOffset(text, start), byteEnd: byteOffset(text, start + m[0].length) },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri: m[0] }],
    });
  }
  return facets.sort((a, b) => a.index.byteStart - b.index.byteStart);
}

/** `at://did:plc:x/app.bsky.feed.post/rkey` → its parts. */
export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | undefined {
  const m = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/([a-zA-Z0-9.]+)\/([A-Za-z0-9._~:-]+)$/.exec(uri);
  return m?.[1] && m[2] && m[3] ? { did: m[1], collection: m[2], rkey: m[3] } : undefined;
}

export const blueskyPublisher: Publisher<BlueskySource> = {
  kind: 'bluesky',
  title: TITLE,
  credentials: [
    {
      name: 'identifier',
      required: true,
      description: 'The handle (or DID/email) of the account that replies.',
    },
    {
      name: 'appPassword',
      required: true,
      description: 'An app password of that account (Settings → Privacy and security → App passwords).',
    },
  ],
  check(req) {
    const r = req.marker.replyTo;
    if (!r?.uri || !r.cid) return 'the mention has no Bluesky post uri and cid to reply to';
    return missingCredentials(TITLE, req, ['identifier', 'appPassword']);
  },
  async publish(req) {
    const r = req.marker.replyTo ?? {};
    const service = req.source?.service ?? 'https://bsky.social';
    const length = graphemes(req.text);
    if (length > LIMIT) throw new PublishError(`the reply is ${length} graphemes; Bluesky allows ${LIMIT}`);
    const session = await send(req.http, {
      url: joinUrl(service, '/xrpc/com.atproto.server.createSession'),
      body: { identifier: req.credential('identifier') ?? '', password: req.credential('appPassword') ?? '' },
      what: 'signing in',
      write: false,
    });
    if (session.status !== 200)
      throw statusError(TITLE, 'signing in', session, { 401: 'check identifier and appPassword' });
    const s = record(session.body);
    const jwt = typeof s?.accessJwt === 'string' ? s.accessJwt : undefined;
    const did = typeof s?.did === 'string' ? s.did : undefined;
    const handle = typeof s?.handle === 'string' ? s.handle : undefined;
    if (!jwt || !did) throw new PublishError(`${TITLE} signed in without an accessJwt and did`);
    const parent = { uri: r.uri ?? '', cid: r.cid ?? '' };
    const root = { uri: r.rootUri ?? parent.uri, cid: r.rootCid ?? parent.cid };
    const authorDid = parseAtUri(parent.uri)?.did;
    const authorHandle = req.marker.author?.replace(/^@/, '');
    const facets = facetsFor(
      req.text,
      authorDid && authorHandle && !authorHandle.startsWith('did:')
        ? { handle: authorHandle, did: authorDid }
        : undefined,
    );
    const post = {
      $type: 'app.bsky.feed.post',
      text: req.text,
      createdAt: req.now.toISOString(),
      reply: { root, parent },
      ...(facets.length > 0 ? { facets } : {}),
    };
    const created = await send(req.http, {
      url: joinUrl(service, '/xrpc/com.atproto.repo.createRecord'),
      headers: { authorization: `Bearer ${jwt}` },
      body: { repo: did, collection: 'app.bsky.feed.post', record: post },
      what: 'posting the reply',
    });
    if (created.status !== 200)
      throw statusError(TITLE, 'posting the reply', created, {
        400: 'Bluesky refused the post (see its words)',
      });
    const c = record(created.body);
    const uri = typeof c?.uri === 'string' ? c.uri : undefined;
    const rkey = uri ? parseAtUri(uri)?.rkey : undefined;
    if (!uri || !rkey) throw new PublishError(`${TITLE} answered without the new post's uri`, true);
    return { url: `https://bsky.app/profile/${handle ?? did}/post/${rkey}`, id: uri };
  },
};
