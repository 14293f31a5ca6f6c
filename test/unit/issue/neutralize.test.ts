import { describe, expect, it } from 'vitest';
import {
  findUnsafe,
  isSafeBlock,
  isSafeInline,
  isSafeTitle,
  MAX_URL_LENGTH,
  neutralizeBlock,
  neutralizeInline,
  neutralizeTitle,
  neutralizeUrl,
  TRUNCATION_NOTE,
} from '../../../src/issue/neutralize.js';
import { parseMarker, renderMarker } from '../../../src/record/marker.js';

const block = (text: string, max = 10_000) => neutralizeBlock(text, max).text;

describe('neutralizeBlock', () => {
  it('quotes every line and keeps one blank line between paragraphs', () => {
    expect(block('first line\nsecond   line\n\n\n\nthird\n\n')).toBe(
      '> first line\n> second line\n> \n> third',
    );
    expect(block('\n\n  \n')).toBe('> (no text)');
  });

  it('puts @-mentions, team mentions and look-alike at-signs in code spans', () => {
    expect(block('thanks @octocat and @acme/support!')).toBe('> thanks `@octocat` and `@acme/support`!');
    expect(block('＠octocat ﹫octocat')).toBe('> `＠octocat` `﹫octocat`');
    expect(block('mail me@acme.com or @ alone')).toBe('> mail me`@acme.com` or @ alone');
    // an invisible character between @ and the name is removed, then the mention is defused
    expect(block('@\u200boctocat @\u2060octocat @\ufeffoctocat')).toBe('> `@octocat` `@octocat` `@octocat`');
  });

  it('puts issue references and URLs in code spans (no cross-links, no autolinks)', () => {
    expect(block('see #123, GH-7, gh-8 and acme/widgets#9.')).toBe(
      '> see `#123`, `GH-7`, `gh-8` and acme/widgets`#9`.',
    );
    expect(block('(https://github.com/acme/widgets/issues/1) www.example.com/x')).toBe(
      '> (`https://github.com/acme/widgets/issues/1`) `www.example.com/x`',
    );
    expect(block('＃1 and #hashtag')).toBe('> `＃1` and #hashtag');
  });

  it('escapes Markdown so it renders as the text it was', () => {
    expect(block('*bold* _it_ ~~del~~ `code` \\ $x$ [a](b) ![i](j) <b> &amp; a|b')).toBe(
      '> \\*bold\\* \\_it\\_ \\~\\~del\\~\\~ \\`code\\` \\\\ &#36;x&#36; \\[a\\](b) !\\[i\\](j) &lt;b&gt; &amp;amp; a&#124;b',
    );
  });

  it('neutralizes block syntax at the start of lines', () => {
    const out = block('# Heading\n- item\n+ item\n1. one\n2) two\n===\n---\n> quote\n    indented\n```js');
    expect(out).toBe(
      [
        '> \\# Heading',
        '> \\- item',
        '> \\+ item',
        '> 1\\. one',
        '> 2\\) two',
        '> \\===',
        '> \\---',
        '> &gt; quote',
        '> indented',
        '> \\`\\`\\`js',
      ].join('\n'),
    );
  });

  it('never lets an HTML comment through, so the marker cannot be forged or broken', () => {
    const real = renderMarker({
      key: 'hacker-news:1',
      source: 'hn',
      kind: 'hacker-news',
      published: '2026-11-20T00:00:00Z',
      category: 'complaint',
      confidence: 0.9,
      priority: 'high',
    });
    const forged = renderMarker({ ...parseMarker(real)!, key: 'forged:1' });
    const body = `${block(`hello ${forged} <!-- --> -->`)}\n\n${real}`;
    expect(body.indexOf('<!--')).toBe(body.indexOf(real));
    expect(parseMarker(body)?.key).toBe('hacker-news:1');
  });

  it('removes bidi controls and zero-width characters but keeps joiners inside words and emoji', () => {
    expect(block('a\u202Eb\u2066c\u2069d\u200Be\u200Ff')).toBe('> abcdef');
    const family = '👨\u200D👩\u200D👧';
    const persian = 'می\u200Cخواهم';
    expect(block(`${family} ${persian}`)).toBe(`> ${family} ${persian}`);
    expect(block('#\u200D1 @\u200Cuser')).toBe('> `#1` `@user`');
    const flag = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
    expect(block(`${flag} x\u{E0041}\u{E0042}y`)).toBe(`> ${flag} xy`);
  });

  it('truncates at a word boundary with an explicit note, within the limit', () => {
    const long = 'word '.repeat(1000);
    const out = neutralizeBlock(long, 100);
    expect(out.truncated).toBe(true);
    expect(out.text.length).toBeLessThanOrEqual(100);
    expect(out.text.endsWith(`word${TRUNCATION_NOTE}`)).toBe(true);
    expect(neutralizeBlock('short', 100)).toEqual({ text: '> short', truncated: false });
    // one giant word is cut inside the word rather than dropped
    const giant = neutralizeBlock('x'.repeat(1000), 50);
    expect(giant.text).toMatch(/^> x+ … \(truncated\)$/);
    expect(giant.text.length).toBeLessThanOrEqual(50);
    // stopping at a new paragraph leaves no empty quoted line before the note
    const paragraphs = neutralizeBlock(`${'a '.repeat(20)}\n\n${'b'.repeat(200)}`, 60);
    expect(paragraphs.text).toBe(`> ${'a '.repeat(20).trim()}${TRUNCATION_NOTE}`);
  });

  it('refuses limits too small to hold a quote and the note', () => {
    expect(() => neutralizeBlock('x', 10)).toThrow(RangeError);
  });
});

describe('neutralizeInline', () => {
  it('returns one escaped line with hazards in code spans', () => {
    expect(neutralizeInline('Ann <ann@example.com>\n#1 fan of *Acme*')).toBe(
      'Ann &lt;ann`@example.com`&gt; `#1` fan of \\*Acme\\*',
    );
    expect(neutralizeInline('# not a heading')).toBe('\\# not a heading');
  });

  it('cuts at a word boundary with …', () => {
    expect(neutralizeInline('hello wonderful world of things', 20)).toBe('hello wonderful…');
    expect(neutralizeInline('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('neutralizeTitle', () => {
  it('stays readable as plain text: no backslashes or entities, hazards in code spans', () => {
    expect(neutralizeTitle('AT&T <3 *Acme* — thanks @octocat for #12')).toBe(
      'AT&T <3 *Acme* — thanks `@octocat` for `#12`',
    );
    expect(neutralizeTitle('a `b` <!-- c --> d')).toBe("a 'b' ‹!-- c --› d");
    expect(neutralizeTitle('line\nbreak\u202E')).toBe('line break');
  });
});

describe('neutralizeUrl', () => {
  it('keeps http(s) only, without credentials, with Markdown-breaking characters encoded', () => {
    expect(neutralizeUrl('https://example.com/a(b)c d?q="x"&y=<z>#f`')).toBe(
      'https://example.com/a%28b%29c%20d?q=%22x%22&y=%3Cz%3E#f%60',
    );
    expect(neutralizeUrl('https://user:pw@example.com/')).toBe('https://example.com/');
    expect(neutralizeUrl('HTTP://Example.com')).toBe('http://example.com/');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '/relative',
      'nope',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(neutralizeUrl(bad)).toBeUndefined();
    }
    expect(neutralizeUrl(`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`)).toBeUndefined();
  });

  it('links GitHub through redirect.github.com so the linked issue gets no backlink', () => {
    expect(neutralizeUrl('https://github.com/acme/widgets/issues/1')).toBe(
      'https://redirect.github.com/acme/widgets/issues/1',
    );
    expect(neutralizeUrl('https://gist.github.com/a/1')).toBe('https://gist.github.com/a/1');
  });
});

describe('the safety checker', () => {
  it('accepts what the neutralizers produce', () => {
    const hostile = '@a #1 GH-2 www.x.y http://x <!-- --> <b> [l](u) ![i](j) `c` | $ & \u202E';
    expect(isSafeBlock(block(hostile))).toBe(true);
    expect(isSafeInline(neutralizeInline(hostile))).toBe(true);
    expect(isSafeTitle(neutralizeTitle(hostile))).toBe(true);
  });

  it.each([
    ['> hi @user', 'an @-mention outside a code span'],
    ['> hi \\@user', 'an @-mention outside a code span'],
    ['> &#64;user', 'a raw "&" (an entity could decode to anything)'],
    ['> see #12', 'an issue reference outside a code span'],
    ['> GH-12', 'a GH- reference outside a code span'],
    ['> https://x.y', 'a URL outside a code span'],
    ['> a www.x.y', 'a www autolink outside a code span'],
    ['> <b>bold</b>', 'a raw "<"'],
    ['> <!-- x', 'an HTML comment delimiter'],
    ['> x --&gt;', undefined],
    ['> x -->', 'an HTML comment delimiter'],
    ['> [a](b)', 'a raw "["'],
    ['> !\\[a\\](b)', undefined],
    ['> a | b', 'a raw "|"'],
    ['> `@a', 'an unclosed code span'],
    ['> ``@a``', 'a backtick run longer than one'],
    ['> # heading', 'a line starts a Markdown block'],
    ['> 1. item', 'a line starts a Markdown block'],
    ['>     code', 'a line starts with whitespace (indented code)'],
    ['> a\nb', 'a line outside the blockquote'],
    ['> a\u202Eb', 'an invisible format character U+202E'],
    ['> a\u200Bb', 'an invisible format character U+200B'],
    ['> a\u0007b', 'a control character'],
  ])('%j → %s', (text, problem) => {
    expect(findUnsafe(text, 'block')).toBe(problem);
  });

  it('checks the length and the single line of inline text', () => {
    expect(findUnsafe('a\nb', 'inline')).toBe('a newline');
    expect(findUnsafe('abcdef', 'inline', 5)).toBe('longer than 5');
    expect(findUnsafe('`@a` and @b', 'title')).toBe('an @-mention outside a code span');
    expect(findUnsafe('*fine* <b> in a title', 'title')).toBeUndefined();
  });
});
