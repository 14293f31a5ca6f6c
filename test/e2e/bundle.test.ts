/**
 * The split bundle (scripts/build.mjs): what a scan loads before its first line runs leaves out
 * the classifier model, respond mode and the report (each a chunk loaded on first use), and
 * iconv-lite's double-byte tables, kept as JSON files beside the chunk, are found from the bundle;
 * Octokit (no token), iconv-lite and htmlparser2 are not loaded at start.
 * Needs `npm run build`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dynamicImports, staticClosure } from '../../scripts/bundle-graph.js';

describe('the bundle', () => {
  it('loads the model, respond mode and the report only when used', () => {
    const loaded = staticClosure('dist/index.js');
    const lazy = dynamicImports(loaded).map((f) => basename(f));
    for (const name of ['classifier', 'report', 'setup'])
      expect(lazy.some((f) => f.startsWith(`${name}-`))).toBe(true);
    expect(loaded.some((f) => /\/(classifier|report)-/.test(f))).toBe(false);
    // The model's weights are in a chunk loaded on the first classification, not at start.
    const model = JSON.parse(readFileSync('src/classify/model.json', 'utf8'));
    const weights = String(model.heads.complaint.weights).slice(0, 200);
    expect(weights.length).toBe(200);
    const holder = (f: string) => readFileSync(f, 'utf8').includes(weights);
    expect(loaded.filter(holder)).toEqual([]);
    const withModel = dynamicImports(loaded).filter((d) => staticClosure(d).some(holder));
    expect(withModel.map((f) => basename(f))).toEqual([expect.stringMatching(/^classifier-/)]);
  });

  it('starts without Octokit (no token: a local run), iconv-lite or htmlparser2', () => {
    const loaded = staticClosure('dist/index.js');
    const holds = (marker: string) => loaded.filter((f) => readFileSync(f, 'utf8').includes(marker));
    // Octokit's user agent; iconv-lite's UTF-7 IMAP codec's name; htmlparser2's tokenizer callback.
    for (const marker of ['octokit-core.js', 'utf7imap', 'onopentagname']) expect(holds(marker)).toEqual([]);
    // They are loaded when used: Octokit a chunk, the parsers CommonJS files required on first use.
    const later = dynamicImports(loaded).flatMap((d) => staticClosure(d));
    expect(later.some((f) => readFileSync(f, 'utf8').includes('octokit-core.js'))).toBe(true);
    expect(readFileSync('dist/chunks/iconv-lite.cjs', 'utf8')).toContain('utf7imap');
    expect(readFileSync('dist/chunks/html.cjs', 'utf8')).toContain('onopentagname');
  });

  it('imports zod as a namespace, which esbuild can tree-shake (`import { z }` holds all of zod)', () => {
    const files = readdirSync('.', { recursive: true, encoding: 'utf8' }).filter((f) =>
      /^(src|action)[\\/].*\.ts$/.test(f),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => /^import \{ z \} from 'zod';/m.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('decodes a Shift_JIS feed with the iconv table read from dist/chunks/iconv-tables/', async () => {
    const body = readFileSync('test/fixtures/feeds/enc-shift-jis-http.xml');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=Shift_JIS' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['dist/cli.js', 'feed', `http://127.0.0.1:${port}/f.xml`, '--json'],
        { env: { PATH: process.env.PATH, NODE_DEBUG: 'module' } },
      );
      expect(JSON.parse(stdout)).toMatchObject({ ok: true, title: 'アクメ Acme' });
      expect(stderr).toMatch(/load "[^"]*\/dist\/chunks\/iconv-tables\/shiftjis\.json"/);
    } finally {
      server.close();
    }
  });
});
