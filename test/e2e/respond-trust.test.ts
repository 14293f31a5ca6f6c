/**
 * The respond path's trust gaps (issue #16), end to end through the bundled action against the
 * GitHub emulator and the local reply servers:
 * - a reply platform echoing a bearer token in its error (its session token, or the configured
 *   credential, cut near the 300-character limit) leaves no part of it in the issue comment, the
 *   log, the outputs or the job summary;
 * - the private /followup record and the "Replied on …" line show untrusted URLs only through the
 *   neutralizer (no ping, image, HTML or reference forms; a link that cannot be made safe is not
 *   shown);
 * - closing an issue a writer linked, by someone without write access, drafts nothing and pings no one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommentMarker } from '../../src/respond/markers.js';
import { withoutMaskCommands } from '../helpers/run-action.js';
import { type BotTextAllowance, botTextProblems } from '../unit/hardening/bot-text-checker.js';
import { type Harness, ok, startHarness } from '../unit/respond/e2e-harness.js';
import { ENV } from '../unit/respond/helpers.js';

const SESSION = (
  JSON.parse(
    readFileSync(new URL('../fixtures/publishers/bluesky/create-session.json', import.meta.url), 'utf8'),
  ) as {
    accessJwt: string;
  }
).accessJwt;
const HOSTILE_URL =
  'https://x.example/a @acme/security-team ![x](https://t.example/p.gif) <img src=https://t.example/q.gif> #1';

/** Every 8-character piece of a secret (what a cut message would keep). */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8));
  return out;
}

describe('respond trust gaps through the bundled action', () => {
  let h: Harness;
  const allow = (refs: string[]): BotTextAllowance => ({
    logins: new Set(['alice', 'carol']),
    refs: new Set(refs),
    linkTexts: new Set(['the approved draft', 'the draft']),
    tags: new Set(),
  });
  beforeAll(async () => {
    h = await startHarness('respond:\n  followupRepo: acme/followups\n');
    h.emulator.seed({ repo: 'acme/followups', private: true });
  });
  afterAll(async () => {
    await h.close_();
  });

  it('a platform echoing its bearer token in an error: no part of it reaches the comment, log, outputs or summary', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      // the session token the publisher obtained a moment ago, straddling the 300-character cut
      ['bluesky', SESSION, { error: 'InvalidToken', message: `${'x'.repeat(270)} got "Bearer ${SESSION}"` }],
      // the configured credential itself
      [
        'mastodon',
        ENV.MASTO_TOKEN,
        { error: `The access token is invalid: got "Bearer ${ENV.MASTO_TOKEN}"` },
      ],
    ];
    for (const [kind, secret, body] of cases) {
      const n = h.mention(kind);
      h.approvedDraft(n, kind, `Thanks for telling us about AcmeCloud on ${kind}. — the Acme team`);
      h.servers.fail[kind as 'bluesky' | 'mastodon'] = { status: 401, body };
      const r = await h.comment(n, 'alice', '/reply');
      delete h.servers.fail[kind as 'bluesky' | 'mastodon'];
      expect(ok(r.run)).toBe('');
      expect(r.run.outputs).toMatchObject({ command: 'reply', outcome: 'failed' });
      const comment = h.lastComment(n);
      expect(parseCommentMarker(comment)?.type).toBe('publish-failed');
      expect(comment).toContain('HTTP 401');
      expect(comment).toContain('Bearer …');
      const everything = [
        ...h.comments(n).map((c) => c.body),
        withoutMaskCommands(r.run.stdout),
        r.run.stderr,
        JSON.stringify(r.run.outputs),
        r.run.summary,
      ].join('\n');
      for (const piece of pieces(secret)) expect(everything, `${kind}: ${piece}`).not.toContain(piece);
      // and the runner is told to mask the configured credential's pieces too
      if (kind === 'mastodon')
        for (const piece of pieces(secret)) expect(r.run.stdout).toContain(`::add-mask::${piece}`);
    }
  });

  it('the private /followup record quotes a hostile mention URL only through the neutralizer', async () => {
    const n = h.mention('mastodon', { url: HOSTILE_URL });
    const r = await h.comment(n, 'alice', '/followup called them, refund issued');
    expect(r.run.outputs).toMatchObject({ command: 'followup', outcome: 'ok' });
    const records = h.emulator.as('alice', 'GET', '/repos/acme/followups/issues').body as { body: string }[];
    const record = records.at(-1)?.body ?? '';
    expect(record).toContain('refund issued');
    expect(record).toContain('https://x.example/a%20@acme/security-team');
    expect(botTextProblems(record, allow([]))).toEqual([]);
    expect(botTextProblems(h.lastComment(n), allow([]))).toEqual([]);
  });

  it('"Replied on …" never falls back to a raw platform URL', async () => {
    const n = h.mention('mastodon');
    h.approvedDraft(n, 'mastodon', 'Thanks for telling us about AcmeCloud. — the Acme team');
    // the platform answers 200 with a status whose url is not a plain http(s) link
    h.servers.fail.mastodon = {
      status: 200,
      body: {
        id: '1',
        uri: 'https://mastodon.social/users/acme/statuses/1',
        url: `javascript:alert(1)//${HOSTILE_URL}`,
      },
    };
    const r = await h.comment(n, 'alice', '/reply');
    delete h.servers.fail.mastodon;
    expect(r.run.outputs).toMatchObject({ command: 'reply', outcome: 'ok' });
    const comment = h.lastComment(n);
    expect(comment).toContain('Replied on Mastodon (the platform');
    expect(comment).not.toContain('javascript:');
    expect(botTextProblems(comment, allow([]))).toEqual([]);
  });

  it('closing an issue a writer linked, by someone without write access, drafts nothing and pings no one', async () => {
    const n = h.mention('mastodon');
    h.emulator.as('alice', 'POST', `/repos/acme/mentions/issues/${n}/assignees`, { assignees: ['carol'] });
    const own = h.emulator.seed({ issues: [{ title: 'My own report', body: 'opened by bob', user: 'bob' }] })
      .issues[0]!;
    await h.comment(n, 'alice', `/link #${own}`);
    const before = h.comments(n).length;
    const closed = await h.close(own, 'bob', 'completed');
    expect(ok(closed)).toBe('');
    expect(closed.outputs.outcome).toBe('refused');
    expect(h.comments(n)).toHaveLength(before);
    expect(h.labels(n)).not.toContain('status:drafted');
    // the same close by a writer drafts the follow-up
    const byWriter = await h.close(own, 'dev', 'completed');
    expect(byWriter.outputs).toMatchObject({ command: 'fixed', outcome: 'ok' });
    expect(h.lastComment(n)).toContain('@carol');
  });
});
