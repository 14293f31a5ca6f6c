import { describe, expect, it } from 'vitest';
import { prioritize, severitySignals } from '../../../src/triage/priority.js';
import { route } from '../../../src/triage/routing.js';

const config = { high: 3, low: 1, severityTerms: ['class action'] };
const base = { title: '', sourceKind: 'mastodon' };

describe('priority', () => {
  it('finds severity words on word boundaries, including configured ones', () => {
    expect(severitySignals('I want a REFUND and my lawyer will call', [])).toEqual(['refund', 'lawyer']);
    expect(severitySignals('refunded already, thanks')).toEqual(['refund']);
    expect(severitySignals('unsafe prefix: presecurity', [])).toEqual(['unsafe']);
    expect(severitySignals('joining the class action', ['class action'])).toEqual(['class action']);
  });

  it('a severe complaint from a big account is high; a quiet neutral mention is low', () => {
    const high = prioritize(
      { ...base, text: 'Charged twice, I want a refund', authorReach: 20_000 },
      'complaint',
      {
        config,
      },
    );
    expect(high.level).toBe('high');
    expect(high.reason).toContain('severity: refund, charged twice');
    expect(high.reason).toContain('reach 20k');
    const low = prioritize({ ...base, text: 'Acme released version 2', authorReach: 10 }, 'neutral', {
      config,
    });
    expect(low.level).toBe('low');
  });

  it('reach is normalized per source: 50 points on Hacker News outweigh 50 Mastodon followers', () => {
    const hn = prioritize({ ...base, sourceKind: 'hacker-news', text: 'meh', authorReach: 50 }, 'complaint', {
      config,
    });
    const mastodon = prioritize({ ...base, text: 'meh', authorReach: 50 }, 'complaint', { config });
    expect(hn.score).toBeGreaterThan(mastodon.score);
  });

  it('a one-star review adds severity and the source weight scales the score', () => {
    const one = prioritize(
      { ...base, sourceKind: 'app-store', text: 'does not open', rating: 1 },
      'complaint',
      { config },
    );
    const five = prioritize(
      { ...base, sourceKind: 'app-store', text: 'does not open', rating: 5 },
      'complaint',
      { config },
    );
    expect(one.score - five.score).toBe(2);
    const weighted = prioritize({ ...base, text: 'meh' }, 'complaint', { config, weight: 2 });
    const plain = prioritize({ ...base, text: 'meh' }, 'complaint', { config });
    expect(weighted.score).toBe(plain.score * 2);
  });
});

describe('routing', () => {
  const rules = [
    {
      when: { category: ['complaint' as const], keyword: ['billing', '"charged twice"'] },
      assignees: ['billing-lead'],
      labels: ['team:billing'],
    },
    { when: { source: ['hacker-news'] }, assignees: ['devrel'], labels: [] },
    { when: {}, assignees: ['support'], labels: ['team:support'] },
  ];
  const m = (text: string, sourceKind = 'rss') => ({ text, title: '', sourceId: 'src', sourceKind });

  it('the first matching rule wins, with an empty `when` as the default', () => {
    expect(route(rules, m('I was charged twice'), 'complaint', 'high')).toMatchObject({
      assignees: ['billing-lead'],
      rule: 0,
    });
    expect(route(rules, m('billing praise'), 'compliment', 'low')).toMatchObject({
      assignees: ['support'],
      rule: 2,
    });
    expect(route(rules, m('Show HN', 'hacker-news'), 'neutral', 'low')).toMatchObject({
      assignees: ['devrel'],
      rule: 1,
    });
    expect(route([], m('x'), 'neutral', 'low')).toEqual({ assignees: [], labels: [], rule: -1 });
  });
});
