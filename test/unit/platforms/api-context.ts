/**
 * A SourceContext for the search-API adapter tests (hacker-news, reddit, mastodon, bluesky,
 * stack-exchange, youtube): the config entry goes through the adapter's own schema (defaults
 * applied), credentials come from a fake environment, the clock is fixed.
 */
import type { ServerResponse } from 'node:http';
import { expect, it } from 'vitest';
import { SourceError } from '../../../src/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import type { HttpClient } from '../../../src/http/types.js';
import { memoryLogger } from '../../../src/logger.js';
import type {
  SourceAdapter,
  SourceBase,
  SourceContext,
  SourceCursor,
} from '../../../src/platforms/source.js';
import { type Handler, type RecordedRequest, startLoopback } from '../../helpers/loopback.js';

export const NOW = new Date('2025-03-10T12:00:00Z');

export interface ApiContextOptions {
  cursor?: SourceCursor;
  env?: Record<string, string>;
  searchTerms?: string[];
  http?: HttpClient;
  lookbackDays?: number;
  now?: Date;
}

export function apiContext<S extends SourceBase>(
  adapter: SourceAdapter<S>,
  entry: Record<string, unknown>,
  options: ApiContextOptions = {},
): SourceContext<S> & { logger: ReturnType<typeof memoryLogger> } {
  const source = adapter.schema.parse({ kind: adapter.kind, id: `${adapter.kind}-test`, ...entry });
  const env = options.env ?? {};
  return {
    source,
    // Short backoff between retries keeps the failure tests fast; Retry-After is still honoured.
    http: options.http ?? createHttpClient({ userAgent: 'earshot-test', retryBaseMs: 10, retryMaxMs: 40 }),
    cursor: options.cursor,
    credential: (name) => {
      const envName = source.credentials?.[name];
      return envName ? env[envName] : undefined;
    },
    searchTerms: options.searchTerms ?? ['AcmeCloud'],
    now: options.now ?? NOW,
    lookbackDays: options.lookbackDays ?? 14,
    logger: memoryLogger(),
  };
}

/** The query parameters of a recorded request URL. */
export function query(url: string): URLSearchParams {
  return new URL(url, 'http://127.0.0.1').searchParams;
}

/** The path of a recorded request URL. */
export function pathOf(url: string): string {
  return new URL(url, 'http://127.0.0.1').pathname;
}

/** The workflow line a missing-credential message names. */
export const envLine = (name: string) => `\`env: ${name}: \${{ secrets.${name} }}\``;

/** The error a fetch (or any call) fails with; the test fails when it succeeds. */
export function failureOf(call: Promise<unknown>): Promise<Error> {
  return call.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (e: unknown) => e as Error,
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP failure behaviour shared by the search-API adapters (these exercise the shared HTTP client).

export interface HttpFailureCase<S extends SourceBase> {
  adapter: SourceAdapter<S>;
  /** The config entry, pointed at the loopback server's URL. */
  entry: (base: string) => Record<string, unknown>;
  env?: Record<string, string>;
  /** Serves a valid, non-empty answer to any request of this adapter (auth, search …). */
  ok: Handler;
  /** Requests that must keep succeeding while the search requests fail (session, token …). */
  isAuth?: (req: RecordedRequest) => boolean;
}

export function httpFailureTests<S extends SourceBase>(c: HttpFailureCase<S>): void {
  const run = async (handler: Handler, extra: Record<string, unknown> = {}) => {
    const server = await startLoopback((req, res) => (c.isAuth?.(req) ? c.ok(req, res) : handler(req, res)));
    try {
      const ctx = apiContext(c.adapter, { ...c.entry(server.url), ...extra }, c.env ? { env: c.env } : {});
      const outcome = await c.adapter.fetch(ctx).then(
        (result) => ({ result, error: undefined }),
        (error: unknown) => ({ result: undefined, error }),
      );
      return { ...outcome, requests: server.requests.filter((r) => !c.isAuth?.(r)) };
    } finally {
      await server.close();
    }
  };

  it('a 5xx answer fails the fetch with a SourceError naming the status', async () => {
    const { error } = await run((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream unavailable');
    });
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/503/);
    expect((error as SourceError).message).toContain(c.adapter.title);
  });

  it('a persistent 429 fails the fetch with a clear rate-limit message', async () => {
    const { error, requests } = await run((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end('{"error":"rate limited"}');
    });
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/429/);
    expect((error as SourceError).message).toMatch(/rate limited/i);
    expect(requests.length).toBeGreaterThanOrEqual(1);
  });

  it('a 429 with Retry-After is waited out by the HTTP client and the fetch succeeds', async () => {
    let limited = false;
    const started = Date.now();
    const { result, error, requests } = await run((req, res) => {
      if (!limited) {
        limited = true;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end('{"error":"slow down"}');
        return;
      }
      return c.ok(req, res);
    });
    expect(error).toBeUndefined();
    expect(result?.items.length).toBeGreaterThan(0);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a server that never answers fails the fetch after timeoutMs', async () => {
    const started = Date.now();
    const { error } = await run(() => undefined, { timeoutMs: 300 });
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/time|abort/i);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a body over maxBytes fails the fetch instead of being read whole', async () => {
    const { error } = await run(
      (req, res) => {
        // A valid answer padded far beyond the cap.
        const chunks: Buffer[] = [];
        const fake = {
          writeHead: (status: number, headers?: Record<string, string>) => res.writeHead(status, headers),
          end: (body?: string | Buffer) => {
            if (body) chunks.push(Buffer.from(body));
            const padded = Buffer.concat([...chunks, Buffer.from(' '.repeat(200_000))]);
            res.end(padded);
          },
        };
        return c.ok(req, fake as unknown as ServerResponse);
      },
      { maxBytes: 4096 },
    );
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/too large|maxBytes|exceed|size/i);
  });
}
