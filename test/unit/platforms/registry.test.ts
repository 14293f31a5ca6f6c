import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters, catalogue, platforms } from '../../../src/platforms/index.js';

const root = new URL('../../../src/platforms/', import.meta.url);
/** Folders under src/platforms/ that are platforms (`shared/` holds what several platforms use). */
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name)
  .sort();

describe('the platform registry', () => {
  it('lists exactly one platform per folder under src/platforms/, named by its kind', () => {
    expect(platforms.map((p) => p.source.kind).sort()).toEqual(folders);
    expect(new Set(adapters.map((a) => a.kind)).size).toBe(adapters.length);
  });

  it('each folder holds its source, and its publisher when the platform has one', () => {
    for (const p of platforms) {
      const files = readdirSync(new URL(`${p.source.kind}/`, root));
      expect(files, p.source.kind).toContain('source.ts');
      expect(files.includes('publisher.ts'), p.source.kind).toBe(p.publisher !== undefined);
      if (p.publisher) expect(p.publisher.kind).toBe(p.source.kind);
    }
  });

  it('every platform with a publisher says how long a reply may be', () => {
    for (const p of platforms) if (p.publisher) expect(p.reply?.limit, p.source.kind).toBeGreaterThan(0);
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
