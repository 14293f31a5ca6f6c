/**
 * The module graph of the built dist/: which files an entry loads before it runs (its static
 * imports, transitively) and which it may load later (dynamic import() of chunks), read from the
 * bundled files themselves, with their bytes and gzipped bytes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const STATIC = /(?:\bfrom\s*|\bimport\s*)"(\.{1,2}\/[^"]+\.js)"/g;
const DYNAMIC = /\bimport\(\s*"(\.{1,2}\/[^"]+\.js)"\s*\)/g;

function imports(file: string, pattern: RegExp): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(pattern)].map((m) => normalize(join(dirname(file), m[1] ?? '')));
}

/** The files `entry` loads before its first line runs: itself and its static imports, transitively. */
export function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const i of imports(f, STATIC)) visit(i);
  };
  visit(normalize(entry));
  return [...seen].sort();
}

/** The chunks the given files may import() later (not already among them). */
export function dynamicImports(files: readonly string[]): string[] {
  const have = new Set(files);
  return [...new Set(files.flatMap((f) => imports(f, DYNAMIC)))].filter((f) => !have.has(f)).sort();
}

export interface Bytes {
  bytes: number;
  gzipBytes: number;
}

/** Bytes and gzipped bytes (level 9, each file on its own) of a set of files. */
export function sizeOf(files: readonly string[]): Bytes {
  let bytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const b = readFileSync(f);
    bytes += b.length;
    gzipBytes += gzipSync(b, { level: 9 }).length;
  }
  return { bytes, gzipBytes };
}
