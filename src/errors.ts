/** Typed errors with one policy each (DESIGN §6.6). */

/** A broken configuration: fatal, names the file, the field and, where known, the line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly file?: string,
    readonly issues: readonly { path: string; message: string; line?: number }[] = [],
  ) {
    super(message);
  }
}

/** One source failed: a warning, the run goes on, that source's cursor does not move. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    message: string,
    readonly sourceId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The tracker (GitHub or the local store) failed: the run files nothing it cannot account for. */
export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An HTTP-level failure with the cause spelled out (timeout, size cap, status …). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    readonly code?:
      | 'timeout'
      | 'too-large'
      | 'too-many-redirects'
      | 'status'
      | 'network'
      | 'blocked'
      | 'decode',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
