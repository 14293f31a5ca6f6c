/**
 * The shared HTTP client. PLACEHOLDER IMPLEMENTATION: a correct but minimal version built on
 * fetch, to be hardened (connect/total timeouts, size cap while streaming, redirect cap,
 * Retry-After, per-host concurrency, charset detection) behind the same createHttpClient().
 */
import { HttpError } from '../errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from './types.js';

export interface HttpClientOptions {
  userAgent?: string;
  fetch?: typeof fetch;
}

export const DEFAULT_USER_AGENT = 'Earshot/0.1 (+https://github.com/earshot/earshot)';

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? fetch;
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const headers: Record<string, string> = {
        'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
        ...req.headers,
      };
      if (req.validators?.etag) headers['if-none-match'] = req.validators.etag;
      if (req.validators?.lastModified) headers['if-modified-since'] = req.validators.lastModified;
      let body: string | undefined;
      if (typeof req.body === 'string') body = req.body;
      else if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] ??= 'application/json';
      }
      const signal = AbortSignal.timeout(req.timeoutMs ?? 30_000);
      let res: Response;
      try {
        res = await doFetch(req.url, { method: req.method ?? 'GET', headers, body: body ?? null, signal });
      } catch (error) {
        throw new HttpError(`request to ${req.url} failed: ${String(error)}`, req.url, undefined, 'network', {
          cause: error,
        });
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      const accept = req.acceptStatus ?? ((s: number) => (s >= 200 && s < 300) || s === 304);
      if (!accept(res.status)) {
        throw new HttpError(`${req.url} answered ${res.status} ${res.statusText}`, req.url, res.status, 'status');
      }
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        resHeaders[k] = v;
      });
      const etag = resHeaders.etag ?? req.validators?.etag;
      const lastModified = resHeaders['last-modified'] ?? req.validators?.lastModified;
      return {
        status: res.status,
        url: res.url || req.url,
        headers: resHeaders,
        notModified: res.status === 304,
        validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
        bytes,
        text: () => new TextDecoder().decode(bytes),
        json() {
          try {
            return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
          } catch (error) {
            throw new HttpError(`${req.url} did not answer JSON`, req.url, res.status, 'decode', { cause: error });
          }
        },
      };
    },
  };
}
