/**
 * The access token a Google source (google-play, google-business) reads with and its publisher
 * writes with, from the source's `tokenUrl` (shared/google-auth.ts does the grant), with Google's
 * refusal said in the caller's terms: a SourceError `<title>: …` for a read, a PublishError that
 * is never ambiguous for a write (nothing was written yet).
 */
import { SourceError } from '../../errors.js';
import type { HttpClient } from '../../http/types.js';
import { PublishError, type PublishRequest } from '../publisher.js';
import type { SourceBase, SourceContext } from '../source.js';
import { GOOGLE_TOKEN_URL, GoogleAuthError, type GoogleGrant, googleAccessToken } from './google-auth.js';

/** What a Google source entry says about getting a token. */
export interface GoogleTokenOptions {
  tokenUrl: string;
  timeoutMs?: number | undefined;
}

/**
 * The token for a source's reads. A refusal (GoogleAuthError) becomes a SourceError naming the
 * source; other failures (HTTP errors, timeouts) are the caller's to report.
 */
export async function sourceAccessToken(
  http: HttpClient,
  grant: GoogleGrant,
  title: string,
  ctx: SourceContext<SourceBase & GoogleTokenOptions>,
): Promise<string> {
  const { source } = ctx;
  try {
    return await googleAccessToken(http, grant, {
      tokenUrl: source.tokenUrl,
      now: ctx.now,
      timeoutMs: source.timeoutMs,
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof GoogleAuthError) throw new SourceError(`${title}: ${error.message}`, source.id);
    throw error;
  }
}

/**
 * The token for a publisher's write. `grant` runs inside (a key that does not parse fails the same
 * way); any failure is a PublishError "<title>: getting an access token failed: …", not ambiguous,
 * with Google's HTTP status when it refused.
 */
export async function publishAccessToken(
  req: PublishRequest<SourceBase & Partial<GoogleTokenOptions>>,
  title: string,
  grant: () => GoogleGrant,
): Promise<string> {
  try {
    return await googleAccessToken(req.http, grant(), {
      tokenUrl: req.source?.tokenUrl ?? GOOGLE_TOKEN_URL,
      now: req.now,
    });
  } catch (error) {
    throw new PublishError(
      `${title}: getting an access token failed: ${error instanceof Error ? error.message : String(error)}`,
      false,
      error instanceof GoogleAuthError ? error.status : undefined,
    );
  }
}
