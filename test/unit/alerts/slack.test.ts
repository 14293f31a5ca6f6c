import { describe, expect, it } from 'vitest';
import {
  escapeSlack,
  mentionsMessage,
  slackLink,
  slackMessages,
  spikeMessage,
} from '../../../src/alerts/slack.js';
import type { MentionAlert, SpikeAlert } from '../../../src/alerts/types.js';

const mention = (n: number, extra: Partial<MentionAlert> = {}): MentionAlert => ({
  type: 'mention',
  key: `k${n}`,
  title: `[complaint] someone on blog: mention ${n}`,
  priority: 'high',
  category: 'complaint',
  reason: 'score 4.5 — complaint; severity: refund',
  source: 'rss',
  url: `https://blog.example.com/${n}`,
  issueNumber: n,
  issueUrl: `https://github.com/acme/mentions/issues/${n}`,
  ...extra,
});

/** Every text a Slack client would parse for special syntax in a message. */
function texts(message: { text: string; blocks: Record<string, unknown>[] }): string[] {
  const out = [message.text];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(message.blocks);
  return out;
}

describe('Slack escaping of untrusted text', () => {
  it('escapes exactly &, < and > and breaks bare @-mentions', () => {
    expect(escapeSlack('a & b <!channel> <@U123> > "q" \'s')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@\u2060U123&gt; &gt; "q" \'s',
    );
    expect(escapeSlack('@here @channel @everyone hi@example.com')).toBe(
      '@\u2060here @\u2060channel @\u2060everyone hi@\u2060example.com',
    );
    expect(escapeSlack('already &amp; escaped')).toBe('already &amp;amp; escaped');
  });

  it('links cannot be broken out of: | < > and spaces in the URL are encoded, the label escaped', () => {
    expect(slackLink('https://x.example/a|b<c>d e?x=1&y=2', 'hi <!here> | there')).toBe(
      '<https://x.example/a%7Cb%3Cc%3Ed%20e?x=1&amp;y=2|hi &lt;!here&gt; ¦ there>',
    );
  });

  it('a hostile mention cannot ping, link or inject control syntax anywhere in the message', () => {
    const hostile = mention(1, {
      title: '<!channel> @here <@U999|boss> <https://evil.example|click> &lt;!everyone&gt;',
      reason: 'score 9 — <!subteam^S123> @channel',
      url: 'https://evil.example/x>|<!channel>',
    });
    const message = mentionsMessage([hostile], 10);
    for (const t of texts(message)) {
      // the only `<` in the message open our own links, each to an http(s) URL
      for (const m of t.matchAll(/<([^>]*)>/g)) expect(m[1]).toMatch(/^https?:\/\/[^\s<>|]+\|[^<>]*$/);
      expect(t).not.toMatch(/<!|<@|<#/);
      expect(t).not.toMatch(/@(here|channel|everyone)\b/);
    }
    expect(message.unfurl_links).toBe(false);
  });

  it('batches mentions into one message, lists the first N and counts the rest', () => {
    const alerts = Array.from({ length: 13 }, (_, i) => mention(i + 1));
    const messages = slackMessages(alerts, 10);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.covers).toBe(13);
    const all = texts(messages[0]!.message).join('\n');
    expect(all).toContain('13 new high-priority mentions');
    expect(all).toContain('<https://github.com/acme/mentions/issues/10|');
    expect(all).not.toContain('issues/11|');
    expect(all).toContain('… and 3 more');
    const mixed = mentionsMessage([mention(1), mention(2, { priority: 'normal' })], 10);
    expect(mixed.text).toBe('Earshot: 2 new mentions to look at');
  });

  it('a spike gets its own message with the numbers and the crisis issue', () => {
    const spike: SpikeAlert = {
      type: 'spike',
      query: 'company',
      metric: 'complaint',
      periodStart: '2026-11-20T10:00:00.000Z',
      periodEnd: '2026-11-20T11:00:00.000Z',
      count: 9,
      mean: 1,
      sigma: 1,
      threshold: 5,
      baselinePeriods: 12,
      issueNumber: 7,
      issueUrl: 'https://github.com/acme/mentions/issues/7',
      mentions: [{ title: '<!here> down again', url: 'https://example.com/1' }],
    };
    const message = spikeMessage(spike);
    const all = texts(message).join('\n');
    expect(message.text).toContain('spike of complaints for "company": 9');
    expect(all).toContain('usual 1.0 ± 1.0');
    expect(all).toContain('<https://github.com/acme/mentions/issues/7|#7>');
    expect(all).toContain('&lt;!here&gt; down again');
    expect(slackMessages([spike, mention(1)], 10).map((m) => m.covers)).toEqual([1, 1]);
  });
});
