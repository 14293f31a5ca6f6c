/**
 * Parser robustness (issue #9.2): every adapter's pure `parse(input, source)` against malformed and
 * hostile payloads. Shared by test/unit/hardening/parsers.test.ts and bench/hardening.ts.
 *
 * Outcomes of one case:
 * - `items`: parse returned items; each must be a well-typed RawItem (problems otherwise), and the
 *   first ones are normalized and rendered through the whole-issue checker;
 * - `error`: parse threw a clear Error: an Error (not one of JavaScript's own TypeError,
 *   RangeError, ReferenceError, SyntaxError, URIError, EvalError: those are bugs escaping), with a
 *   message of 1 to 1,000 characters;
 * - `crash`: anything else thrown.
 * A case that takes longer than its time bound is a `hang` whatever its outcome (the benchmark runs
 * cases in a worker and also counts cases that never return).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { RawItem } from '../../../src/mentions/mention.js';
import { adapters } from '../../../src/platforms/index.js';
import type { ParseInput, SourceAdapter, SourceBase } from '../../../src/platforms/source.js';
import { FORGED_MARKER, renderRaw } from './arbitraries.js';
import { issueProblems } from './issue-checker.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

export function readFixture(path: string): Uint8Array {
  const buf = readFileSync(new URL(path, FIXTURES));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function listFixtures(dir: string, pattern: RegExp): string[] {
  return readdirSync(new URL(dir, FIXTURES))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}${f}`);
}

// ---------------------------------------------------------------------------------------------
// Setups: one per parser configuration

export interface BaseFixture {
  /** Relative to test/fixtures/. */
  path: string;
  /** Where the items array is in a JSON payload (for per-item breakages). */
  items?: (string | number)[];
  /** Parsing it gives at least one item (checked by the tests: the mutations start from real data). */
  hasItems?: boolean;
}

export interface ParserSetup {
  /** Adapter kind plus a configuration label, e.g. `json/zendesk`. */
  name: string;
  adapter: SourceAdapter;
  source: SourceBase;
  url: string;
  contentType: string;
  format: 'json' | 'xml' | 'html';
  fixtures: BaseFixture[];
}

function adapter(kind: string): SourceAdapter {
  const a = adapters.find((x) => x.kind === kind);
  if (!a) throw new Error(`no adapter ${kind}`);
  return a;
}

function setup(
  kind: string,
  name: string,
  config: Record<string, unknown>,
  rest: Omit<ParserSetup, 'name' | 'adapter' | 'source'>,
): ParserSetup {
  const a = adapter(kind);
  return {
    name,
    adapter: a,
    source: a.schema.parse({ id: 'hostile', kind, ...config }) as SourceBase,
    ...rest,
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function parserSetups(): ParserSetup[] {
  const feedXml = listFixtures('feeds/', /\.xml$/).map((path) => ({ path }));
  const rssXml = listFixtures('sources/rss/', /\.xml$/).map((path) => ({ path, hasItems: true }));
  return [
    setup(
      'rss',
      'rss',
      { url: 'https://feeds.example.com/feed.xml' },
      {
        url: 'https://feeds.example.com/feed.xml',
        contentType: 'application/rss+xml',
        format: 'xml',
        fixtures: [...rssXml, ...feedXml],
      },
    ),
    setup(
      'json-feed',
      'json-feed',
      { url: 'https://feeds.example.com/feed.json' },
      {
        url: 'https://feeds.example.com/feed.json',
        contentType: 'application/feed+json',
        format: 'json',
        fixtures: [
          { path: 'sources/json-feed/feed-1.1.json', items: ['items'], hasItems: true },
          { path: 'sources/json-feed/feed-1.0.json', items: ['items'], hasItems: true },
        ],
      },
    ),
    setup(
      'hacker-news',
      'hacker-news',
      {},
      {
        url: 'https://hn.algolia.com/api/v1/search_by_date?query=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/hacker-news/search-by-date-page0.json', items: ['hits'], hasItems: true },
          { path: 'sources/hacker-news/search-by-date-missing-fields.json', items: ['hits'] },
        ],
      },
    ),
    setup(
      'reddit',
      'reddit',
      {},
      {
        url: 'https://oauth.reddit.com/search?q=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/reddit/search-new.json', items: ['data', 'children'], hasItems: true },
          { path: 'sources/reddit/subreddit-comments.json', items: ['data', 'children'], hasItems: true },
        ],
      },
    ),
    setup(
      'reddit',
      'reddit/rss',
      {},
      {
        url: 'https://www.reddit.com/search.rss?q=Acme',
        contentType: 'application/atom+xml',
        format: 'xml',
        fixtures: [
          { path: 'sources/reddit/search.rss', hasItems: true },
          { path: 'sources/reddit/comments.rss', hasItems: true },
        ],
      },
    ),
    setup(
      'mastodon',
      'mastodon',
      {},
      {
        url: 'https://mastodon.social/api/v2/search?q=Acme&type=statuses',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/mastodon/search-statuses.json', items: ['statuses'], hasItems: true },
          { path: 'sources/mastodon/tag-timeline-acmecloud.json', items: [], hasItems: true },
          { path: 'sources/mastodon/tag-timeline-odd.json', items: [] },
        ],
      },
    ),
    setup(
      'bluesky',
      'bluesky',
      {},
      {
        url: 'https://bsky.social/xrpc/app.bsky.feed.searchPosts?q=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/bluesky/search-posts-page1.json', items: ['posts'], hasItems: true }],
      },
    ),
    setup(
      'stack-exchange',
      'stack-exchange',
      {},
      {
        url: 'https://api.stackexchange.com/2.3/search/advanced?q=Acme&site=stackoverflow',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/stack-exchange/search-advanced-page1.json', items: ['items'], hasItems: true },
        ],
      },
    ),
    setup(
      'github',
      'github',
      {},
      {
        url: 'https://api.github.com/search/issues?q=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/github/search-issues-page1.json', items: ['items'], hasItems: true },
          {
            path: 'sources/github/graphql-discussions.json',
            items: ['data', 'search', 'nodes'],
            hasItems: true,
          },
        ],
      },
    ),
    setup(
      'discourse',
      'discourse',
      { baseUrl: 'https://community.acme.example' },
      {
        url: 'https://community.acme.example/search.json?q=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/discourse/search-page1.json', items: ['posts'], hasItems: true }],
      },
    ),
    setup(
      'lemmy',
      'lemmy',
      {},
      {
        url: 'https://lemmy.world/api/v3/search?q=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/lemmy/search-all-page1.json', items: ['posts'], hasItems: true }],
      },
    ),
    setup(
      'app-store',
      'app-store',
      { appId: '1444444444' },
      {
        url: 'https://itunes.apple.com/us/rss/customerreviews/page=1/id=1444444444/sortby=mostrecent/json',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/app-store/reviews-us-page1.json', items: ['feed', 'entry'], hasItems: true },
        ],
      },
    ),
    setup(
      'youtube',
      'youtube',
      {},
      {
        url: 'https://www.googleapis.com/youtube/v3/commentThreads?videoId=v1',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/youtube/comment-threads-video1.json', items: ['items'], hasItems: true }],
      },
    ),
    setup(
      'x',
      'x',
      {},
      {
        url: 'https://api.x.com/2/tweets/search/recent?query=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/x/search-recent-page1.json', items: ['data'], hasItems: true },
          { path: 'sources/x/users-mentions.json', items: ['data'], hasItems: true },
        ],
      },
    ),
    setup(
      'facebook',
      'facebook',
      { pageId: '104512345678901' },
      {
        url: 'https://graph.facebook.com/v21.0/104512345678901/visitor_posts',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/facebook/visitor-posts.json', items: ['data'], hasItems: true },
          { path: 'sources/facebook/tagged.json', items: ['data'], hasItems: true },
        ],
      },
    ),
    setup(
      'facebook',
      'facebook/comments',
      { pageId: '104512345678901' },
      {
        url: 'https://graph.facebook.com/v21.0/104512345678901/feed',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/facebook/feed-comments.json', items: ['data'], hasItems: true }],
      },
    ),
    setup(
      'facebook',
      'facebook/ratings',
      { pageId: '104512345678901' },
      {
        url: 'https://graph.facebook.com/v21.0/104512345678901/ratings',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/facebook/ratings.json', items: ['data'], hasItems: true }],
      },
    ),
    setup(
      'instagram',
      'instagram',
      { igUserId: '17841400000000001' },
      {
        url: 'https://graph.facebook.com/v21.0/17841400000000001/tags',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/instagram/tags.json', items: ['data'], hasItems: true },
          { path: 'sources/instagram/hashtag-recent-media.json', items: ['data'], hasItems: true },
        ],
      },
    ),
    setup(
      'instagram',
      'instagram/comments',
      { igUserId: '17841400000000001' },
      {
        url: 'https://graph.facebook.com/v21.0/17900000000000001/comments',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/instagram/comments-media1.json', items: ['data'], hasItems: true },
          { path: 'sources/instagram/comments-media3.json', items: ['data'], hasItems: true },
        ],
      },
    ),
    setup(
      'google-play',
      'google-play',
      { packageName: 'com.acme.cloud' },
      {
        url: 'https://androidpublisher.googleapis.com/androidpublisher/v3/applications/com.acme.cloud/reviews',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/google-play/reviews-page1.json', items: ['reviews'], hasItems: true },
          { path: 'sources/google-play/reviews-translated.json', items: ['reviews'], hasItems: true },
          { path: 'sources/google-play/reviews-empty.json' },
        ],
      },
    ),
    setup(
      'app-store-connect',
      'app-store-connect',
      { appId: '1444444444' },
      {
        url: 'https://api.appstoreconnect.apple.com/v1/apps/1444444444/customerReviews',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/app-store-connect/customer-reviews-page1.json', items: ['data'], hasItems: true },
          { path: 'sources/app-store-connect/customer-reviews-empty.json', items: ['data'] },
        ],
      },
    ),
    setup(
      'google-business',
      'google-business',
      { accountId: '106000000000000000001', locationIds: ['4400000000000000001'] },
      {
        url: 'https://mybusiness.googleapis.com/v4/accounts/106000000000000000001/locations/4400000000000000001/reviews',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/google-business/reviews-page1.json', items: ['reviews'], hasItems: true },
          { path: 'sources/google-business/reviews-empty.json' },
        ],
      },
    ),
    setup(
      'trustpilot',
      'trustpilot',
      { businessUnitId: '5f1e2d3c4b5a697887766554' },
      {
        url: 'https://api.trustpilot.com/v1/business-units/5f1e2d3c4b5a697887766554/reviews',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/trustpilot/reviews-page1.json', items: ['reviews'], hasItems: true }],
      },
    ),
    setup(
      'yelp',
      'yelp',
      { businesses: ['acme-cloud-cafe-san-francisco'] },
      {
        url: 'https://api.yelp.com/v3/businesses/acme-cloud-cafe-san-francisco/reviews',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/yelp/reviews-acme-cafe.json', items: ['reviews'], hasItems: true },
          { path: 'sources/yelp/reviews-paged-offset0.json', items: ['reviews'], hasItems: true },
        ],
      },
    ),
    setup(
      'tripadvisor',
      'tripadvisor',
      { locationIds: ['1234567'] },
      {
        url: 'https://api.content.tripadvisor.com/api/v1/location/1234567/reviews?language=en',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/tripadvisor/reviews-location-1234567.json', items: ['data'], hasItems: true },
          { path: 'sources/tripadvisor/reviews-empty.json', items: ['data'] },
        ],
      },
    ),
    setup(
      'lobsters',
      'lobsters',
      {},
      {
        url: 'https://lobste.rs/newest.json',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/lobsters/newest-page1.json', items: [], hasItems: true },
          { path: 'sources/lobsters/story-acm3cl.json', items: ['comments'], hasItems: true },
        ],
      },
    ),
    setup(
      'dev',
      'dev',
      { organization: 'acme' },
      {
        url: 'https://dev.to/api/articles?username=acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/dev/articles-org-acme.json', items: [], hasItems: true },
          { path: 'sources/dev/articles-tag-devops.json', items: [], hasItems: true },
        ],
      },
    ),
    setup(
      'dev',
      'dev/comments',
      { organization: 'acme' },
      {
        url: 'https://dev.to/api/comments?a_id=2250001',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          { path: 'sources/dev/comments-article-2250001.json', items: [], hasItems: true },
          { path: 'sources/dev/comments-empty.json', items: [] },
        ],
      },
    ),
    setup(
      'product-hunt',
      'product-hunt',
      { launches: ['acmecloud-functions'] },
      {
        url: 'https://api.producthunt.com/v2/api/graphql',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [
          {
            path: 'sources/product-hunt/comments-acmecloud-functions-page1.json',
            items: ['data', 'post', 'comments', 'edges'],
            hasItems: true,
          },
          {
            path: 'sources/product-hunt/posts-developer-tools.json',
            items: ['data', 'posts', 'edges'],
            hasItems: true,
          },
        ],
      },
    ),
    setup(
      'html',
      'html/forum',
      {
        url: 'https://community.example.com/t/acmecloud-object-storage-slow/55',
        item: 'article.post',
        link: 'a.post-link',
        text: '.cooked',
        author: '.username',
        date: 'time',
        dateAttr: 'datetime',
        itemId: ':scope',
        itemIdAttr: 'data-post-id',
        nextPage: 'a[rel="next"]',
      },
      {
        url: 'https://community.example.com/t/acmecloud-object-storage-slow/55',
        contentType: 'text/html; charset=utf-8',
        format: 'html',
        fixtures: [{ path: 'sources/html/forum-thread-page1.html', hasItems: true }],
      },
    ),
    setup(
      'html',
      'html/reviews',
      {
        url: 'https://reviews.example.org/products/acmecloud',
        item: '.review',
        title: '.review-title',
        text: '.review-body',
        author: '.reviewer',
        date: '.review-date',
        link: 'a.permalink',
      },
      {
        url: 'https://reviews.example.org/products/acmecloud',
        contentType: 'text/html; charset=utf-8',
        format: 'html',
        fixtures: [{ path: 'sources/html/review-site.html', hasItems: true }],
      },
    ),
    setup(
      'json',
      'json/zendesk',
      {
        url: 'https://acme.zendesk.com/api/v2/search.json?query=Acme',
        itemsPath: 'results',
        nextPath: 'next_page',
        fields: { id: 'id', title: 'subject', text: 'description', published: 'created_at' },
      },
      {
        url: 'https://acme.zendesk.com/api/v2/search.json?query=Acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/json/zendesk-search-page1.json', items: ['results'], hasItems: true }],
      },
    ),
    setup(
      'json',
      'json/forem',
      {
        url: 'https://dev.to/api/articles?tag=acme',
        textIsHtml: true,
        fields: {
          id: 'id',
          url: 'url',
          title: 'title',
          text: 'description',
          author: 'user.name',
          published: 'published_at',
          engagement: 'public_reactions_count',
        },
      },
      {
        url: 'https://dev.to/api/articles?tag=acme',
        contentType: JSON_TYPE,
        format: 'json',
        fixtures: [{ path: 'sources/json/forem-articles.json', items: [], hasItems: true }],
      },
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Running one case

export type Outcome = 'items' | 'error' | 'crash';

export interface CaseResult {
  outcome: Outcome;
  ms: number;
  items: number;
  /** The error message (error and crash). */
  message?: string;
  /** Item, rendering or prototype problems found in a returned result. */
  problems: string[];
}

const JS_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, URIError, EvalError];

/** Whether a thrown value is a clear Error (not a crash). */
export function isCleanError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (JS_ERRORS.some((E) => error.constructor === E)) return false;
  return error.message.trim().length > 0 && error.message.length <= 1000;
}

const STRING_FIELDS = ['id', 'url', 'title', 'author', 'authorUrl', 'published', 'lang'] as const;
const NUMBER_FIELDS = ['reach', 'engagement', 'rating'] as const;

/** Type problems of one returned item. */
export function itemProblems(item: unknown): string[] {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return ['an item that is not an object'];
  const r = item as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof r.text !== 'string') problems.push(`text is ${typeof r.text}`);
  for (const f of STRING_FIELDS) {
    if (r[f] !== undefined && typeof r[f] !== 'string') problems.push(`${f} is ${typeof r[f]}`);
  }
  for (const f of NUMBER_FIELDS) {
    if (r[f] !== undefined && (typeof r[f] !== 'number' || !Number.isFinite(r[f])))
      problems.push(`${f} is ${String(r[f])}`);
  }
  if (r.replyTo !== undefined) {
    const ok =
      r.replyTo !== null &&
      typeof r.replyTo === 'object' &&
      Object.values(r.replyTo as object).every((v) => typeof v === 'string');
    if (!ok) problems.push('replyTo is not a record of strings');
  }
  return problems;
}

/** Whether anything was added to Object.prototype (a parser that merges untrusted keys). */
function prototypePolluted(): boolean {
  return Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined;
}

export interface RunOptions {
  /** How many of the returned items go through normalize + render + the issue checker (default 2). */
  render?: number;
}

/** Runs one parse; never throws. */
export function runCase(s: ParserSetup, input: ParseInput, options: RunOptions = {}): CaseResult {
  const started = performance.now();
  let items: RawItem[] | undefined;
  let thrown: unknown;
  try {
    items = s.adapter.parse(input, s.source);
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  const problems: string[] = [];
  if (prototypePolluted()) problems.push('Object.prototype was polluted');
  if (items === undefined) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const short = message.length > 300 ? `${message.slice(0, 300)}…` : message;
    const name = thrown instanceof Error ? thrown.constructor.name : typeof thrown;
    return isCleanError(thrown)
      ? { outcome: 'error', ms, items: 0, message: short, problems }
      : { outcome: 'crash', ms, items: 0, message: `${name}: ${short}`, problems };
  }
  if (!Array.isArray(items))
    return { outcome: 'crash', ms, items: 0, message: 'parse returned no array', problems };
  for (const [i, item] of items.entries())
    for (const p of itemProblems(item)) problems.push(`item ${i}: ${p}`);
  for (const item of items.slice(0, options.render ?? 2)) {
    if (itemProblems(item).length > 0) continue;
    try {
      const c = renderRaw(item, { category: 'complaint', confidence: 0.5 }, s.name, s.adapter.kind);
      for (const p of issueProblems(c.draft, c.mention)) problems.push(`rendered: ${p}`);
    } catch (error) {
      problems.push(`normalize/render threw ${String(error)}`);
    }
  }
  return { outcome: 'items', ms, items: items.length, problems };
}

/** The time a case may take: 2 s, plus 1 s per 10 MB of input. */
export function timeBound(input: ParseInput): number {
  const size = typeof input.body === 'string' ? input.body.length : input.body.byteLength;
  return 2000 + (size / 10_000_000) * 1000;
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs

export interface HostileInput {
  name: string;
  body: Uint8Array | string;
  contentType?: string;
}

const enc = new TextEncoder();

/** The committed generic corpus: test/fixtures/hostile/any/* (every parser gets every file). */
export function genericCorpus(): HostileInput[] {
  return listFixtures('hostile/any/', /^[^.].*\.[a-z0-9]+$/)
    .filter((p) => !p.endsWith('.md'))
    .map((path) => ({ name: path.replace('hostile/any/', 'any/'), body: readFixture(path) }));
}

/** Deeply nested JSON, as text (JSON.stringify would recurse past the stack). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Generated inputs too big to commit (every parser gets them too). */
export function generatedInputs(scale: { depth: number; hugeBytes: number; items: number }): HostileInput[] {
  const d = scale.depth;
  const huge = 'A'.repeat(scale.hugeBytes);
  return [
    { name: `gen/deep-array-${d}`, body: deepJson(d, 'array') },
    { name: `gen/deep-object-${d}`, body: deepJson(d, 'object') },
    { name: `gen/deep-in-envelope-${d}`, body: `{"hits":${deepJson(d, 'array')},"items":[],"posts":[]}` },
    { name: `gen/huge-string-${scale.hugeBytes}`, body: `{"hits":[{"objectID":"1","title":"${huge}"}]}` },
    { name: `gen/huge-key-${scale.hugeBytes}`, body: `{"${huge}":1}` },
    {
      name: `gen/many-items-${scale.items}`,
      body: `{"hits":[${Array.from({ length: scale.items }, (_, i) => `{"objectID":"${i}","title":"Acme"}`).join(',')}]}`,
    },
    {
      name: `gen/deep-xml-${d}`,
      body: `<?xml version="1.0"?><rss version="2.0"><channel><item><title>Acme</title><description>${'<x>'.repeat(d)}${'</x>'.repeat(d)}</description></item></channel></rss>`,
    },
    {
      name: `gen/deep-html-${d}`,
      body: `<!doctype html><html><body><article class="post review">${'<div>'.repeat(d)}Acme${'</div>'.repeat(d)}</article></body></html>`,
    },
    {
      name: `gen/huge-xml-text-${scale.hugeBytes}`,
      body: `<rss version="2.0"><channel><item><title>${huge}</title><link>https://example.com/${huge}</link></item></channel></rss>`,
    },
    {
      name: `gen/huge-attribute-${scale.hugeBytes}`,
      body: `<html><body><div class="review" data-x="${huge}"><p class="review-body">Acme</p></div></body></html>`,
    },
    {
      name: 'gen/quadratic-entity',
      body: `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'a'.repeat(50_000)}">]><rss version="2.0"><channel><item><title>${'&a;'.repeat(50_000)}</title></item></channel></rss>`,
    },
    { name: 'gen/nul-bytes', body: new Uint8Array(1_000_000) },
    { name: 'gen/random-bytes', body: randomBytes(1_000_000, 7) },
    {
      name: 'gen/invalid-utf8',
      body: new Uint8Array(
        Array.from({ length: 100_000 }, (_, i) => [0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80][i % 7]!),
      ),
    },
    {
      name: 'gen/utf16-json',
      body: utf16le(`\uFEFF{"hits":[{"objectID":"1","title":"Acme"}],"items":[]}`),
      contentType: JSON_TYPE,
    },
    {
      name: 'gen/hostile-strings',
      body: enc.encode(JSON.stringify({ hits: [{ objectID: FORGED_MARKER, title: FORGED_MARKER }] })),
    },
  ];
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

/** A small seeded PRNG (mulberry32): the same cases on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(n: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations of real payloads

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const PLACEHOLDER = '__earshot_placeholder__';

/** Every path in a JSON document (depth-first), at most `max`. */
export function jsonPaths(doc: Json, max = Number.POSITIVE_INFINITY): Path[] {
  const out: Path[] = [];
  const walk = (v: Json, path: Path) => {
    if (out.length >= max) return;
    if (path.length > 0) out.push(path);
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...path, i]);
    } else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  return out;
}

function getAt(doc: Json, path: Path): Json | undefined {
  let v: Json | undefined = doc;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, Json>)[k];
  }
  return v;
}

/** A copy of doc with the value at path replaced (or removed when value is undefined). */
function setAt(doc: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(doc)) {
    const copy = [...doc];
    if (rest.length === 0 && value === undefined) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number] ?? null, rest, value);
    return copy;
  }
  if (doc !== null && typeof doc === 'object') {
    const copy = { ...doc };
    if (rest.length === 0 && value === undefined) delete copy[head as string];
    else copy[head as string] = setAt(copy[head as string] ?? null, rest, value);
    return copy;
  }
  return doc;
}

export interface MutationScale {
  /** Nesting depth of the deep mutations (100,000 in tests and the benchmark). */
  depth: number;
  /** Length of the huge-string mutation. */
  hugeString: number;
}

/** What a mutation puts at a path: a JSON value, or raw JSON text (for what JSON.stringify cannot write). */
type Replacement = { value: Json | undefined } | { raw: string };

export const MUTATIONS: readonly string[] = [
  'null',
  'delete',
  'wrong-type',
  'empty',
  'huge-string',
  'hostile-string',
  'deep-array',
  'deep-object',
  'infinity',
  'negative',
  'fraction',
  'bad-date',
  'future-date',
  'junk-items',
];

function mutate(op: string, v: Json | undefined, scale: MutationScale): Replacement | undefined {
  switch (op) {
    case 'null':
      return { value: null };
    case 'delete':
      return { value: undefined };
    case 'wrong-type':
      if (typeof v === 'string') return { value: 7 };
      if (typeof v === 'number') return { value: `${v}x` };
      if (typeof v === 'boolean') return { value: 'yes' };
      if (Array.isArray(v)) return { value: { length: 1, 0: 'x' } };
      if (v !== null && typeof v === 'object') return { value: ['x'] };
      return { value: {} };
    case 'empty':
      return { value: typeof v === 'string' ? '' : Array.isArray(v) ? [] : typeof v === 'number' ? 0 : {} };
    case 'huge-string':
      return { value: `Acme ${'A'.repeat(scale.hugeString)}` };
    case 'hostile-string':
      return {
        value: `@everyone #1 ${FORGED_MARKER} <img src=https://t.example/p.gif> \u202E[x](javascript:alert(1)) \uD800`,
      };
    case 'deep-array':
      return { raw: deepJson(scale.depth, 'array') };
    case 'deep-object':
      return { raw: deepJson(scale.depth, 'object') };
    case 'infinity':
      return typeof v === 'number' ? { raw: '1e400' } : undefined;
    case 'negative':
      return typeof v === 'number' ? { value: -1e308 } : undefined;
    case 'fraction':
      return typeof v === 'number' ? { value: v + 0.5 } : undefined;
    case 'bad-date':
      return typeof v === 'number'
        ? { value: 1e20 }
        : typeof v === 'string'
          ? { value: '2026-02-31T25:61:00Z' }
          : undefined;
    case 'future-date':
      return typeof v === 'number'
        ? { value: 253_402_300_799 }
        : typeof v === 'string'
          ? { value: '9999-12-31T23:59:59Z' }
          : undefined;
    case 'junk-items':
      return Array.isArray(v) ? { value: [...v, null, 1, 'x', [], {}, true] } : undefined;
    default:
      return undefined;
  }
}

export interface Mutant {
  name: string;
  body: string;
}

/**
 * Mutants of a JSON payload: each mutation at each path (`stride` skips paths to sample, `ops`
 * picks mutations; the expensive deep ones only where `deepEvery` allows).
 */
export function* jsonMutants(
  text: string,
  scale: MutationScale,
  options: { stride?: number; offset?: number; ops?: readonly string[]; deepEvery?: number } = {},
): Generator<Mutant> {
  const doc = JSON.parse(text) as Json;
  const paths = jsonPaths(doc);
  const stride = options.stride ?? 1;
  const deepEvery = options.deepEvery ?? 1;
  for (let p = options.offset ?? 0; p < paths.length; p += stride) {
    const path = paths[p]!;
    const v = getAt(doc, path);
    for (const op of options.ops ?? MUTATIONS) {
      if (op.startsWith('deep') && p % deepEvery !== 0) continue;
      const r = mutate(op, v, scale);
      if (!r) continue;
      const name = `${op}@${path.join('.')}`;
      if ('value' in r) {
        yield { name, body: JSON.stringify(setAt(doc, path, r.value)) };
      } else {
        yield {
          name,
          body: JSON.stringify(setAt(doc, path, PLACEHOLDER)).replace(`"${PLACEHOLDER}"`, r.raw),
        };
      }
    }
  }
}

/** Text-level mutants of an XML or HTML payload (truncations, injections, lies, bombs). */
export function* markupMutants(text: string, scale: MutationScale, seed = 1): Generator<Mutant> {
  const r = prng(seed);
  const at = (f: number) => Math.floor(text.length * f);
  for (const f of [0.1, 0.5, 0.9, r()])
    yield { name: `truncate@${f.toFixed(2)}`, body: text.slice(0, at(f)) };
  const inject = (name: string, piece: string) => {
    const i = at(0.2 + 0.6 * r());
    return { name, body: `${text.slice(0, i)}${piece}${text.slice(i)}` };
  };
  yield inject('hostile-text', `@everyone #1 ${FORGED_MARKER} \u202E <img src=https://t.example/p.gif>`);
  yield inject('deep-nesting', `${'<x>'.repeat(scale.depth)}${'</x>'.repeat(scale.depth)}`);
  yield inject('unclosed-tags', '<div><p><b><i><item><entry><title>'.repeat(1000));
  yield inject('huge-text', `Acme ${'A'.repeat(scale.hugeString)}`);
  yield inject('cdata-unterminated', '<![CDATA[ never closed ');
  yield inject('comment-unterminated', '<!-- never closed ');
  yield inject('entity-refs', '&a; &#0; &#xD800; &#99999999; &amp &lt;&lt;&lt; &nbsp;');
  yield inject('nul-bytes', '\u0000\u0000\u0001\u001b[31m');
  yield inject('script', '<script>while(1){}</script><style>*{}</style>');
  yield {
    name: 'doctype-external-entity',
    body: text
      .replace(
        /^(<\?xml[^>]*\?>)?/,
        (m) =>
          `${m}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://169.254.169.254/">%p;]>`,
      )
      .replace(/<title>/, '<title>&xxe;'),
  };
  yield {
    name: 'billion-laughs',
    body: text
      .replace(
        /^(<\?xml[^>]*\?>)?/,
        (m) =>
          `${m}<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>`,
      )
      .replace(/<title>/, '<title>&h;'),
  };
  for (const charset of ['UTF-16', 'utf-32', 'x-unknown', 'ISO-2022-JP', 'windows-1252', '']) {
    yield {
      name: `charset-${charset || 'empty'}`,
      body: text.replace(/encoding="[^"]*"|charset=["']?[\w-]+/i, charset ? `encoding="${charset}"` : ''),
    };
  }
  yield {
    name: 'duplicated-x200',
    body: text.replace(/(<(item|entry|article)\b[\s\S]*?<\/\2>)/, (m) => m.repeat(200)),
  };
  yield { name: 'tags-stripped', body: text.replace(/<\/[a-z:]+>/gi, '') };
  yield {
    name: 'angle-brackets-swapped',
    body: text
      .replace(/</g, '\u0000')
      .replace(/>/g, '<')
      .replace(/\u0000/g, '>'),
  };
}

/** Byte-level damage: `flips` random bytes overwritten (seeded). */
export function flipBytes(body: Uint8Array, flips: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = body.slice();
  for (let i = 0; i < flips && out.length > 0; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
  return out;
}
