/**
 * Publisher tests: a PublishRequest whose credentials come from a test env by the names the
 * source's `credentials:` map gives (as the action reads them), and the PublishError a publish
 * must end with.
 */
import { createHttpClient } from '../../src/http/client.js';
import type { HttpClient } from '../../src/http/types.js';
import { PublishError, type Publisher, type PublishRequest } from '../../src/platforms/publisher.js';
import type { SourceBase } from '../../src/platforms/source.js';
import type { MarkerData } from '../../src/record/marker.js';

export interface PublishRequestOptions<S extends SourceBase> {
  text: string;
  marker: MarkerData;
  source: S;
  /** Environment variables by name; a credential is `env[source.credentials[name]]`. */
  env: Record<string, string>;
  now: Date;
  /** Default: a client that never retries (a write is sent once). */
  http?: HttpClient;
}

export function publishRequest<S extends SourceBase>(o: PublishRequestOptions<S>): PublishRequest<S> {
  return {
    text: o.text,
    marker: o.marker,
    source: o.source,
    credential: (name) => {
      const envName = o.source.credentials?.[name];
      return envName ? o.env[envName] : undefined;
    },
    http: o.http ?? createHttpClient({ retries: 0 }),
    now: o.now,
    idempotencyKey: 'earshot-test-1',
  };
}

/** The PublishError the publish ends with; anything else (success or another error) fails the test. */
export async function publishFailure<S extends SourceBase>(
  publisher: Publisher<S>,
  req: PublishRequest<S>,
): Promise<PublishError> {
  const outcome = await publisher.publish(req).then(
    () => new Error('expected a PublishError, the publish succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof PublishError) return outcome;
  throw outcome instanceof Error ? outcome : new Error(`expected a PublishError, got ${String(outcome)}`);
}
