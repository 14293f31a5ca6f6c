/**
 * Every string the bot writes in respond mode, not only the mention issue (issue #16): drafts (and
 * why a draft was not polished),
 * approvals, replies (published, failed, recorded by hand, "already replied"), private follow-up
 * records, the closing summary and refusals — built from hostile mention links and authors,
 * hostile reply URLs and error texts from the platform, and hostile notes — are checked by an
 * independent checker (bot-text-checker.ts): no ping, reference, link, image, HTML or forged
 * marker forms, and no credential (nor a fragment of one) appears.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Publisher } from '../../../src/platforms/publisher.js';
import { PublishError } from '../../../src/platforms/publisher.js';
import { runCommand } from '../../../src/respond.js';
import { addMention, commentEvent, ENV, makeConfig, makeDeps } from '../respond/helpers.js';
import { MemoryPort } from '../respond/memory-port.js';
import { hostileText } from './arbitraries.js';
import { type BotTextAllowance, botTextProblems } from './bot-text-checker.js';

const RUNS = Math.max(300, Number(process.env.EARSHOT_PROPERTY_RUNS) || 0);

/** A platform's session token: in no environment variable, so only its shape can give it away. */
const SESSION = 'eyJhbGciOiJIUzI1NiJ9.Zx8Qm2Lp7VtR4sWk9Yc3.Ma5Tq8ZxW3nK7pLr2vYb9cD4fGh6jS1uE0oI';
const SECRETS = [...Object.values(ENV).filter((v) => v.length >= 12), SESSION];

const url = fc.oneof(
  hostileText(12),
  hostileText(12).map((t) => `https://x.example/${t}`),
  hostileText(12).map((t) => `https://${t}`),
  fc.constantFrom(
    'https://x.example/a @acme/security-team ![x](https://t.example/p.gif) <img src=https://t.example/q.gif> #1',
    'javascript:alert(1)',
    'https://github.com/acme/earshot/issues/1',
  ),
);
const errorText = fc
  .tuple(hostileText(20), fc.constantFrom(...SECRETS), fc.nat(220))
  .map(([t, secret, pad]) => `${'e'.repeat(pad)} ${t} got "Bearer ${secret}" ${t}`);

const config = makeConfig('respond:\n  followupRepo: acme/followups\n');
const allow: BotTextAllowance = {
  logins: new Set(['alice']),
  refs: new Set(['#501', '#502', 'acme/followups#1']),
  linkTexts: new Set(['the approved draft', 'the draft']),
  tags: new Set(['<details>', '</details>', '<summary>', '</summary>']),
};

function fakeMastodon(replyUrl: string, error: string): Publisher {
  let calls = 0;
  return {
    kind: 'mastodon',
    title: 'Mastodon',
    credentials: [],
    check: () => undefined,
    publish: async () => {
      calls++;
      if (calls === 1) throw new PublishError(`Mastodon answered HTTP 401 to posting the reply: "${error}"`);
      return { url: replyUrl };
    },
  };
}

describe('what the bot writes in respond mode, from hostile input', () => {
  it('never pings, references, links, loads an image, injects HTML, forges a marker or leaks a credential', async () => {
    await fc.assert(
      fc.asyncProperty(
        url,
        hostileText(20),
        url,
        errorText,
        hostileText(30),
        url,
        async (mentionUrl, author, replyUrl, error, note, doneLink) => {
          const port = new MemoryPort();
          port.permissions = { alice: 'write' };
          port.other.set('acme/followups', {
            fullName: 'acme/followups',
            private: true,
            url: 'https://github.example/acme/followups',
            issues: [],
          });
          addMention(port, 501, 'mastodon', { url: mentionUrl, author });
          addMention(port, 502, 'hacker-news', { url: mentionUrl, author });
          const deps = makeDeps(port, {
            config,
            publishers: new Map([['mastodon', fakeMastodon(replyUrl, error)]]),
            // a model server whose error quotes hostile text and a token: the draft notes say why
            llm: {
              model: 'test-model',
              complete: async () => {
                throw new Error(`model server answered 401: ${error}`);
              },
            },
          });
          const say = (n: number, body: string) => runCommand(deps, commentEvent(port, n, body));
          await say(501, '/draft');
          await say(501, '/approve');
          await say(501, '/reply'); // fails with the platform's error
          await say(501, '/reply'); // published
          await say(501, '/reply'); // already replied
          await say(501, `/followup ${note}`);
          await say(501, `/dismiss ${note}`);
          await say(502, '/draft');
          await say(502, '/approve');
          await say(502, '/reply'); // copy-ready text and the reply link
          await say(502, `/reply --done ${doneLink}`);
          await say(
            502,
            `/reply --done https://news.example/${encodeURIComponent(note.replace(/[\uD800-\uDFFF]/g, ''))}`,
          );
          const written = [
            ...[501, 502].flatMap((n) => port.comments(n).filter((c) => c.user.type === 'Bot')),
            ...(port.other.get('acme/followups')?.issues ?? []),
          ].map((c) => c.body);
          for (const body of written) {
            const problems = botTextProblems(body, allow);
            expect(problems, body).toEqual([]);
            for (const secret of SECRETS)
              for (let i = 0; i + 8 <= secret.length; i++)
                expect(body, secret).not.toContain(secret.slice(i, i + 8));
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
