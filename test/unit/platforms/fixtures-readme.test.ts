/**
 * Every kind's recorded payloads live in test/fixtures/sources/<kind>/ with a README that names the
 * official documentation they follow, and there are at least three of them (issue #4).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters } from '../../../src/platforms/index.js';

const ROOT = new URL('../../fixtures/sources/', import.meta.url);

describe('source fixtures', () => {
  it('the folders are exactly the registered kinds', () => {
    const folders = readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(adapters.map((a) => a.kind).sort());
  });

  for (const { kind } of adapters) {
    it(`${kind}: a README naming the documentation followed, and at least 3 payloads it describes`, () => {
      const dir = new URL(`${kind}/`, ROOT);
      const readme = new URL('README.md', dir);
      expect(existsSync(readme), `${kind}/README.md`).toBe(true);
      const text = readFileSync(readme, 'utf8');
      expect(text, `${kind}/README.md links no documentation`).toMatch(/<?https:\/\/[^\s>)]+/);
      const payloads = readdirSync(dir).filter((f) => f !== 'README.md');
      expect(payloads.length, kind).toBeGreaterThanOrEqual(3);
      for (const f of payloads) expect(text, `${kind}/README.md does not mention ${f}`).toContain(f);
    });
  }
});
