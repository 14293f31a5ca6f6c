/**
 * One HTTP exchange (request → status, headers, body) on node:http / node:https, with:
 * - a connect timeout (DNS + TCP + TLS) and a total timeout that runs until the last body byte;
 * - a body cap counted after decompression while the body streams (a gzip bomb stops at the cap),
 *   and an early refusal when Content-Length alone is over it;
 * - gzip / deflate (zlib or raw) / br decoding.
 * Redirects, retries, per-host limits and messages with the URL are the client's job (client.ts).
 */
import {
  type Agent,
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  STATUS_CODES,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { TLSSocket } from 'node:tls';
import zlib from 'node:zlib';
import { formatBytes, formatDuration } from './format.js';
import { BlockedAddressError, bareHost, type SocketLookup } from './ssrf.js';

export type FailureKind =
  | 'connect-timeout'
  | 'timeout'
  | 'too-large'
  | 'network'
  | 'blocked'
  | 'decode'
  | 'aborted';

/** Why an exchange failed; `message` is the cause only (the client adds the URL). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  /** The URL of the exchange that failed (set by the client; a redirect target differs from the request's URL). */
  at?: URL;
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly details: {
      /** Worth another attempt (transient network trouble). */
      retryable?: boolean;
      /** A kept-alive socket the server had already closed: safe to resend once, any method. */
      staleSocket?: boolean;
      /** The system error code (ECONNRESET, ENOTFOUND …). */
      code?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

export interface ExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  agent: Agent;
  lookup?: SocketLookup;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The body after decompression. */
  bytes: Buffer;
  /** Body bytes as received on the wire (before decompression). */
  wireBytes: number;
}

type Phase = 'connect' | 'headers' | 'body';

const ZLIB_OPTIONS: zlib.ZlibOptions = {
  // Tolerate a missing gzip trailer like browsers do; a cut connection is caught at the HTTP layer.
  finishFlush: zlib.constants.Z_SYNC_FLUSH,
};

export function exchange(x: ExchangeRequest): Promise<ExchangeResponse> {
  return new Promise<ExchangeResponse>((resolve, reject) => {
    const host = bareHost(x.url.hostname);
    const hostPort = x.url.port ? `${host}:${x.url.port}` : host;
    let settled = false;
    let phase: Phase = 'connect';
    let wireBytes = 0;
    let bodyBytes = 0;
    const chunks: Buffer[] = [];
    let res: IncomingMessage | undefined;
    const streams: Readable[] = [];
    let req: ClientRequest | undefined;

    const done = (error: TransportError | undefined, value?: ExchangeResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      x.signal?.removeEventListener('abort', onAbort);
      if (error) {
        for (const s of streams) s.destroy();
        res?.destroy();
        req?.destroy();
        reject(error);
      } else if (value) {
        resolve(value);
      }
    };

    const onAbort = () => {
      const reason = x.signal?.reason;
      const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
      done(new TransportError('aborted', `aborted${why ? ` (${why})` : ''}`, { cause: reason }));
    };

    const connectTimer = setTimeout(() => {
      done(
        new TransportError(
          'connect-timeout',
          `could not connect to ${hostPort} within ${formatDuration(x.connectTimeoutMs)}`,
        ),
      );
    }, timerMs(x.connectTimeoutMs));
    const totalTimer = setTimeout(() => {
      const where =
        phase === 'connect'
          ? ' while connecting'
          : phase === 'headers'
            ? ' waiting for the response'
            : ` while the body was arriving (${formatBytes(wireBytes)} received)`;
      done(new TransportError('timeout', `timed out after ${formatDuration(x.timeoutMs)}${where}`));
    }, timerMs(x.timeoutMs));

    if (x.signal?.aborted) {
      onAbort();
      return;
    }
    x.signal?.addEventListener('abort', onAbort, { once: true });

    const connected = () => {
      clearTimeout(connectTimer);
      if (phase === 'connect') phase = 'headers';
    };

    try {
      const requestFn = x.url.protocol === 'https:' ? httpsRequest : httpRequest;
      req = requestFn({
        protocol: x.url.protocol,
        hostname: host,
        port: x.url.port || undefined,
        path: `${x.url.pathname}${x.url.search}`,
        method: x.method,
        headers: x.headers,
        agent: x.agent,
        ...(x.lookup ? { lookup: x.lookup } : {}),
      });
    } catch (error) {
      done(
        new TransportError(
          'network',
          `invalid request: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        ),
      );
      return;
    }
    const sent = req;

    sent.on('socket', (socket: Socket) => {
      if (sent.reusedSocket) connected();
      else if (socket instanceof TLSSocket) socket.once('secureConnect', connected);
      else if (socket.connecting) socket.once('connect', connected);
      else connected();
    });

    sent.on('error', (error: Error) => {
      done(socketFailure(error, phase, sent.reusedSocket && phase !== 'body', hostPort, wireBytes));
    });

    sent.on('response', (r: IncomingMessage) => {
      res = r;
      connected();
      phase = 'body';
      const status = r.statusCode ?? 0;
      const headers = flattenHeaders(r.headers);
      const finish = () =>
        done(undefined, {
          status,
          statusText: STATUS_CODES[status] ?? r.statusMessage ?? '',
          headers,
          bytes: Buffer.concat(chunks, bodyBytes),
          wireBytes,
        });

      r.on('error', (error: Error) => done(socketFailure(error, 'body', false, hostPort, wireBytes)));
      r.on('close', () => {
        if (!r.complete) {
          done(
            new TransportError(
              'network',
              `connection reset while the body was arriving (${formatBytes(wireBytes)} received)`,
              {
                retryable: true,
                code: 'ECONNRESET',
              },
            ),
          );
        }
      });
      r.on('data', (chunk: Buffer) => {
        wireBytes += chunk.length;
      });

      if (x.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
        r.on('end', finish);
        r.resume();
        return;
      }

      const codings = (headers['content-encoding'] ?? '')
        .split(',')
        .map((c) => c.trim().toLowerCase())
        .filter((c) => c !== '' && c !== 'identity');
      const length = Number(headers['content-length']);
      if (codings.length === 0 && Number.isFinite(length) && length > x.maxBytes) {
        done(
          new TransportError(
            'too-large',
            `body of ${formatBytes(length)} (Content-Length) exceeds the ${formatBytes(x.maxBytes)} cap (maxBytes)`,
          ),
        );
        return;
      }

      let stream: Readable = r;
      // Content codings are listed in the order they were applied: undo them from the last.
      for (const coding of codings.reverse()) {
        const decoder = decoderFor(coding);
        if (!decoder) {
          done(new TransportError('decode', `unsupported Content-Encoding "${coding}"`));
          return;
        }
        decoder.on('error', (error: Error) =>
          done(
            new TransportError('decode', `could not decode the ${coding} body: ${error.message}`, {
              cause: error,
            }),
          ),
        );
        stream.pipe(decoder);
        streams.push(decoder);
        stream = decoder;
      }

      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        bodyBytes += chunk.length;
        if (bodyBytes > x.maxBytes) {
          const what = codings.length > 0 ? ' after decompression' : '';
          done(new TransportError('too-large', `body exceeded ${formatBytes(x.maxBytes)}${what} (maxBytes)`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', finish);
    });

    if (x.body) sent.end(x.body);
    else sent.end();
  });
}

/** setTimeout fires at once for delays over 2^31−1 ms: clamp (and treat nonsense as 0). */
function timerMs(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 2 ** 31 - 1) : 2 ** 31 - 1;
}

function decoderFor(coding: string): Transform | undefined {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_OPTIONS);
    case 'deflate':
      return deflateDecoder();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate: the
 * first bytes tell which (a zlib header is CM=8 with a check value divisible by 31).
 */
function deflateDecoder(): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | undefined;
  let failed: Error | undefined;
  const outer = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!inner) {
        const b0 = chunk[0] ?? 0;
        const b1 = chunk[1];
        const zlibHeader =
          (b0 & 0x0f) === 8 && b0 >> 4 <= 7 && (b1 === undefined || ((b0 << 8) | b1) % 31 === 0);
        inner = zlibHeader ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
        inner.on('data', (d: Buffer) => outer.push(d));
        inner.on('error', (error: Error) => {
          failed = error;
          outer.destroy(error);
        });
      }
      inner.write(chunk, () => callback(failed));
    },
    flush(callback: TransformCallback) {
      if (!inner) {
        callback();
        return;
      }
      inner.once('end', () => callback());
      inner.end();
    },
    destroy(error, callback) {
      inner?.destroy();
      callback(error);
    },
  });
  return outer;
}

function flattenHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO)/;

/** A socket/parser error → TransportError with a plain-words cause. */
function socketFailure(
  error: Error,
  phase: Phase,
  staleSocket: boolean,
  hostPort: string,
  received: number,
): TransportError {
  if (error instanceof TransportError) return error;
  if (error instanceof BlockedAddressError)
    return new TransportError('blocked', error.message, { cause: error });
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const host = hostPort.replace(/:\d+$/, '');
  const fail = (message: string, retryable: boolean) =>
    new TransportError('network', message, {
      retryable,
      ...(staleSocket ? { staleSocket } : {}),
      ...(code ? { code } : {}),
      cause: error,
    });
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
    case 'EAI_FAIL':
      return fail(`DNS lookup failed for ${host} (${code})`, false);
    case 'EAI_AGAIN':
      return fail(`DNS lookup failed for ${host} (temporary failure, EAI_AGAIN)`, true);
    case 'ECONNREFUSED':
      return fail(`connection refused by ${hostPort}`, true);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      if (phase === 'body')
        return fail(`connection reset while the body was arriving (${formatBytes(received)} received)`, true);
      if (error.message === 'socket hang up')
        return fail('the server closed the connection without answering (socket hang up)', true);
      return fail(`connection reset (${code})`, true);
    case 'ETIMEDOUT':
      return fail(`connection to ${hostPort} timed out (ETIMEDOUT)`, true);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(`${host} is unreachable (${code})`, false);
    default:
      break;
  }
  if (TLS_CODE.test(code) || /\b(SSL|TLS)\b|certificate/i.test(error.message)) {
    return fail(`TLS error: ${error.message}${code ? ` (${code})` : ''}`, false);
  }
  if (code.startsWith('HPE_')) return fail(`invalid HTTP response: ${error.message} (${code})`, false);
  return fail(`${error.message}${code ? ` (${code})` : ''}`, false);
}
