/** A mention's issue: the category, and a guessed category (below classify.needsTriageBelow). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEEDS_TRIAGE_BELOW } from '../../../src/classify/config-schema.js';
import { allLabels, NEEDS_TRIAGE_LABEL } from '../../../src/issue/labels.js';
import { isGuess, type RenderInput, renderIssue } from '../../../src/issue/render.js';
import type { Mention } from '../../../src/mentions/mention.js';

const mention = {
  key: 'rss:1',
  sourceId: 'blog',
  sourceKind: 'rss',
  url: 'https://blog.example.com/p/1',
  canonicalUrl: 'https://blog.example.com/p/1',
  title: '',
  text: 'Acme moved my booking to Tuesday',
  author: 'Sam',
  published: '2026-11-20T10:00:00.000Z',
  fetched: '2026-11-20T10:05:00.000Z',
} as Mention;

const input = (confidence: number, needsTriageBelow?: number): RenderInput => ({
  mention,
  sourceName: 'blog',
  classification: { category: 'neutral', confidence },
  priority: { level: 'normal', score: 1, reason: 'test' } as never,
  ...(needsTriageBelow === undefined ? {} : { needsTriageBelow }),
});

describe('a guessed category', () => {
  it('below the threshold: the body says it is a guess, how to correct it, and the issue needs triage', () => {
    const draft = renderIssue(input(0.42, 0.6));
    expect(draft.labels).toContain(NEEDS_TRIAGE_LABEL);
    expect(draft.labels).toContain('neutral');
    expect(draft.body).toContain('| Category | neutral (42% confident: a guess) |');
    expect(draft.body).toContain('**The category is a guess.**');
    expect(draft.body).toContain('42% confident in `neutral`, below the 60%');
    expect(draft.body).toContain('`/reclassify <category>` or swap the category label');
    expect(draft.body).toContain('`/reclassify neutral` confirms it');
    // The notice sits after the table, before the next steps and the marker; the quote stays first.
    expect(draft.body.startsWith('> Acme moved my booking to Tuesday')).toBe(true);
    expect(draft.body.indexOf('The category is a guess')).toBeLessThan(draft.body.indexOf('### Next steps'));
    // The marker keeps the classifier's own category and confidence.
    expect(draft.body).toMatch(/<!-- earshot:/);
  });

  it('at or above the threshold, at 0 or without one: neither notice nor label', () => {
    for (const draft of [
      renderIssue(input(0.6, 0.6)),
      renderIssue(input(0.93, 0.6)),
      renderIssue(input(0.1, 0)),
      renderIssue(input(0.1)),
    ]) {
      expect(draft.labels).not.toContain(NEEDS_TRIAGE_LABEL);
      expect(draft.body).not.toContain('a guess');
    }
    expect(isGuess({ category: 'complaint', confidence: 0.59 }, DEFAULT_NEEDS_TRIAGE_BELOW)).toBe(true);
    expect(isGuess({ category: 'complaint', confidence: 0.59 }, 0)).toBe(false);
  });

  it('a confidence that rounds to the threshold is shown with a decimal', () => {
    expect(renderIssue(input(0.596, 0.6)).body).toContain('59.6% confident in `neutral`, below the 60%');
  });

  it('the label is created with the others', () => {
    expect(allLabels(['rss']).find((l) => l.name === NEEDS_TRIAGE_LABEL)).toMatchObject({
      name: 'needs-triage',
      description: expect.stringMatching(/guess/),
    });
  });
});
