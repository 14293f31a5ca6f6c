import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters, catalogue } from '../../../src/sources/index.js';

describe('the source registry', () => {
  it('lists exactly one adapter per file in src/sources/, named by its kind', () => {
    const files = readdirSync(new URL('../../../src/sources/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(adapters.map((a) => a.kind).sort()).toEqual(files);
  });

  it('every adapter declares its credentials, cursor, reach, replies and limits', () => {
    for (const entry of catalogue()) {
      expect(entry.title.length, entry.kind).toBeGreaterThan(3);
      expect(entry.cursor.length, entry.kind).toBeGreaterThan(3);
      expect(entry.reach.length, entry.kind).toBeGreaterThan(1);
      expect(entry.limits.length, entry.kind).toBeGreaterThan(3);
      expect(typeof entry.replies).toBe('boolean');
    }
  });

  it('every adapter schema requires its kind and an id', () => {
    for (const a of adapters) {
      expect(a.schema.safeParse({ kind: a.kind }).success, a.kind).toBe(false);
    }
  });
});
