/** docs/configuration.md covers every section of the config, and its field tables are current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, renderConfigDoc, sectionRows } from '../../../scripts/config-docs.js';

const doc = readFileSync('docs/configuration.md', 'utf8');

describe('docs/configuration.md', () => {
  it('has every generated field table current (npx tsx scripts/config-docs.ts --write)', () => {
    expect(renderConfigDoc(doc)).toBe(doc);
  });

  it('covers every top-level section, in a heading or a table row', () => {
    const sections = Object.keys(configSchema().properties ?? {}).filter((k) => k !== '$schema');
    const lines = doc.split('\n');
    const covered = (key: string) =>
      lines.some((l) => (l.startsWith('#') && l.includes(`\`${key}\``)) || l.startsWith(`| \`${key}`));
    expect(sections.filter((s) => !covered(s))).toEqual([]);
  });

  it('documents every field of the sections the issue asked for, each with its meaning', () => {
    for (const section of ['bootstrap', 'spikes', 'alerts', 'sla', 'respond', 'report']) {
      const rows = sectionRows(section);
      expect(rows.length, section).toBeGreaterThan(1);
      for (const r of rows) expect(doc, r.field).toContain(`| \`${r.field}\` |`);
    }
  });
});
