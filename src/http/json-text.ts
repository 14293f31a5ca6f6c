/**
 * JSON text → value, with every string well-formed: a lone surrogate (`"\ud800"` is valid JSON)
 * becomes U+FFFD, as TextDecoder does for bad bytes. Untrusted strings go on to
 * encodeURIComponent (which throws URIError on a lone surrogate), into URLs and keys; one bad
 * character must not fail a whole page (and keep failing it on every run).
 */

/** A surrogate code unit, raw or as a \u escape: only then is the extra pass needed. */
const MAYBE_SURROGATE = /[\uD800-\uDFFF]|\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** Fixes strings in place, iteratively (a reviver recurses: 100,000 levels overflow the stack). */
function fixStrings(root: unknown): unknown {
  if (typeof root === 'string') return wellFormed(root);
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') record[key] = wellFormed(value);
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return root;
}

/** JSON.parse with strings made well-formed; throws JSON.parse's SyntaxError on bad JSON. */
export function parseJsonText(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  return MAYBE_SURROGATE.test(text) ? fixStrings(value) : value;
}
