import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { createHttpClient, type RequestEvent } from '../../../src/http/client.js';
import { type Handler, type Loopback, startLoopback } from '../../helpers/loopback.js';

const servers: Loopback[] = [];
async function serve(handler: Handler): Promise<Loopback> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('createHttpClient: ordinary exchanges', () => {
  it('GETs a 200 with a descriptive User-Agent and accept-encoding, and exposes bytes, text and json', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"abc"' });
      res.end('{"hello":"wörld"}');
    });
    const http = createHttpClient();
    const res = await http.request({ url: `${server.url}/data?q=1` });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${server.url}/data?q=1`);
    expect(res.notModified).toBe(false);
    expect(res.json()).toEqual({ hello: 'wörld' });
    expect(res.text()).toBe('{"hello":"wörld"}');
    expect(res.bytes.byteLength).toBe(Buffer.byteLength('{"hello":"wörld"}'));
    expect(res.validators).toEqual({ etag: '"abc"' });
    expect(res.headers['content-type']).toBe('application/json');
    const sent = server.requests[0]?.headers;
    expect(sent?.['user-agent']).toMatch(/^Earshot\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\//);
    expect(sent?.['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('lets the client and the request choose the User-Agent and other headers', async () => {
    const server = await serve((_req, res) => void res.end('ok'));
    const http = createHttpClient({ userAgent: 'custom-agent/1' });
    await http.request({ url: server.url });
    await http.request({ url: server.url, headers: { 'User-Agent': 'per-request/2', Accept: 'text/plain' } });
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual(['custom-agent/1', 'per-request/2']);
    expect(server.requests[1]?.headers.accept).toBe('text/plain');
  });

  it('sends an object body as JSON and a string body as is', async () => {
    const server = await serve((req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(`${req.method} ${req.headers['content-type'] ?? '-'} ${req.body}`);
    });
    const http = createHttpClient();
    const json = await http.request({ url: server.url, method: 'POST', body: { a: [1, 'é'] } });
    expect(json.status).toBe(201);
    expect(json.text()).toBe('POST application/json {"a":[1,"é"]}');
    const text = await http.request({ url: server.url, method: 'PUT', body: 'raw=1' });
    expect(text.text()).toBe('PUT - raw=1');
  });

  it('decodes text with the charset of Content-Type (decodeText)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=windows-1252' });
      res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94])); // café “q”
    });
    const res = await createHttpClient().request({ url: server.url });
    expect(res.text()).toBe('café “q”');
  });

  it('json() on an HTML page throws HttpError decode naming the URL, the type and the start of the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Sign in</title></head><body>please log in</body></html>');
    });
    const res = await createHttpClient().request({ url: `${server.url}/api?token=SECRET` });
    const error = (() => {
      try {
        res.json();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('decode');
    expect((error as HttpError).message).toMatch(
      new RegExp(
        `^expected JSON from ${server.url}/api\\?token=…, got text/html; charset=utf-8: '<!DOCTYPE html>`,
      ),
    );
    expect((error as HttpError).message).not.toContain('SECRET');
  });

  it('json() on an empty body says so', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const res = await createHttpClient().request({ url: server.url });
    expect(() => res.json()).toThrow(/got application\/json: an empty body/);
  });
});

describe('conditional requests', () => {
  it('sends validators as If-None-Match / If-Modified-Since; a 304 is notModified with the validators kept', async () => {
    const lastModified = 'Mon, 10 Mar 2025 10:00:00 GMT';
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': lastModified, 'content-type': 'text/plain' });
      res.end('fresh body');
    });
    const http = createHttpClient();
    const first = await http.request({ url: server.url });
    expect(first.notModified).toBe(false);
    expect(first.validators).toEqual({ etag: '"v1"', lastModified });
    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();

    const second = await http.request({ url: server.url, validators: first.validators });
    expect(second.status).toBe(304);
    expect(second.notModified).toBe(true);
    expect(second.bytes.byteLength).toBe(0);
    expect(second.text()).toBe('');
    expect(second.validators).toEqual({ etag: '"v1"', lastModified });
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe(lastModified);
    expect(http.stats.notModified).toBe(1);
  });

  it('replaces validators when the resource changed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { etag: '"v2"' });
      res.end('new');
    });
    const res = await createHttpClient().request({
      url: server.url,
      validators: { etag: '"v1"', lastModified: 'Mon, 10 Mar 2025 10:00:00 GMT' },
    });
    expect(res.notModified).toBe(false);
    expect(res.validators).toEqual({ etag: '"v2"', lastModified: 'Mon, 10 Mar 2025 10:00:00 GMT' });
  });
});

describe('content decoding', () => {
  const body = `${'Earshot hears every mention. '.repeat(200)}ünïcode`;
  const encoded: Record<string, Buffer> = {
    gzip: gzipSync(body),
    deflate: deflateSync(body),
    'deflate-raw': deflateRawSync(body),
    br: brotliCompressSync(body),
  };

  it.each(Object.keys(encoded))('decodes %s', async (name) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-encoding': name === 'deflate-raw' ? 'deflate' : name,
      });
      res.end(encoded[name]);
    });
    const http = createHttpClient();
    const res = await http.request({ url: server.url });
    expect(res.text()).toBe(body);
    expect(http.stats.wireBytesReceived).toBe(encoded[name]?.byteLength);
    expect(http.stats.bytesReceived).toBe(Buffer.byteLength(body));
  });

  it('refuses an unknown content coding with HttpError decode', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'zstd' });
      res.end('xxxx');
    });
    await expect(createHttpClient().request({ url: server.url })).rejects.toMatchObject({
      code: 'decode',
      message: expect.stringMatching(/unsupported Content-Encoding "zstd"/),
    });
  });

  it('reports a corrupt gzip body as HttpError decode', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip at all'));
    });
    await expect(createHttpClient().request({ url: server.url, retries: 0 })).rejects.toMatchObject({
      code: 'decode',
      message: expect.stringMatching(/could not decode the gzip body/),
    });
  });
});

describe('redirects', () => {
  it('follows a relative Location and reports the final URL', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/feeds/old') {
        res.writeHead(301, { location: '../new/feed.xml?x=1#frag' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`at ${req.url}`);
    });
    const http = createHttpClient();
    const res = await http.request({ url: `${server.url}/feeds/old` });
    expect(res.text()).toBe('at /new/feed.xml?x=1');
    expect(res.url).toBe(`${server.url}/new/feed.xml?x=1`);
    expect(http.stats.redirects).toBe(1);
  });

  it('turns POST into GET on 303/302 and keeps method and body on 307', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/see-other') return void res.writeHead(303, { location: '/done' }).end();
      if (req.url === '/found') return void res.writeHead(302, { location: '/done' }).end();
      if (req.url === '/temporary') return void res.writeHead(307, { location: '/done' }).end();
      res.end(`${req.method} ${req.headers['content-type'] ?? '-'} [${req.body}]`);
    });
    const http = createHttpClient();
    const post = { method: 'POST' as const, body: { a: 1 } };
    expect((await http.request({ url: `${server.url}/see-other`, ...post })).text()).toBe('GET - []');
    expect((await http.request({ url: `${server.url}/found`, ...post })).text()).toBe('GET - []');
    expect((await http.request({ url: `${server.url}/temporary`, ...post })).text()).toBe(
      'POST application/json [{"a":1}]',
    );
  });

  it('fails a redirect loop with too-many-redirects, naming the chain', async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const error = await createHttpClient()
      .request({ url: `${server.url}/a` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('too-many-redirects');
    expect((error as HttpError).message).toBe(
      `${server.url}/a: redirect loop (${server.url}/a → ${server.url}/b → ${server.url}/a)`,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('stops after maxRedirects', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url.slice(1));
      res.writeHead(302, { location: `/${n + 1}` });
      res.end();
    });
    const http = createHttpClient();
    await expect(http.request({ url: `${server.url}/0` })).rejects.toMatchObject({
      code: 'too-many-redirects',
      message: `${server.url}/0: stopped after 5 redirects (the last one to ${server.url}/6)`,
    });
    expect(server.requests).toHaveLength(6);
    await expect(http.request({ url: `${server.url}/0`, maxRedirects: 1 })).rejects.toThrow(
      /after 1 redirects/,
    );
  });

  it('names the redirect target when the redirected exchange fails', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/moved') return void res.writeHead(302, { location: '/huge?token=T' }).end();
      res.writeHead(200, { 'content-length': '999999' });
      res.end('x'.repeat(999_999));
    });
    await expect(
      createHttpClient().request({ url: `${server.url}/moved`, maxBytes: 1000 }),
    ).rejects.toMatchObject({
      code: 'too-large',
      message: `${server.url}/moved (redirected to ${server.url}/huge?token=…): body of 976.6 KiB (Content-Length) exceeds the 1000 bytes cap (maxBytes)`,
    });
  });

  it('forwards only an allow-list of headers when a redirect leaves the origin', async () => {
    const target = await serve((_req, res) => void res.end('landed'));
    const origin = await serve((req, res) => {
      if (req.url === '/same') return void res.writeHead(302, { location: '/there' }).end();
      if (req.url === '/there') return void res.end('same origin');
      res.writeHead(302, { location: `${target.url}/x` });
      res.end();
    });
    const http = createHttpClient({ userAgent: 'earshot-test' });
    const headers = {
      authorization: 'Bearer s3cret',
      'x-api-key': 'k',
      'Ocp-Apim-Subscription-Key': 'azure-key-0123456789',
      'private-token': 'gl-token',
      'x-custom': 'dropped too',
      accept: 'application/json',
      'accept-language': 'en',
    };
    await http.request({ url: `${origin.url}/same`, headers });
    expect(origin.requests[1]?.headers.authorization).toBe('Bearer s3cret');
    expect(origin.requests[1]?.headers['ocp-apim-subscription-key']).toBe('azure-key-0123456789');
    const res = await http.request({ url: `${origin.url}/away`, headers });
    expect(res.text()).toBe('landed');
    const seen = target.requests[0]?.headers ?? {};
    for (const name of [
      'authorization',
      'x-api-key',
      'ocp-apim-subscription-key',
      'private-token',
      'x-custom',
    ])
      expect(seen[name], name).toBeUndefined();
    expect(seen.accept).toBe('application/json');
    expect(seen['accept-language']).toBe('en');
    expect(seen['user-agent']).toBe('earshot-test');
  });

  it('never re-sends a request body to another origin', async () => {
    const target = await serve((_req, res) => void res.end('landed'));
    const origin = await serve((_req, res) => {
      res.writeHead(307, { location: `${target.url}/steal` });
      res.end();
    });
    const error = await createHttpClient()
      .request({
        url: `${origin.url}/session`,
        method: 'POST',
        body: { identifier: 'a', password: 'p4ss-w0rd' },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'blocked' });
    expect(String((error as Error).message)).toMatch(/redirected the request body to another origin/);
    expect(target.requests).toHaveLength(0);
  });
});

describe('per-host concurrency and counters', () => {
  it('keeps at most maxPerHost requests in flight per host, queueing the rest', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await serve(async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 40));
      inFlight--;
      res.end('ok');
    });
    const http = createHttpClient({ maxPerHost: 3 });
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) => http.request({ url: `${server.url}/${i}` })),
    );
    expect(all.every((r) => r.text() === 'ok')).toBe(true);
    expect(peak).toBe(3);
    expect(server.requests).toHaveLength(10);
  });

  it('defaults to 4 per host', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await serve(async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      res.end('ok');
    });
    const http = createHttpClient();
    await Promise.all(Array.from({ length: 9 }, () => http.request({ url: server.url })));
    expect(peak).toBe(4);
  });

  it('counts requests and bytes and reports each exchange to onRequest', async () => {
    const server = await serve((req, res) => {
      if (req.url.startsWith('/r?')) return void res.writeHead(302, { location: '/body' }).end();
      res.end('0123456789');
    });
    const events: RequestEvent[] = [];
    const http = createHttpClient({ onRequest: (e) => events.push(e) });
    await http.request({ url: `${server.url}/r?api_key=hidden` });
    await http.request({ url: `${server.url}/body` });
    expect(http.stats).toMatchObject({ requests: 3, bytesReceived: 20, redirects: 1, failures: 0 });
    expect(events.map((e) => [e.url.replace(server.url, ''), e.status, e.hop, e.bytes])).toEqual([
      ['/r?api_key=…', 302, 0, 0],
      ['/body', 200, 1, 10],
      ['/body', 200, 0, 10],
    ]);
  });
});
