/**
 * The last line of defence for credentials (issue #9.5). Adapters already keep their own secrets
 * out of their messages; the scan additionally scrubs every configured credential value — and its
 * URL-encoded and JSON-escaped forms — from source errors, warnings and the items a source returns
 * (an echo or debug endpoint, or a hostile API, can quote the request back), so a secret can never
 * reach an issue, the state, the job summary, an output or a log line — nor can a message cut short
 * keep a credential's first characters (fragments are masked too). The action also masks each form,
 * and each fragment, with core.setSecret.
 */
import { isSecretName } from './http/redact.js';
import type { RawItem } from './mentions/mention.js';

/** Shorter values are not scrubbed: they would cut ordinary words out of text. */
export const MIN_SECRET_LENGTH = 6;
export const SECRET_MASK = '***';

/** The encoded forms (URL, form, JSON) of a value: credentialValues lists them next to it. */
function encodedForms(value: string): string[] {
  return [
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ];
}

/**
 * Fragments: a message cut short (`…"Bearer Ma5Tq8ZxW3nK7pLr2v…`) keeps a credential's first
 * characters, which a search for the whole value misses. Every run of {@link FRAGMENT_LENGTH} or
 * more characters of a secret credential is masked too: the text is covered by the credential's
 * windows of that length. Secret: its name says so (`appPassword`, `accessToken`, `clientSecret`,
 * `apiKey`, `jwt` … — not `identifier`, `clientId` or `userAgent`, whose pieces are ordinary words
 * such as `.bsky.social`), at least {@link TOKEN_LIKE_LENGTH} characters, no blanks.
 */
export const FRAGMENT_LENGTH = 8;
export const TOKEN_LIKE_LENGTH = 12;

/** The fragment windows of the lists credentialValues returned. */
const fragmentsOf = new WeakMap<readonly string[], readonly string[]>();

function windows(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + FRAGMENT_LENGTH <= value.length; i++) out.push(value.slice(i, i + FRAGMENT_LENGTH));
  return out;
}

/**
 * Every form of every credential value the sources' `credentials` maps name (longest first). The
 * list also carries the fragments of the secret ones, for scrubSecrets and secretFragments.
 */
export function credentialValues(
  sources: readonly { credentials?: Record<string, string> | undefined }[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const values = new Set<string>();
  const fragments = new Set<string>();
  for (const source of sources) {
    for (const [name, envName] of Object.entries(source.credentials ?? {})) {
      const value = env[envName]?.trim();
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      values.add(value);
      for (const form of encodedForms(value)) values.add(form);
      if (isSecretName(name) && value.length >= TOKEN_LIKE_LENGTH && !/\s/.test(value))
        for (const w of windows(value)) fragments.add(w);
    }
  }
  const list = [...values].sort((a, b) => b.length - a.length);
  fragmentsOf.set(list, [...fragments]);
  return list;
}

/** The fragment windows of a list from credentialValues (the runner masks these too). */
export function secretFragments(values: readonly string[]): string[] {
  return [...(fragmentsOf.get(values) ?? [])];
}

interface FragmentIndex {
  windows: Set<string>;
  /** Characters that occur in the windows: only runs of these can hold a fragment. */
  chars: Set<string>;
}
const fragmentIndexes = new WeakMap<readonly string[], FragmentIndex>();

function fragmentIndex(values: readonly string[]): FragmentIndex {
  let index = fragmentIndexes.get(values);
  if (!index) {
    const set = new Set(fragmentsOf.get(values) ?? []);
    const chars = new Set<string>();
    for (const w of set) for (const c of w) chars.add(c);
    index = { windows: set, chars };
    fragmentIndexes.set(values, index);
  }
  return index;
}

/** The text with every run of credential fragments replaced by `***` (linear: runs of credential characters only). */
function scrubFragments(text: string, index: FragmentIndex): string {
  if (index.windows.size === 0) return text;
  const masked: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    if (!index.chars.has(text[i]!)) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && index.chars.has(text[end]!)) end++;
    for (let at = i; at + FRAGMENT_LENGTH <= end; at++) {
      if (!index.windows.has(text.slice(at, at + FRAGMENT_LENGTH))) continue;
      const last = masked[masked.length - 1];
      if (last && at <= last[1]) last[1] = at + FRAGMENT_LENGTH;
      else masked.push([at, at + FRAGMENT_LENGTH]);
    }
    i = end;
  }
  if (masked.length === 0) return text;
  let out = '';
  let from = 0;
  for (const [start, stop] of masked) {
    out += text.slice(from, start) + SECRET_MASK;
    from = stop;
  }
  return out + text.slice(from);
}

/** The text with every value, and every fragment of a secret one (lists from credentialValues), replaced by `***`. */
export function scrubSecrets(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(SECRET_MASK);
  return scrubFragments(out, fragmentIndex(values));
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
