/**
 * HTTP failure behaviour of the feed adapters (`rss`, `json-feed`), against a loopback server.
 *
 * The search-API adapters share `httpFailureTests` (api-context.ts), which lowers the limits through
 * the source options `timeoutMs` / `maxBytes`. The feed adapters have no such options: they ask the
 * HTTP client for fixed limits (FEED_TIMEOUT_MS, FEED_MAX_BYTES). So here the oversized body really
 * is larger than 10 MiB, and the timeout test checks the limit the adapter asks for, then shortens
 * it in a wrapper client (30 s would be too long for a unit test) to see the failure surface.
 */
import type { ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { HttpError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import type { HttpClient, HttpRequest } from '../../../src/http/types.js';
import { memoryLogger } from '../../../src/logger.js';
import { FEED_MAX_BYTES, FEED_TIMEOUT_MS } from '../../../src/platforms/shared/feed/fetch-feed.js';
import type { FetchResult, SourceAdapter, SourceBase, SourceContext } from '../../../src/platforms/source.js';
import { type Handler, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';

export interface FeedFailureCase<S extends SourceBase> {
  adapter: SourceAdapter<S>;
  /** Serves a valid, non-empty feed. */
  ok: (res: ServerResponse) => void;
  /** The run's clock (the fixture's items must fall inside its look-back window). */
  now: Date;
}

interface Outcome {
  result: FetchResult | undefined;
  error: unknown;
  requests: RecordedRequest[];
  asked: HttpRequest[];
  ms: number;
}

export function feedFailureTests<S extends SourceBase>(c: FeedFailureCase<S>): void {
  const run = async (handler: Handler, shortenTimeoutTo?: number): Promise<Outcome> => {
    const server = await startLoopback(handler);
    const inner = createHttpClient({ userAgent: 'earshot-test', retryBaseMs: 10, retryMaxMs: 40 });
    const asked: HttpRequest[] = [];
    const http: HttpClient = {
      request: (req) => {
        asked.push(req);
        return inner.request(shortenTimeoutTo === undefined ? req : { ...req, timeoutMs: shortenTimeoutTo });
      },
    };
    const source = c.adapter.schema.parse({ id: 'feed', kind: c.adapter.kind, url: `${server.url}/feed` });
    const ctx: SourceContext<S> = {
      source,
      http,
      cursor: undefined,
      credential: () => undefined,
      searchTerms: ['Acme'],
      now: c.now,
      lookbackDays: 14,
      logger: memoryLogger(),
    };
    const started = Date.now();
    try {
      const outcome = await c.adapter.fetch(ctx).then(
        (result) => ({ result, error: undefined }),
        (error: unknown) => ({ result: undefined, error }),
      );
      return { ...outcome, requests: server.requests, asked, ms: Date.now() - started };
    } finally {
      inner.close();
      await server.close();
    }
  };

  it('a 429 with Retry-After is waited out and the fetch succeeds', async () => {
    let limited = false;
    const { result, error, requests, ms } = await run((_req, res) => {
      if (!limited) {
        limited = true;
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' });
        res.end('slow down');
        return;
      }
      c.ok(res);
    });
    expect(error).toBeUndefined();
    expect(result?.items.length).toBeGreaterThan(0);
    expect(requests).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('a persistent 429 fails the source with the status, after the retries, and no cursor', async () => {
    const { result, error, requests } = await run((_req, res) => {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '0' });
      res.end('rate limited');
    });
    expect(result).toBeUndefined();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(429);
    expect((error as HttpError).message).toMatch(/429/);
    expect(requests).toHaveLength(3);
  });

  it('a persistent 5xx fails the source naming the status; a single 502 is retried', async () => {
    const failing = await run((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream unavailable');
    });
    expect(failing.error).toBeInstanceOf(HttpError);
    expect((failing.error as HttpError).status).toBe(503);
    expect((failing.error as HttpError).message).toMatch(/503/);

    let failed = false;
    const flaky = await run((_req, res) => {
      if (!failed) {
        failed = true;
        res.writeHead(502);
        res.end();
        return;
      }
      c.ok(res);
    });
    expect(flaky.error).toBeUndefined();
    expect(flaky.result?.items.length).toBeGreaterThan(0);
    expect(flaky.requests).toHaveLength(2);
  });

  it('a server that never answers fails the source with a timeout (the adapter asks for 30 s)', async () => {
    const { error, asked, ms } = await run(() => undefined, 250);
    expect(asked[0]?.timeoutMs).toBe(FEED_TIMEOUT_MS);
    expect(FEED_TIMEOUT_MS).toBe(30_000);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('timeout');
    expect(ms).toBeLessThan(5_000);
  });

  it('a body over 10 MiB is cut off while streaming and fails the source', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const { error, asked } = await run((_req, res) => {
      res.on('error', () => undefined);
      // No Content-Length: the cap must hold while the body streams in.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const pump = () => {
        while (sent <= FEED_MAX_BYTES + chunk.length) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    expect(asked[0]?.maxBytes).toBe(FEED_MAX_BYTES);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('too-large');
  });

  it('a Content-Length over 10 MiB is refused before the body is read', async () => {
    const { error } = await run((_req, res) => {
      res.on('error', () => undefined);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(FEED_MAX_BYTES + 1),
      });
      res.write(Buffer.alloc(1024, 0x20));
    });
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).code).toBe('too-large');
  });
}
