import { describe, expect, it } from 'vitest';
import { type HistoryEvent, historyFacts, linkRefs, parseTimeline } from '../../../src/report/timeline.js';

const bot = { login: 'github-actions[bot]', type: 'Bot' };
const alice = { login: 'alice', type: 'User' };

describe('parseTimeline', () => {
  it('keeps labeled/unlabeled/commented/closed/reopened items and drops the rest', () => {
    const events = parseTimeline([
      { event: 'labeled', actor: bot, created_at: '2026-01-01T00:00:00Z', label: { name: 'earshot' } },
      { event: 'commented', actor: alice, user: alice, body: 'hi', created_at: '2026-01-01T01:00:00Z' },
      { event: 'closed', actor: alice, created_at: '2026-01-01T02:00:00Z', state_reason: 'not_planned' },
      { event: 'reopened', actor: alice, created_at: '2026-01-01T03:00:00Z' },
      { event: 'cross-referenced', created_at: '2026-01-01T04:00:00Z', source: {} },
      { event: 'labeled', created_at: 'not a time', label: { name: 'x' } },
      { event: 'labeled', created_at: '2026-01-01T05:00:00Z' },
      null,
      'junk',
    ]);
    expect(events).toEqual([
      {
        kind: 'labeled',
        label: 'earshot',
        at: '2026-01-01T00:00:00Z',
        bot: true,
        actor: 'github-actions[bot]',
      },
      { kind: 'commented', body: 'hi', at: '2026-01-01T01:00:00Z', bot: false, actor: 'alice' },
      { kind: 'closed', reason: 'not_planned', at: '2026-01-01T02:00:00Z', bot: false, actor: 'alice' },
      { kind: 'reopened', at: '2026-01-01T03:00:00Z', bot: false, actor: 'alice' },
    ]);
  });

  it('a login ending in [bot] is a bot even without a type', () => {
    const [e] = parseTimeline([
      { event: 'commented', user: { login: 'renovate[bot]' }, body: 'x', created_at: '2026-01-01T00:00:00Z' },
    ]);
    expect(e).toMatchObject({ bot: true });
  });
});

describe('linkRefs', () => {
  it('reads #N, owner/repo#N and issue or pull URLs from a /link first line', () => {
    expect(linkRefs('/link #12')).toEqual(['#12']);
    expect(linkRefs('/link acme/app#7 #12')).toEqual(['acme/app#7', '#12']);
    expect(linkRefs('/LINK https://github.com/acme/app/pull/99')).toEqual(['acme/app#99']);
    expect(linkRefs('/link #12\n/link #13')).toEqual(['#12']);
    expect(linkRefs('see /link #12')).toEqual([]);
    expect(linkRefs('/linked #12')).toEqual([]);
  });
});

describe('historyFacts', () => {
  const created = '2026-01-01T00:00:00Z';
  const at = (h: number) => new Date(Date.parse(created) + h * 3_600_000).toISOString().replace('.000Z', 'Z');

  it('first response is the earliest qualifying event, in time order whatever the input order', () => {
    const events: HistoryEvent[] = [
      { kind: 'closed', at: at(9), bot: false },
      { kind: 'labeled', label: 'Status:Replied', at: at(5), bot: true },
      { kind: 'commented', body: 'draft', at: at(1), bot: true },
      { kind: 'labeled', label: 'escalated', at: at(2), bot: false },
    ];
    expect(historyFacts(created, events)).toEqual({
      firstResponseAt: at(5),
      firstResponseBy: 'replied',
      repliedAt: at(5),
      escalatedAt: at(2),
      fixes: [],
    });
  });

  it('ignores events before the issue was filed and keeps the first of each label', () => {
    const events: HistoryEvent[] = [
      { kind: 'commented', body: 'early', at: '2025-12-31T23:00:00Z', bot: false },
      { kind: 'labeled', label: 'status:followed-up', at: at(3), bot: false },
      { kind: 'unlabeled', label: 'status:followed-up', at: at(4), bot: false },
      { kind: 'labeled', label: 'status:followed-up', at: at(6), bot: false },
      { kind: 'commented', body: '/link #4', at: at(7), bot: false },
      { kind: 'commented', body: '/link #5', at: at(8), bot: true },
    ];
    expect(historyFacts(created, events)).toEqual({
      firstResponseAt: at(3),
      firstResponseBy: 'followed-up',
      followedUpAt: at(3),
      fixes: ['#4'],
    });
  });

  it('no events, no response', () => {
    expect(historyFacts(created, [])).toEqual({ fixes: [] });
  });
});
