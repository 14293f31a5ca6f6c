/**
 * Bluesky post search through the AT Protocol XRPC API, signed in with an app password.
 *
 * - `POST {service}/xrpc/com.atproto.server.createSession` `{identifier, password}` → `accessJwt`
 *   (kept in memory for this run only, never in the state).
 * - `GET {service}/xrpc/app.bsky.feed.searchPosts?q=<term>&sort=latest&since=<ISO>&limit=100&cursor=…`
 *   with `Authorization: Bearer <accessJwt>` (the PDS proxies it to the AppView); one stream per
 *   term (the query syntax has no documented OR), pages followed by `cursor` up to `maxPages`.
 * - Reach: the authors' `followersCount` from `app.bsky.actor.getProfiles?actors=…` (25 per call,
 *   one batch per page of posts); engagement: replies + reposts + likes + quotes.
 * - Text: links expanded from the facets, link cards and quoted posts added (./util/bluesky-text.ts).
 * - Cursor: `since` = the newest post's createdAt. Every run searches `since` the look-back start
 *   rounded down to the UTC day and keeps the posts inside the window. The API sends no validators:
 *   no conditional requests.
 */
import * as z from 'zod';
import { SourceError } from '../../errors.js';
import type { RawItem } from '../../mentions/mention.js';
import {
  apiUrl,
  inputJson,
  isoOrUndefined,
  type MeteredHttp,
  maxBytesOption,
  maxPagesOption,
  missingCredentialMessage,
  optionalCredential,
  parsePayload,
  queryOption,
  requestStart,
  termsFor,
  timeoutMsOption,
  urlOption,
  validEntry,
  withQuery,
} from '../shared/api-source.js';
import { fetchWindow, requireTerms } from '../shared/window-fetch.js';
import type { FetchResult, ParseInput, SourceAdapter } from '../source.js';
import { sourceBaseSchema } from '../source.js';
import { postText } from './text.js';

const TITLE = 'Bluesky';
const MAX_TERMS = 5;
const PROFILES_PER_CALL = 25;
const APP_PASSWORD_HOW_TO =
  'Use your handle (e.g. acme.bsky.social) as identifier and an app password, never the account ' +
  'password: Bluesky → Settings → Privacy and security → App passwords → Add App Password.';

export const blueskySchema = sourceBaseSchema.extend({
  kind: z.literal('bluesky').describe('Bluesky post search (needs an app password).'),
  service: urlOption('https://bsky.social', 'The PDS/entryway that signs in and proxies the search'),
  query: queryOption,
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'a language tag such as en or pt-BR')
    .optional()
    .describe('Only posts in this language (the API parameter lang).'),
  limit: z.number().int().min(1).max(100).default(100).describe('Posts per API page (1–100, default 100).'),
  maxPages: maxPagesOption(5),
  reach: z
    .boolean()
    .default(true)
    .describe("Look up the authors' follower counts (getProfiles, one batched call per 25 authors)."),
  timeoutMs: timeoutMsOption,
  maxBytes: maxBytesOption,
});
export type BlueskySource = z.infer<typeof blueskySchema>;

const strongRef = z.object({ uri: z.string(), cid: z.string() });
const postViewSchema = z.object({
  uri: z.string().regex(/^at:\/\//, 'an at:// URI'),
  cid: z.string(),
  author: z.object({
    did: z.string(),
    handle: z.string(),
    displayName: z.string().nullish(),
  }),
  record: z.object({
    text: z.string().nullish(),
    createdAt: z.string().nullish(),
    langs: z.array(z.string()).nullish(),
    reply: z.object({ root: strongRef, parent: strongRef }).nullish(),
    facets: z.unknown().optional(),
    embed: z.unknown().optional(),
  }),
  embed: z.unknown().optional(),
  replyCount: z.number().nullish(),
  repostCount: z.number().nullish(),
  likeCount: z.number().nullish(),
  quoteCount: z.number().nullish(),
  indexedAt: z.string().nullish(),
});
type PostView = z.infer<typeof postViewSchema>;

const searchSchema = z.object({
  cursor: z.string().nullish(),
  hitsTotal: z.number().nullish(),
  posts: z.array(z.unknown()),
});
const sessionSchema = z.object({
  accessJwt: z.string().min(1),
  did: z.string().optional(),
  handle: z.string().optional(),
});
const profilesSchema = z.object({
  profiles: z.array(
    z.object({ did: z.string(), handle: z.string().nullish(), followersCount: z.number().nullish() }),
  ),
});

export interface BlueskyPost {
  item: RawItem;
  did: string;
}

export interface BlueskyPage {
  posts: BlueskyPost[];
  warnings: string[];
  cursor?: string;
}

/** The web address of a post: https://bsky.app/profile/<handle>/post/<rkey>. */
export function webUrl(uri: string, handle: string | undefined, did: string): string {
  const rkey = uri.split('/').pop() ?? '';
  const who = handle && handle !== 'handle.invalid' ? handle : did;
  return `https://bsky.app/profile/${who}/post/${rkey}`;
}

function postToItem(p: PostView): RawItem {
  const handle = p.author.handle !== 'handle.invalid' ? p.author.handle : undefined;
  const item: RawItem = {
    id: p.uri,
    url: webUrl(p.uri, handle, p.author.did),
    text: postText(p.record, p.embed),
    author: handle ? `@${handle}` : p.author.did,
    authorUrl: `https://bsky.app/profile/${handle ?? p.author.did}`,
    replyTo: {
      uri: p.uri,
      cid: p.cid,
      rootUri: p.record.reply?.root.uri ?? p.uri,
      rootCid: p.record.reply?.root.cid ?? p.cid,
    },
  };
  const counts = [p.replyCount, p.repostCount, p.likeCount, p.quoteCount];
  if (counts.some((c) => typeof c === 'number'))
    item.engagement = counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  const published = isoOrUndefined(p.record.createdAt) ?? isoOrUndefined(p.indexedAt);
  if (published) item.published = published;
  const lang = p.record.langs?.[0];
  if (lang) item.lang = lang;
  return item;
}

/** An app.bsky.feed.searchPosts response → posts (items with their author's DID). */
/** A handle is public and helps; an e-mail address used as the identifier is not named. */
function signInName(identifier: string): string {
  return identifier.includes('@') ? 'the e-mail address in the identifier credential' : `"${identifier}"`;
}

export function parseBlueskyPage(json: unknown, url: string): BlueskyPage {
  const page = parsePayload(searchSchema, json, TITLE, url);
  const posts: BlueskyPost[] = [];
  const warnings: string[] = [];
  page.posts.forEach((raw, i) => {
    const post = validEntry(postViewSchema, raw, warnings, `post ${i}`, 'post');
    if (!post) return;
    posts.push({ item: postToItem(post), did: post.author.did });
  });
  const result: BlueskyPage = { posts, warnings };
  if (page.cursor) result.cursor = page.cursor;
  return result;
}

async function createSession(
  http: MeteredHttp,
  service: string,
  identifier: string,
  password: string,
  sourceId: string,
): Promise<string> {
  const url = apiUrl(service, '/xrpc/com.atproto.server.createSession');
  const res = await http.request({
    url,
    method: 'POST',
    headers: { accept: 'application/json' },
    body: { identifier, password },
    acceptStatus: (s) => (s >= 200 && s < 300) || s === 400 || s === 401,
    retries: 0,
  });
  if (res.status === 400 || res.status === 401) {
    throw new SourceError(
      `${TITLE} refused to sign in as ${signInName(identifier)} (HTTP ${res.status}): check the identifier and the app password. ${APP_PASSWORD_HOW_TO}`,
      sourceId,
    );
  }
  return parsePayload(sessionSchema, res.json(), TITLE, url).accessJwt;
}

export const blueskyAdapter: SourceAdapter<BlueskySource> = {
  kind: 'bluesky',
  title: TITLE,
  schema: blueskySchema,
  credentials: [
    {
      name: 'identifier',
      required: true,
      description: 'The handle (or DID/email) of the account that searches, e.g. acme.bsky.social.',
    },
    {
      name: 'appPassword',
      required: true,
      description: `An app password of that account. ${APP_PASSWORD_HOW_TO}`,
    },
  ],
  cursor: "the newest post's createdAt; every run searches since the look-back start on its UTC day",
  reach: "the author's followersCount (getProfiles); engagement: replies + reposts + likes + quotes",
  urlNamesItem: true,
  limits:
    'about 3,000 requests per 5 minutes per IP; createSession 30 per 5 minutes and 300 a day per account (one per run)',

  parse(input: ParseInput): RawItem[] {
    return parseBlueskyPage(inputJson(input, TITLE), input.url).posts.map((p) => p.item);
  },

  async fetch(ctx): Promise<FetchResult> {
    const { source } = ctx;
    const identifier = optionalCredential(ctx, 'identifier');
    const password = optionalCredential(ctx, 'appPassword');
    if (!identifier || !password) {
      const missing = [
        !identifier
          ? missingCredentialMessage(TITLE, ctx, { name: 'identifier', env: 'BLUESKY_IDENTIFIER', howTo: '' })
          : '',
        !password
          ? missingCredentialMessage(TITLE, ctx, {
              name: 'appPassword',
              env: 'BLUESKY_APP_PASSWORD',
              howTo: APP_PASSWORD_HOW_TO,
            })
          : '',
      ];
      throw new SourceError(
        `Bluesky search needs both identifier and appPassword. ${missing.filter(Boolean).join(' ')}`.trim(),
        source.id,
      );
    }
    const start = requestStart(ctx);
    const followers = new Map<string, number>();
    const looked = new Set<string>();
    const dids = new WeakMap<RawItem, string>();
    let accessJwt: string | undefined;
    let headers: Record<string, string> = {};
    return fetchWindow({
      title: TITLE,
      ctx,
      options: source,
      secrets: () => [password, accessJwt],
      authHint: 'the session was refused: check the app password, or sign in again',
      conditional: false,
      async streams(http) {
        const terms = requireTerms(termsFor(ctx, source.query, MAX_TERMS));
        accessJwt = await createSession(http, source.service, identifier, password, source.id);
        headers = { accept: 'application/json', authorization: `Bearer ${accessJwt}` };
        return terms.map((term) => ({
          label: `"${term}"`,
          first: {
            url: apiUrl(source.service, '/xrpc/app.bsky.feed.searchPosts', {
              q: term,
              sort: 'latest',
              since: start.toISOString(),
              lang: source.lang,
              limit: source.limit,
            }),
            headers,
          },
        }));
      },
      page(res, req) {
        const parsed = parseBlueskyPage(res.json(), req.url);
        for (const post of parsed.posts) dids.set(post.item, post.did);
        return {
          items: parsed.posts.map((p) => p.item),
          warnings: parsed.warnings,
          next:
            parsed.cursor && parsed.posts.length > 0
              ? { ...req, url: withQuery(req.url, { cursor: parsed.cursor }) }
              : undefined,
        };
      },
      async enrich(fresh, http, warnings) {
        if (!source.reach) return;
        const wanted = [...new Set(fresh.map((item) => dids.get(item)))].filter(
          (did): did is string => did !== undefined && !looked.has(did),
        );
        for (let i = 0; i < wanted.length; i += PROFILES_PER_CALL) {
          const batch = wanted.slice(i, i + PROFILES_PER_CALL);
          for (const did of batch) looked.add(did);
          const profilesUrl = apiUrl(source.service, '/xrpc/app.bsky.actor.getProfiles', { actors: batch });
          try {
            const profiles = parsePayload(
              profilesSchema,
              (await http.request({ url: profilesUrl, headers })).json(),
              TITLE,
              profilesUrl,
            );
            for (const p of profiles.profiles)
              if (typeof p.followersCount === 'number') followers.set(p.did, p.followersCount);
          } catch (error) {
            warnings.push(
              `follower counts not available for ${batch.length} author(s): ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        for (const item of fresh) {
          const count = followers.get(dids.get(item) ?? '');
          if (count !== undefined) item.reach = count;
        }
      },
    });
  },
};
