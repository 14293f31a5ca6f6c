import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { addressRange, type ResolvedAddress } from '../../../src/http/ssrf.js';
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

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

/** A resolver that maps every name to 127.0.0.1 (as a rebinding or internal name would). */
const toLoopback = async (): Promise<ResolvedAddress[]> => [{ address: '127.0.0.1', family: 4 }];

describe('SSRF guard', () => {
  it('refuses an untrusted URL to 127.0.0.1 before sending anything; a trusted one goes through', async () => {
    const server = await serve((_req, res) => void res.end('internal'));
    const http = createHttpClient();
    const error = await failure(http.request({ url: `${server.url}/admin`, untrusted: true }));
    expect(error.code).toBe('blocked');
    expect(error.message).toBe(
      `${server.url}/admin: refused to connect to 127.0.0.1: a loopback address (links from mentions may only reach public hosts)`,
    );
    expect(server.requests).toHaveLength(0);
    expect((await http.request({ url: `${server.url}/admin` })).text()).toBe('internal');
  });

  it('checks the address a name resolves to at connect time', async () => {
    const server = await serve((_req, res) => void res.end('internal'));
    const port = new URL(server.url).port;
    let lookups = 0;
    const http = createHttpClient({
      lookup: async () => {
        lookups++;
        return toLoopback();
      },
    });
    const error = await failure(http.request({ url: `http://innocent.test:${port}/`, untrusted: true }));
    expect(error.code).toBe('blocked');
    expect(error.message).toMatch(
      /refused to connect to innocent\.test: it resolves to 127\.0\.0\.1, a loopback address/,
    );
    expect(lookups).toBe(1); // one resolution, the one the socket would have used
    expect(server.requests).toHaveLength(0);
    // The same name, trusted (a configured source), connects.
    expect((await http.request({ url: `http://innocent.test:${port}/` })).text()).toBe('internal');
  });

  it('is not retried: a refusal is final', async () => {
    const waits: number[] = [];
    const http = createHttpClient({ lookup: toLoopback, sleep: async (ms) => void waits.push(ms) });
    await failure(http.request({ url: 'http://metadata.test/latest/meta-data/', untrusted: true }));
    expect(waits).toEqual([]);
  });

  it('refuses private IP literals in any spelling (IPv6, IPv4-mapped, decimal)', async () => {
    const http = createHttpClient();
    for (const url of [
      'http://[::1]:9/',
      'http://[::ffff:127.0.0.1]:9/',
      'http://2130706433:9/', // 127.0.0.1 as one number: the URL parser normalizes it
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ]) {
      const error = await failure(http.request({ url, untrusted: true }));
      expect(error.code, url).toBe('blocked');
    }
  });

  it('checks every redirect hop: a permitted first hop cannot redirect into a private address', async () => {
    // A policy that treats 127.0.0.1 as public stands in for a public server; 10.0.0.0/8 stays refused.
    // Nothing here leaves the machine: refused addresses are never connected to.
    const policy = (ip: string) => (ip === '127.0.0.1' ? undefined : addressRange(ip));
    const port = (s: Loopback) => new URL(s.url).port;
    const outside = await serve((req, res) => {
      const to =
        req.url === '/literal' ? 'http://10.1.2.3/secret' : `http://internal.test:${port(outside)}/secret`;
      res.writeHead(302, { location: to });
      res.end();
    });
    const lookups: string[] = [];
    const http = createHttpClient({
      addressPolicy: policy,
      lookup: async (host) => {
        lookups.push(host);
        return host === 'internal.test' ? [{ address: '10.0.0.7', family: 4 }] : toLoopback();
      },
    });
    const literal = await failure(http.request({ url: `${outside.url}/literal`, untrusted: true }));
    expect(literal.code).toBe('blocked');
    expect(literal.message).toMatch(
      /refused to connect to 10\.1\.2\.3: a private \(10\.0\.0\.0\/8\) address/,
    );
    const named = await failure(http.request({ url: `${outside.url}/named`, untrusted: true }));
    expect(named.code).toBe('blocked');
    expect(named.message).toMatch(/internal\.test: it resolves to 10\.0\.0\.7/);
    expect(lookups).toEqual(['internal.test']);
    expect(outside.requests.map((r) => r.url)).toEqual(['/literal', '/named']);
  });

  it('allowPrivateNetworks lets untrusted requests reach private addresses', async () => {
    const server = await serve((_req, res) => void res.end('ok'));
    const http = createHttpClient({ allowPrivateNetworks: true, lookup: toLoopback });
    expect((await http.request({ url: server.url, untrusted: true })).text()).toBe('ok');
    const port = new URL(server.url).port;
    expect((await http.request({ url: `http://anything.test:${port}/`, untrusted: true })).text()).toBe('ok');
  });

  it('refuses schemes other than http and https', async () => {
    const error = await failure(createHttpClient().request({ url: 'file:///etc/passwd' }));
    expect(error.code).toBe('blocked');
    expect(error.message).toBe('refused file:///etc/passwd: only http and https URLs are fetched');
  });
});

describe('messages never leak credentials', () => {
  it('redacts query credentials and never includes request headers', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"error":"bad key","url":"/v3/search?key=AIzaSECRET&part=snippet"}');
    });
    const http = createHttpClient({ retries: 0 });
    const error = await failure(
      http.request({
        url: `${server.url}/v3/search?part=snippet&key=AIzaSECRET&access_token=TOKEN123&client_secret=CS&q=acme`,
        headers: { authorization: 'Bearer HEADERSECRET', 'x-goog-api-key': 'HEADERKEY' },
      }),
    );
    expect(error.message).toContain(
      'part=snippet&key=…&access_token=…&client_secret=…&q=acme answered 403 Forbidden',
    );
    expect(error.url).toBe(
      `${server.url}/v3/search?part=snippet&key=…&access_token=…&client_secret=…&q=acme`,
    );
    for (const secret of ['AIzaSECRET', 'TOKEN123', 'CS&', 'HEADERSECRET', 'HEADERKEY']) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('redacts credentials in timeout and network messages too', async () => {
    const http = createHttpClient({
      lookup: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
    });
    const error = await failure(http.request({ url: 'https://user:pw@api.test/x?api_key=K1&token=T1' }));
    expect(error.message).toBe(
      'https://…@api.test/x?api_key=…&token=…: DNS lookup failed for api.test (ENOTFOUND)',
    );
  });
});
