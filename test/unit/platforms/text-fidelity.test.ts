/**
 * Every mention as the customer wrote it (issue #16, item 1): words in angle brackets and escaped
 * code survive the whole way from a recorded-shape payload through the adapter's parse() and
 * normalize(). Tags are stripped only from fields that are HTML, and never after decoding entities.
 */
import { describe, expect, it } from 'vitest';
import type { Mention } from '../../../src/mentions/mention.js';
import { cleanText, normalize } from '../../../src/mentions/normalize.js';
import { adapters } from '../../../src/platforms/index.js';
import { fixture } from '../../helpers/loopback.js';

const fetched = new Date('2026-11-23T00:00:00Z');

/** The fixture through its kind's parse() and normalize(), as runScan does. */
function mentions(kind: string, file: string, entry: Record<string, unknown> = {}): Mention[] {
  const adapter = adapters.find((a) => a.kind === kind);
  if (!adapter) throw new Error(`no adapter ${kind}`);
  const url = `https://fixtures.example/${file}`;
  const source = adapter.schema.parse({ id: kind, kind, url, ...entry });
  return adapter
    .parse({ body: fixture(`sources/${kind}/${file}`), url }, source)
    .map((item) => normalize(item, { sourceId: kind, sourceKind: kind, fetched }));
}

describe('plain fields stay as written (GitHub search, text+json bodies)', () => {
  const raw = JSON.parse(fixture('sources/github/search-issues-code.json').toString('utf8')) as {
    items: { title: string; body_text: string }[];
  };
  const filed = mentions('github', 'search-issues-code.json');

  it('every result keeps its title and body text intact', () => {
    expect(filed).toHaveLength(raw.items.length);
    const damaged = raw.items.filter(
      (r, i) => filed[i]!.title !== r.title || filed[i]!.text !== cleanText(r.body_text),
    );
    expect(damaged.map((r) => r.title)).toEqual([]);
  });

  it('keeps tracebacks, generics, quoted HTML, e-mail addresses and literal entities', () => {
    const all = filed.map((m) => `${m.title}\n${m.text}`).join('\n');
    for (const s of [
      'File "<stdin>", line 1, in <module>',
      'Unmanaged<AnyObject>!',
      '<div class="titlebox">',
      'std::map<std::string, AcmeClient*>',
      'Promise<Array<AcmeRecord>>',
      'Result<Option<Vec<u8>>, acme::Error>',
      'Terms &amp; Conditions (with the literal &amp;) and &lt;br&gt;',
      'acme export > out.json 2>&1 < /dev/null',
      'Lena Ortiz <lena@example.org>',
    ]) {
      expect(all).toContain(s);
    }
  });
});

describe('HTML fields: tags stripped, escaped code decoded once and kept', () => {
  it('Stack Exchange: the HTML-encoded title and owner name are decoded, the body code kept', () => {
    const [m] = mentions('stack-exchange', 'search-advanced-code.json');
    expect(m!.title).toBe('Unmanaged<AnyObject>! from AcmeKit callback is never released');
    expect(m!.author).toBe('Jörg & Co');
    expect(m!.text).toContain('let ctx: Unmanaged<AnyObject>! = acme_context_get(handle)');
    expect(m!.text).toContain('if a < b && c > d { ctx.release() }');
    expect(m!.text).toContain('The template uses <div class="titlebox"> too.');
    expect(m!.text).not.toContain('<p>');
  });

  it('Hacker News: a traceback in an escaped <pre><code> survives', () => {
    const [m] = mentions('hacker-news', 'search-by-date-code.json');
    expect(m!.text).toContain(`AcmeCloud's SDK still breaks in the REPL:`);
    expect(m!.text).toContain('File "<stdin>", line 1, in <module>');
    expect(m!.text).not.toMatch(/<\/?(?:p|pre|code|a)\b/);
  });

  it('Hacker News: a link HN shortened to its first characters reads as its full target', () => {
    const [m] = mentions('hacker-news', 'search-by-date-code.json');
    expect(m!.text).toContain('Details: https://github.com/acme-labs/acme-python/issues/57');
    expect(m!.text).not.toContain('issues...');
  });

  it('Mastodon: escaped markup in a status is text', () => {
    const [m] = mentions('mastodon', 'search-statuses-code.json');
    expect(m!.text).toContain('wraps widgets in <div class="titlebox"> and my theme breaks');
    expect(m!.text).toContain('Unmanaged<AnyObject>! is not the only leak');
    expect(m!.text).not.toContain('<span');
  });

  it('RSS: words in angle brackets in a title are text; inline markup is stripped; no second strip', () => {
    const [first, second] = mentions('rss', 'code-titles.xml');
    expect(first!.title).toBe('AcmeCloud SDK: File "<stdin>", line 1, in <module> on every upload');
    expect(first!.text).toContain('File "<stdin>", line 1, in <module>');
    expect(first!.text).toContain(`Our template's <div class="titlebox"> is fine.`);
    expect(second!.title).toBe('Why AcmeKit hands out Unmanaged<AnyObject>! everywhere');
    expect(second!.text).toContain('return Unmanaged<AnyObject>!, and a < b && c > d is how');
  });
});
