/**
 * A small path language into parsed JSON, for the generic `json` adapter's `itemsPath` and
 * `fields`: dots and brackets, as people write them in JavaScript.
 *
 *   ``           the value itself (also `$`)
 *   `data.items` key `data`, then key `items`
 *   `items[0]`   index 0 of an array
 *   `a['x.y']`   a key with dots or spaces (single or double quotes)
 *   `$.a.b`      a leading `$` / `$.` is allowed and ignored
 *
 * No wildcards, filters or recursion: one path names one value.
 */

export type PathSegment = string | number;

const IDENT = /^[^.[\]'"\s]+/;

/** Parses a path; throws an Error naming the position when it is malformed. */
export function parseJsonPath(path: string): PathSegment[] {
  let rest = path.trim();
  if (rest === '$') return [];
  if (rest.startsWith('$.')) rest = rest.slice(2);
  else if (rest.startsWith('$[')) rest = rest.slice(1);
  const segments: PathSegment[] = [];
  let expectDot = false;
  while (rest.length > 0) {
    const at = path.length - rest.length;
    if (rest.startsWith('[')) {
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[(['"])((?:(?!\1)[^\\]|\\.)*)\1\]/.exec(rest);
      if (index) {
        segments.push(Number(index[1]));
        rest = rest.slice(index[0].length);
      } else if (quoted) {
        segments.push(quoted[2]!.replace(/\\(.)/g, '$1'));
        rest = rest.slice(quoted[0].length);
      } else {
        throw new Error(`bad path "${path}" at ${at}: expected [number] or ['key']`);
      }
      expectDot = true;
      continue;
    }
    if (expectDot) {
      if (!rest.startsWith('.')) throw new Error(`bad path "${path}" at ${at}: expected "." or "["`);
      rest = rest.slice(1);
    }
    const ident = IDENT.exec(rest);
    if (!ident) throw new Error(`bad path "${path}" at ${path.length - rest.length}: expected a key`);
    segments.push(ident[0]);
    rest = rest.slice(ident[0].length);
    expectDot = true;
  }
  return segments;
}

/** A path in its written form, for messages. */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '$' : out;
}

function step(value: unknown, segment: PathSegment): unknown {
  if (typeof segment === 'number') return Array.isArray(value) ? value[segment] : undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, segment)) {
    return (value as Record<string, unknown>)[segment];
  }
  return undefined;
}

/** The value at the path, or undefined when any step is missing. */
export function getJsonPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    // Keys come from the payload: each shown shortened, so a message stays a message.
    const shown = keys
      .slice(0, 20)
      .map((k) => (k.length > 40 ? `${k.slice(0, 39)}…` : k))
      .join(', ');
    return keys.length === 0
      ? 'an empty object'
      : `an object with keys ${shown}${keys.length > 20 ? ` … (${keys.length} keys)` : ''}`;
  }
  return `a ${typeof value}`;
}

/**
 * Why the path finds nothing: the longest prefix that exists and what is there instead, e.g.
 * `"data" is an object with keys results, meta: no "items"`. Undefined when the path resolves.
 */
export function explainMissingPath(value: unknown, segments: readonly PathSegment[]): string | undefined {
  let current = value;
  for (let i = 0; i < segments.length; i++) {
    const next = step(current, segments[i]!);
    if (next === undefined) {
      const where = i === 0 ? 'the document' : `"${formatJsonPath(segments.slice(0, i))}"`;
      const wanted = typeof segments[i] === 'number' ? `index ${segments[i]}` : `"${String(segments[i])}"`;
      return `${where} is ${describeJsonValue(current)}: no ${wanted}`;
    }
    current = next;
  }
  return undefined;
}
