/**
 * Rendering safety (issue #9.1), property-based: the WHOLE rendered issue (title + body, through
 * normalize → prioritize → renderIssue as the scan does it), the job summary and the local
 * tracker's index.md, over hostile and arbitrary strings. Every invariant is checked on every case;
 * 10,000 cases per property by default (EARSHOT_PROPERTY_RUNS raises it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSummary } from '../../../action/summary.js';
import { renderTitle } from '../../../src/issue/render.js';
import { indexTitle, LocalScanRecord } from '../../../src/record/local/scan.js';
import type { ScanResult } from '../../../src/scan.js';
import { anyText, directCase, FORGED_MARKER, renderCase, renderRaw } from './arbitraries.js';
import { issueProblems } from './issue-checker.js';
import { indexRowProblems, summaryProblems } from './summary-checker.js';

const RUNS = Math.max(10_000, Number(process.env.EARSHOT_PROPERTY_RUNS) || 0);
const params = { numRuns: RUNS };

const titleOf = fc
  .tuple(anyText(80), anyText(200), anyText(200), fc.constantFrom('complaint', 'question'))
  .map(([author, title, text, category]) =>
    renderTitle(
      {
        key: 'k',
        ids: ['k'],
        sourceId: 's',
        sourceKind: 'rss',
        author,
        title,
        text,
        published: '2026-11-20T12:00:00.000Z',
        fetched: '2026-11-20T12:00:00.000Z',
      },
      category,
      'forum',
    ),
  );

describe('a whole rendered issue (property-based)', () => {
  it('hostile items, normalized and rendered: one marker that parses back, no ping, cross-link, HTML, comment, image or escape from the quote; within the limits', () => {
    fc.assert(
      fc.property(renderCase, (c) => {
        expect(issueProblems(c.draft, c.mention)).toEqual([]);
      }),
      params,
    );
  });

  it('mentions that never went through normalize (any length, any key): the same invariants', () => {
    fc.assert(
      fc.property(directCase, (c) => {
        expect(issueProblems(c.draft, c.mention)).toEqual([]);
      }),
      params,
    );
  });

  it('the checker is not vacuous: it catches each kind of breakage', () => {
    const c = renderRaw(
      {
        id: '1',
        url: 'https://example.com/a',
        title: 'Acme is fine today',
        text: 'Acme is fine',
        author: 'bob',
      },
      { category: 'neutral', confidence: 0.5 },
      'forum',
      'rss',
    );
    expect(issueProblems(c.draft, c.mention)).toEqual([]);
    const broken = (body: string, title = c.draft.title) =>
      issueProblems({ ...c.draft, body, title }, c.mention);
    expect(broken(c.draft.body.replace('> Acme is fine', '> Acme is fine @bob'))).toContainEqual(
      expect.stringMatching(/quote: an @-mention/),
    );
    expect(broken(c.draft.body.replace('> Acme is fine', `> Acme ${FORGED_MARKER}`))).toContainEqual(
      expect.stringMatching(/2 "<!--"/),
    );
    expect(broken(c.draft.body.replace('> Acme is fine', '> Acme\n\n#1 <img src=x>'))).not.toEqual([]);
    expect(broken(c.draft.body.replace('| Author | bob', '| Author | bob | x'))).not.toEqual([]);
    expect(broken(c.draft.body.replace('| Author | bob', '| Author | #12'))).toContainEqual(
      expect.stringMatching(/row Author: an issue reference/),
    );
    expect(
      broken(c.draft.body.replace('](https://example.com/a)', '](https://github.com/o/r/issues/1)')),
    ).toContainEqual(expect.stringMatching(/github\.com/));
    expect(broken(`${'> x\n'.repeat(5000)}${c.draft.body}`)).toContainEqual(
      expect.stringMatching(/longer than 20000/),
    );
    expect(broken(c.draft.body, `${c.draft.title} ${'word '.repeat(30)}`)).toContainEqual(
      expect.stringMatching(/title longer than 120/),
    );
    expect(broken(c.draft.body, '[neutral] bob on forum: Acme is')).toContainEqual(
      expect.stringMatching(/cut without/),
    );
    expect(
      broken(c.draft.body.replace(/<!-- earshot:v1 \S+ -->/, '<!-- earshot:v1 eyJrZXkiOiJ4In0 -->')),
    ).toContainEqual(expect.stringMatching(/another key/));
  });
});

describe('the one link', () => {
  it('a host the URL parser accepts but Markdown would act on gives no link (it closed the link and pinged)', () => {
    for (const url of [
      'https://x)&commat;bob/',
      'https://a(b.example/',
      'https://x`y.example/',
      'https://x*_~{}.example/',
    ]) {
      const c = renderRaw(
        { id: '1', url, text: 'Acme' },
        { category: 'neutral', confidence: 0.5 },
        'forum',
        'hacker-news',
      );
      expect(c.draft.body, url).toContain('**no link (the source gave none)**');
      expect(issueProblems(c.draft, c.mention), url).toEqual([]);
    }
    const ok = renderRaw(
      { id: '1', url: 'https://[::1]:8080/a_b', text: 'Acme' },
      { category: 'neutral', confidence: 0.5 },
      'forum',
      'hacker-news',
    );
    expect(ok.draft.body).toContain('](https://[::1]:8080/a_b)**');
  });
});

describe('other renderings of untrusted titles (property-based)', () => {
  it('the job summary: no element, link, comment, ping, reference or autolink comes from a title or a source error', () => {
    fc.assert(
      fc.property(fc.array(titleOf, { minLength: 1, maxLength: 3 }), anyText(300), (titles, error) => {
        const result: ScanResult = {
          new: titles.length,
          deferred: 0,
          dryRun: false,
          sources: [
            { id: 'src', kind: 'rss', fetched: 1, matched: 1, new: 1, error: error || 'failed', ms: 1 },
          ],
          filed: titles.map((title, i) => ({
            key: `k${i}`,
            title,
            number: i + 1,
            url: `https://github.com/acme/mentions/issues/${i + 1}`,
            labels: [],
          })),
        };
        const links = new Set(result.filed.map((f) => f.url!));
        const html = scanSummary(result, 'github').stringify();
        scanSummary(result, 'github').emptyBuffer();
        expect(summaryProblems(html, links)).toEqual([]);
      }),
      params,
    );
  });

  it('index.md of the local tracker: a title cell is one inert Markdown cell', () => {
    fc.assert(
      fc.property(titleOf, (title) => {
        const row = `| [#1](issues/00001.md) | open | complaint | high | 2026-W47 | ${indexTitle(title)} |`;
        expect(indexRowProblems(row)).toEqual([]);
      }),
      params,
    );
  });

  it('the checkers are not vacuous', () => {
    const links = new Set(['https://github.com/o/r/issues/1']);
    expect(summaryProblems('<ul><li>thanks &#64;acme</li></ul>', links)).toContainEqual(
      expect.stringMatching(/@-mention/),
    );
    expect(
      summaryProblems(
        '<ul><li><code>&#64;acme</code> <a href="https://github.com/o/r/issues/1">#1</a></li></ul>',
        links,
      ),
    ).toEqual([]);
    expect(summaryProblems('<td>&#60;img&#62;<img src=x></td>', links)).toContainEqual(
      expect.stringMatching(/<img>/),
    );
    expect(
      indexRowProblems('| [#1](issues/00001.md) | open | complaint | high |  | <img src=x> |'),
    ).not.toEqual([]);
    expect(indexRowProblems('| [#1](issues/00001.md) | open | complaint | high |  | a | b |')).not.toEqual(
      [],
    );
  });
});

describe('the local tracker files hostile mentions', () => {
  it('index.md and each issue file: the title inert, the body exactly the rendered one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-hostile-'));
    try {
      const tracker = new LocalScanRecord({ dir, now: () => new Date('2026-11-20T12:00:00Z') });
      const hostile = [
        '<img src="https://t.example/p.gif"> @acme/security see #12',
        '[click me](https://evil.example) ![x](https://t.example/p.gif)',
        `| table | break | ${FORGED_MARKER}`,
        '<details><summary>hidden</summary> everything after this',
        '\u202Eevil\u202C @\u200Badmin ＠everyone acme/earshot#9 GH-3',
        '`code` ``` ~~~ *bold* _it_ $x$ \\',
      ];
      const drafts = hostile.map(
        (text, i) =>
          renderRaw(
            { id: String(i), title: text, text, author: text, url: `https://example.com/${i}` },
            { category: 'complaint', confidence: 0.9 },
            'forum',
            'rss',
          ).draft,
      );
      for (const d of drafts) await tracker.create(d);
      const index = readFileSync(join(dir, 'index.md'), 'utf8');
      const rows = index.split('\n').filter((l) => l.startsWith('| [#'));
      expect(rows).toHaveLength(hostile.length);
      for (const row of rows) expect(indexRowProblems(row)).toEqual([]);
      expect(index).not.toMatch(/<img|<details|!\[|\]\(https:\/\/evil/);
      const issues = await tracker.listIssues();
      expect(issues.map((i) => i.body)).toEqual(drafts.map((d) => d.body));
      expect(issues.map((i) => i.title)).toEqual(drafts.map((d) => d.title));
      expect((await tracker.listIssues()).map((i) => i.key).sort()).toEqual(drafts.map((d) => d.key).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
