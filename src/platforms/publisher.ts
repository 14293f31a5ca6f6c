/**
 * Reply publishers: one per source kind whose API lets Earshot answer in place (DESIGN §2
 * respond/publishers/). A publisher posts exactly the approved text once; it never retries a write
 * on its own (a lost answer could mean a double reply), and says when a failure is ambiguous.
 */
import type { HttpClient } from '../http/types.js';
import type { MarkerData } from '../record/marker.js';
import type { CredentialSpec, SourceBase } from './source.js';

export interface PublishRequest<S extends SourceBase = SourceBase> {
  /** The approved reply text. */
  text: string;
  /** The mention issue's marker: kind, source id, url, author and the source's `replyTo`. */
  marker: MarkerData;
  /** The configured source entry (`sources[]` with the marker's id, of this kind), when it still exists. */
  source: S | undefined;
  /** A credential by its name in the source's `credentials:` map, read from the environment. */
  credential(name: string): string | undefined;
  http: HttpClient;
  now: Date;
  /** Stable per approved draft: sent where the API supports idempotent writes (Mastodon). */
  idempotencyKey: string;
}

export interface PublishResult {
  /** Where people can read the reply. */
  url: string;
  /** The platform's id of the reply. */
  id?: string;
}

export interface Publisher<S extends SourceBase = SourceBase> {
  kind: string;
  title: string;
  /** Names in the source's `credentials:` map that publishing uses. */
  credentials: readonly CredentialSpec[];
  /** Why this mention cannot be answered through the API (missing target or credentials), or undefined. */
  check(req: PublishRequest<S>): string | undefined;
  publish(req: PublishRequest<S>): Promise<PublishResult>;
}

/** Publishing failed. `ambiguous`: the request may have been applied (timeout, lost answer). */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    message: string,
    readonly ambiguous = false,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
