/**
 * An optional credential that becomes required once the config maps it: a source entry that says
 * `credentials: { apiKey: FORUM_KEY }` means to use that key, so an empty FORUM_KEY (a secret not
 * passed to the step) fails the source with a clear message instead of silently searching without
 * it and missing what only the key can see.
 */
import type { SourceContext } from '../source.js';
import { type CredentialHelp, optionalCredential, requireCredential } from './api-source.js';

export function mappedCredential(
  title: string,
  ctx: SourceContext,
  help: CredentialHelp,
): string | undefined {
  if (ctx.source.credentials?.[help.name] !== undefined) return requireCredential(title, ctx, help);
  return optionalCredential(ctx, help.name);
}
