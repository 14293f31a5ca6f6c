import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type FeedLine, runFeedCommand } from '../../../src/feed-command.js';
import { createHttpClient } from '../../../src/http/client.js';
import { type Loopback, sendFixture, startLoopback } from '../../helpers/loopback.js';

const path = (p: string) => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const http = createHttpClient({ userAgent: 'earshot-test' });

async function run(inputs: string[], json = true, extra: Record<string, number> = {}) {
  const lines: string[] = [];
  const code = await runFeedCommand(inputs, { json, http, ...extra }, (l) => lines.push(l));
  return { code, lines };
}

describe('earshot feed', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('prints one JSON line per input and exits 0 when all are feeds', async () => {
    const { code, lines } = await run([
      path('sources/rss/google-alerts.xml'),
      path('feeds/truncated-mid-item.xml'),
    ]);
    expect(code).toBe(0);
    const [alerts, truncated] = lines.map((l) => JSON.parse(l) as FeedLine);
    expect(alerts).toMatchObject({
      input: path('sources/rss/google-alerts.xml'),
      ok: true,
      error: null,
      title: 'Google Alert - AcmeCloud',
      kind: 'atom',
      recovered: false,
    });
    expect(alerts?.items[0]).toEqual({
      title: 'AcmeCloud raises prices for small teams, customers push back',
      link: 'https://techdaily.example.com/2026/11/20/acmecloud-price-change/',
      published: '2026-11-20T14:05:00.000Z',
    });
    expect(truncated).toMatchObject({ ok: true, recovered: true, title: 'Truncated' });
    expect(truncated?.items).toHaveLength(3);
  });

  it('exits 1 and explains when an input is not a feed', async () => {
    const { code, lines } = await run([path('feeds/opml.xml'), path('sources/rss/medium.xml')]);
    expect(code).toBe(1);
    const [opml, medium] = lines.map((l) => JSON.parse(l) as FeedLine);
    expect(opml).toMatchObject({ ok: false, title: null, items: [] });
    expect(opml?.error).toMatch(/^expected a feed, got an OPML subscription list listing 2 feed\(s\)/);
    expect(medium?.ok).toBe(true);
  });

  it('reads URLs, resolving relative links against the final URL', async () => {
    server = await startLoopback((_req, res) =>
      sendFixture(res, 'feeds/rss-relative-links.xml', 'application/rss+xml'),
    );
    const { code, lines } = await run([`${server.url}/feeds/main.xml`]);
    expect(code).toBe(0);
    const line = JSON.parse(lines[0]!) as FeedLine;
    expect(line.items.map((i) => i.link)).toEqual([
      `${server.url}/2026/11/acme`,
      `${server.url}/other/page.html`,
    ]);
  });

  it('prints a readable summary without --json', async () => {
    const { lines } = await run([path('feeds/invalid-dates.xml'), path('feeds/empty.xml')], false);
    expect(lines[0]).toBe(
      `✓ ${path('feeds/invalid-dates.xml')}: "Bad Dates" (Atom 1.0, 4 item(s), recovered from broken XML)`,
    );
    expect(lines[1]).toBe('    2026-11-10  Good date  <https://dates.example.com/1>');
    expect(lines[2]).toBe('    (no date)   Acme with a broken date  <https://dates.example.com/2>');
    expect(
      lines.some((l) => l.startsWith('  warning: item 2 ("Acme with a broken date"): invalid date')),
    ).toBe(true);
    expect(lines.at(-1)).toBe(`✗ ${path('feeds/empty.xml')}: expected a feed, got an empty body`);
  });

  it('bounds each input: a server that never answers, a file above the size cap, a missing file', async () => {
    server = await startLoopback(() => {
      // never answers
    });
    const start = Date.now();
    const { code, lines } = await run(
      [`${server.url}/slow`, path('sources/rss/blogger.xml'), path('feeds/no-such-file.xml')],
      true,
      { timeoutMs: 300, maxBytes: 2000 },
    );
    expect(Date.now() - start).toBeLessThan(5000);
    expect(code).toBe(1);
    const [slow, big, missing] = lines.map((l) => JSON.parse(l) as FeedLine);
    expect(slow?.ok).toBe(false);
    expect(slow?.error).toMatch(/abort|timeout|gave up|timed out/i);
    expect(big?.error).toMatch(/larger than the 2000-byte cap/);
    expect(missing?.error).toMatch(/ENOENT/);
  });
});
