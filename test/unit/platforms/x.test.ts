import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { platformFor } from '../../../src/platforms/index.js';
import type { PublishError, PublishRequest } from '../../../src/platforms/publisher.js';
import { oauth1Header, percentEncode, signatureBaseString } from '../../../src/platforms/x/oauth1.js';
import { xPublisher } from '../../../src/platforms/x/publisher.js';
import {
  parseXPage,
  searchQuery,
  sinceIdFrom,
  snowflakeTime,
  TWEET_FIELDS,
  type XSource,
  xAdapter,
} from '../../../src/platforms/x/source.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { fixture, sendJson } from '../../helpers/loopback.js';
import { ACME_USER_ID, startXApi, X_CREDS, type XApi } from '../../helpers/x-api.js';
import { apiContext, httpFailureTests, NOW, pathOf, query } from './api-context.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const CREDS = { credentials: { bearerToken: 'X_BEARER' } };
const ENV = { env: { X_BEARER: X_CREDS.bearer } };
const A = '1899060182512611345';
const B = '1899053287076835331';
const C = '1899041379447779337';
const D = '1899024929387491329';
const E = '1899064062243811333';
const parseFile = (name: string) =>
  parseXPage(
    JSON.parse(fixture(`sources/x/${name}`).toString('utf8')),
    'https://api.x.com/2/tweets/search/recent',
  );

describe('x parse', () => {
  it('reads posts: text as written (&amp; unescaped, t.co links expanded), author, reach, engagement, link', () => {
    const page = parseFile('search-recent-page1.json');
    expect(page.nextToken).toBe('b26v89c19zqg8o3fpzbkk6v0yrzelhacn6sszmj1wc5a5');
    expect(page.newestId).toBe(A);
    expect(page.items[0]).toEqual({
      id: A,
      url: `https://x.com/devon_builds/status/${A}`,
      text:
        "@acmecloud billing charged me twice for March & support hasn't answered in 3 days. Status page says all green: " +
        `https://status.acme.example/incidents/4411?utm_source=x https://x.com/devon_builds/status/${A}/photo/1`,
      author: '@devon_builds',
      authorUrl: 'https://x.com/devon_builds',
      reach: 1840,
      engagement: 3 + 5 + 21 + 1,
      published: '2025-03-10T11:30:05.000Z',
      lang: 'en',
      replyTo: { tweetId: A },
    });
  });

  it('reads a long post in full from note_tweet, with its own link entities', () => {
    const long = parseFile('search-recent-page1.json').items[1];
    expect(long?.id).toBe(B);
    expect(long?.text.length).toBeGreaterThan(400);
    expect(long?.text).toContain(
      'I wrote up the numbers here: https://kira.example/blog/leaving-acmecloud and',
    );
    expect(long?.text).toMatch(/We liked AcmeCloud <3 but this is not sustainable for a team of twelve\.$/);
    expect(long?.reach).toBe(52310);
  });

  it('keeps non-Latin text, and reads a note_post (the newer OpenAPI name) too', () => {
    const ja = parseFile('search-recent-page1.json').items[2];
    expect(ja).toMatchObject({
      lang: 'ja',
      text: '@acme_jp AcmeCloudのダッシュボード、とても使いやすい！ 移行も30分で終わりました <3',
    });
    const renamed = parseXPage(
      { data: [{ id: '1', text: 'cut…', note_post: { text: 'the whole &amp; long post' } }] },
      'u',
    );
    expect(renamed.items[0]?.text).toBe('the whole & long post');
  });

  it('a post whose author X could not return: a warning from errors[], a link without a username, no lang for und', () => {
    const page = parseFile('search-recent-page2.json');
    expect(page.items).toEqual([
      {
        id: D,
        url: `https://x.com/i/web/status/${D}`,
        text: 'is AcmeCloud down again?',
        published: '2025-03-10T09:10:00.000Z',
        replyTo: { tweetId: D },
      },
    ]);
    expect(page.warnings).toEqual([
      'X reported: Not Found Error; Could not find user with ids: [1711111111111111111].',
    ]);
    expect(page.nextToken).toBeUndefined();
  });

  it('no match is no data (0 items); errors and no data is a failure in X’s words; a broken envelope names the field', () => {
    expect(parseFile('search-recent-empty.json').items).toEqual([]);
    expect(() => parseFile('users-mentions-not-found.json')).toThrow(
      /answered with errors and no posts: Not Found Error; Could not find user with id: \[99\]/,
    );
    expect(() => parseXPage({ data: 'nope' }, 'u')).toThrow(/is not the expected payload: data/);
    const bad = parseXPage(
      {
        data: [
          { id: 'x', text: 'a' },
          { id: '12', text: 'ok' },
        ],
      },
      'u',
    );
    expect(bad.items.map((i) => i.id)).toEqual(['12']);
    expect(bad.warnings).toEqual(['post 0 skipped: id is not valid']);
  });

  it('parse() through the adapter gives the same items', () => {
    const items = xAdapter.parse(
      { body: fixture('sources/x/users-mentions.json'), url: 'https://api.x.com/2/users/1/mentions' },
      xAdapter.schema.parse({ id: 'x', kind: 'x' }),
    );
    expect(items.map((i) => i.id)).toEqual([E, A]);
  });
});

describe('x query and cursor', () => {
  const defaults = { retweets: false } as Pick<XSource, 'query' | 'retweets' | 'lang'>;

  it('ORs the terms, quotes phrases, keeps handles and hashtags, adds -is:retweet and lang:', () => {
    expect(searchQuery(['AcmeCloud'], defaults).query).toBe('AcmeCloud -is:retweet');
    expect(
      searchQuery(['Acme Corp', 'AcmeCloud', '@acmecloud', '#acmecloud', 'say "hi"'], {
        ...defaults,
        lang: 'en',
      }).query,
    ).toBe('("Acme Corp" OR AcmeCloud OR @acmecloud OR #acmecloud OR "say hi") -is:retweet lang:en');
    expect(searchQuery(['AcmeCloud'], { retweets: true }).query).toBe('AcmeCloud');
    expect(searchQuery([], { query: 'acme (outage OR down) -is:retweet' } as XSource).query).toBe(
      'acme (outage OR down) -is:retweet',
    );
    expect(searchQuery([], { query: 'acme', retweets: false, lang: 'de' }).query).toBe(
      'acme -is:retweet lang:de',
    );
  });

  it('keeps the query within 512 characters and says which terms were left out', () => {
    const terms = Array.from({ length: 60 }, (_, i) => `Acme Product ${i}`);
    const { query: q, dropped } = searchQuery(terms, defaults);
    expect(q.length).toBeLessThanOrEqual(512);
    expect(dropped.length).toBeGreaterThan(0);
    expect(q).toContain('"Acme Product 0"');
    expect(q).not.toContain(`"${dropped[0]}"`);
  });

  it('snowflake ids carry their time; since_id is the newest id minus a minute, only inside the window', () => {
    expect(new Date(snowflakeTime(A) ?? 0).toISOString()).toBe('2025-03-10T11:30:05.000Z');
    const since = sinceIdFrom(A, new Date('2025-03-09T00:00:00Z'));
    expect(new Date(snowflakeTime(since ?? '') ?? 0).toISOString()).toBe('2025-03-10T11:29:05.000Z');
    expect(sinceIdFrom(A, new Date('2025-03-10T12:00:00Z'))).toBeUndefined();
    expect(sinceIdFrom('not-an-id', new Date(0))).toBeUndefined();
  });
});

describe('x fetch', () => {
  let api: XApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const context = (entry: Record<string, unknown>, options: Parameters<typeof apiContext>[2] = {}) =>
    apiContext(xAdapter, { baseUrl: api?.url, ...CREDS, ...entry }, { ...ENV, now: NOW, ...options });

  it('first run: recent search from start_time (7 days at most) page by page, then the mentions timeline; one item per post', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    const result = await xAdapter.fetch(context({ userId: ACME_USER_ID }));
    expect(api.requests.map((r) => pathOf(r.url))).toEqual([
      '/2/tweets/search/recent',
      '/2/tweets/search/recent',
      `/2/users/${ACME_USER_ID}/mentions`,
    ]);
    const first = Object.fromEntries(query(api.requests[0]?.url ?? ''));
    expect(first).toEqual({
      query: 'AcmeCloud -is:retweet',
      max_results: '100',
      'tweet.fields': TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': 'username,name,public_metrics',
      sort_order: 'recency',
      // 14 days of look-back, but recent search reaches 7 days back (10 minutes' margin).
      start_time: '2025-03-03T12:10:00Z',
    });
    expect(query(api.requests[1]?.url ?? '').get('next_token')).toBe(
      'b26v89c19zqg8o3fpzbkk6v0yrzelhacn6sszmj1wc5a5',
    );
    expect(Object.fromEntries(query(api.requests[2]?.url ?? ''))).toMatchObject({
      max_results: '100',
      start_time: '2025-02-24T12:00:00Z',
    });
    for (const r of api.requests) expect(r.headers.authorization).toBe(`Bearer ${X_CREDS.bearer}`);
    // The complaint was found by both streams: filed once.
    expect(result.items.map((i) => i.id)).toEqual([A, B, C, D, E]);
    expect(result.items.find((i) => i.id === E)).toMatchObject({ author: '@mira_ops', reach: 96 });
    expect(result.warnings).toEqual([
      'recent search: X reported: Not Found Error; Could not find user with ids: [1711111111111111111].',
    ]);
    expect(result.cursor).toEqual({
      since: '2025-03-10T11:45:30.000Z',
      data: {
        searchSinceId: A,
        searchQuery: expect.stringMatching(/^[0-9a-f]{16}$/),
        mentionsSinceId: E,
        mentionsUser: ACME_USER_ID,
      },
    });
    expect(result.requests).toBe(3);
  });

  it('next run: since_id (the newest id minus a minute) instead of start_time, per stream; nothing new is one request each', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    const first = await xAdapter.fetch(context({ userId: ACME_USER_ID }));
    api.requests.length = 0;
    api.empty = true;
    const later = new Date(NOW.getTime() + 3_600_000);
    const second = await xAdapter.fetch(
      context({ userId: ACME_USER_ID }, { cursor: first.cursor, now: later }),
    );
    const search = query(api.requests[0]?.url ?? '');
    expect(search.get('start_time')).toBeNull();
    expect(snowflakeTime(search.get('since_id') ?? '')).toBe(Date.parse('2025-03-10T11:29:05.000Z'));
    const mentions = query(api.requests[1]?.url ?? '');
    expect(mentions.get('start_time')).toBeNull();
    expect(snowflakeTime(mentions.get('since_id') ?? '')).toBe(Date.parse('2025-03-10T11:44:30.000Z'));
    // The search found nothing new: the ids are kept for the next run.
    expect(second.cursor.data).toEqual(first.cursor.data);
  });

  it('another query (or another account) starts from the window again, not from a since_id it never saw', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    const first = await xAdapter.fetch(context({}));
    api.requests.length = 0;
    await xAdapter.fetch(context({ query: 'acmecloud outage' }, { cursor: first.cursor }));
    expect(query(api.requests[0]?.url ?? '').get('since_id')).toBeNull();
    expect(query(api.requests[0]?.url ?? '').get('query')).toBe('acmecloud outage -is:retweet');
    expect(query(api.requests[0]?.url ?? '').get('start_time')).toBe('2025-03-03T12:10:00Z');
  });

  it('mentions only (search: false), and clear errors for a bad setup', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    const only = await xAdapter.fetch(context({ search: false, userId: ACME_USER_ID }));
    expect(api.requests.map((r) => pathOf(r.url))).toEqual([`/2/users/${ACME_USER_ID}/mentions`]);
    expect(only.items.map((i) => i.id)).toEqual([E, A]);
    expect(only.cursor.data).toEqual({ mentionsSinceId: E, mentionsUser: ACME_USER_ID });
    await expect(xAdapter.fetch(context({ search: false }))).rejects.toThrow(/nothing to read: .*userId/);
    await expect(xAdapter.fetch(context({ search: false, userId: '99' }))).rejects.toThrow(
      /X \(Twitter\): .*answered with errors and no posts: Not Found Error; Could not find user with id: \[99\]/,
    );
  });

  it('a missing token names the credential and the exact env: line', async () => {
    const err = await xAdapter.fetch(apiContext(xAdapter, CREDS, {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression the message quotes
      'X (Twitter) needs the credential "bearerToken": the config maps it to the environment variable X_BEARER, which is empty or unset in this run (in a workflow: `env: X_BEARER: ${{ secrets.X_BEARER }}`)',
    );
    const unmapped = await xAdapter.fetch(apiContext(xAdapter, {}, {})).catch((e: unknown) => e);
    expect((unmapped as Error).message).toContain('add `credentials: { bearerToken: X_BEARER_TOKEN }`');
  });

  it('X’s problem JSON becomes a failure in its words, with what to do, and never the token', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    api.fail.search = {
      status: 400,
      body: JSON.parse(fixture('sources/x/error-invalid-query.json').toString()),
    };
    const bad = await xAdapter.fetch(context({ query: '(AcmeCloud' })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SourceError);
    expect((bad as Error).message).toBe(
      'X (Twitter): recent search answered HTTP 400: Invalid Request; One or more parameters to your request was invalid.; ' +
        'There were errors processing your request: Missing closing parenthesis (at position 11) — check the query ' +
        '(X search syntax, at most 512 characters) and the source options',
    );
    const denied = await xAdapter
      .fetch(context({}, { env: { X_BEARER: 'revoked-token-0000' } }))
      .catch((e: unknown) => e);
    expect((denied as Error).message).toMatch(
      /answered HTTP 401: Unauthorized — check the bearerToken credential/,
    );
    expect((denied as Error).message).not.toContain('revoked-token-0000');
  });

  it('a 429 with only x-rate-limit-reset is waited out until the reset', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    api.fail.search = {
      status: 429,
      body: JSON.parse(fixture('sources/x/error-rate-limit.json').toString()),
      headers: {
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      },
      times: 1,
    };
    const started = Date.now();
    const result = await xAdapter.fetch(context({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result.items.length).toBe(4);
    expect(api.requests.filter((r) => pathOf(r.url) === '/2/tweets/search/recent')).toHaveLength(3);
  });

  it('a 429 whose window resets in 14 minutes fails at once, saying so; a usage cap says the credits are used up', async () => {
    api = await startXApi({ now: () => NOW.getTime() });
    api.fail.search = {
      status: 429,
      body: JSON.parse(fixture('sources/x/error-rate-limit.json').toString()),
      headers: {
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 14 * 60),
      },
    };
    const started = Date.now();
    const limited = await xAdapter.fetch(context({})).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((limited as Error).message).toMatch(
      /answered 429 Too Many Requests and asks to wait 1[34](\.\d)? min before retrying, longer than the 60 s this client waits \(maxRetryAfterMs\): \{"title":"Too Many Requests"/,
    );
    expect((limited as Error).message).toContain('X allows 450 requests per 15-minute window per app');
    expect(api.requests).toHaveLength(1);

    api.fail.search = {
      status: 429,
      body: JSON.parse(fixture('sources/x/error-usage-capped.json').toString()),
    };
    const capped = await xAdapter.fetch(context({})).catch((e: unknown) => e);
    expect((capped as Error).message).toMatch(
      /UsageCapExceeded.*Monthly product cap.*rate limited by the API/,
    );
    expect((capped as Error).message).toContain(
      '"usage-capped" means the credits or the monthly cap of post reads are used up',
    );
  });

  describe('the failure suite every source runs', () => {
    httpFailureTests({
      adapter: xAdapter,
      entry: (base) => ({ baseUrl: base, ...CREDS }),
      env: ENV.env,
      // The last page (one post, inside the test clock's window): the suite wants items.
      ok: (_req, res) =>
        sendJson(res, 200, JSON.parse(fixture('sources/x/search-recent-page2.json').toString('utf8')), {
          'content-type': JSON_TYPE,
        }),
    });
  });
});

describe('x publisher', () => {
  let api: XApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  const http = createHttpClient({ retries: 0 });
  const env: Record<string, string> = {
    X_API_KEY: X_CREDS.apiKey,
    X_API_SECRET: X_CREDS.apiKeySecret,
    X_ACCESS_TOKEN: X_CREDS.accessToken,
    X_ACCESS_SECRET: X_CREDS.accessTokenSecret,
  };
  const credentials = {
    bearerToken: 'X_BEARER',
    apiKey: 'X_API_KEY',
    apiKeySecret: 'X_API_SECRET',
    accessToken: 'X_ACCESS_TOKEN',
    accessTokenSecret: 'X_ACCESS_SECRET',
    userAccessToken: 'X_USER_TOKEN',
  };
  function request(
    text: string,
    over: { marker?: Partial<MarkerData>; env?: Record<string, string> } = {},
  ): PublishRequest<XSource> {
    const source = xAdapter.schema.parse({
      id: 'x',
      kind: 'x',
      baseUrl: api?.url ?? 'http://127.0.0.1:9',
      credentials,
    });
    const vars = over.env ?? env;
    return {
      text,
      marker: {
        key: `x:${A}`,
        source: 'x',
        kind: 'x',
        category: 'complaint',
        published: '2025-03-10T11:30:05.000Z',
        url: `https://x.com/devon_builds/status/${A}`,
        author: '@devon_builds',
        replyTo: { tweetId: A },
        ...over.marker,
      } as MarkerData,
      source,
      credential: (name) => {
        const v = source.credentials?.[name];
        return v ? vars[v] : undefined;
      },
      http,
      now: new Date('2026-11-20T10:00:00Z'),
      idempotencyKey: 'k1',
    };
  }
  const failure = (req: PublishRequest<XSource>) =>
    xPublisher.publish(req).then(
      () => {
        throw new Error('expected a PublishError');
      },
      (e: unknown) => e as PublishError,
    );

  it('signs POST /2/tweets with OAuth 1.0a as the replying account and links the new post', async () => {
    api = await startXApi();
    const text =
      'Sorry AcmeCloud let you down 🙏 we are on it. DM us the invoice id and we will refund the double charge.';
    const req = request(text);
    expect(xPublisher.check(req)).toBeUndefined();
    const result = await xPublisher.publish(req);
    expect(result).toEqual({
      url: 'https://x.com/i/web/status/1899068969579491349',
      id: '1899068969579491349',
    });
    expect(api.replies).toEqual([{ text, inReplyTo: A, auth: 'oauth1' }]);
    const post = api.requests.find((r) => r.method === 'POST');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({ text, reply: { in_reply_to_tweet_id: A } });
    expect(post?.headers.authorization).toMatch(
      /^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="[0-9a-f]{32}", oauth_signature="[^"]+", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1795168800", oauth_token="[^"]+", oauth_version="1.0"$/,
    );
  });

  it('or with an OAuth 2.0 user access token', async () => {
    api = await startXApi();
    const req = request('Thanks for the kind words!', { env: { X_USER_TOKEN: X_CREDS.userAccessToken } });
    expect(xPublisher.check(req)).toBeUndefined();
    await xPublisher.publish(req);
    expect(api.replies.map((r) => r.auth)).toEqual(['oauth2']);
  });

  it('check(): says which user credentials are missing, and needs a post id', () => {
    expect(xPublisher.check(request('hi', { env: { X_API_KEY: 'k' } }))).toBe(
      'replying on X needs the credentials apiKeySecret (the environment variable X_API_SECRET is empty), accessToken (the environment variable X_ACCESS_TOKEN is empty), accessTokenSecret (the environment variable X_ACCESS_SECRET is empty) (OAuth 1.0a user context), or userAccessToken (OAuth 2.0)',
    );
    expect(xPublisher.check(request('hi', { marker: { replyTo: {} } }))).toBe(
      'the mention has no X post id to reply to',
    );
  });

  it('refuses a reply over 280 weighted characters before sending anything', async () => {
    api = await startXApi();
    const err = await failure(request(`${'返信'.repeat(140)}!`));
    expect(err.message).toBe('the reply is 561 weighted characters; X allows 280');
    expect(api.requests).toHaveLength(0);
  });

  it('X’s problem JSON in the message with a hint; a 429 says when the window resets', async () => {
    api = await startXApi();
    api.fail.post = {
      status: 403,
      body: JSON.parse(fixture('publishers/x/error-403-duplicate.json').toString()),
    };
    const dup = await failure(request('Sorry about that!'));
    expect(dup.message).toMatch(
      /^X answered HTTP 403 to posting the reply: "Forbidden; You are not allowed to create a Tweet with duplicate content\." \(X refused the post: the app needs "Read and write" permission/,
    );
    expect(dup.ambiguous).toBe(false);
    api.fail.post = {
      status: 429,
      body: JSON.parse(fixture('sources/x/error-rate-limit.json').toString()),
      headers: { 'x-rate-limit-reset': '1795169700' },
    };
    const limited = await failure(request('Sorry about that!'));
    expect(limited.message).toContain('rate limited: the rate limit resets at 2026-11-20T10:15:00Z');
    expect(api.replies).toHaveLength(0);
  });

  it('a 2xx with errors and no data posted nothing; a lost answer may have posted', async () => {
    api = await startXApi();
    api.fail.post = {
      status: 200,
      body: { errors: [{ message: 'Your Tweet text is too long.', code: 186 }] },
    };
    const none = await failure(request('Sorry about that!'));
    expect(none.message).toBe('X answered HTTP 200 without a post: "Your Tweet text is too long."');
    expect(none.ambiguous).toBe(false);
    api.fail.post = { drop: true };
    const lost = await failure(request('Sorry about that!'));
    expect(lost.ambiguous).toBe(true);
    expect(lost.message).toMatch(/may have been posted anyway/);
  });

  it('the platform: 280 weighted characters, and how a person replies by hand', () => {
    const x = platformFor('x');
    expect(x?.reply).toMatchObject({ limit: 280, unit: 'weighted characters' });
    expect(x?.manualReply?.(request('hi').marker)).toEqual({
      url: `https://x.com/devon_builds/status/${A}`,
      how: 'Reply under the post on X, signed in as your account.',
    });
  });
});

describe('OAuth 1.0a signing (X’s documented example)', () => {
  const params = {
    status: 'Hello Ladies + Gentlemen, a signed OAuth request!',
    oauth_consumer_key: 'xvz1evFS4wEEPTGEFPHBog',
    oauth_nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: '1318622958',
    oauth_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
    oauth_version: '1.0',
  };
  it('builds the documented signature base string and signature', () => {
    const url = 'https://api.x.com/1.1/statuses/update.json?include_entities=true';
    expect(signatureBaseString('POST', url, params)).toBe(
      'POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    const header = oauth1Header(
      'POST',
      url,
      {
        consumerKey: params.oauth_consumer_key,
        consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
        token: params.oauth_token,
        tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      },
      { form: { status: params.status }, nonce: params.oauth_nonce, timestamp: 1318622958 },
    );
    expect(header).toContain(`oauth_signature="${percentEncode('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=')}"`);
    // The same request to the API's former host: the signature of the original Twitter documentation.
    expect(
      oauth1Header(
        'POST',
        url.replace('api.x.com', 'api.twitter.com'),
        {
          consumerKey: params.oauth_consumer_key,
          consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
          token: params.oauth_token,
          tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
        },
        { form: { status: params.status }, nonce: params.oauth_nonce, timestamp: 1318622958 },
      ),
    ).toContain(`oauth_signature="${percentEncode('hCtSmYh+iHYCEqBWrE7C7hYmtUk=')}"`);
  });
});
