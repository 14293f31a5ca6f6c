/**
 * The record's memory of which mentions already have an issue (or were deliberately recorded
 * without one): every id a mention is known by, kept as a short hash so the memory stays small at
 * any history (50,000 issues ≈ 600 kB) and is read in one call.
 *
 * A hash is the first 9 bytes of the id's SHA-256 in base64url: 12 characters, 72 bits. With 50,000
 * ids remembered, the chance that a new mention's id collides with one of them (and is taken for
 * known) is about 50,000 / 2^72 ≈ 10^-17.
 */
import { createHash } from 'node:crypto';

export const HASH_LENGTH = 12;

export function idHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest().subarray(0, 9).toString('base64url');
}

/** Hashes concatenated (the compact form on disk) → hashes. */
export function splitHashes(packed: string | undefined): string[] {
  const out: string[] = [];
  if (!packed) return out;
  for (let i = 0; i + HASH_LENGTH <= packed.length; i += HASH_LENGTH)
    out.push(packed.slice(i, i + HASH_LENGTH));
  return out;
}

/** The set of ids a run treats as already recorded: membership by any of a mention's ids. */
export class KnownIds {
  private readonly hashes = new Set<string>();

  static of(...groups: Iterable<string>[]): KnownIds {
    const known = new KnownIds();
    for (const g of groups) for (const h of g) known.hashes.add(h);
    return known;
  }

  /** Whether any of these ids is known. */
  hasAny(ids: readonly string[]): boolean {
    for (const id of ids) if (this.hashes.has(idHash(id))) return true;
    return false;
  }

  /** The ids not known yet. */
  missing(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.hashes.has(idHash(id)));
  }

  add(ids: readonly string[]): void {
    for (const id of ids) this.hashes.add(idHash(id));
  }

  addHashes(hashes: Iterable<string>): void {
    for (const h of hashes) this.hashes.add(h);
  }

  get size(): number {
    return this.hashes.size;
  }
}
