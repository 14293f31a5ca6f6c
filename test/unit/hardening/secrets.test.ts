/**
 * Secrets (issue #9.5): every credential of every credentialed adapter goes through every error
 * path — 401 and 500 answers that echo the Authorization header, API-key headers, query string and
 * request body back; HTML and unexpected JSON carrying the echo; a connection reset mid-body — in
 * one runScan, and nothing it writes holds a secret in any form: logs, the result and its JSON,
 * the job summary, the terminal table, the state, the issues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scanSummary } from '../../../action/summary.js';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { memoryLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';
import { runScan, type ScanResult } from '../../../src/scan.js';
import { formatScanTable, scanJson } from '../../../src/scan-format.js';
import { keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';
import {
  echoHandler,
  findLeaks,
  MODES,
  NOT_SENT_AS_IS,
  SECRETS,
  secretSources,
  seenCredentials,
} from './secret-leaks.js';

let server: Loopback;
let result: ScanResult;
let tracker: MemoryTracker;
let logger: ReturnType<typeof memoryLogger>;

beforeAll(async () => {
  server = await startLoopback(echoHandler);
  const sources = secretSources((mode) => `${server.url}/${mode}`);
  const config = parseConfig(
    stringify({ company: { name: 'Acme' }, bootstrap: { backfill: true }, sources }),
    'secrets.yml',
    adapters,
  );
  tracker = new MemoryTracker();
  logger = memoryLogger();
  const http = createHttpClient({ retries: 1, sleep: async () => undefined });
  result = await runScan({
    config,
    adapters,
    tracker,
    http,
    classifier: keywordClassifier,
    env: SECRETS,
    now: () => new Date('2026-11-22T12:00:00Z'),
    logger,
  });
  http.close();
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('secrets never leak through an error path', () => {
  it('every credential reached the echo server (the secrets were really sent)', () => {
    const seen = JSON.stringify(server.requests);
    const sent = Object.entries(SECRETS).filter(
      ([, v]) =>
        seen.includes(v) ||
        seen.includes(encodeURIComponent(v)) ||
        seen.includes(new URLSearchParams({ x: v }).toString().slice(2)),
    );
    const basic = Buffer.from(`${SECRETS.E_REDDIT_ID}:${SECRETS.E_REDDIT_SECRET}`).toString('base64');
    expect(sent.map(([k]) => k).sort()).toEqual(
      Object.keys(SECRETS)
        .filter((k) => !NOT_SENT_AS_IS.includes(k))
        .sort(),
    );
    expect(seen).toContain(basic);
    // What the others are sent as: appsecret_proof, a JWT assertion, an ES256 bearer JWT.
    const urls = server.requests.map((r) => r.url);
    expect(urls.some((u) => u.includes('/visitor_posts?') && u.includes('appsecret_proof='))).toBe(true);
    expect(urls.some((u) => u.includes('/tags?') && u.includes('appsecret_proof='))).toBe(true);
    expect(server.requests.some((r) => /assertion=eyJ/.test(r.body))).toBe(true);
    expect(
      server.requests.some(
        (r) => r.url.includes('/customerReviews') && /^Bearer eyJ/.test(String(r.headers.authorization)),
      ),
    ).toBe(true);
  });

  it('every source failed, each with its own message (but the echo endpoint, whose item is filed)', () => {
    expect(result.sources).toHaveLength(MODES.length * 20);
    for (const s of result.sources) {
      if (s.id === 'json-echo-item') expect(s.error, s.id).toBeNull();
      else if (!s.id.endsWith('-echo-item')) expect(s.error, s.id).toBeTruthy();
    }
    // The echo endpoint's item was filed, its credentials masked.
    expect(tracker.issues.length).toBe(1);
    expect(tracker.issues[0]?.body).toContain('leaked');
  });

  it('no secret in any form in logs, result, JSON output, summary, terminal table, state or issues', () => {
    const summary = scanSummary(result, 'local').stringify();
    scanSummary(result, 'local').emptyBuffer();
    const leaks = findLeaks({
      logs: logger.lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
      result: JSON.stringify(result),
      'scan --json': scanJson(result),
      summary,
      'terminal table': formatScanTable(result),
      state: JSON.stringify([...tracker.states.values()]),
      issues: JSON.stringify(tracker.issues),
    });
    expect(leaks).toEqual([]);
  });

  it('nothing derived from a secret either: no bearer JWT, assertion, appsecret_proof or token the server saw', () => {
    const derived = seenCredentials(server.requests);
    expect(derived.length).toBeGreaterThan(10);
    const outputs = {
      logs: logger.lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
      result: JSON.stringify(result),
      'scan --json': scanJson(result),
      'terminal table': formatScanTable(result),
      state: JSON.stringify([...tracker.states.values()]),
      issues: JSON.stringify(tracker.issues),
    };
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(outputs))
      for (const v of derived) {
        for (const form of [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)])
          if (text.includes(form)) leaks.push(`${v.slice(0, 40)}… in ${where}`);
      }
    expect([...new Set(leaks)]).toEqual([]);
  });

  it('the grep is not vacuous: the echo bodies did reach the messages, with the secrets masked', () => {
    const errors = result.sources.map((s) => s.error ?? '').join('\n');
    expect(errors).toMatch(/answered 401 Unauthorized/);
    expect(errors).toMatch(/rejected|echoed|Bad request/);
    expect(findLeaks({ canary: `x ${SECRETS.E_GITHUB} y` })).not.toEqual([]);
    expect(
      findLeaks({
        canary: `Basic ${Buffer.from(`${SECRETS.E_REDDIT_ID}:${SECRETS.E_REDDIT_SECRET}`).toString('base64')}`,
      }),
    ).not.toEqual([]);
  });
});
