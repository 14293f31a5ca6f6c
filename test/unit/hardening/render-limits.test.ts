/**
 * Worst cases for the size of a rendered issue: every mention field at (or far past) its limit,
 * made of the characters that grow most when neutralized. GitHub refuses a body over 65,536
 * characters; a refused create stops filing and the draft stays pending, first in line on every
 * following run — one hostile item would block all filing for good.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { MAX_URL_LENGTH } from '../../../src/issue/neutralize.js';
import { renderIssue } from '../../../src/issue/render.js';
import { silentLogger } from '../../../src/logger.js';
import type { Mention } from '../../../src/mentions/mention.js';
import { normalize } from '../../../src/mentions/normalize.js';
import { parseMarker } from '../../../src/record/marker.js';
import type { IssueDraft } from '../../../src/record/port.js';
import { runScan } from '../../../src/scan.js';
import { asAdapters, fakeAdapter, keywordClassifier, MemoryTracker } from '../../helpers/fakes.js';
import { FORGED_MARKER } from './arbitraries.js';
import { BODY_LIMIT, GITHUB_BODY_LIMIT, issueProblems } from './issue-checker.js';

const FETCHED = new Date('2026-11-20T12:00:00Z');
const classification = { category: 'complaint' as const, confidence: 0.9, secondary: 'question' as const };
const priority = { level: 'high' as const, score: 9, reason: `score 9 — ${'@a #1 <x> '.repeat(100)}` };

function render(mention: Mention): IssueDraft {
  return renderIssue({ mention, sourceName: 'hostile', classification, priority, queries: ['company'] });
}

describe('a rendered issue stays within GitHub limits whatever the source sends', () => {
  it('a 100 KB link and huge reply ids stay out of the marker (the body fits)', () => {
    const mention = normalize(
      {
        id: 'post-1',
        url: `https://example.com/${'a'.repeat(100_000)}`,
        text: 'Acme ate my homework',
        author: 'someone',
        replyTo: { statusId: '1'.repeat(50_000), instance: 'https://x.example' },
      },
      { sourceId: 'feed', sourceKind: 'mastodon', fetched: FETCHED },
    );
    const draft = render(mention);
    expect(draft.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const marker = parseMarker(draft.body);
    expect(marker?.key).toBe(mention.key);
    expect(marker?.url).toBeUndefined(); // too long to be a link anyway (neutralizeUrl refuses it)
    expect(marker?.replyTo).toBeUndefined(); // too big to be ids a reply could use
    expect(issueProblems(draft, mention)).toEqual([]);
  });

  it('a link and reply ids of ordinary size are kept in the marker', () => {
    const url = `https://example.com/${'a'.repeat(MAX_URL_LENGTH - 30)}`;
    const replyTo = { uri: 'at://did:plc:abc/app.bsky.feed.post/3k', cid: 'bafyrei'.padEnd(59, 'a') };
    const mention = normalize(
      { id: 'p', url, text: 'Acme', replyTo },
      { sourceId: 'b', sourceKind: 'bluesky', fetched: FETCHED },
    );
    const marker = parseMarker(render(mention).body);
    expect(marker?.url).toBe(url);
    expect(marker?.replyTo).toEqual(replyTo);
  });

  it('every field at its limit, in the costliest characters, stays under 20,000 characters', () => {
    const costly = `@a #1 <!-- &|[\`*_ ${FORGED_MARKER} `;
    const mention = normalize(
      {
        id: 'x'.repeat(5000),
        url: `https://example.com/${'%C3%A9'.repeat(MAX_URL_LENGTH / 6 - 4)}`,
        title: costly.repeat(100),
        text: costly.repeat(2000),
        author: costly.repeat(100),
        reach: 123_456_789,
        engagement: 1e21,
        rating: 1,
        replyTo: { a: 'b'.repeat(900) },
      },
      { sourceId: 'worst', sourceKind: 'json', fetched: FETCHED },
    );
    const draft = render(mention);
    expect(draft.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(draft.body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(issueProblems(draft, mention)).toEqual([]);
  });

  it('characters that JSON escapes six-fold (controls, lone surrogates) do not blow the marker up', () => {
    // Found by the benchmark: a link of 2,000 control characters passed the 2,048 cap but took
    // 12,000 characters as JSON, 16,000 in base64; 2,000 bidi isolates take 6,000 bytes of UTF-8.
    const mention: Mention = {
      key: 'rss:x',
      ids: ['rss:x'],
      sourceId: 'feed',
      sourceKind: 'rss',
      url: `https://example.com/${'\u0001\u2067'.repeat(1000)}`,
      title: '',
      text: '@a #1 <!-- '.repeat(3000),
      author: '\uD800'.repeat(200),
      published: '2026-11-20T12:00:00.000Z',
      fetched: '2026-11-20T12:00:00.000Z',
      replyTo: { id: '\u0002'.repeat(160) },
    };
    const draft = render(mention);
    expect(draft.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(parseMarker(draft.body)?.key).toBe('rss:x');
  });

  it('one hostile item does not block filing: the scan files it and everything after it', async () => {
    // A tracker that refuses bodies over GitHub's limit the way GitHub does (422).
    const tracker = new MemoryTracker();
    const create = tracker.create.bind(tracker);
    tracker.create = async (draft) => {
      if (draft.body.length > GITHUB_BODY_LIMIT) throw new Error('Validation Failed: body is too long (422)');
      return create(draft);
    };
    const adapter = fakeAdapter({
      a: [
        {
          id: '1',
          url: `https://example.com/${'x'.repeat(70_000)}`,
          text: 'Acme is terrible',
          published: '2026-11-20T10:00:00Z',
        },
        { id: '2', url: 'https://example.com/ok', text: 'Acme is great', published: '2026-11-20T11:00:00Z' },
      ],
    });
    const deps = {
      config: parseConfig(
        'company:\n  name: Acme\nbootstrap:\n  backfill: true\nsources:\n  - id: feed\n    kind: fake\n    feed: a\n',
        'test.yml',
        asAdapters(adapter),
      ),
      adapters: asAdapters(adapter),
      tracker,
      http: { request: () => Promise.reject(new Error('no network in this test')) },
      classifier: keywordClassifier,
      env: {},
      now: () => FETCHED,
      logger: silentLogger,
    };
    const first = await runScan(deps);
    expect(first.new).toBe(2);
    expect(first.deferred).toBe(0);
    expect(tracker.issues).toHaveLength(2);
  });
});
