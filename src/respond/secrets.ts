/**
 * Secrets in respond mode: every credential a reply may use (the sources' credentials, in each
 * form, and respond.llm's key), to mask in the log and to scrub from whatever a platform answers
 * before it reaches a comment, a log line or an output (issue #16): a reply platform that echoes
 * its own bearer token in an error must not land it in a public issue.
 */
import type { EarshotConfig } from '../config/schema.js';
import { redactTokens } from '../http/redact.js';
import { credentialValues, scrubSecrets } from '../secrets.js';

/**
 * Every value a respond run may use as a secret: raw, and URL-, form- and JSON-encoded; the list
 * carries the fragments of the secret ones (secretFragments).
 */
export function respondSecrets(
  config: EarshotConfig,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const llm = config.respond.llm?.apiKeyEnv;
  const values = credentialValues(
    [...config.sources, ...(llm ? [{ credentials: { apiKey: llm } }] : [])],
    env,
  );
  // Values too short to scrub from text are still masked in the log.
  const names = [...config.sources.flatMap((s) => Object.values(s.credentials ?? {})), ...(llm ? [llm] : [])];
  for (const name of names) {
    const value = env[name];
    if (value && !values.includes(value)) values.push(value);
  }
  return values;
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
