/** Learning from the team: the mention's text back from its issue, and the team's labels. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mentionFromBody, unneutralize } from '../../../src/classify/issue-text.js';
import {
  agreementOf,
  currentCategoryOf,
  maybeCorrected,
  teamLabelOf,
} from '../../../src/classify/team-labels.js';
import { renderIssue } from '../../../src/issue/render.js';
import type { Mention } from '../../../src/mentions/mention.js';
import type { PortComment } from '../../../src/record/respond-port.js';
import { renderCommentMarker } from '../../../src/respond/markers.js';

const BOT = 'github-actions[bot]';

function mention(text: string, title = ''): Mention {
  return {
    key: `rss:${text.length}:${title.length}`,
    sourceId: 'blog',
    sourceKind: 'rss',
    url: 'https://blog.example.com/p/1',
    canonicalUrl: 'https://blog.example.com/p/1',
    title,
    text,
    author: 'Sam',
    published: '2026-11-20T10:00:00.000Z',
    fetched: '2026-11-20T10:05:00.000Z',
  } as Mention;
}

function issueFor(text: string, category: 'complaint' | 'compliment' | 'neutral' | 'question', title = '') {
  const draft = renderIssue({
    mention: mention(text, title),
    sourceName: 'blog',
    classification: { category, confidence: 0.9 },
    priority: { level: 'normal', score: 1, reason: 'test' } as never,
  });
  return { number: 7, title: draft.title, body: draft.body, state: 'open' as const, labels: draft.labels };
}

const comment = (body: string, login = BOT): PortComment => ({
  id: 1,
  body,
  user: { login, type: login === BOT ? 'Bot' : 'User' },
  createdAt: '2026-11-21T10:00:00Z',
  url: 'https://example.com/c/1',
});

const words = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');

describe('the mention text from its issue', () => {
  it('undoes what neutralize did: code spans, Markdown escapes, entities, the quote prefix', () => {
    const text =
      'Hey @acme, #12 was *broken* <b>again</b>!\nSecond line: a_b and `code` & stuff https://x.com/a?b=1 ＠someone $5 | [x] ~y~\n\n# not a heading\n1. not a list';
    const issue = issueFor(text, 'complaint', 'Title with @sam and #3');
    const back = mentionFromBody(issue.body);
    expect(back.text).toBe(text);
    expect(back.title).toBe('Title with @sam and #3');
    expect(unneutralize('\\*x\\* `@y` &lt;&amp;&gt;')).toBe('*x* @y <&>');
  });

  it('property: any text of words, punctuation and line breaks comes back word for word (1,000 cases)', () => {
    const alphabet = fc.constantFrom(...'abcXYZ019 @#*_<>&|$`[]~-.!?:/\\\n'.split(''), 'é', '漢', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 200 }), (chars) => {
        const text = chars.join('');
        if (!words(text)) return;
        expect(words(mentionFromBody(issueFor(text, 'neutral').body).text)).toBe(words(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('team labels', () => {
  const reclassify = (from: string, to: string, login = BOT) =>
    comment(
      `${renderCommentMarker('reclassify', { from, to, by: 'alice', at: '2026-11-21T10:00:00Z' })}\nReclassified`,
      login,
    );

  function reclassified(to: 'compliment' | 'neutral') {
    const issue = issueFor('Acme went down overnight', 'complaint');
    return {
      ...issue,
      title: issue.title.replace('[complaint]', `[${to}]`),
      labels: issue.labels.filter((l) => l !== 'complaint').concat(to),
    };
  }

  it('a correction Earshot recorded counts, with who and when', () => {
    const issue = reclassified('compliment');
    expect(maybeCorrected(issue)).toBe(true);
    expect(teamLabelOf(issue, [reclassify('complaint', 'compliment')], BOT)).toMatchObject({
      filed: 'complaint',
      team: 'compliment',
      kind: 'corrected',
      by: 'alice',
      text: '\nAcme went down overnight',
    });
  });

  it('a changed category without Earshot’s marker, or with a marker forged by a person, does not count', () => {
    const issue = reclassified('neutral');
    expect(teamLabelOf(issue, [], BOT)).toBeUndefined();
    expect(teamLabelOf(issue, [reclassify('complaint', 'neutral', 'mallory')], BOT)).toBeUndefined();
    // the marker must say the category the issue has now (a later change without a marker does not count)
    expect(teamLabelOf(issue, [reclassify('complaint', 'compliment')], BOT)).toBeUndefined();
  });

  it('a closed issue whose category stood is confirmed; an open untouched one says nothing', () => {
    const open = issueFor('Acme opened an office in Lisbon', 'neutral');
    expect(maybeCorrected(open)).toBe(false);
    expect(teamLabelOf(open, [], BOT)).toBeUndefined();
    expect(teamLabelOf({ ...open, state: 'closed' }, [], BOT)).toMatchObject({
      team: 'neutral',
      kind: 'confirmed',
    });
  });

  it('a guess (needs-triage) teaches nothing until the team answers it; its correction counts', () => {
    const draft = renderIssue({
      mention: mention('Acme moved my booking to Tuesday'),
      sourceName: 'blog',
      classification: { category: 'neutral', confidence: 0.41 },
      priority: { level: 'normal', score: 1, reason: 'test' } as never,
      needsTriageBelow: 0.6,
    });
    expect(draft.labels).toContain('needs-triage');
    const guess = {
      number: 9,
      title: draft.title,
      body: draft.body,
      state: 'open' as const,
      labels: draft.labels,
    };
    // The notice in the body is not mention text.
    expect(mentionFromBody(guess.body).text).toBe('Acme moved my booking to Tuesday');
    // Closed with the guess unanswered: not a confirmation of the classifier's own guess.
    expect(teamLabelOf({ ...guess, state: 'closed' }, [], BOT)).toBeUndefined();
    // Answered (/reclassify neutral took needs-triage off), then closed: confirmed.
    const answered = { ...guess, labels: guess.labels.filter((l) => l !== 'needs-triage') };
    expect(teamLabelOf({ ...answered, state: 'closed' }, [], BOT)).toMatchObject({
      team: 'neutral',
      kind: 'confirmed',
    });
    // Corrected: the team's category is the label, whatever else the issue carries.
    const corrected = {
      ...guess,
      title: guess.title.replace('[neutral]', '[complaint]'),
      labels: guess.labels.filter((l) => l !== 'neutral').concat('complaint'),
    };
    expect(teamLabelOf(corrected, [reclassify('neutral', 'complaint')], BOT)).toMatchObject({
      filed: 'neutral',
      team: 'complaint',
      kind: 'corrected',
    });
  });

  it('the category now comes from the title prefix, else the only category label', () => {
    const issue = issueFor('x', 'complaint');
    expect(currentCategoryOf(issue)).toBe('complaint');
    expect(currentCategoryOf({ ...issue, title: 'renamed', labels: ['earshot', 'neutral'] })).toBe('neutral');
    expect(
      currentCategoryOf({ ...issue, title: 'renamed', labels: ['earshot', 'neutral', 'question'] }),
    ).toBeUndefined();
  });

  it('agreement counts the filed category against the team’s', () => {
    const a = teamLabelOf(reclassified('compliment'), [reclassify('complaint', 'compliment')], BOT);
    const b = teamLabelOf({ ...issueFor('y', 'neutral'), state: 'closed' }, [], BOT);
    expect(agreementOf([a, b].filter((x) => x !== undefined))).toEqual({ n: 2, agreed: 1, rate: 0.5 });
  });
});
