import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectQuestion } from '../../../src/classify/questions.js';

const isQ = (text: string) => detectQuestion(text).isQuestion;

describe('detectQuestion', () => {
  it('finds direct questions, with or without a question mark', () => {
    expect(isQ('@acme how do I reset my password?')).toBe(true);
    expect(isQ('@acme is there a way to export my data')).toBe(true);
    expect(isQ('hi @acme can I return an item bought online')).toBe(true);
    expect(isQ('@acme any idea when the app will be back up')).toBe(true);
    expect(isQ('Does anyone know if @acme ships to Canada')).toBe(true);
  });

  it('finds requests for information or help', () => {
    expect(isQ('@acme I was wondering if the store opens on Sunday')).toBe(true);
    expect(isQ('@acme please let me know the status of my refund')).toBe(true);
    expect(isQ('@acme stuck at the airport with no flight. Help!')).toBe(true);
  });

  it('ignores statements, including ones that start with the brand as subject', () => {
    expect(isQ('@acme has the best support team')).toBe(false);
    expect(isQ('@acme is awful, never again')).toBe(false);
    expect(isQ('Just bought a new laptop from @acme')).toBe(false);
    expect(isQ('@acme what a great day')).toBe(false);
  });

  it('ignores rhetorical questions and venting', () => {
    expect(isQ('@acme are you kidding me? Third time this week')).toBe(false);
    expect(isQ("@acme why would I ever fly with you again? Don't you think it's time to apologize?")).toBe(
      false,
    );
    expect(isQ('@acme still no response?? Pathetic')).toBe(false);
  });

  it('reports its signals and a probability', () => {
    const v = detectQuestion('@acme can you help me with my order?');
    expect(v.signals).toMatchObject({ questionMark: true, opener: true, request: true, rhetorical: false });
    expect(v.probability).toBeGreaterThan(0.9);
    expect(detectQuestion('nice weather').probability).toBeLessThan(0.1);
  });

  it('reaches F1 ≥ 0.8 on the hand-labeled mentions (data/questions)', () => {
    const path = join(import.meta.dirname, '../../../data/questions/questions-labeled.jsonl');
    const rows = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { text: string; label: string; category: string });
    expect(rows.length).toBeGreaterThanOrEqual(300);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const predicted = isQ(r.text);
      const actual = r.label === 'question';
      if (predicted && actual) tp++;
      else if (predicted) fp++;
      else if (actual) fn++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    expect(f1).toBeGreaterThanOrEqual(0.8);
  });
});
