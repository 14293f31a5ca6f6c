/** rss: HTTP failures against a loopback server (429 + Retry-After, 5xx, timeout, oversized body). */
import { describe } from 'vitest';
import { rssAdapter } from '../../../src/platforms/rss/source.js';
import { sendFixture } from '../../helpers/loopback.js';
import { feedFailureTests } from './feed-failures.js';

describe('rss fetch failures', () => {
  feedFailureTests({
    adapter: rssAdapter,
    ok: (res) => sendFixture(res, 'sources/rss/wordpress.xml', 'application/rss+xml; charset=utf-8'),
    now: new Date('2026-11-23T00:00:00Z'),
  });
});
