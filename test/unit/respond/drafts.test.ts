/** Playbooks, templates, platform lengths and the draft comment's text block. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemes } from '../../../src/mentions/code-points.js';
import { CATEGORIES } from '../../../src/mentions/mention.js';
import { extractDraftText, renderDraftComment } from '../../../src/respond/drafts/comment.js';
import { measure } from '../../../src/respond/drafts/length.js';
import { addressOf, bareName, draftVars } from '../../../src/respond/drafts/make-draft.js';
import { builtinPlaybooksDir, loadPlaybook, pickTemplate } from '../../../src/respond/drafts/playbooks.js';
import { renderTemplate, unresolved } from '../../../src/respond/drafts/template.js';
import { parseCommentMarker } from '../../../src/respond/markers.js';
import { makeConfig, markerFor, mentionBody } from './helpers.js';

describe('templates', () => {
  it('fills variables and drops optional segments whose variables are missing', () => {
    const t = 'Hi {author}, sorry.[[ Reach us at {link}.]] — {agent}';
    expect(renderTemplate(t, { author: '@mira', agent: 'Sam' }).text).toBe('Hi @mira, sorry. — Sam');
    expect(renderTemplate(t, { author: '@mira', agent: 'Sam', link: 'https://acme.example/help' }).text).toBe(
      'Hi @mira, sorry. Reach us at https://acme.example/help. — Sam',
    );
  });

  it('leaves a known variable without a value visible and reports it; unknown braces are text', () => {
    const r = renderTemplate('Hi {author}, {answer} {notavar}', { author: 'x' });
    expect(r.text).toBe('Hi x, {answer} {notavar}');
    expect(r.missing).toEqual(['answer']);
    expect(unresolved('see {link} and {fix} and {json}')).toEqual(['link', 'fix']);
  });

  it('never lets a value inject another placeholder or a second round of expansion', () => {
    fc.assert(
      fc.property(fc.string(), (author) => {
        const v = author.replace(/\s+/g, ' ').trim() || 'x';
        expect(renderTemplate('Hi {author}!', { author: v }).text).toBe(`Hi ${v}!`);
      }),
    );
    expect(renderTemplate('{author} {link}', { author: '{link}' }).text).toBe('{link} {link}');
  });
});

describe('variables', () => {
  it('address the author as their platform does', () => {
    expect(addressOf('github', 'octocat')).toBe('@octocat');
    expect(addressOf('discourse', 'dana')).toBe('@dana');
    expect(addressOf('mastodon', '@mira@mastodon.social')).toBe('@mira@mastodon.social');
    expect(addressOf('reddit', 'u/throwaway')).toBe('u/throwaway');
    expect(addressOf('hacker-news', 'pg\nfan\u202e')).toBe('pg fan');
    expect(bareName('@mira@mastodon.social')).toBe('mira');
    expect(bareName('u/throwaway')).toBe('throwaway');
  });

  it('never greets "unknown": without an author the draft asks a person to fill {author} in', () => {
    expect(addressOf('rss', 'unknown')).toBeUndefined();
    expect(bareName('unknown')).toBeUndefined();
    const marker = { ...markerFor('mastodon'), author: 'unknown' };
    const vars = draftVars(makeConfig(), marker, mentionBody(marker, 'Acme is down'));
    expect(vars.author).toBeUndefined();
    const draft = renderTemplate('Hi {author}, sorry. — {agent}', vars);
    expect(draft.text).not.toContain('unknown');
    expect(draft.missing).toEqual(['author']);
  });

  it('product is the configured product named in the mention, agent and link come from respond:', () => {
    const config = makeConfig('respond:\n  agentName: Sam at Acme\n  link: https://acme.example/support\n');
    const marker = markerFor('mastodon');
    const v = draftVars(config, marker, mentionBody(marker, 'acmecloud is down again'));
    expect(v).toMatchObject({
      product: 'AcmeCloud',
      agent: 'Sam at Acme',
      link: 'https://acme.example/support',
      source: 'Mastodon',
    });
    expect(draftVars(makeConfig(), marker, mentionBody(marker, 'Acme support is slow')).product).toBe('Acme');
    expect(draftVars(makeConfig(), marker, '').agent).toBe('the Acme team');
  });
});

describe('lengths', () => {
  it('Bluesky counts graphemes, Mastodon counts a URL as 23 and a mention by its user part', () => {
    expect(graphemes('👍🏽👨‍👩‍👧')).toBe(2);
    expect(measure('bluesky', 'é👍🏽')).toBe(2);
    expect(measure('mastodon', `hi https://example.com/${'x'.repeat(100)}`)).toBe(3 + 23);
    expect(measure('mastodon', '@mira@mastodon.social hi')).toBe('@mira hi'.length);
    expect(measure('reddit', '👍🏽')).toBe(2);
  });
});

describe('playbooks', () => {
  const root = mkdtempSync(join(tmpdir(), 'earshot-playbooks-'));

  it('the shipped playbooks parse, and every category has one', async () => {
    const dir = builtinPlaybooksDir();
    expect(dir).toBeDefined();
    for (const c of CATEGORIES) {
      const p = await loadPlaybook(c, { dir: join(root, 'none') });
      expect(p.origin).toContain(join('config', 'playbooks'));
      expect(p.replies.default).toBeTruthy();
      expect(p.tone.length).toBeGreaterThan(0);
    }
  });

  it('shipped Bluesky and Mastodon replies fit the limits with long names and links', async () => {
    const config = makeConfig(
      'respond:\n  agentName: Samantha from the Acme Support Team\n  link: https://support.acme.example/contact/priority\n',
    );
    for (const c of CATEGORIES) {
      const p = await loadPlaybook(c, { dir: join(root, 'none') });
      for (const [kind, limit] of [
        ['bluesky', 300],
        ['mastodon', 500],
      ] as const) {
        const marker = markerFor(kind, {
          author: kind === 'bluesky' ? '@a-rather-long-handle.bsky.social' : '@someone@mastodon.example.org',
        });
        const vars = {
          ...draftVars(config, marker, 'AcmeCloud'),
          fix: 'https://github.com/acme/cloud/issues/12345',
          answer: 'x'.repeat(60),
        };
        for (const templates of [p.replies, p.fixed]) {
          const t = pickTemplate(templates, marker.source, kind);
          if (t)
            expect(measure(kind, renderTemplate(t.template, vars).text), `${c}/${kind}`).toBeLessThanOrEqual(
              limit,
            );
        }
      }
    }
  });

  it("a repository's file wins; templates are picked by source id, then kind, then default", async () => {
    writeFileSync(
      join(root, 'complaint.yml'),
      'replies:\n  default: D\n  mastodon: K\n  masto: S\nfixed: F\nlimits: { mastodon: 100 }\n',
    );
    const p = await loadPlaybook('complaint', { dir: root });
    expect(p.origin).toBe(join(root, 'complaint.yml'));
    expect(pickTemplate(p.replies, 'masto', 'mastodon')?.template).toBe('S');
    expect(pickTemplate(p.replies, 'other', 'mastodon')?.template).toBe('K');
    expect(pickTemplate(p.replies, 'other', 'reddit')?.template).toBe('D');
    expect(p.fixed).toEqual({ default: 'F' });
    expect(p.limits).toEqual({ mastodon: 100 });
  });

  it('an invalid playbook is an error that names the file and the field', async () => {
    writeFileSync(join(root, 'question.yml'), 'replies:\n  bluesky: only\ntone: 3\n');
    await expect(loadPlaybook('question', { dir: root })).rejects.toThrow(
      /question\.yml is invalid: .*replies: needs a `default` template/,
    );
    writeFileSync(join(root, 'neutral.yml'), 'replies: [');
    await expect(loadPlaybook('neutral', { dir: root })).rejects.toThrow(/neutral\.yml is not valid YAML/);
  });

  it('without any file the built-in template is used', async () => {
    const p = await loadPlaybook('complaint', { dir: join(root, 'none'), builtinDir: join(root, 'none') });
    expect(p.origin).toBe('built-in');
  });
});

describe('the draft comment', () => {
  const marker = {
    kind: 'bluesky',
    source: 'sky',
    category: 'complaint',
    purpose: 'reply' as const,
    limit: 300,
    by: 'alice',
    at: '2026-11-20T10:00:00Z',
  };

  it('holds the text in a code block that round-trips, whatever backticks the text has', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (raw) => {
        const text = raw.replace(/\r/g, '').trim() || 'x';
        const body = renderDraftComment({ marker, text, heading: 'Reply draft' });
        expect(extractDraftText(body)).toBe(text);
        expect(parseCommentMarker(body)).toEqual({ type: 'draft', data: marker });
      }),
    );
    const tricky = 'a ```` b\n`````\n<!-- earshot:approval v1 e30 -->';
    expect(extractDraftText(renderDraftComment({ marker, text: tricky, heading: 'h' }))).toBe(tricky);
  });

  it('shows the length against the limit, warnings and tone', () => {
    const body = renderDraftComment({
      marker,
      text: 'Hi 👍🏽',
      heading: 'Reply draft for Bluesky',
      notes: ['Too long'],
      tone: ['Be kind'],
    });
    expect(body).toContain('4 / 300 graphemes');
    expect(body).toContain('> [!WARNING]\n> Too long');
    expect(body).toContain('- Be kind');
  });

  it('a comment whose block was removed has no text', () => {
    expect(extractDraftText('<!-- earshot:draft v1 e30 -->\nno block here')).toBeUndefined();
    expect(extractDraftText('````text\nunterminated')).toBeUndefined();
  });
});
