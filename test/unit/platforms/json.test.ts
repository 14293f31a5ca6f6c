import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SourceError } from '../../../src/errors.js';
import {
  explainMissingPath,
  formatJsonPath,
  getJsonPath,
  parseJsonPath,
} from '../../../src/platforms/json/path.js';
import { jsonAdapter, parseJsonItems, templateNames } from '../../../src/platforms/json/source.js';
import { looseDateToIso } from '../../../src/platforms/shared/loose-date.js';
import { fixture, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, NOW, pathOf, query } from './api-context.js';

const load = (name: string): unknown => JSON.parse(fixture(`sources/json/${name}`).toString('utf8'));
const entry = (extra: Record<string, unknown>) =>
  jsonAdapter.schema.parse({ id: 'api', kind: 'json', url: 'https://api.example.com/x', ...extra });

const FOREM = {
  fields: {
    id: 'id',
    url: 'url',
    title: 'title',
    text: 'description',
    author: 'user.name',
    published: 'published_at',
    engagement: 'public_reactions_count',
  },
};
const ZENDESK = {
  itemsPath: 'results',
  nextPath: 'next_page',
  fields: { id: 'id', title: 'subject', text: 'description', published: 'created_at' },
};
const DISQUS = {
  itemsPath: 'response',
  nextPath: 'cursor.next',
  hasMorePath: 'cursor.hasNext',
  cursorParam: 'cursor',
  textIsHtml: true,
  fields: {
    id: 'id',
    text: 'message',
    author: 'author.name',
    authorUrl: 'author.profileUrl',
    published: 'createdAt',
    engagement: 'likes',
  },
};
const NOTION = {
  method: 'POST',
  itemsPath: 'results',
  nextPath: 'next_cursor',
  hasMorePath: 'has_more',
  cursorParam: 'start_cursor',
  body: { query: '{{$query}}', page_size: 50 },
  fields: { id: 'id', url: 'url', title: 'properties.title.title[0].plain_text', published: 'created_time' },
};
const SECRET = 'sk_live_notARealKey_0123456789';

function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('json paths and dates', () => {
  it('parses dot, index and quoted-key paths, and explains what is missing', () => {
    expect(parseJsonPath('')).toEqual([]);
    expect(parseJsonPath('$.data.items[2]["odd.key"].x')).toEqual(['data', 'items', 2, 'odd.key', 'x']);
    expect(parseJsonPath("a['b c']")).toEqual(['a', 'b c']);
    expect(() => parseJsonPath('a..b')).toThrow(/bad path "a..b" at 2/);
    expect(() => parseJsonPath('a[x]')).toThrow(/expected \[number\]/);
    expect(formatJsonPath(['data', 0, 'odd key'])).toBe('data[0]["odd key"]');
    const doc = { data: { results: [1], meta: {} } };
    expect(getJsonPath(doc, ['data', 'results', 0])).toBe(1);
    expect(getJsonPath(doc, ['data', 'constructor'])).toBeUndefined();
    expect(explainMissingPath(doc, ['data', 'items'])).toBe(
      '"data" is an object with keys results, meta: no "items"',
    );
    expect(explainMissingPath([], [3])).toBe('the document is an array of 0: no index 3');
  });

  it('reads ISO with and without zone, epoch seconds and milliseconds, and rejects the implausible', () => {
    const now = NOW.getTime();
    expect(looseDateToIso('2025-03-10T08:00:00+02:00', 'auto', now)).toBe('2025-03-10T06:00:00.000Z');
    expect(looseDateToIso('2025-03-10T08:00:00.123456', 'auto', now)).toBe('2025-03-10T08:00:00.123Z');
    expect(looseDateToIso('2025-03-10 08:00', 'auto', now)).toBe('2025-03-10T08:00:00.000Z');
    expect(looseDateToIso(1741597200, 'auto', now)).toBe('2025-03-10T09:00:00.000Z');
    expect(looseDateToIso('1741597200.000200', 'auto', now)).toBe('2025-03-10T09:00:00.000Z');
    expect(looseDateToIso(1741597200123, 'auto', now)).toBe('2025-03-10T09:00:00.123Z');
    expect(looseDateToIso(1741597200, 'epoch-ms', now)).toBeUndefined();
    expect(looseDateToIso('2025-03-10', 'epoch-seconds', now)).toBeUndefined();
    expect(looseDateToIso('not a date', 'auto', now)).toBeUndefined();
    expect(looseDateToIso('2999-01-01T00:00:00Z', 'auto', now)).toBeUndefined();
    expect(looseDateToIso(0, 'auto', now)).toBeUndefined();
  });
});

describe('looseDateToIso and impossible dates', () => {
  it('refuses a written date that names no day instead of rolling it over (as isoOrUndefined does)', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(looseDateToIso('2026-02-31T10:00:00Z', 'auto', now)).toBeUndefined();
    expect(looseDateToIso('2026-04-31 12:00', 'auto', now)).toBeUndefined();
    expect(looseDateToIso('2026-02-28T10:00:00Z', 'auto', now)).toBe('2026-02-28T10:00:00.000Z');
  });
});

describe('json parse', () => {
  it('maps a root array (Forem articles), host-qualified ids, skips items without text or title', () => {
    const source = entry(FOREM);
    const page = parseJsonItems(
      load('forem-articles.json'),
      'https://dev.to/api/articles?tag=acmecloud',
      source,
    );
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toEqual({
      id: 'dev.to:2301001',
      url: 'https://dev.to/anasouza/migrating-40-services-to-acmecloud-1a2b',
      title: 'Migrating 40 services to AcmeCloud in a weekend',
      text: 'What went well, and the one AcmeCloud quota that bit us.',
      author: 'Ana Souza',
      published: '2025-03-09T15:20:11.000Z',
      engagement: 48,
    });
    expect(page.items[1]).toMatchObject({
      title: 'AcmeCloud のサーバーレス関数を試してみた',
      author: 'Kenji',
    });
    expect(page.warnings).toEqual(['item 2 skipped: no text and no title at the mapped paths']);
  });

  it('maps a nested list with a next-page URL (Zendesk search), and an empty page', () => {
    const source = entry(ZENDESK);
    const page = parseJsonItems(
      load('zendesk-search-page1.json'),
      'https://acme.zendesk.com/api/v2/search.json',
      source,
    );
    expect(page.items.map((i) => i.id)).toEqual(['acme.zendesk.com:35436', 'acme.zendesk.com:35431']);
    expect(page.next).toBe(
      'https://acme.zendesk.com/api/v2/search.json?page=2&query=AcmeCloud+type%3Aticket',
    );
    const last = parseJsonItems(load('zendesk-search-page2.json'), 'https://acme.zendesk.com/x', source);
    expect(last.items[0]?.text).toBe("Merci à l'équipe AcmeCloud pour la réponse en moins d'une heure !");
    expect(last.next).toBeUndefined();
    expect(
      parseJsonItems(load('zendesk-search-empty.json'), 'https://acme.zendesk.com/x', source).items,
    ).toEqual([]);
  });

  it('flattens HTML text, reads zone-less times as UTC, an anonymous author, and hasMore=false ends paging (Disqus)', () => {
    const source = entry(DISQUS);
    const first = parseJsonItems(
      load('disqus-posts-page1.json'),
      'https://disqus.com/api/3.0/posts/list.json',
      source,
    );
    expect(first.items[0]).toEqual({
      id: 'disqus.com:6200000101',
      text: 'The new AcmeCloud pricing page is much clearer, thanks!',
      author: 'Lina',
      authorUrl: 'https://disqus.com/by/lina_k/',
      published: '2025-03-10T09:00:00.000Z',
      engagement: 4,
    });
    expect(first.items[1]).toMatchObject({
      text: 'Does AcmeCloud support IPv6 on load balancers yet?\nWe need it for a gov contract.',
      author: 'Guest',
    });
    expect(first.items[1]?.authorUrl).toBeUndefined();
    expect(first.next).toBe('1741597200000000:0:0');
    const last = parseJsonItems(load('disqus-posts-page2.json'), 'https://disqus.com/x', source);
    expect(last.items[0]?.text).toBe('AcmeCloud-Support hat mir sofort geholfen. Top!');
    expect(last.next).toBeUndefined();
  });

  it('reads epoch seconds in strings (Slack) and deep bracket paths (Notion titles)', () => {
    const slack = entry({
      itemsPath: 'messages.matches',
      fields: { id: 'iid', url: 'permalink', text: 'text', author: 'username', published: 'ts' },
    });
    const items = jsonAdapter.parse(
      {
        body: fixture('sources/json/slack-search-messages.json'),
        url: 'https://slack.com/api/search.messages',
      },
      slack,
    );
    expect(items.map((i) => i.published)).toEqual(['2025-03-10T09:00:00.000Z', '2025-03-09T09:00:00.000Z']);
    expect(items[0]?.url).toBe('https://acme-partners.slack.com/archives/C12345678/p1741597200000200');
    const notion = parseJsonItems(
      load('notion-search-page1.json'),
      'https://api.notion.com/v1/search',
      entry(NOTION),
    );
    expect(notion.items[0]?.title).toBe('Escalation AcmeCloud outage 2025-03-10');
    expect(notion.next).toBe('fe2cc560-036c-44cd-90e8-294d5a74cebc');
  });

  it('a wrong itemsPath fails naming the path and the keys that were there; a non-array too', () => {
    expect(() =>
      jsonAdapter.parse(
        { body: fixture('sources/json/zendesk-search-page1.json'), url: 'https://acme.zendesk.com/s' },
        entry({ ...ZENDESK, itemsPath: 'data.items' }),
      ),
    ).toThrow(
      'JSON API: itemsPath "data.items" finds nothing in https://acme.zendesk.com/s: the document is an object with keys results, facets, next_page, previous_page, count: no "data"',
    );
    expect(() =>
      parseJsonItems(
        load('zendesk-search-page1.json'),
        'https://a/s',
        entry({ ...ZENDESK, itemsPath: 'count' }),
      ),
    ).toThrow('JSON API: itemsPath "count" in https://a/s is a number, not an array');
    expect(() => parseJsonItems({ items: [] }, 'https://a/s', entry(FOREM))).toThrow(
      /itemsPath \(the answer itself\) in https:\/\/a\/s is an object with keys items, not an array/,
    );
  });

  it('warns about bad dates and ratings and skips non-object items', () => {
    const source = entry({ fields: { text: 't', published: 'd', rating: 'r' } });
    const page = parseJsonItems(
      [{ t: 'AcmeCloud ok', d: 'soon', r: 9 }, 'oops', { t: 'AcmeCloud great', r: '5' }],
      'https://a.example/',
      source,
    );
    expect(page.items).toEqual([{ text: 'AcmeCloud ok' }, { text: 'AcmeCloud great', rating: 5 }]);
    expect(page.warnings).toEqual([
      'item 0: published "soon" is not a date',
      'item 0: rating 9 is outside 1–5, ignored',
      'item 1 skipped: a string, not an object',
    ]);
  });

  it('the schema needs text or title, valid paths, and describes every option for editors', () => {
    const base = { id: 'a', kind: 'json', url: 'https://a.example/' };
    expect(jsonAdapter.schema.safeParse({ ...base, fields: { author: 'a' } }).success).toBe(false);
    expect(jsonAdapter.schema.safeParse({ ...base, fields: { text: 'a..b' } }).success).toBe(false);
    expect(jsonAdapter.schema.safeParse({ ...base, fields: { text: 'a.b[0]' } }).success).toBe(true);
    const json = z.toJSONSchema(jsonAdapter.schema as unknown as z.ZodObject, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    for (const [name, prop] of Object.entries(json.properties)) expect(prop.description, name).toBeTruthy();
    expect(
      templateNames(entry({ ...NOTION, url: 'https://a.example/{{key}}', headers: { A: '{{ tok }}' } })),
    ).toEqual(new Set(['key', 'tok', '$query']));
  });
});

describe('json fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Serves a fixture with its absolute Zendesk URLs pointed at the loopback server. */
  const zendesk = () =>
    startLoopback((req, res) => {
      const name =
        query(req.url).get('page') === '2' ? 'zendesk-search-page2.json' : 'zendesk-search-page1.json';
      sendJson(
        res,
        fixture(`sources/json/${name}`)
          .toString('utf8')
          .replaceAll('https://acme.zendesk.com', server?.url ?? ''),
      );
    });

  it('expands credential and built-in templates, follows next-page URLs, keeps the newest time', async () => {
    server = await zendesk();
    const ctx = apiContext(
      jsonAdapter,
      {
        ...ZENDESK,
        url: `${server.url}/api/v2/search.json?query={{$query}}+type:ticket+created>{{$sinceEpoch}}`,
        headers: { Authorization: 'Bearer {{token}}', 'X-Team': 'support' },
        credentials: { token: 'ZENDESK_TOKEN' },
      },
      { env: { ZENDESK_TOKEN: SECRET }, searchTerms: ['AcmeCloud', 'Acme Corp'] },
    );
    const result = await jsonAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual(['/api/v2/search.json', '/api/v2/search.json']);
    const first = server.requests[0]!;
    expect(query(first.url).get('query')).toBe(
      // {{$sinceEpoch}}: the window start (24 February 12:00) rounded down to the UTC day.
      `AcmeCloud OR Acme Corp type:ticket created>${Date.parse('2025-02-24T00:00:00Z') / 1000}`,
    );
    expect(first.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(first.headers['x-team']).toBe('support');
    expect(first.headers.accept).toBe('application/json');
    expect(query(server.requests[1]?.url ?? '').get('page')).toBe('2');
    const host = new URL(server.url).host;
    expect(result.items.map((i) => i.id)).toEqual([`${host}:35436`, `${host}:35431`, `${host}:35402`]);
    expect(result.cursor.since).toBe('2025-03-10T07:55:00.000Z');
    expect(result.requests).toBe(2);
  });

  it('puts a cursor into a query parameter and stops when hasMore is false; the key stays out of the cursor', async () => {
    server = await startLoopback((req, res) =>
      sendJson(
        res,
        load(query(req.url).get('cursor') ? 'disqus-posts-page2.json' : 'disqus-posts-page1.json'),
        200,
        {
          etag: '"d1"',
        },
      ),
    );
    const ctx = apiContext(
      jsonAdapter,
      {
        ...DISQUS,
        url: `${server.url}/api/3.0/posts/list.json?forum=acme-blog&api_key={{apiKey}}&since={{$since}}`,
        credentials: { apiKey: 'DISQUS_KEY' },
      },
      { env: { DISQUS_KEY: SECRET } },
    );
    const result = await jsonAdapter.fetch(ctx);
    expect(server.requests).toHaveLength(2);
    expect(query(server.requests[0]?.url ?? '').get('since')).toBe('2025-02-24T00:00:00.000Z');
    expect(query(server.requests[1]?.url ?? '').get('cursor')).toBe('1741597200000000:0:0');
    expect(query(server.requests[1]?.url ?? '').get('api_key')).toBe(SECRET);
    expect(result.items).toHaveLength(3);
    expect(JSON.stringify(result.cursor)).not.toContain(SECRET);
    expect(Object.keys(result.cursor.validators ?? {})[0]).toContain('api_key=***');
  });

  it('POSTs a templated JSON body and carries the cursor in it (Notion search)', async () => {
    server = await startLoopback((req, res) => {
      const body = JSON.parse(req.body) as { start_cursor?: string };
      sendJson(res, load(body.start_cursor ? 'notion-search-page2.json' : 'notion-search-page1.json'));
    });
    const ctx = apiContext(
      jsonAdapter,
      {
        ...NOTION,
        url: `${server.url}/v1/search`,
        headers: { Authorization: 'Bearer {{notion}}', 'Notion-Version': '2022-06-28' },
        credentials: { notion: 'NOTION_TOKEN' },
      },
      { env: { NOTION_TOKEN: SECRET } },
    );
    const result = await jsonAdapter.fetch(ctx);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ query: 'AcmeCloud', page_size: 50 });
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({
      query: 'AcmeCloud',
      page_size: 50,
      start_cursor: 'fe2cc560-036c-44cd-90e8-294d5a74cebc',
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(result.items.map((i) => i.title)).toEqual([
      'Escalation AcmeCloud outage 2025-03-10',
      'AcmeCloud customer interview notes',
    ]);
  });

  it('reads the whole look-back window whatever the cursor ({{$since}} is its start), keeps late items, and sends the stored validators (304 = nothing new)', async () => {
    // The articles as served, plus one dated before the 14-day look-back window (the API was asked
    // for none such; the adapter must still drop it).
    const articles = load('forem-articles.json') as Record<string, unknown>[];
    articles.push({
      ...articles[0],
      id: 2290001,
      title: 'An old AcmeCloud post',
      published_at: '2025-02-20T09:00:00Z',
    });
    server = await startLoopback((req, res) => {
      if (req.headers['if-none-match'] === '"z1"') {
        res.writeHead(304, { etag: '"z1"' });
        res.end();
        return;
      }
      sendJson(res, articles, 200, { etag: '"z1"' });
    });
    const url = `${server.url}/api/articles?tag=acmecloud&since={{$since}}`;
    const asked = `${server.url}/api/articles?tag=acmecloud&since=2025-02-24T00%3A00%3A00.000Z`;
    const first = await jsonAdapter.fetch(
      apiContext(
        jsonAdapter,
        { ...FOREM, url },
        { cursor: { since: '2025-03-09T12:00:00.000Z' }, lookbackDays: 14 },
      ),
    );
    expect(query(server.requests[0]?.url ?? '').get('since')).toBe('2025-02-24T00:00:00.000Z');
    // 8 March is older than the cursor (late): kept. 20 February: dropped.
    expect(first.items.map((i) => i.title)).toEqual([
      'Migrating 40 services to AcmeCloud in a weekend',
      'AcmeCloud のサーバーレス関数を試してみた',
    ]);
    expect(first.cursor).toEqual({
      since: '2025-03-09T15:20:11.000Z',
      validators: { [asked]: { etag: '"z1"' } },
    });
    const second = await jsonAdapter.fetch(
      apiContext(jsonAdapter, { ...FOREM, url }, { cursor: first.cursor, lookbackDays: 14 }),
    );
    expect(server.requests[1]?.url).toBe(server.requests[0]?.url);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"z1"');
    expect(second).toMatchObject({ items: [], cursor: first.cursor });
  });

  it('a credential the request uses but the config does not map: says what to add, sends nothing', async () => {
    server = await zendesk();
    const unmapped = await jsonAdapter
      .fetch(
        apiContext(jsonAdapter, {
          ...ZENDESK,
          url: `${server.url}/s`,
          headers: { Authorization: 'Bearer {{token}}' },
        }),
      )
      .catch((e: unknown) => e);
    expect(unmapped).toBeInstanceOf(SourceError);
    expect((unmapped as SourceError).message).toMatch(
      /JSON API needs the credential "token": add `credentials: \{ token: API_TOKEN \}` to source "json-test" and set the environment variable API_TOKEN.*uses \{\{token\}\}/,
    );
    const unset = await jsonAdapter
      .fetch(
        apiContext(jsonAdapter, {
          ...ZENDESK,
          url: `${server.url}/s?key={{apiKey}}`,
          credentials: { apiKey: 'ZD_KEY' },
        }),
      )
      .catch((e: unknown) => e);
    expect((unset as SourceError).message).toMatch(
      /the environment variable ZD_KEY, which is empty or unset/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('never puts a secret from the URL into an error message', async () => {
    server = await startLoopback((_req, res) => sendJson(res, { error: 'boom' }, 500));
    const error = await jsonAdapter
      .fetch(
        apiContext(
          jsonAdapter,
          { ...ZENDESK, url: `${server.url}/s/{{apiKey}}?k={{apiKey}}`, credentials: { apiKey: 'K' } },
          { env: { K: 'p@ss/w0rd&more' } },
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/500/);
    expect(message).not.toContain('p@ss/w0rd&more');
    expect(message).not.toContain(encodeURIComponent('p@ss/w0rd&more'));
  });

  it('a wrong itemsPath fails the source with the keys that were there', async () => {
    server = await zendesk();
    const error = await jsonAdapter
      .fetch(apiContext(jsonAdapter, { ...ZENDESK, itemsPath: 'tickets', url: `${server.url}/s` }))
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toMatch(
      /itemsPath "tickets" finds nothing .*: the document is an object with keys results, facets, next_page/,
    );
  });

  it('does not follow a next page on another site, and refuses unknown built-ins', async () => {
    server = await startLoopback((_req, res) =>
      sendJson(res, { results: [{ id: 1, subject: 'AcmeCloud' }], next_page: 'http://10.1.2.3/api?page=2' }),
    );
    const result = await jsonAdapter.fetch(apiContext(jsonAdapter, { ...ZENDESK, url: `${server.url}/s` }));
    expect(server.requests).toHaveLength(1);
    expect(result.warnings).toEqual(['the next page is on another site (http://10.1.2.3); not followed']);
    const error = await jsonAdapter
      .fetch(apiContext(jsonAdapter, { ...ZENDESK, url: `${server.url}/s?d={{$yesterday}}` }))
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toMatch(
      /unknown template \{\{\$yesterday\}\}; the built-ins are \{\{\$since\}\}/,
    );
  });

  it('stops at maxPages with a warning', async () => {
    server = await zendesk();
    const result = await jsonAdapter.fetch(
      apiContext(jsonAdapter, { ...ZENDESK, url: `${server.url}/s`, maxPages: 1 }),
    );
    expect(server.requests).toHaveLength(1);
    expect(result.warnings).toEqual(['more than 1 pages; the rest were not read (raise maxPages)']);
  });

  httpFailureTests({
    adapter: jsonAdapter,
    entry: (base) => ({ ...FOREM, url: `${base}/api/articles` }),
    ok: (_req, res) => sendJson(res, fixture('sources/json/forem-articles.json').toString('utf8')),
  });
});
