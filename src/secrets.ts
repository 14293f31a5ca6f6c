/**
 * The last line of defence for credentials (issue #9.5). Adapters already keep their own secrets
 * out of their messages; the scan additionally scrubs every configured credential value — and its
 * URL-encoded and JSON-escaped forms — from source errors, warnings and the items a source returns
 * (an echo or debug endpoint, or a hostile API, can quote the request back), so a secret can never
 * reach an issue, the state, the job summary, an output or a log line. The action also masks each
 * form with core.setSecret.
 */
import type { RawItem } from './mentions/mention.js';

/** Shorter values are not scrubbed: they would cut ordinary words out of text. */
export const MIN_SECRET_LENGTH = 6;
export const SECRET_MASK = '***';

/** Every form of every credential value the sources' `credentials` maps name (longest first). */
export function credentialValues(
  sources: readonly { credentials?: Record<string, string> | undefined }[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const values = new Set<string>();
  for (const source of sources) {
    for (const envName of Object.values(source.credentials ?? {})) {
      const value = env[envName]?.trim();
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      values.add(value);
      values.add(encodeURIComponent(value));
      values.add(new URLSearchParams({ v: value }).toString().slice(2));
      values.add(JSON.stringify(value).slice(1, -1));
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** The text with every value replaced by `***`. */
export function scrubSecrets(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(SECRET_MASK);
  return out;
}

/** An item with every value scrubbed from its strings (the same object when there was nothing). */
export function scrubItem(item: RawItem, values: readonly string[]): RawItem {
  if (values.length === 0) return item;
  let changed = false;
  const scrub = (s: string) => {
    const clean = scrubSecrets(s, values);
    if (clean !== s) changed = true;
    return clean;
  };
  const out: RawItem = { ...item, text: scrub(item.text) };
  for (const key of ['id', 'url', 'title', 'author', 'authorUrl', 'published', 'lang'] as const) {
    const value = item[key];
    if (typeof value === 'string') out[key] = scrub(value);
  }
  if (item.replyTo)
    out.replyTo = Object.fromEntries(Object.entries(item.replyTo).map(([k, v]) => [k, scrub(v)]));
  return changed ? out : item;
}
