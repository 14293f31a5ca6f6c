import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { createHttpClient, type HttpClientOptions } from '../../../src/http/client.js';
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

const NOW = Date.parse('2025-03-10T12:00:00Z');

/** A client whose waits are recorded instead of slept, with a fixed clock and jitter. */
function recordingClient(extra: HttpClientOptions = {}) {
  const waits: number[] = [];
  const http = createHttpClient({
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => NOW,
    random: () => 0.5,
    ...extra,
  });
  return { http, waits };
}

/** Answers the given statuses in turn (then 200 "ok"). */
function sequence(steps: { status: number; headers?: Record<string, string>; body?: string }[]): Handler {
  let i = 0;
  return (_req, res) => {
    const step = steps[i++];
    if (!step) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    res.writeHead(step.status, step.headers);
    res.end(step.body ?? '');
  };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('retries', () => {
  it('waits the Retry-After seconds a 429 asks for, then succeeds', async () => {
    const server = await serve(sequence([{ status: 429, headers: { 'retry-after': '7' } }]));
    const { http, waits } = recordingClient();
    const res = await http.request({ url: server.url });
    expect(res.text()).toBe('ok');
    expect(waits).toEqual([7_000]);
    expect(server.requests).toHaveLength(2);
    expect(http.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it('waits until a Retry-After HTTP date, measured on the injected clock', async () => {
    const at = new Date(NOW + 12_000).toUTCString();
    const server = await serve(sequence([{ status: 503, headers: { 'retry-after': at } }]));
    const { http, waits } = recordingClient();
    await http.request({ url: server.url });
    expect(waits).toEqual([12_000]);
  });

  it('refuses to wait longer than maxRetryAfterMs and says how long it was asked to wait', async () => {
    const server = await serve(sequence([{ status: 429, headers: { 'retry-after': '3600' } }]));
    const { http, waits } = recordingClient();
    const error = await failure(http.request({ url: server.url }));
    expect(error.code).toBe('status');
    expect(error.status).toBe(429);
    expect(error.message).toBe(
      `${server.url}/ answered 429 Too Many Requests and asks to wait 60 min before retrying, longer than the 60 s this client waits (maxRetryAfterMs)`,
    );
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);

    const patient = recordingClient({ maxRetryAfterMs: 2 * 60 * 60 * 1000 });
    const server2 = await serve(sequence([{ status: 429, headers: { 'retry-after': '3600' } }]));
    await patient.http.request({ url: server2.url });
    expect(patient.waits).toEqual([3_600_000]);
  });

  it('retries 502/503 with exponential backoff and jitter, then succeeds', async () => {
    const server = await serve(sequence([{ status: 503 }, { status: 502 }]));
    const { http, waits } = recordingClient();
    const res = await http.request({ url: server.url });
    expect(res.status).toBe(200);
    expect(waits).toEqual([375, 750]); // 500·2^(n−1), half fixed + half × 0.5
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the retries with a message naming status and attempts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream unavailable');
    });
    const { http, waits } = recordingClient();
    const error = await failure(http.request({ url: `${server.url}/search?q=acme` }));
    expect(error.code).toBe('status');
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      `${server.url}/search?q=acme answered 503 Service Unavailable after 3 attempts: upstream unavailable`,
    );
    expect(waits).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('a 500 and a 504 are retried too, a 404 is not', async () => {
    const server = await serve(sequence([{ status: 500 }, { status: 504 }]));
    const { http } = recordingClient();
    expect((await http.request({ url: server.url })).status).toBe(200);

    const missing = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"no such thing"}');
    });
    const error = await failure(http.request({ url: missing.url }));
    expect(error.message).toBe(`${missing.url}/ answered 404 Not Found: {"error":"no such thing"}`);
    expect(missing.requests).toHaveLength(1);
  });

  it('honours retries per client and per request', async () => {
    const always503: Handler = (_req, res) => void res.writeHead(503).end();
    const a = await serve(always503);
    await failure(recordingClient({ retries: 0 }).http.request({ url: a.url }));
    expect(a.requests).toHaveLength(1);
    const b = await serve(always503);
    const error = await failure(recordingClient().http.request({ url: b.url, retries: 4 }));
    expect(b.requests).toHaveLength(5);
    expect(error.message).toMatch(/after 5 attempts$/);
  });

  it('does not retry a POST unless asked (retryPost)', async () => {
    const a = await serve(sequence([{ status: 503 }]));
    const error = await failure(
      recordingClient().http.request({ url: a.url, method: 'POST', body: { x: 1 } }),
    );
    expect(error.message).toBe(`POST ${a.url}/ answered 503 Service Unavailable`);
    expect(a.requests).toHaveLength(1);

    const b = await serve(sequence([{ status: 503 }]));
    const res = await recordingClient().http.request({
      url: b.url,
      method: 'POST',
      body: { x: 1 },
      retryPost: true,
    });
    expect(res.status).toBe(200);
    expect(b.requests.map((r) => r.body)).toEqual(['{"x":1}', '{"x":1}']);
  });

  it('returns a status the caller accepts instead of retrying it', async () => {
    const server = await serve(sequence([{ status: 503, headers: { 'retry-after': '5' } }]));
    const { http, waits } = recordingClient();
    const res = await http.request({ url: server.url, acceptStatus: (s) => s === 503 || s === 200 });
    expect(res.status).toBe(503);
    expect(waits).toEqual([]);
  });

  it('mentions Retry-After in the final error when the retries are used up', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' });
      res.end('{"error":"rate limited"}');
    });
    const { http, waits } = recordingClient({ retries: 1 });
    const error = await failure(http.request({ url: server.url }));
    expect(waits).toEqual([2_000]);
    expect(error.message).toBe(
      `${server.url}/ answered 429 Too Many Requests after 2 attempts (Retry-After: 2 s): {"error":"rate limited"}`,
    );
  });
});
