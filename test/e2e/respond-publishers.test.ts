/**
 * `/reply` end to end on every publisher: the bundled action against the GitHub emulator and the
 * local reply servers (Bluesky, Reddit, Discourse, Lemmy, YouTube, GitHub issues on the emulator and GitHub
 * discussions over GraphQL), Hacker News as copy-ready text with `/reply --done`, and a failing
 * publisher: the draft is kept, the issue says why, labels are unchanged, a later `/reply` posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDraftText } from '../../src/respond/drafts/comment.js';
import { parseCommentMarker } from '../../src/respond/markers.js';
import { type Harness, ok, startHarness } from '../unit/respond/e2e-harness.js';

describe('reply publishers through the bundled action', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.emulator.seed({
      repo: 'octo-labs/pipeline',
      issues: [{ title: 'Pipeline fails with AcmeCloud', body: 'x', user: 'octo-dev' }],
    });
  });
  afterAll(async () => {
    await h.close_();
  });

  /** An approved draft on issue n, as `/draft` + `/approve` leave it (those run end to end in respond-commands). */
  function approved(n: number, kind: string): string {
    const text = `Thanks for flagging this about AcmeCloud (${kind}); we are on it and will follow up. — the Acme team`;
    h.approvedDraft(n, kind, text);
    return text;
  }

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'bluesky',
      {},
      /^Replied on Bluesky: https:\/\/bsky\.app\/profile\/acme\.bsky\.social\/post\/3lkreply\d+$/m,
    ],
    [
      'reddit',
      {},
      /^Replied on Reddit: http:\/\/127\.0\.0\.1:\d+\/reddit-www\/r\/devops\/comments\/1j7acme1\/acmecloud_billing\/mq0acme\/$/m,
    ],
    ['lemmy', {}, /^Replied on Lemmy: https:\/\/lemmy\.world\/comment\/7730001$/m],
    [
      'youtube',
      {},
      /^Replied on YouTube: https:\/\/www\.youtube\.com\/watch\?v=acmeVideo01&lc=UgzAcmeComment0001\.AcmeReply0001$/m,
    ],
    [
      'github',
      {
        replyTo: { repo: 'acme-community/forum', number: '88', type: 'discussion', nodeId: 'D_kwDOAcme0001' },
      },
      /^Replied on GitHub: https:\/\/redirect\.github\.com\/acme-community\/forum\/discussions\/88#discussioncomment-1130001$/m,
    ],
  ];
  for (const [kind, over, pattern] of cases) {
    it(`/reply publishes on ${kind}${kind === 'github' ? ' (discussion)' : ''}`, async () => {
      const n = h.mention(kind, over);
      const text = approved(n, kind);
      const before = h.servers.posts.length;
      const r = await h.comment(n, 'alice', '/reply');
      expect(r.run.outputs, r.run.stdout).toMatchObject({ command: 'reply', outcome: 'ok' });
      expect(h.servers.posts.slice(before).map((p) => p.text)).toEqual([text]);
      expect(h.lastComment(n)).toMatch(pattern);
      expect(h.labels(n)).toContain('status:replied');
    });
  }

  it('/reply comments on a GitHub issue in another repository (on the emulator)', async () => {
    const n = h.mention('github', { replyTo: { repo: 'octo-labs/pipeline', number: '1', type: 'issue' } });
    const text = approved(n, 'github');
    const r = await h.comment(n, 'alice', '/reply');
    expect(r.run.outputs.outcome).toBe('ok');
    const there = h.emulator.stateOf('octo-labs/pipeline').comments;
    expect(there.map((c) => c.body)).toEqual([text]);
    expect(h.lastComment(n)).toMatch(
      /Replied on GitHub: .*\/octo-labs\/pipeline\/issues\/1#issuecomment-\d+/,
    );
    expect(h.emulator.violations).toEqual([]);
  });

  it('Hacker News: copy-ready text and the reply link, then /reply --done records it', async () => {
    const n = h.mention('hacker-news');
    const text = approved(n, 'hacker-news');
    const r = await h.comment(n, 'alice', '/reply');
    expect(r.run.outputs.outcome).toBe('ok');
    const body = h.lastComment(n);
    expect(body).toContain('https://news.ycombinator.com/reply?id=43299871');
    expect(extractDraftText(body)).toBe(text);
    expect(h.labels(n)).not.toContain('status:replied');
    const done = await h.comment(n, 'carol', '/reply --done https://news.ycombinator.com/item?id=43300001');
    expect(done.run.outputs.outcome).toBe('ok');
    expect(parseCommentMarker(h.lastComment(n))?.data).toMatchObject({
      how: 'manual',
      by: 'carol',
      url: 'https://news.ycombinator.com/item?id=43300001',
    });
    expect(h.labels(n)).toContain('status:replied');
  });

  it('a failing publisher keeps the draft, says why, leaves labels; /reply later posts it', async () => {
    const n = h.mention('discourse');
    const text = approved(n, 'discourse');
    const labels = h.labels(n);
    h.servers.fail.discourse = {
      status: 503,
      body: { errors: ['The forum is in read-only mode for maintenance.'] },
    };
    const failed = await h.comment(n, 'alice', '/reply');
    expect(ok(failed.run)).toBe('');
    expect(failed.run.outputs).toMatchObject({ command: 'reply', outcome: 'failed' });
    expect(h.reactionsOn(failed.commentId)).toEqual([]); // the "Could not post" comment is the answer
    const why = h.lastComment(n);
    expect(parseCommentMarker(why)?.type).toBe('publish-failed');
    expect(why).toContain('HTTP 503');
    expect(why).toContain('read-only mode for maintenance');
    expect(why).toContain('`/reply` again to retry');
    expect(h.labels(n)).toEqual(labels);
    expect(h.comments(n).some((c) => parseCommentMarker(c.body)?.type === 'draft')).toBe(true);

    delete h.servers.fail.discourse;
    const retry = await h.comment(n, 'alice', '/reply');
    expect(retry.run.outputs.outcome).toBe('ok');
    expect(h.servers.posts.filter((p) => p.platform === 'discourse').map((p) => p.text)).toEqual([text]);
    expect(h.lastComment(n)).toMatch(
      /Replied on the forum: http:\/\/127\.0\.0\.1:\d+\/forum\/t\/export-fails-with-acmecloud\/501\/5/,
    );
  });
});
