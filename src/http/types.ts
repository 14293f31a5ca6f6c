/** The one HTTP port every source, publisher and webhook goes through (DESIGN §2 http/). */

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** A string is sent as is; an object is sent as JSON. */
  body?: string | Record<string, unknown> | unknown[];
  /** Validators from the previous response: sent as If-None-Match / If-Modified-Since. */
  validators?: Validators;
  /** Total time for the request, including the body (default 30 s). */
  timeoutMs?: number;
  /** Response body size cap in bytes, after decompression (default 10 MiB). */
  maxBytes?: number;
  /** Statuses to return instead of throwing (default: 2xx and 304 return, others throw). */
  acceptStatus?: (status: number) => boolean;
  /** Retries for 429/5xx/network errors (default 2). */
  retries?: number;
  signal?: AbortSignal;
  /** Time allowed to connect: DNS, TCP and TLS (default 10 s). */
  connectTimeoutMs?: number;
  /** Redirects followed before failing with 'too-many-redirects' (default 5). */
  maxRedirects?: number;
  /**
   * The URL came from untrusted content (a link in a mention): refuse to connect to private,
   * loopback, link-local … addresses (HttpError 'blocked') unless the client allows private networks.
   */
  untrusted?: boolean;
  /** Retry a POST/PATCH too (they are not retried by default: they may not be idempotent). */
  retryPost?: boolean;
  /**
   * A response header holding the Unix time (seconds) at which the API's rate-limit window resets
   * (X: `x-rate-limit-reset`). A 429 without Retry-After is then waited out until that time, within
   * the same maxRetryAfterMs bound as Retry-After, or fails saying how long it asks to wait.
   */
  rateLimitResetHeader?: string;
}

export interface HttpResponse {
  status: number;
  /** The final URL after redirects. */
  url: string;
  headers: Record<string, string>;
  /** True when the server answered 304 to the validators sent: the body is empty. */
  notModified: boolean;
  /** Validators to keep for the next request. */
  validators: Validators;
  /** The raw body (decompressed). */
  bytes: Uint8Array;
  /** The body decoded with the charset from Content-Type (UTF-8 by default). */
  text(): string;
  /** The body parsed as JSON; throws HttpError('decode') when it is not JSON. */
  json(): unknown;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}
