/**
 * Secrets in respond mode: every credential a reply may use (the sources' credentials, in each
 * form, and respond.llm's key), to mask in the log and to scrub from whatever a platform answers
 * before it reaches a comment, a log line or an output (issue #16): a reply platform that echoes
 * its own bearer token in an error must not land it in a public issue.
 */
import type { EarshotConfig } from '../config/schema.js';
import { redactTokens } from '../http/redact.js';
import { credentialValues, scrubSecrets } from '../secrets.js';

/** Every value a respond run may use as a secret: raw, and URL-, form- and JSON-encoded. */
export function respondSecrets(
  config: EarshotConfig,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const names = new Set(config.sources.flatMap((s) => Object.values(s.credentials ?? {})));
  if (config.respond.llm?.apiKeyEnv) names.add(config.respond.llm.apiKeyEnv);
  const raw = [...names].map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  const llm = config.respond.llm?.apiKeyEnv;
  const forms = credentialValues([...config.sources, ...(llm ? [{ credentials: { key: llm } }] : [])], env);
  return [...new Set([...forms, ...raw])].sort((a, b) => b.length - a.length);
}

/**
 * Text a platform (or any server) wrote, made fit for the bot's comments, logs and outputs: every
 * credential value and fragment of one masked, and tokens recognisable by their shape (`Bearer …`,
 * JWTs, secret JSON fields) too — a session token a publisher obtained a moment ago is in no
 * environment variable. Scrub first; cut afterwards.
 */
export function scrubPlatformText(
  text: string,
  config: EarshotConfig,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return scrubSecrets(redactTokens(text), respondSecrets(config, env));
}
