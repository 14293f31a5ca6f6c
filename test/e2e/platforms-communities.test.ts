import { decodeHTML } from 'entities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDraftText } from '../../src/respond/drafts/comment.js';
import { everythingShown, localIssues, sourceFigures, writeScanConfig } from '../helpers/local-scan.js';
import { fixture, type Loopback, sendJson, startLoopback } from '../helpers/loopback.js';
import { LOCAL_SCAN_INPUTS, runAction, tempWorkspace } from '../helpers/run-action.js';
import { type Harness, startHarness } from '../unit/respond/e2e-harness.js';

const FIXTURE_NOW = Date.parse('2025-03-10T12:00:00Z');
const shift = Date.now() - 3_600_000 - FIXTURE_NOW;

/** A JSON fixture with every ISO time (with a zone) moved by `shift`. */
function moved(path: string): unknown {
  return JSON.parse(
    fixture(path)
      .toString('utf8')
      .replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"/g, (_m, iso: string) => {
        return `"${new Date(Date.parse(iso) + shift).toISOString()}"`;
      }),
  );
}

const TOKENS = { PH_TOKEN: 'ph-token-0123456789abcdef', DEV_KEY: 'dev-key-0123456789abcdef' };

/** What a reader sees of an issue body: entities decoded, code-span backticks and escapes gone. */
const readerView = (body: string) => decodeHTML(body.replace(/`/g, '')).replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('developer communities through the bundled action', () => {
  let server: Loopback;
  let workspace: string;

  beforeAll(async () => {
    server = await startLoopback((req, res) => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const p = url.pathname;
      const lobsters: Record<string, string> = {
        '/lobsters/newest.json': 'newest-page1.json',
        '/lobsters/newest/page/2.json': 'newest-page2.json',
        '/lobsters/s/acm3cl.json': 'story-acm3cl.json',
        '/lobsters/s/k2cli9.json': 'story-k2cli9.json',
      };
      const l = lobsters[p];
      if (l) return sendJson(res, 200, moved(`sources/lobsters/${l}`));
      if (p.startsWith('/dev/')) {
        if (req.headers['api-key'] !== TOKENS.DEV_KEY)
          return sendJson(res, 401, { error: 'unauthorized', status: 401 });
        if (
          p === '/dev/articles' &&
          url.searchParams.get('username') === 'acme' &&
          url.searchParams.get('page') === '1'
        )
          return sendJson(res, 200, moved('sources/dev/articles-org-acme.json'));
        if (
          p === '/dev/articles' &&
          url.searchParams.get('tag') === 'devops' &&
          url.searchParams.get('page') === '1'
        )
          return sendJson(res, 200, moved('sources/dev/articles-tag-devops.json'));
        if (p === '/dev/comments' && url.searchParams.get('a_id') === '2250001')
          return sendJson(res, 200, moved('sources/dev/comments-article-2250001.json'));
        return sendJson(res, 200, []);
      }
      if (p === '/ph/graphql' && req.method === 'POST') {
        if (req.headers.authorization !== `Bearer ${TOKENS.PH_TOKEN}`)
          return sendJson(
            res,
            401,
            JSON.parse(fixture('sources/product-hunt/error-invalid-token.json').toString()),
          );
        const b = JSON.parse(req.body) as { query: string; variables: Record<string, unknown> };
        if (b.query.includes('post(slug'))
          return sendJson(
            res,
            200,
            moved(
              `sources/product-hunt/${b.variables.after === 'MjA' ? 'comments-acmecloud-functions-page2.json' : 'comments-acmecloud-functions-page1.json'}`,
            ),
          );
        return sendJson(res, 200, moved('sources/product-hunt/posts-developer-tools.json'));
      }
      return sendJson(res, 404, { error: 'not found' });
    });
    workspace = tempWorkspace();
    const u = server.url;
    writeScanConfig(
      workspace,
      ['AcmeCloud', 'Acme CLI'],
      `  - { id: lobsters, kind: lobsters, baseUrl: ${u}/lobsters, requestIntervalMs: 50 }
  - id: dev
    kind: dev
    organization: acme
    tags: [devops]
    baseUrl: ${u}/dev
    credentials: { apiKey: DEV_KEY }
  - id: ph
    kind: product-hunt
    launches: [acmecloud-functions]
    topics: [developer-tools]
    perPage: 2
    baseUrl: ${u}/ph/graphql
    credentials: { token: PH_TOKEN }
`,
    );
  });
  afterAll(async () => server.close());

  const run = () => runAction({ workspace, inputs: LOCAL_SCAN_INPUTS, env: TOKENS });
  const issues = () => localIssues(workspace);

  it('files what names the company — stories, articles, posts and their comments — and nothing else', async () => {
    const first = await run();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const sources = sourceFigures(first);
    for (const s of sources) expect(s.error, s.id).toBeNull();
    const byId = Object.fromEntries(sources.map((s) => [s.id, s]));
    expect(byId.lobsters?.new).toBeGreaterThan(0);
    expect(byId.dev?.new).toBeGreaterThan(0);
    expect(byId.ph?.new).toBeGreaterThan(0);
    const all = issues();
    const view = all.map(readerView).join('\n');
    for (const s of [
      'AcmeCloud outage post-mortem',
      'We lost an hour of AcmeCloud uploads & nobody told us.',
      'flag is <weird>.',
      'Introducing AcmeCloud Functions',
      'Does AcmeCloud Functions support Node 22? The docs say <18> only.',
      'Why we left AcmeCloud after the price change <and what broke>.',
      'Is there a free tier for AcmeCloud Functions?',
      'works with AcmeCloud, R2 and MinIO',
      'https://lobste.rs/c/c1acme',
      'https://dev.to/kaimu/comment/2m3p1',
      'https://www.producthunt.com/posts/acmecloud-functions?comment=4100003',
    ])
      expect(view).toContain(s);
    for (const s of [
      'Writing a tiny Forth in Zig',
      '10 VS Code extensions',
      'Tabby Notes',
      'Comment removed by author',
    ])
      expect(view).not.toContain(s);
    for (const k of ['lobsters', 'dev', 'product-hunt']) expect(view).toMatch(new RegExp(`source:${k}\\b`));
    const shown = everythingShown(first, workspace);
    for (const secret of Object.values(TOKENS)) expect(shown).not.toContain(secret);
  });

  it('the next run files nothing again', async () => {
    const before = issues().length;
    const second = await run();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const sources = sourceFigures(second);
    expect(sources.map((s) => [s.id, s.new, s.error])).toEqual([
      ['lobsters', 0, null],
      ['dev', 0, null],
      ['ph', 0, null],
    ]);
    expect(issues()).toHaveLength(before);
  });
});

describe('/reply on developer communities through the bundled action', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      `  - { id: lobsters, kind: lobsters }
  - { id: dev, kind: dev, organization: acme }
  - id: ph
    kind: product-hunt
    launches: [acmecloud-functions]
    credentials: { token: PH_TOKEN }
`,
    );
  });
  afterAll(async () => h.close_());

  for (const [kind, over, where] of [
    [
      'lobsters',
      {
        source: 'lobsters',
        url: 'https://lobste.rs/c/c1acme',
        replyTo: { storyId: 'acm3cl', commentId: 'c1acme' },
      },
      'https://lobste.rs/c/c1acme',
    ],
    [
      'dev',
      {
        source: 'dev',
        url: 'https://dev.to/kaimu/comment/2m3p1',
        replyTo: { articleId: '2250001', commentId: '2m3p1' },
      },
      'https://dev.to/kaimu/comment/2m3p1',
    ],
    [
      'product-hunt',
      {
        source: 'ph',
        url: 'https://www.producthunt.com/posts/acmecloud-functions?comment=4100003',
        replyTo: { postId: '912345', commentId: '4100003', postSlug: 'acmecloud-functions' },
      },
      'https://www.producthunt.com/posts/acmecloud-functions?comment=4100003',
    ],
  ] as const) {
    it(`/reply on ${kind} gives the copy-ready text and the link; /reply --done records it`, async () => {
      const n = h.mention(kind, over);
      const text = `Thanks for the feedback on AcmeCloud (${kind}) — we are on it. — the Acme team`;
      h.approvedDraft(n, kind, text);
      const r = await h.comment(n, 'alice', '/reply');
      expect(r.run.outputs, r.run.stdout + r.run.stderr).toMatchObject({ command: 'reply', outcome: 'ok' });
      const body = h.lastComment(n);
      expect(body).toContain(where);
      expect(body).toContain('Ready to post on');
      expect(extractDraftText(body)).toBe(text);
      const done = await h.comment(n, 'carol', `/reply --done ${where}`);
      expect(done.run.outputs.outcome).toBe('ok');
      expect(h.labels(n)).toContain('status:replied');
    });
  }
});
