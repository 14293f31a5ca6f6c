/** The worked examples of docs/triage.md, computed by hand there, checked here. */
import { describe, expect, it } from 'vitest';
import { priorityConfigSchema } from '../../../src/config/schema.js';
import { prioritize, severitySignals } from '../../../src/triage/priority.js';

const config = priorityConfigSchema.parse({});
const m = (sourceKind: string, text: string, extra: Record<string, number | string> = {}) => ({
  sourceKind,
  title: '',
  text,
  ...extra,
});

describe('priority: the documented examples', () => {
  it.each([
    // reach log2(1 + 12000/300) = 5.36 → capped 3; two severity terms 3; complaint 1
    ['mastodon', 'Charged twice by Acme, I want a refund', { authorReach: 12_000 }, 'complaint', 7, 'high'],
    // log2(1 + 150/300) = 0.585; complaint 1
    ['mastodon', 'Acme support is slow today', { authorReach: 150 }, 'complaint', 1.58, 'normal'],
    // engagement: log2(1 + 40/5) = 3.17 → capped 3, halved 1.5; question 0.5
    ['hacker-news', 'Does Acme support SSO?', { engagement: 40 }, 'question', 2, 'normal'],
    ['rss', 'Acme released version 2', {}, 'neutral', -0.5, 'low'],
    // a one-star review: +2; complaint 1
    ['app-store', 'Crashes on launch', { rating: 1 }, 'complaint', 3, 'high'],
    // a post with score 500, 3 comments: reach log2(11) → 3; engagement log2(1 + 3/12.5)/2 = 0.155
    ['reddit', 'Love Acme', { authorReach: 500, engagement: 3 }, 'compliment', 3.16, 'high'],
    ['rss', 'Our lawyer is preparing a lawsuit against Acme', {}, 'complaint', 4, 'high'],
  ] as const)('%s: "%s" → %s', (kind, text, extra, category, score, level) => {
    const p = prioritize(m(kind, text, extra), category, { config });
    expect([p.score, p.level]).toEqual([score, level]);
  });

  it('the source weight multiplies the score: 1.58 × 2 → 3.17, high', () => {
    const p = prioritize(m('mastodon', 'Acme support is slow today', { authorReach: 150 }), 'complaint', {
      config,
      weight: 2,
    });
    expect([p.score, p.level]).toEqual([3.17, 'high']);
    expect(p.reason).toBe('score 3.17 — complaint; reach 150 (typical here: 300); source weight 2');
  });

  it('typicalReach overrides the built-in scale of a kind', () => {
    const local = priorityConfigSchema.parse({ typicalReach: { mastodon: 12_000 } });
    const p = prioritize(m('mastodon', 'meh', { authorReach: 12_000 }), 'neutral', { config: local });
    expect([p.score, p.reason]).toEqual([0.5, 'score 0.5 — neutral; reach 12k (typical here: 12k)']);
  });

  it('thresholds are configurable', () => {
    const strict = priorityConfigSchema.parse({ high: 5, low: 2 });
    const mention = m('mastodon', 'Acme support is slow today', { authorReach: 150 });
    expect(prioritize(mention, 'complaint', { config: strict }).level).toBe('low');
    expect(prioritize(mention, 'complaint', { config: strict, weight: 4 }).level).toBe('high');
  });

  it('one more word may stand between the words of a term, not two', () => {
    expect(severitySignals('Acme charged me twice')).toEqual(['charged twice']);
    expect(severitySignals('never buying again')).toEqual(['never again']);
    expect(severitySignals('they lost all my data')).toEqual(['lost my data']);
    expect(severitySignals('never, ever, would I do that again')).toEqual([]);
    expect(severitySignals('charged the card of my twice-born')).toEqual([]);
  });

  it('short terms are whole words: "sue" is not "suede" or "pursue"', () => {
    expect(severitySignals('nice suede jacket, I pursue it')).toEqual([]);
    expect(severitySignals('I will sue Acme')).toEqual(['sue']);
    expect(severitySignals('they sued Acme')).toEqual(['sued']);
  });
});
