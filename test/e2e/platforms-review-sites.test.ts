import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDraftText } from '../../src/respond/drafts/comment.js';
import { everythingShown, localIssues, sourceFigures, writeScanConfig } from '../helpers/local-scan.js';
import { fixture, type Loopback, sendJson, startLoopback } from '../helpers/loopback.js';
import { LOCAL_SCAN_INPUTS, runAction, tempWorkspace } from '../helpers/run-action.js';
import { type Harness, startHarness } from '../unit/respond/e2e-harness.js';
import {
  startTrustpilotServer,
  TP_BUSINESS_USER,
  TP_REVIEW,
  TRUSTPILOT_ENV,
  type TrustpilotServer,
} from '../unit/respond/trustpilot-server.js';

const FIXTURE_NOW = Date.parse('2025-03-10T12:00:00Z');
const shift = Date.now() - 3_600_000 - FIXTURE_NOW;
const PACIFIC = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A JSON fixture with ISO times moved by `shift` (zone-less ones read as UTC), Yelp's Pacific times too. */
function moved(path: string): string {
  return fixture(path)
    .toString('utf8')
    .replace(
      /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?"/g,
      (_m, t: string, z?: string) => {
        return `"${new Date(Date.parse(t + (z ?? 'Z')) + shift).toISOString()}"`;
      },
    )
    .replace(/"time_created": "(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"/g, (_m, t: string) => {
      // Pacific wall-clock: move the instant it means (≈ UTC−8/−7), then write it in Pacific time.
      const instant = Date.parse(`${t.replace(' ', 'T')}-08:00`) + shift;
      return `"time_created": "${PACIFIC.format(new Date(instant))}"`;
    });
}

const KEYS = {
  TP_SCAN_KEY: 'tp-scan-key-0123456789',
  YELP_KEY: 'yelp-key-abcdefghij',
  TA_KEY: 'TAKEY0123456789ABCDEF',
};

describe('review sites through the bundled action', () => {
  let server: Loopback;
  let workspace: string;

  beforeAll(async () => {
    server = await startLoopback((req, res) => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const p = url.pathname;
      if (p === '/tp/business-units/find' && req.headers.apikey === KEYS.TP_SCAN_KEY)
        return sendJson(
          res,
          200,
          JSON.parse(fixture('sources/trustpilot/find-business-unit.json').toString()),
        );
      if (
        p === '/tp/business-units/5f1a2b3c4d5e6f7a8b9c0d1e/reviews' &&
        req.headers.apikey === KEYS.TP_SCAN_KEY
      ) {
        const page = url.searchParams.get('page') === '2' ? 'reviews-page2.json' : 'reviews-page1.json';
        return sendJson(res, 200, JSON.parse(moved(`sources/trustpilot/${page}`)));
      }
      if (
        p === '/yelp/businesses/acme-cloud-cafe-san-francisco/reviews' &&
        req.headers.authorization === `Bearer ${KEYS.YELP_KEY}`
      )
        return sendJson(res, 200, JSON.parse(moved('sources/yelp/reviews-acme-cafe.json')));
      if (p === '/ta/location/1234567/reviews' && url.searchParams.get('key') === KEYS.TA_KEY)
        // A review that never names the company: filed all the same (it is about the location).
        return sendJson(
          res,
          200,
          JSON.parse(
            moved('sources/tripadvisor/reviews-location-1234567.json').replace(
              'Lovely stay, fast Wi-Fi powered by AcmeCloud <br> would come back.',
              'Lovely stay, quiet rooms, would come back.',
            ),
          ),
        );
      return sendJson(res, 401, { message: 'Unauthorized' });
    });
    workspace = tempWorkspace();
    const u = server.url;
    writeScanConfig(
      workspace,
      ['AcmeCloud', 'Acme CLI'],
      `  - id: tp
    kind: trustpilot
    businessName: acmecloud.example
    baseUrl: ${u}/tp
    credentials: { apiKey: TP_SCAN_KEY }
  - id: yelp
    kind: yelp
    businesses: [acme-cloud-cafe-san-francisco]
    baseUrl: ${u}/yelp
    credentials: { apiKey: YELP_KEY }
  - id: ta
    kind: tripadvisor
    locationIds: ['1234567']
    baseUrl: ${u}/ta
    credentials: { apiKey: TA_KEY }
`,
    );
  });
  afterAll(async () => server.close());

  const run = () => runAction({ workspace, inputs: LOCAL_SCAN_INPUTS, env: KEYS });
  const issues = () => localIssues(workspace);

  it('files the reviews that name the company, with their ratings, and no key anywhere', async () => {
    const first = await run();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const sources = sourceFigures(first);
    const byId = Object.fromEntries(sources.map((s) => [s.id, s]));
    for (const s of sources) expect(s.error, s.id).toBeNull();
    // Trustpilot: 3 valid reviews on 2 pages, all naming AcmeCloud or Acme CLI
    expect(byId.tp).toMatchObject({ fetched: 3, new: 3 });
    // Yelp: the November excerpt is outside the window; "Best cortado …" names AcmeCloud too
    expect(byId.yelp).toMatchObject({ fetched: 2, new: 2 });
    // Tripadvisor: the January review is outside the window
    expect(byId.ta).toMatchObject({ fetched: 2, new: 2 });
    const all = issues();
    expect(all).toHaveLength(7);
    const text = all.join('\n');
    expect(text).toContain('Charged twice for AcmeCloud Pro');
    expect(all.find((b) => b.includes('Charged twice for AcmeCloud Pro'))).toMatch(/Rating \| 1\/5/);
    expect(all.find((b) => b.includes('Check-in through the app failed'))).toMatch(/Rating \| 2\/5/);
    expect(text).toContain('https://www.trustpilot.com/reviews/67cea1b2c3d4e5f60718293a');
    expect(text).toContain('hrid=xAG4O7l-t1ubbwVAlPnDKg');
    expect(text).toContain('r987654321');
    expect(text).toContain('Lovely stay, quiet rooms, would come back.');
    expect(text).toMatch(/source:trustpilot/);
    expect(text).toMatch(/source:yelp/);
    expect(text).toMatch(/source:tripadvisor/);
    // The action registers each secret with the runner (`::add-mask::`); nothing else may show it.
    const shown = everythingShown(first, workspace);
    for (const secret of Object.values(KEYS)) expect(shown).not.toContain(secret);
  });

  it('the next run files nothing again', async () => {
    const second = await run();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const sources = sourceFigures(second);
    expect(sources.map((s) => [s.id, s.new])).toEqual([
      ['tp', 0],
      ['yelp', 0],
      ['ta', 0],
    ]);
    expect(issues()).toHaveLength(7);
  });
});

describe('/reply on review sites through the bundled action', () => {
  let h: Harness;
  let tp: TrustpilotServer;
  beforeAll(async () => {
    tp = await startTrustpilotServer('/tp');
    h = await startHarness(
      `  - id: tp
    kind: trustpilot
    businessUnitId: 5f1a2b3c4d5e6f7a8b9c0d1e
    businessUserId: ${TP_BUSINESS_USER}
    baseUrl: ${tp.url}/tp
    credentials: { apiKey: TP_KEY, apiSecret: TP_SECRET, username: TP_USER, password: TP_PASSWORD }
  - id: yelp
    kind: yelp
    businesses: [acme-cloud-cafe-san-francisco]
    credentials: { apiKey: YELP_KEY }
  - id: ta
    kind: tripadvisor
    locationIds: ['1234567']
    credentials: { apiKey: TA_KEY }
`,
      undefined,
      TRUSTPILOT_ENV,
    );
  });
  afterAll(async () => {
    await h.close_();
    await tp.close();
  });

  const approved = (n: number, kind: string) => {
    const text = `Thank you for telling us about AcmeCloud (${kind}); we have refunded the double charge. — the Acme team`;
    h.approvedDraft(n, kind, text);
    return text;
  };

  it('/reply posts the approved text once as a Trustpilot company reply', async () => {
    const n = h.mention('trustpilot', {
      source: 'tp',
      url: `https://www.trustpilot.com/reviews/${TP_REVIEW}`,
      author: 'Mira K.',
      replyTo: { reviewId: TP_REVIEW, businessUnitId: '5f1a2b3c4d5e6f7a8b9c0d1e' },
    });
    const text = approved(n, 'trustpilot');
    const r = await h.comment(n, 'alice', '/reply');
    expect(r.run.outputs, r.run.stdout + r.run.stderr).toMatchObject({ command: 'reply', outcome: 'ok' });
    expect(tp.tokens.map((t) => t.grant_type)).toEqual(['password']);
    expect(tp.replies.map((x) => x.body)).toEqual([
      { authorBusinessUserId: TP_BUSINESS_USER, message: text },
    ]);
    expect(h.lastComment(n)).toMatch(
      new RegExp(`^Replied on Trustpilot: https://www\\.trustpilot\\.com/reviews/${TP_REVIEW}$`, 'm'),
    );
    expect(h.labels(n)).toContain('status:replied');
    for (const secret of Object.values(TRUSTPILOT_ENV)) expect(h.lastComment(n)).not.toContain(secret);
  });

  it('a refused Trustpilot reply keeps the draft and says why in Trustpilot’s words', async () => {
    const n = h.mention('trustpilot', {
      source: 'tp',
      url: 'https://www.trustpilot.com/reviews/ffffffffffffffffffffffff',
      replyTo: { reviewId: 'ffffffffffffffffffffffff' },
    });
    approved(n, 'trustpilot');
    const r = await h.comment(n, 'alice', '/reply');
    expect(r.run.outputs).toMatchObject({ command: 'reply', outcome: 'failed' });
    expect(h.lastComment(n)).toContain('HTTP 404');
    expect(h.lastComment(n)).toContain('Review not found');
    expect(h.labels(n)).not.toContain('status:replied');
  });

  for (const [kind, source, where] of [
    ['yelp', 'yelp', 'https://biz.yelp.com/'],
    ['tripadvisor', 'ta', 'https://www.tripadvisor.com/ManagementCenter'],
  ] as const) {
    it(`/reply on ${kind} gives the copy-ready text and where to post it`, async () => {
      const n = h.mention(kind, {
        source,
        url: `https://www.${kind}.com/review/1`,
        replyTo: { reviewId: '1' },
      });
      const text = approved(n, kind);
      const r = await h.comment(n, 'alice', '/reply');
      expect(r.run.outputs.outcome).toBe('ok');
      const body = h.lastComment(n);
      expect(body).toContain(where);
      expect(extractDraftText(body)).toBe(text);
      expect(h.labels(n)).not.toContain('status:replied');
    });
  }
});
