import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLabeledJsonl } from '../../../src/classify/data.js';
import { availableDevSets, DEV_SETS } from '../../../src/classify/dev-sets.js';
import { formatDomainTable, scoreDomain } from '../../../src/classify/domain-eval.js';
import type { Classification } from '../../../src/classify/types.js';

describe('cross-domain figures', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'earshot-domains-'));
    const rows = [
      { text: 'love it', label: 'compliment' },
      { text: 'awful, broken', label: 'complaint' },
      { text: 'it is blue', label: 'neutral' },
      { text: 'great but slow', label: 'compliment' },
    ];
    writeFileSync(join(dir, 'finefood.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds only the sets present, and scores the model and both word lists on them', () => {
    const sets = availableDevSets(dir);
    expect(sets.map((s) => s.spec.domain)).toEqual(['finefood']);
    const { spec, path } = sets[0] as (typeof sets)[number];
    const byWord = (text: string): Classification => ({
      category:
        text.includes('love') || text.includes('great')
          ? 'compliment'
          : text.includes('awful')
            ? 'complaint'
            : 'neutral',
      confidence: 1,
    });
    const figures = scoreDomain(spec, readLabeledJsonl(path), byWord, {
      afinn: () => 'compliment',
      vader: (text) => byWord(text).category,
    });
    expect(figures).toMatchObject({ domain: 'finefood', n: 4, model: 1, vader: 1 });
    // The AFINN stand-in calls everything a compliment: P 0.5, R 1, F1 2/3 there, 0 elsewhere.
    expect(figures.afinn).toBeCloseTo(2 / 9, 10);
    expect(figures.margin).toBe(0);
    const table = formatDomainTable([figures]);
    expect(table).toContain('finefood');
    expect(table).toMatch(/mean\s+1\.000\s+0\.222\s+1\.000/);
  });

  it('every dev set records its source and license', () => {
    for (const spec of DEV_SETS) {
      expect(spec.terms.source.length).toBeGreaterThan(20);
      expect(spec.terms.license).toBeTruthy();
    }
  });
});
