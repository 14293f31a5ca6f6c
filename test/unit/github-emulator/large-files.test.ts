import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENTS_INLINE_LIMIT,
  type Emulator,
  FILE_SIZE_LIMIT,
  startEmulator,
} from '../../github-emulator/index.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let emu: Emulator;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'mentions' };
const R = '/repos/acme/mentions';

beforeAll(async () => {
  emu = await startEmulator({ tokens: { 'ro-token': { readOnly: true } } });
  octokit = new Octokit({ auth: 'test', baseUrl: emu.url, log: quiet });
});

afterEach(() => {
  expect(emu.violations).toEqual([]);
  emu.reset();
});

afterAll(async () => {
  await emu.close();
});

/** Git's blob id, computed independently of the emulator. */
function blobSha(content: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
    .digest('hex');
}

/** ASCII text of exactly `size` bytes (a JSON-ish state file). */
function text(size: number, seed = 'x'): Buffer {
  const line = `{"key":"${seed}","note":"mention from the crawl"}\n`;
  return Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size));
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data: unknown } };
    return { status: e.status, data: e.response?.data };
  }
  throw new Error('expected the request to fail');
}

function get(path: string, accept?: string): Promise<Response> {
  return fetch(`${emu.url}${path}`, {
    headers: { authorization: 'token test', ...(accept ? { accept } : {}) },
  });
}

const put = (path: string, content: Buffer, sha?: string) =>
  octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path,
    message: 'state',
    content: content.toString('base64'),
    ...(sha ? { sha } : {}),
  });

describe('Get repository content: the 1 MB rule', () => {
  it('inlines base64 content up to exactly 1 MB (1,048,576 bytes)', async () => {
    const content = text(CONTENTS_INLINE_LIMIT);
    expect((await put('state/at-limit.json', content)).status).toBe(201);
    const got = await octokit.rest.repos.getContent({ ...repo, path: 'state/at-limit.json' });
    const file = got.data as { content: string; encoding: string; size: number; sha: string };
    expect(file.encoding).toBe('base64');
    expect(file.size).toBe(1_048_576);
    expect(Buffer.from(file.content, 'base64').equals(content)).toBe(true);
  });

  it('answers content "" and encoding "none" (with size and sha) for a file over 1 MB, which PUT still writes', async () => {
    const path = 'state/big.json';
    const v1 = text(CONTENTS_INLINE_LIMIT + 1, 'v1');
    const created = await put(path, v1);
    expect(created.status).toBe(201);
    expect(created.data.content?.sha).toBe(blobSha(v1));
    expect(created.data.content?.size).toBe(1_048_577);

    const got = await octokit.rest.repos.getContent({ ...repo, path });
    expect(got.status).toBe(200);
    expect(got.data).toMatchObject({
      type: 'file',
      path,
      size: 1_048_577,
      sha: blobSha(v1),
      content: '',
      encoding: 'none',
    });

    // Writing over it with compare-and-swap keeps working at this size.
    const v2 = text(2 * CONTENTS_INLINE_LIMIT, 'v2');
    const updated = await put(path, v2, blobSha(v1));
    expect(updated.status).toBe(200);
    const again = await octokit.rest.repos.getContent({ ...repo, path });
    expect(again.data).toMatchObject({ size: v2.length, sha: blobSha(v2), content: '', encoding: 'none' });
    expect((await failure(put(path, v2, blobSha(v1)))).status).toBe(409);

    // A directory listing names the file with its size, never with content.
    const dir = await octokit.rest.repos.getContent({ ...repo, path: 'state' });
    expect(dir.data).toEqual([expect.not.objectContaining({ content: expect.anything() })]);
    expect((dir.data as { size: number }[])[0]?.size).toBe(v2.length);
  });

  it('answers the raw bytes when Accept asks for the raw media type (Octokit format "raw", .raw, .raw+json)', async () => {
    const path = 'state/big.json';
    const content = text(CONTENTS_INLINE_LIMIT + 10);
    await put(path, content);
    const viaOctokit = await octokit.rest.repos.getContent({ ...repo, path, mediaType: { format: 'raw' } });
    expect(viaOctokit.status).toBe(200);
    expect(viaOctokit.data as unknown as string).toBe(content.toString('utf8'));

    for (const accept of [
      'application/vnd.github.raw',
      'application/vnd.github.raw+json',
      'application/vnd.github.v3.raw',
    ]) {
      const res = await get(`${R}/contents/${path}`, accept);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.github.raw; charset=utf-8');
      expect(res.headers.get('content-length')).toBe(String(content.length));
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    }
    // Small files too; binary bytes come back as they are.
    const binary = Buffer.from([0, 255, 1, 254, 10, 13]);
    await put('logo.bin', binary);
    const raw = await get(`${R}/contents/logo.bin`, 'application/vnd.github.raw+json');
    expect(Buffer.from(await raw.arrayBuffer()).equals(binary)).toBe(true);
    // The default media type still answers JSON.
    const json = await get(`${R}/contents/logo.bin`, 'application/vnd.github+json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as { encoding: string }).encoding).toBe('base64');
  });

  it('refuses files over 100 MB with 403 too_large, JSON or raw, and so does Get a blob', async () => {
    const huge = Buffer.alloc(FILE_SIZE_LIMIT + 1, 0x61);
    const { file } = emu.store.repo('acme', 'mentions').putFile('main', 'huge.txt', huge, 'huge', undefined);
    const res = await failure(octokit.rest.repos.getContent({ ...repo, path: 'huge.txt' }));
    expect(res.status).toBe(403);
    expect(res.data).toMatchObject({ errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }] });
    expect((await get(`${R}/contents/huge.txt`, 'application/vnd.github.raw')).status).toBe(403);
    const blob = await failure(octokit.rest.git.getBlob({ ...repo, file_sha: file.sha }));
    expect(blob.status).toBe(403);
    expect(blob.data).toMatchObject({ errors: [{ code: 'too_large' }] });
  });
});

describe('Git blobs', () => {
  it('gets any blob the repository holds: base64 wrapped at 60 columns, or raw', async () => {
    const v1 = text(CONTENTS_INLINE_LIMIT + 5, 'one');
    const created = await put('state/big.json', v1);
    const sha = created.data.content?.sha ?? '';
    // A later version replaces the file; the older blob stays readable, as in git.
    await put('state/big.json', text(100, 'two'), sha);

    const blob = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
    expect(blob.status).toBe(200);
    expect(blob.data).toMatchObject({
      sha,
      size: v1.length,
      encoding: 'base64',
      url: `${emu.url}${R}/git/blobs/${sha}`,
      node_id: Buffer.from(`04:Blob${sha}`).toString('base64'),
    });
    const lines = blob.data.content.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).every((l) => l.length > 0 && l.length <= 60)).toBe(true);
    expect(Buffer.from(blob.data.content, 'base64').equals(v1)).toBe(true);

    const raw = await get(`${R}/git/blobs/${sha}`, 'application/vnd.github.raw+json');
    expect(raw.status).toBe(200);
    expect(Buffer.from(await raw.arrayBuffer()).equals(v1)).toBe(true);

    // Uppercase shas name the same object; unknown ones are 404.
    expect((await octokit.rest.git.getBlob({ ...repo, file_sha: sha.toUpperCase() })).data.sha).toBe(sha);
    const missing = await failure(octokit.rest.git.getBlob({ ...repo, file_sha: 'f'.repeat(40) }));
    expect(missing.status).toBe(404);
    expect(
      (await failure(octokit.rest.git.getBlob({ owner: 'acme', repo: 'other', file_sha: sha }))).status,
    ).toBe(404);
  });

  it('creates blobs (utf-8 by default, or base64) that Get a blob then answers', async () => {
    const made = await octokit.rest.git.createBlob({ ...repo, content: 'héllo\n' });
    expect(made.status).toBe(201);
    const sha = blobSha(Buffer.from('héllo\n'));
    expect(made.data).toEqual({ sha, url: `${emu.url}${R}/git/blobs/${sha}` });
    expect(made.headers.location).toBe(`${emu.url}${R}/git/blobs/${sha}`);
    const got = await octokit.rest.git.getBlob({ ...repo, file_sha: sha });
    expect(Buffer.from(got.data.content, 'base64').toString()).toBe('héllo\n');

    const b64 = await octokit.rest.git.createBlob({
      ...repo,
      content: Buffer.from([1, 2, 3]).toString('base64'),
      encoding: 'base64',
    });
    expect(b64.data.sha).toBe(blobSha(Buffer.from([1, 2, 3])));
    const bad = await failure(octokit.rest.git.createBlob({ ...repo, content: 'x', encoding: 'latin1' }));
    expect(bad.status).toBe(422);
    expect(bad.data).toMatchObject({ errors: [{ resource: 'Blob', field: 'encoding', code: 'invalid' }] });
  });

  it('needs contents: read to get and contents: write to create', async () => {
    const made = await octokit.rest.git.createBlob({ ...repo, content: 'x' });
    const readOnly = new Octokit({ auth: 'ro-token', baseUrl: emu.url, log: quiet });
    expect((await readOnly.rest.git.getBlob({ ...repo, file_sha: made.data.sha })).status).toBe(200);
    const denied = await failure(readOnly.rest.git.createBlob({ ...repo, content: 'y' }));
    expect(denied.status).toBe(403);
    expect(denied.data).toMatchObject({ message: 'Resource not accessible by integration' });
  });
});
