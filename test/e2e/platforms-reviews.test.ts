/**
 * The "own app / own business reviews" platforms end to end through the bundled action (issue #20):
 * Google Play (service-account JWT), App Store Connect (ES256 team key) and Google Business Profile
 * (OAuth refresh token), served on 127.0.0.1 with their recorded-shape fixtures (timestamps moved to
 * the last days). A scan into the local tracker files every review — also those that never name the
 * company — and `/reply` after `/approve` posts the approved text through each publisher, the
 * servers checking the tokens they receive (the JWT signatures with the throwaway public keys).
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkerData } from '../../src/record/marker.js';
import { renderDraftComment, sha256 } from '../../src/respond/drafts/comment.js';
import { renderCommentMarker } from '../../src/respond/markers.js';
import { type Emulator, startEmulator } from '../github-emulator/index.js';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from '../helpers/loopback.js';
import {
  LOCAL_SCAN_INPUTS,
  runAction,
  runActionOnEmulator,
  tempWorkspace,
  withoutMaskCommands,
} from '../helpers/run-action.js';
import { mentionBody } from '../unit/respond/helpers.js';
import { payload } from '../unit/respond/payloads.js';

/** The API fixtures' clock (test/unit/platforms/api-context.ts): moved to one hour ago. */
const FIXTURE_NOW = Date.parse('2025-03-10T12:00:00Z');
const shift = Date.now() - 3_600_000 - FIXTURE_NOW;

/** A JSON fixture with its ISO times and protobuf `seconds` moved by `shift`. */
function moved(path: string): string {
  return fixture(path)
    .toString('utf8')
    .replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"/g, (_m, iso: string) => {
      return `"${new Date(Date.parse(iso) + shift).toISOString()}"`;
    })
    .replace(
      /"seconds": "(\d+)"/g,
      (_m, sec: string) => `"seconds": "${Math.floor(Number(sec) + shift / 1000)}"`,
    );
}

const PKG = 'com.acme.cloud';
const APP = '1444444444';
const LOC = 'accounts/106000000000000000001/locations/4400000000000000001';
const PLAY_TOKEN = 'ya29.c.AcmeTestAccessToken0000000000000000';
const GBP_TOKEN = 'ya29.a0AcmeBusinessAccessToken000000000000';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ENV = {
  PLAY_SA: JSON.stringify({
    type: 'service_account',
    private_key_id: 'acmekey0001',
    private_key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'earshot-reviews@acme-play.iam.gserviceaccount.com',
  }),
  ASC_ISSUER: '57246542-96fe-1a63-e053-0824d0110000',
  ASC_KEY_ID: 'ACME2X9KEY',
  ASC_P8: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  GBP_CLIENT: '1234567890-acme.apps.googleusercontent.com',
  GBP_SECRET: 'GOCSPX-acme-client-secret',
  GBP_REFRESH: '1//0gAcmeRefreshToken',
};

function sources(u: string): string {
  return `sources:
  - id: play
    kind: google-play
    packageName: ${PKG}
    baseUrl: ${u}/play
    tokenUrl: ${u}/play/token
    credentials: { serviceAccountKey: PLAY_SA }
  - id: ios
    kind: app-store-connect
    appId: '${APP}'
    baseUrl: ${u}/asc
    credentials: { issuerId: ASC_ISSUER, keyId: ASC_KEY_ID, privateKey: ASC_P8 }
  - id: store
    kind: google-business
    accountId: '106000000000000000001'
    locationIds: ['4400000000000000001']
    baseUrl: ${u}/gbp
    tokenUrl: ${u}/gbp/token
    credentials: { oauthClientId: GBP_CLIENT, oauthClientSecret: GBP_SECRET, oauthRefreshToken: GBP_REFRESH }
`;
}

interface Post {
  platform: 'google-play' | 'app-store-connect' | 'google-business';
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** True when the ES256 bearer token verifies with the team key's public key and names Apple's audience. */
function validAscToken(authorization: string | undefined): boolean {
  const [h, c, s] = (authorization ?? '').replace(/^Bearer /, '').split('.');
  if (!h || !c || !s) return false;
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${c}`),
    { key: ec.publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
  return ok && claims.aud === 'appstoreconnect-v1' && claims.iss === ENV.ASC_ISSUER;
}

/** True when the JWT bearer assertion verifies with the service account's public key. */
function validPlayAssertion(body: string): boolean {
  const [h, c, s] = (new URLSearchParams(body).get('assertion') ?? '').split('.');
  if (!h || !c || !s) return false;
  return verify('sha256', Buffer.from(`${h}.${c}`), rsa.publicKey, Buffer.from(s, 'base64url'));
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}

/** Play, App Store Connect and Business Profile on one loopback server, under /play, /asc, /gbp. */
function platforms(posts: Post[]) {
  return (req: RecordedRequest, res: ServerResponse) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const p = url.pathname;
    const denied = () =>
      json(res, 401, '{"error":{"code":401,"message":"bad token","status":"UNAUTHENTICATED"}}');
    if (p === '/play/token') {
      if (!validPlayAssertion(req.body))
        return json(res, 400, fixture('sources/google-play/token-error.json').toString());
      return json(res, 200, fixture('sources/google-play/token.json').toString());
    }
    if (p.startsWith('/play/')) {
      if (req.headers.authorization !== `Bearer ${PLAY_TOKEN}`) return denied();
      if (req.method === 'POST' && p.endsWith(':reply')) {
        posts.push({ platform: 'google-play', method: req.method, url: p, body: JSON.parse(req.body) });
        return json(res, 200, fixture('publishers/google-play/reply.json').toString());
      }
      const page = url.searchParams.get('token') === 'AcmePage2Token' ? 2 : 1;
      return json(res, 200, moved(`sources/google-play/reviews-page${page}.json`));
    }
    if (p.startsWith('/asc/')) {
      if (!validAscToken(req.headers.authorization))
        return json(res, 401, fixture('sources/app-store-connect/error-unauthorized.json').toString());
      if (req.method === 'POST' && p === '/asc/v1/customerReviewResponses') {
        posts.push({ platform: 'app-store-connect', method: req.method, url: p, body: JSON.parse(req.body) });
        return json(res, 201, fixture('publishers/app-store-connect/response-created.json').toString());
      }
      const page = url.searchParams.get('cursor') === 'Aw.AcmeCursor2' ? 2 : 1;
      return json(res, 200, moved(`sources/app-store-connect/customer-reviews-page${page}.json`));
    }
    if (p === '/gbp/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('refresh_token') !== ENV.GBP_REFRESH || form.get('client_secret') !== ENV.GBP_SECRET)
        return json(res, 400, fixture('sources/google-business/token-error.json').toString());
      return json(res, 200, fixture('sources/google-business/token.json').toString());
    }
    if (p.startsWith('/gbp/')) {
      if (req.headers.authorization !== `Bearer ${GBP_TOKEN}`) return denied();
      if (req.method === 'PUT' && p.endsWith('/reply')) {
        posts.push({ platform: 'google-business', method: req.method, url: p, body: JSON.parse(req.body) });
        return json(res, 200, fixture('publishers/google-business/reply.json').toString());
      }
      const page = url.searchParams.get('pageToken') === 'AcmeGbpPage2' ? 2 : 1;
      return json(res, 200, moved(`sources/google-business/reviews-page${page}.json`));
    }
    json(res, 404, '{"message":"Not Found"}');
  };
}

describe('review platforms through the bundled action', () => {
  let server: Loopback;
  const posts: Post[] = [];
  beforeAll(async () => {
    server = await startLoopback(platforms(posts));
  });
  afterAll(async () => server.close());

  it('a scan files every review of the three platforms, those that never name the company too', async () => {
    const workspace = tempWorkspace();
    writeFileSync(
      join(workspace, 'earshot.yml'),
      `company:\n  name: Acme\n  products: [AcmeCloud]\nbootstrap:\n  backfill: true\n${sources(server.url)}`,
    );
    const run = await runAction({ workspace, inputs: LOCAL_SCAN_INPUTS, env: ENV });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.outputs.result ?? '{}') as {
      sources: { id: string; fetched: number; new: number; error: string | null }[];
    };
    const byId = Object.fromEntries(result.sources.map((s) => [s.id, s]));
    for (const s of result.sources) expect(s.error, s.id).toBeNull();
    // Play: 5 in the last week; App Store Connect and Business Profile: the oldest is past 14 days.
    expect(byId.play).toMatchObject({ fetched: 5, new: 5 });
    expect(byId.ios).toMatchObject({ fetched: 4, new: 4 });
    expect(byId.store).toMatchObject({ fetched: 4, new: 4 });

    const dir = join(workspace, '.earshot', 'issues');
    const bodies = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const all = bodies.join('\n');
    for (const s of [
      'Billing charged me twice this month.',
      'Restored everything when my phone died. Worth every cent.',
      '4-star rating without a comment',
      'Waited 40 minutes at the Acme store on Main Street',
      'Photos never upload on mobile data.',
    ])
      expect(all).toContain(s);
    for (const kind of ['google-play', 'app-store-connect', 'google-business'])
      expect(bodies.filter((b) => b.includes(`source:${kind}`)).length, kind).toBeGreaterThan(0);
    // No credential reaches an issue.
    for (const secret of [ENV.GBP_SECRET, ENV.GBP_REFRESH, PLAY_TOKEN, GBP_TOKEN, 'PRIVATE KEY'])
      expect(all).not.toContain(secret);
  });

  describe('/reply after /approve', () => {
    const REPO = 'acme/mentions';
    let emulator: Emulator;
    let workspace: string;
    beforeAll(async () => {
      emulator = await startEmulator({
        repo: REPO,
        users: [
          { login: 'alice', permission: 'write' },
          { login: 'carol', permission: 'maintain' },
        ],
      });
      workspace = tempWorkspace('earshot-respond-');
      writeFileSync(
        join(workspace, 'earshot.yml'),
        `company:\n  name: Acme\n  products: [AcmeCloud]\n${sources(server.url)}`,
      );
    });
    afterAll(async () => emulator.close());

    const MARKERS: Record<Post['platform'], Partial<MarkerData>> = {
      'google-play': {
        source: 'play',
        url: `https://play.google.com/store/apps/details?id=${PKG}&reviewId=gp%3AAOqpTOGAcme0000000000000000000000000000000000000000001`,
        author: 'Mira Okafor',
        replyTo: { packageName: PKG, reviewId: 'gp:AOqpTOGAcme0000000000000000000000000000000000000000001' },
      },
      'app-store-connect': {
        source: 'ios',
        url: `https://apps.apple.com/app/id${APP}`,
        author: 'mira_o',
        replyTo: { appId: APP, reviewId: '00000041-ac3e-0014-729e-fbd500000001', territory: 'USA' },
      },
      'google-business': {
        source: 'store',
        url: 'https://business.google.com/reviews',
        author: 'Mira Okafor',
        replyTo: { name: `${LOC}/reviews/AbFvOqmAcme0001`, reviewId: 'AbFvOqmAcme0001' },
      },
    };

    /** A mention issue of the kind, with an approved draft on it (as /draft + /approve leave it). */
    function approvedMention(kind: Post['platform'], text: string): number {
      const marker: MarkerData = {
        key: `${kind}:k1`,
        kind,
        published: '2026-11-19T09:00:00Z',
        category: 'complaint',
        confidence: 0.91,
        priority: 'high',
        ...MARKERS[kind],
      } as MarkerData;
      const n = emulator.seed({
        issues: [
          {
            title: `[complaint] ${marker.author} on ${kind}: sync broke`,
            body: mentionBody(marker, 'Sync keeps failing since the last update'),
            labels: ['earshot', 'complaint', `source:${kind}`, 'priority:high'],
            user: 'github-actions[bot]',
          },
        ],
      }).issues[0];
      if (n === undefined) throw new Error('seed failed');
      const at = '2026-11-20T10:00:00.000Z';
      const draft = emulator.as('github-actions[bot]', 'POST', `/repos/${REPO}/issues/${n}/comments`, {
        body: renderDraftComment({
          marker: {
            kind,
            source: String(marker.source),
            category: 'complaint',
            purpose: 'reply',
            by: 'alice',
            at,
          },
          text,
          heading: 'Reply draft',
        }),
      }).body as Record<string, unknown>;
      emulator.as('github-actions[bot]', 'POST', `/repos/${REPO}/issues/${n}/comments`, {
        body: renderCommentMarker('approval', {
          draft: Number(draft.id),
          sha256: sha256(text),
          by: 'carol',
          at,
        }),
      });
      emulator.as('alice', 'POST', `/repos/${REPO}/issues/${n}/labels`, {
        labels: ['status:drafted', 'status:approved'],
      });
      return n;
    }

    async function reply(n: number) {
      const made = emulator.person('alice').comment(n, '/reply');
      const c = made.body as Record<string, unknown>;
      const issue = emulator.as('alice', 'GET', `/repos/${REPO}/issues/${n}`).body as Record<string, unknown>;
      return runActionOnEmulator({
        workspace,
        apiUrl: emulator.url,
        repository: REPO,
        mode: 'auto',
        event: {
          name: 'issue_comment',
          payload: payload('issue_comment.created', {
            issue,
            comment: { id: Number(c.id), body: '/reply', html_url: String(c.html_url), user: 'alice' },
            sender: 'alice',
          }),
        },
        env: ENV,
      });
    }

    const lastComment = (n: number) =>
      emulator.state.comments.filter((c) => c.issue_number === n).at(-1)?.body ?? '';
    const labels = (n: number) => emulator.state.issues.find((i) => i.number === n)?.labels ?? [];

    const cases: [Post['platform'], (p: Post) => void, RegExp][] = [
      [
        'google-play',
        (p) => {
          expect(p.url).toBe(
            `/play/androidpublisher/v3/applications/${PKG}/reviews/gp%3AAOqpTOGAcme0000000000000000000000000000000000000000001:reply`,
          );
        },
        /^Replied on Google Play: https:\/\/play\.google\.com\/store\/apps\/details\?id=com\.acme\.cloud&reviewId=gp%3AAOqpTOGAcme0+1$/m,
      ],
      [
        'app-store-connect',
        (p) => {
          expect(p.url).toBe('/asc/v1/customerReviewResponses');
          expect(p.body).toMatchObject({
            data: {
              relationships: {
                review: { data: { type: 'customerReviews', id: '00000041-ac3e-0014-729e-fbd500000001' } },
              },
            },
          });
        },
        /^Replied on the App Store: https:\/\/apps\.apple\.com\/app\/id1444444444$/m,
      ],
      [
        'google-business',
        (p) => {
          expect(p.method).toBe('PUT');
          expect(p.url).toBe(`/gbp/v4/${LOC}/reviews/AbFvOqmAcme0001/reply`);
        },
        /^Replied on Google Business Profile: https:\/\/business\.google\.com\/reviews$/m,
      ],
    ];
    for (const [kind, request, pattern] of cases) {
      it(`/reply posts the approved text on ${kind}`, async () => {
        const text = `Thanks for flagging this about AcmeCloud (${kind}); we are on it and will follow up. — the Acme team`;
        const n = approvedMention(kind, text);
        const before = posts.length;
        const run = await reply(n);
        expect(run.outputs, run.stdout + run.stderr).toMatchObject({ command: 'reply', outcome: 'ok' });
        const mine = posts.slice(before);
        expect(mine).toHaveLength(1);
        const [post] = mine;
        if (!post) throw new Error('no post');
        expect(post.platform).toBe(kind);
        const sent =
          kind === 'google-play'
            ? post.body.replyText
            : kind === 'google-business'
              ? post.body.comment
              : (post.body.data as { attributes: { responseBody: string } }).attributes.responseBody;
        expect(sent).toBe(text);
        request(post);
        expect(lastComment(n)).toMatch(pattern);
        expect(labels(n)).toContain('status:replied');
        for (const secret of [ENV.GBP_SECRET, ENV.GBP_REFRESH, PLAY_TOKEN, GBP_TOKEN]) {
          // What a runner shows: the add-mask commands are consumed, not printed.
          expect(withoutMaskCommands(run.stdout + run.stderr)).not.toContain(secret);
          expect(lastComment(n)).not.toContain(secret);
        }
      });
    }
  });
});
