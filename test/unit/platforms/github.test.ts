import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { githubPlatform } from '../../../src/platforms/github/index.js';
import {
  deriveGraphqlUrl,
  githubAdapter,
  issueSearchQuery,
  parseDiscussionSearch,
  parseIssueSearch,
  termsQuery,
} from '../../../src/platforms/github/source.js';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';
import { apiContext, httpFailureTests, pathOf, query } from './api-context.js';

const source = githubAdapter.schema.parse({ id: 'gh', kind: 'github' });
const API = 'https://api.github.com/search/issues';
const json = (name: string): unknown => JSON.parse(fixture(`sources/github/${name}`).toString('utf8'));
const TOKEN = 'ghp_notARealTokenButLongEnough123';
const CREDS = { credentials: { token: 'GH_TOKEN' } };
const ENV = { env: { GH_TOKEN: TOKEN } };

function send(res: ServerResponse, name: string, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(fixture(`sources/github/${name}`));
}

/** Serves issue pages 1 and 2, the PR page and discussions, like api.github.com would. */
function github(req: RecordedRequest, res: ServerResponse): void {
  const q = query(req.url).get('q') ?? '';
  const second = query(req.url).get('page') === '2';
  let name = second ? 'search-issues-page2.json' : 'search-issues-page1.json';
  if (q.includes('is:pr')) name = 'search-prs.json';
  if (req.method === 'POST') name = 'graphql-discussions.json';
  send(res, name);
}

describe('github parse', () => {
  it('reads issues: repo#number ids, body_text, reactions + comments as engagement, reply coordinates', () => {
    const items = githubAdapter.parse(
      { body: fixture('sources/github/search-issues-page1.json'), url: API },
      source,
    );
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      id: 'octo-labs/pipeline#412',
      url: 'https://github.com/octo-labs/pipeline/issues/412',
      title: "Deploys to AcmeCloud fail with 'quota exceeded' since v2.3",
      text: 'After upgrading the AcmeCloud provider to v2.3 every deploy fails with\nError: quota exceeded (acme-api 429)\nRolling back to v2.2 works.',
      author: 'lena-dev',
      authorUrl: 'https://github.com/lena-dev',
      engagement: 10,
      published: '2025-03-10T08:30:00.000Z',
      replyTo: { repo: 'octo-labs/pipeline', number: '412', type: 'issue', nodeId: 'I_kwDOAcme412' },
    });
    expect(items[1]?.engagement).toBe(0);
  });

  it('keeps a deleted author as "ghost" without a profile, and falls back to the markdown body', () => {
    const [item] = githubAdapter.parse(
      { body: fixture('sources/github/search-issues-page2.json'), url: API },
      source,
    );
    expect(item).toMatchObject({
      id: 'yamada/infra#77',
      author: 'ghost',
      title: 'AcmeCloud のストレージが遅い',
    });
    expect(item?.authorUrl).toBeUndefined();
    expect(item?.text).toContain('オブジェクトストレージが昨日から遅いです');
  });

  it('marks pull requests, skips bots unless asked, and warns about incomplete results', () => {
    const page = parseIssueSearch(json('search-prs.json'), API);
    expect(page.items.map((i) => [i.id, i.replyTo?.type])).toEqual([['octo-labs/pipeline#415', 'pr']]);
    expect(page.count).toBe(2);
    expect(page.warnings).toEqual(['GitHub search timed out and returned incomplete results']);
    expect(parseIssueSearch(json('search-prs.json'), API, true).items.map((i) => i.author)).toEqual([
      'lena-dev',
      'dependabot[bot]',
    ]);
  });

  it('returns nothing for an empty search and rejects a payload that is not a search answer', () => {
    expect(
      githubAdapter.parse({ body: fixture('sources/github/search-issues-empty.json'), url: API }, source),
    ).toEqual([]);
    expect(() => githubAdapter.parse({ body: '{"items": 3}', url: API }, source)).toThrow(
      /GitHub search: .* is not the expected payload: total_count/,
    );
  });

  it('reads GraphQL discussions (deleted author → ghost) and throws GraphQL errors in GitHub words', () => {
    const items = githubAdapter.parse(
      { body: fixture('sources/github/graphql-discussions.json'), url: 'https://api.github.com/graphql' },
      source,
    );
    expect(items).toEqual([
      {
        id: 'acme-community/forum#88',
        url: 'https://github.com/acme-community/forum/discussions/88',
        title: 'Is AcmeCloud GDPR compliant for EU customers?',
        text: 'We are evaluating AcmeCloud for a health app. Where do we find the DPA?',
        author: 'marie-t',
        authorUrl: 'https://github.com/marie-t',
        engagement: 10,
        published: '2025-03-09T14:00:00.000Z',
        replyTo: { repo: 'acme-community/forum', number: '88', type: 'discussion', nodeId: 'D_kwDOAcme0001' },
      },
      expect.objectContaining({ id: 'acme-community/forum#91', author: 'ghost', engagement: 12 }),
    ]);
    expect(items[1]?.authorUrl).toBeUndefined();
    expect(() => parseDiscussionSearch(json('graphql-error.json'), 'u')).toThrow(
      /GraphQL error INSUFFICIENT_SCOPES: Your token has not been granted/,
    );
  });

  it('builds queries: quoted OR-joined terms, in:, is:, created:>=, scope and the earshot label', () => {
    expect(termsQuery(['AcmeCloud'], undefined)).toBe('AcmeCloud');
    expect(termsQuery(['AcmeCloud', 'Acme Corp', 'acme:sdk'], undefined)).toBe(
      '(AcmeCloud OR "Acme Corp" OR "acme:sdk")',
    );
    expect(termsQuery(['x'], 'acme in:title')).toBe('acme in:title');
    const scoped = githubAdapter.schema.parse({
      id: 'gh',
      kind: 'github',
      repos: ['acme/cli'],
      orgs: ['acme-community'],
      excludeRepos: ['acme/earshot-inbox'],
      searchIn: ['title', 'body'],
    });
    expect(issueSearchQuery(scoped, 'AcmeCloud', 'pr', '2025-03-01')).toBe(
      'AcmeCloud in:title,body is:pr created:>=2025-03-01 repo:acme/cli org:acme-community -repo:acme/earshot-inbox -label:earshot',
    );
    expect(deriveGraphqlUrl('https://api.github.com')).toBe('https://api.github.com/graphql');
    expect(deriveGraphqlUrl('https://ghe.acme.example/api/v3/')).toBe('https://ghe.acme.example/api/graphql');
  });
});

describe('github fetch', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('searches issues then PRs with the token, sort=created desc, following full pages', async () => {
    server = await startLoopback(github);
    const ctx = apiContext(githubAdapter, { baseUrl: server.url, perPage: 2, ...CREDS }, ENV);
    const result = await githubAdapter.fetch(ctx);
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/search/issues',
      '/search/issues',
      '/search/issues',
    ]);
    const [first, second, third] = server.requests.map((r) => Object.fromEntries(query(r.url)));
    expect(first).toEqual({
      q: 'AcmeCloud in:title,body,comments is:issue created:>=2025-02-24 -label:earshot',
      sort: 'created',
      order: 'desc',
      per_page: '2',
      page: '1',
    });
    expect(second).toMatchObject({ page: '2', q: first?.q });
    expect(third?.q).toBe('AcmeCloud in:title,body,comments is:pr created:>=2025-02-24 -label:earshot');
    const headers = server.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers.accept).toBe('application/vnd.github.text+json');
    expect(headers['x-github-api-version']).toBe('2022-11-28');
    expect(result.items.map((i) => i.id)).toEqual([
      'octo-labs/pipeline#412',
      'someone/dotfiles#9',
      'yamada/infra#77',
      'octo-labs/pipeline#415',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T09:10:00.000Z');
    expect(result.warnings).toEqual(['GitHub search timed out and returned incomplete results']);
    expect(result.requests).toBe(3);
  });

  it('works without a token, OR-joins several terms with advanced_search=true', async () => {
    server = await startLoopback((_req, res) => send(res, 'search-issues-empty.json'));
    const ctx = apiContext(
      githubAdapter,
      { baseUrl: server.url, include: ['issues'] },
      { searchTerms: ['AcmeCloud', 'Acme Corp', 'acmecloud'] },
    );
    const result = await githubAdapter.fetch(ctx);
    expect(server.requests).toHaveLength(1);
    const q = query(server.requests[0]?.url ?? '');
    expect(q.get('q')).toMatch(/^\(AcmeCloud OR "Acme Corp"\) in:title,body,comments is:issue /);
    expect(q.get('advanced_search')).toBe('true');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(result.items).toEqual([]);
  });

  it('reads the whole look-back window whatever the cursor: late items older than the cursor are kept, paging stops below the window', async () => {
    // Issue page 2 as served, plus an issue dated before the 14-day look-back window: the page is
    // full (perPage 2) and more results are announced, so only its reaching below the window keeps
    // the adapter from asking for page 3.
    const page2 = json('search-issues-page2.json') as {
      total_count: number;
      items: Record<string, unknown>[];
    };
    page2.items.push({
      ...page2.items[0],
      url: 'https://api.github.com/repos/yamada/infra/issues/12',
      html_url: 'https://github.com/yamada/infra/issues/12',
      id: 2900000012,
      node_id: 'I_kwDOAcme12',
      number: 12,
      created_at: '2025-02-20T09:00:00Z',
      updated_at: '2025-02-20T09:00:00Z',
    });
    page2.total_count = 10;
    server = await startLoopback((req, res) => {
      if (query(req.url).get('page') !== '2') return github(req, res);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(page2));
    });
    const ctx = apiContext(
      githubAdapter,
      { baseUrl: server.url, perPage: 2 },
      { cursor: { since: '2025-03-10T09:00:00.000Z' }, lookbackDays: 14 },
    );
    const result = await githubAdapter.fetch(ctx);
    // Both streams ask from the look-back window's day (24 February), not from the cursor's day.
    expect(server.requests.map((r) => query(r.url).get('q'))).toEqual([
      'AcmeCloud in:title,body,comments is:issue created:>=2025-02-24 -label:earshot',
      'AcmeCloud in:title,body,comments is:issue created:>=2025-02-24 -label:earshot',
      'AcmeCloud in:title,body,comments is:pr created:>=2025-02-24 -label:earshot',
    ]);
    expect(server.requests.map((r) => query(r.url).get('page'))).toEqual(['1', '2', '1']);
    // 08:30, 9 March and 8 March are older than the cursor (indexed late): kept. 20 February: dropped.
    expect(result.items.map((i) => i.id)).toEqual([
      'octo-labs/pipeline#412',
      'someone/dotfiles#9',
      'yamada/infra#77',
      'octo-labs/pipeline#415',
    ]);
    expect(result.cursor.since).toBe('2025-03-10T09:10:00.000Z');
  });

  it('keeps the ETag of each first page and treats 304 as nothing new', async () => {
    server = await startLoopback((req, res) => {
      const etag = query(req.url).get('q')?.includes('is:pr') ? '"prs-1"' : '"issues-1"';
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      send(res, 'search-issues-empty.json', 200, { etag });
    });
    const first = await githubAdapter.fetch(apiContext(githubAdapter, { baseUrl: server.url }));
    expect(Object.values(first.cursor.validators ?? {})).toEqual([
      { etag: '"issues-1"' },
      { etag: '"prs-1"' },
    ]);
    const second = await githubAdapter.fetch(
      apiContext(githubAdapter, { baseUrl: server.url }, { cursor: first.cursor }),
    );
    expect(server.requests.slice(2).map((r) => r.headers['if-none-match'])).toEqual([
      '"issues-1"',
      '"prs-1"',
    ]);
    expect(second.items).toEqual([]);
    expect(second.cursor.validators).toEqual(first.cursor.validators);
  });

  it('a result found by a comment: its comments are read and each naming a term is a mention of its own', async () => {
    server = await startLoopback((req, res) => {
      const path = pathOf(req.url);
      if (path === '/repos/tools/cli/issues/88/comments') send(res, 'issue-comments-tools-cli-88.json');
      else if (path === '/repos/web/site/issues/5/comments') send(res, 'issue-comments-web-site-5.json');
      else if (path === '/search/issues') send(res, 'search-issues-comment-hits.json');
      else send(res, 'error-validation.json', 404);
    });
    const ctx = apiContext(githubAdapter, { baseUrl: server.url, include: ['issues'], ...CREDS }, ENV);
    const result = await githubAdapter.fetch(ctx);
    // octo/a#1 names AcmeCloud in its title: its comments are not read
    expect(server.requests.map((r) => pathOf(r.url))).toEqual([
      '/search/issues',
      '/repos/tools/cli/issues/88/comments',
      '/repos/web/site/issues/5/comments',
    ]);
    const comments = server.requests[1]!;
    expect(Object.fromEntries(query(comments.url))).toEqual({
      since: '2025-02-24T00:00:00.000Z', // the window start (24 February 12:00) on the UTC day
      per_page: '100',
    });
    expect(comments.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(comments.headers.accept).toBe('application/vnd.github.text+json');
    const found = result.items.filter((i) => i.id?.includes('#issuecomment-'));
    expect(found).toEqual([
      {
        id: 'tools/cli#88#issuecomment-2600000002',
        url: 'https://github.com/tools/cli/issues/88#issuecomment-2600000002',
        text: 'Same here with the AcmeCloud storage backend:\nFile "<stdin>", line 1, in <module>\nTimeoutError',
        author: 'sam-ops',
        authorUrl: 'https://github.com/sam-ops',
        engagement: 3,
        published: '2025-03-09T09:30:00.000Z',
        replyTo: {
          repo: 'tools/cli',
          number: '88',
          type: 'issue',
          commentId: '2600000002',
          nodeId: 'I_kwDOCmt001',
        },
      },
      expect.objectContaining({
        id: 'web/site#5#issuecomment-2600000102',
        url: 'https://github.com/web/site/pull/5#issuecomment-2600000102',
        author: 'rita',
        replyTo: expect.objectContaining({ type: 'pr', number: '5' }),
      }),
    ]);
    // the cursor follows the issues, not the comments
    expect(result.cursor.since).toBe('2025-03-08T10:00:00.000Z');
    expect(result.requests).toBe(3);
  });

  it('reads the comments of at most maxCommentThreads results, says so, and 0 reads none', async () => {
    server = await startLoopback((req, res) => {
      if (pathOf(req.url) === '/search/issues') send(res, 'search-issues-comment-hits.json');
      else send(res, 'issue-comments-tools-cli-88.json');
    });
    const one = await githubAdapter.fetch(
      apiContext(githubAdapter, { baseUrl: server.url, include: ['issues'], maxCommentThreads: 1 }),
    );
    expect(server.requests).toHaveLength(2);
    expect(one.warnings).toEqual([
      '2 results were found by a comment; the comments of 1 were read (raise maxCommentThreads)',
    ]);
    server.requests.length = 0;
    await githubAdapter.fetch(
      apiContext(githubAdapter, { baseUrl: server.url, include: ['issues'], maxCommentThreads: 0 }),
    );
    expect(server.requests).toHaveLength(1);
  });

  it('searches discussions through GraphQL with the token, newest first', async () => {
    server = await startLoopback(github);
    const ctx = apiContext(githubAdapter, { baseUrl: server.url, include: ['discussions'], ...CREDS }, ENV);
    const result = await githubAdapter.fetch(ctx);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect([req.method, pathOf(req.url)]).toEqual(['POST', '/graphql']);
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const body = JSON.parse(req.body) as { query: string; variables: Record<string, unknown> };
    expect(body.query).toMatch(/search\(query: \$q, type: DISCUSSION, first: \$first, after: \$after\)/);
    expect(body.variables).toEqual({
      q: 'AcmeCloud in:title,body created:>=2025-02-24 sort:created-desc',
      first: 100,
      after: null,
    });
    expect(result.items.map((i) => i.id)).toEqual(['acme-community/forum#88', 'acme-community/forum#91']);
  });

  it('sends GraphQL to /api/graphql on GitHub Enterprise Server', async () => {
    server = await startLoopback(github);
    const ctx = apiContext(
      githubAdapter,
      { baseUrl: `${server.url}/api/v3`, include: ['issues', 'discussions'], ...CREDS },
      ENV,
    );
    await githubAdapter.fetch(ctx);
    expect(server.requests.map((r) => `${r.method} ${pathOf(r.url)}`)).toEqual([
      'GET /api/v3/search/issues',
      'POST /api/graphql',
    ]);
  });

  it('discussions without a token: says which credential, which env var and how to get one', async () => {
    server = await startLoopback(github);
    const error = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url, include: ['issues', 'discussions'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/GitHub search needs the credential "token"/);
    expect(message).toMatch(/credentials: \{ token: GITHUB_TOKEN \}/);
    expect(message).toMatch(/secrets\.GITHUB_TOKEN/);
    expect(server.requests).toHaveLength(0);

    const mapped = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url, include: ['discussions'], ...CREDS }))
      .catch((e: unknown) => e);
    expect((mapped as SourceError).message).toMatch(/environment variable GH_TOKEN, which is empty or unset/);

    // A token the config maps is meant to be used: unset, it fails instead of searching anonymously.
    const unset = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url, ...CREDS }))
      .catch((e: unknown) => e);
    expect((unset as SourceError).message).toMatch(/needs the credential "token".*GH_TOKEN/);
    expect(server.requests).toHaveLength(0);
  });

  it('a used-up rate limit fails with the reset time and suggests a token', async () => {
    server = await startLoopback((_req, res) =>
      send(res, 'error-rate-limit.json', 403, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '1741608060',
      }),
    );
    const error = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/search rate limit is used up until 2025-03-10T12:01:00.000Z/);
    expect(message).toMatch(/API rate limit exceeded/);
    expect(message).toMatch(/set the "token" credential/);
    expect(server.requests).toHaveLength(1);
  });

  it('a refused query (422) and a refused token (401) are explained without the token', async () => {
    server = await startLoopback((req, res) =>
      req.headers.authorization
        ? send(res, 'error-rate-limit.json', 401)
        : send(res, 'error-validation.json', 422),
    );
    const invalid = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url, repos: ['acme/nope'] }))
      .catch((e: unknown) => e);
    expect((invalid as SourceError).message).toMatch(
      /GitHub refused the query \(422: Validation Failed: The listed users and repositories cannot be searched/,
    );
    const badToken = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url, ...CREDS }, ENV))
      .catch((e: unknown) => e);
    expect((badToken as SourceError).message).toMatch(/GitHub refused the token \(401/);
    expect((badToken as SourceError).message).not.toContain(TOKEN);
  });

  it('a GraphQL error fails the source with GitHub words', async () => {
    server = await startLoopback((_req, res) => send(res, 'graphql-error.json'));
    const error = await githubAdapter
      .fetch(apiContext(githubAdapter, { baseUrl: server.url, include: ['discussions'], ...CREDS }, ENV))
      .catch((e: unknown) => e);
    expect((error as SourceError).message).toMatch(/^GitHub search: .*INSUFFICIENT_SCOPES/);
    expect((error as SourceError).message).not.toContain(TOKEN);
  });

  it('declares the token optional and replies possible', () => {
    expect(githubAdapter.credentials).toEqual([expect.objectContaining({ name: 'token', required: false })]);
    expect(githubPlatform.publisher).toBeDefined();
  });

  httpFailureTests({
    adapter: githubAdapter,
    entry: (base) => ({ baseUrl: base, include: ['issues'] }),
    ok: (_req, res) => send(res, 'search-issues-page1.json'),
  });
});
