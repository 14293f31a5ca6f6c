/** `earshot scan` from a terminal: what it says when nothing is filed, and its exit code. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { blogFeed } from '../../helpers/blog-feed.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        blogFeed([
          { n: 1, title: 'Acme is down again', text: 'Acme broke my build', hoursAgo: 48 },
          { n: 2, title: 'Acme support was great', text: 'Thanks Acme', hoursAgo: 30 },
        ]),
      );
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
});
afterAll(() => server.close());

async function scan(sources: string) {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-cli-scan-'));
  const config = join(dir, 'earshot.yml');
  writeFileSync(config, `company: { name: Acme }\nsources:\n${sources}`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['scan', '--config', config, '--store', join(dir, '.earshot')], {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env: {},
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const feed = (id: string, path: string) => `  - { id: ${id}, kind: rss, url: '${server.url}${path}' }\n`;

describe('earshot scan', () => {
  it('says why a quiet first run filed nothing', async () => {
    const r = await scan(feed('blog', '/feed.xml'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /filed 0 new issue\(s\).*2 existing mention\(s\) were recorded, not filed: the first run of blog stays quiet \(bootstrap\.backfill: true files them\)/,
    );
  });

  it('exits 1, loudly, when every source failed', async () => {
    const r = await scan(feed('gone', '/missing.xml') + feed('also-gone', '/nope.xml'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('every source failed (2 of 2): nothing could be fetched');
    expect(r.err).toMatch(/- gone \(rss\): .*404/);
    expect(r.err).toMatch(/- also-gone \(rss\): .*404/);
  });

  it('exits 0 when at least one source worked (the failure is a warning)', async () => {
    const r = await scan(feed('blog', '/feed.xml') + feed('gone', '/missing.xml'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 source(s) failed');
    expect(r.err).not.toContain('every source failed');
  });
});

describe('earshot options', () => {
  const run = async (...argv: string[]) => {
    const err: string[] = [];
    const code = await main(argv, { out: () => {}, err: (s) => err.push(s), env: {} });
    return { code, err: err.join('\n') };
  };

  it('a mistyped option is one line with the nearest option, never a stack trace', async () => {
    const r = await run('scan', '--dryrun');
    expect(r.code).toBe(2);
    expect(r.err).toContain('earshot: unknown option --dryrun (did you mean "--dry-run"?)');
    expect(r.err).not.toMatch(/\n\s+at /);
    const respond = await run('respond', '--isue', '3');
    expect(respond.code).toBe(2);
    expect(respond.err).toContain('unknown option --isue (did you mean "--issue"?)');
    expect(respond.err).toContain('[--config F]');
    const missing = await run('validate', '--config');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("Option '-c, --config <value>' argument missing");
  });

  it("help shows respond's --config and --close VALUE", async () => {
    const out: string[] = [];
    await main(['help'], { out: (s) => out.push(s), err: () => {}, env: {} });
    expect(out.join('\n')).toContain('--close [completed|not_planned]) [--as LOGIN] [--config F]');
  });
});
