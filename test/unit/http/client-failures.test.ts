import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { type Handler, type Loopback, startLoopback } from '../../helpers/loopback.js';
import { closedPort, onRequestHead, type RawServer, startRaw } from './raw-server.js';

const closers: { close(): Promise<void> }[] = [];
async function serve(handler: Handler): Promise<Loopback> {
  const server = await startLoopback(handler);
  closers.push(server);
  return server;
}
async function raw(onConnection: (socket: Socket, index: number) => void): Promise<RawServer> {
  const server = await startRaw(onConnection);
  closers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

const noWait = { sleep: async () => undefined };

describe('timeouts', () => {
  it('a server that accepts but never answers hits the total timeout (not retried)', async () => {
    const server = await raw(() => undefined);
    const started = Date.now();
    const error = await failure(
      createHttpClient(noWait).request({ url: `${server.url}/hang`, timeoutMs: 200 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`${server.url}/hang: timed out after 200 ms waiting for the response`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.connections).toBe(1);
  });

  it('a body that drips forever hits the total timeout, naming what arrived', async () => {
    const server = await raw((socket) => {
      onRequestHead(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n');
        const timer = setInterval(() => socket.write('1\r\nx\r\n'), 20);
        socket.on('close', () => clearInterval(timer));
      });
    });
    const error = await failure(createHttpClient().request({ url: server.url, timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(
      /timed out after 300 ms while the body was arriving \(\d+ bytes received\)$/,
    );
  });

  it('the connect timeout covers name resolution and connecting, separately from the total timeout', async () => {
    const server = await serve((_req, res) => void res.end('never reached'));
    const port = new URL(server.url).port;
    const http = createHttpClient({ lookup: () => new Promise(() => undefined), connectTimeoutMs: 100 });
    const started = Date.now();
    const error = await failure(http.request({ url: `http://slow-dns.test:${port}/`, timeoutMs: 5_000 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(
      `http://slow-dns.test:${port}/: could not connect to slow-dns.test:${port} within 100 ms`,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(0);
  });

  it('a per-request connectTimeoutMs overrides the client default', async () => {
    const http = createHttpClient({ lookup: () => new Promise(() => undefined), connectTimeoutMs: 10_000 });
    const started = Date.now();
    const error = await failure(http.request({ url: 'http://slow-dns.test:9/', connectTimeoutMs: 50 }));
    expect(error.message).toMatch(/within 50 ms$/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('the connect timer stops once connected: a slow answer is bounded by the total timeout only', async () => {
    const server = await serve(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      res.end('slow but fine');
    });
    const res = await createHttpClient({ connectTimeoutMs: 50 }).request({
      url: server.url,
      timeoutMs: 2_000,
    });
    expect(res.text()).toBe('slow but fine');
  });
});

describe('size cap', () => {
  it('refuses a Content-Length over the cap before reading the body', async () => {
    let written = 0;
    const server = await raw((socket) => {
      onRequestHead(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 50000000\r\n\r\n');
        const timer = setInterval(() => {
          written += 1000;
          socket.write('x'.repeat(1000));
        }, 20);
        socket.on('close', () => clearInterval(timer));
      });
    });
    const error = await failure(createHttpClient().request({ url: server.url, maxBytes: 1024 * 1024 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe(
      `${server.url}/: body of 47.7 MiB (Content-Length) exceeds the 1 MiB cap (maxBytes)`,
    );
    expect(written).toBeLessThan(5_000);
  });

  it('stops a body without Content-Length as soon as it passes the cap', async () => {
    let sent = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    const error = await failure(createHttpClient().request({ url: server.url, maxBytes: 256 * 1024 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe(`${server.url}/: body exceeded 256 KiB (maxBytes)`);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a gzip bomb as soon as the decompressed bytes pass the cap, with memory bounded', async () => {
    // 64 gzip members of 16 MiB of zeros each: 1 GiB once decompressed, about 1 MiB on the wire.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const members = 64;
    let wire = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      let i = 0;
      const pump = () => {
        while (!res.destroyed && i < members) {
          i++;
          wire += member.length;
          if (!res.write(member)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const baseline = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.arrayBuffers - baseline.arrayBuffers); // Buffers live here, off the JS heap
    }, 2);
    const started = Date.now();
    const http = createHttpClient();
    const error = await failure(http.request({ url: server.url }));
    clearInterval(sample);
    expect(error.code).toBe('too-large');
    expect(error.message).toBe(`${server.url}/: body exceeded 10 MiB after decompression (maxBytes)`);
    expect(member.length * members).toBeGreaterThan(500_000); // the bomb is real: ~1 MiB wire for 1 GiB
    expect(wire).toBeGreaterThan(0);
    expect(peak).toBeLessThan(64 * 1024 * 1024); // unbounded, this reaches ~1 GiB
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('network failures', () => {
  it('a connection reset mid-body is a network error naming it (retries: 0)', async () => {
    const server = await raw((socket) => {
      onRequestHead(socket, () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\n');
        socket.write('y'.repeat(100), () => setTimeout(() => socket.resetAndDestroy(), 10));
      });
    });
    const error = await failure(createHttpClient().request({ url: `${server.url}/feed`, retries: 0 }));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(
      new RegExp(
        `^${server.url}/feed: connection reset while the body was arriving \\(100 bytes received\\)$`,
      ),
    );
  });

  it('a connection reset mid-body is retried for a GET', async () => {
    const server = await raw((socket, index) => {
      onRequestHead(socket, () => {
        if (index === 0) {
          socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n');
          socket.write('y'.repeat(100), () => setTimeout(() => socket.resetAndDestroy(), 10));
          return;
        }
        socket.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nfine!');
      });
    });
    const waits: number[] = [];
    const http = createHttpClient({ sleep: async (ms) => void waits.push(ms), random: () => 0 });
    const res = await http.request({ url: server.url });
    expect(res.text()).toBe('fine!');
    expect(server.connections).toBe(2);
    expect(waits).toEqual([250]);
  });

  it('a kept-alive connection the server dropped is resent once on a new one, even for a POST', async () => {
    const server = await raw((socket, index) => {
      let requests = 0;
      socket.on('data', () => {
        requests++;
        // The first connection answers once and then hangs up on the next request it carries.
        if (index === 0 && requests === 2) return void socket.destroy();
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n${index}${requests}`,
        );
      });
    });
    const http = createHttpClient();
    expect((await http.request({ url: server.url, method: 'POST', body: 'a' })).text()).toBe('01');
    const second = await http.request({ url: server.url, method: 'POST', body: 'b', retries: 0 });
    expect(second.text()).toBe('11');
    expect(server.connections).toBe(2);
    http.close();
  });

  it('a failed DNS lookup names the host and is not retried', async () => {
    let lookups = 0;
    const http = createHttpClient({
      ...noWait,
      lookup: async (host) => {
        lookups++;
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    });
    const error = await failure(http.request({ url: 'https://example.invalid/feed.xml' }));
    expect(error.code).toBe('network');
    expect(error.message).toBe(
      'https://example.invalid/feed.xml: DNS lookup failed for example.invalid (ENOTFOUND)',
    );
    expect(lookups).toBe(1);
  });

  it('a refused connection is retried, then fails saying so', async () => {
    const port = await closedPort();
    const waits: number[] = [];
    const http = createHttpClient({ sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    const error = await failure(http.request({ url: `http://127.0.0.1:${port}/x` }));
    expect(error.code).toBe('network');
    expect(error.message).toBe(
      `http://127.0.0.1:${port}/x: connection refused by 127.0.0.1:${port} after 3 attempts`,
    );
    expect(waits).toEqual([375, 750]);
    expect(http.stats).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it('a TLS failure is named as such (https to a plain-HTTP port)', async () => {
    const server = await serve((_req, res) => void res.end('plain'));
    const url = server.url.replace('http:', 'https:');
    const error = await failure(createHttpClient(noWait).request({ url }));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/: TLS error: .+/);
  });

  it('an abort signal stops a request in flight', async () => {
    const server = await raw(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    const started = Date.now();
    const error = await failure(createHttpClient().request({ url: server.url, signal: controller.signal }));
    expect(error.code).toBe('network');
    expect(error.message).toBe(`${server.url}/: aborted (run cancelled)`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('an abort signal stops a Retry-After wait, and an AbortSignal.timeout counts as a timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'retry-after': '30' });
      res.end();
    });
    const started = Date.now();
    const error = await failure(
      createHttpClient().request({ url: server.url, signal: AbortSignal.timeout(80) }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/aborted/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await serve((_req, res) => void res.end('x'));
    const error = await failure(createHttpClient().request({ url: server.url, signal: AbortSignal.abort() }));
    expect(error.message).toMatch(/aborted/);
    expect(server.requests).toHaveLength(0);
  });
});
