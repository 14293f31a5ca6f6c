import { describe, expect, it } from 'vitest';
import {
  cleanAuthor,
  stripPublisherSuffix,
  unwrapGoogleRedirect,
} from '../../../src/platforms/shared/feed/quirks.js';
import {
  cap,
  decodeEntities,
  htmlToText,
  nestingDepth,
  plainTitle,
  tidy,
} from '../../../src/platforms/shared/feed/text.js';

describe('htmlToText', () => {
  it('turns paragraphs into blank lines, list items and <br> into line breaks', () => {
    expect(htmlToText('<p>One</p><p>Two<br>Three</p><ul><li>a</li><li>b</li></ul>after')).toBe(
      'One\n\nTwo\nThree\n\na\nb\n\nafter',
    );
  });

  it('drops scripts, styles and comments, keeps image alt text', () => {
    expect(
      htmlToText('<style>p{}</style><p>Hi<script>alert(1)</script> <!-- x --><img alt="logo"> there</p>'),
    ).toBe('Hi logo there');
  });

  it('decodes entities once and collapses whitespace, but keeps the line breaks of <pre>', () => {
    expect(htmlToText('a&nbsp;&amp;amp;&#8217;   b\n\n c')).toBe('a &amp;’ b c');
    expect(htmlToText('<pre>x  =\n  1</pre>')).toBe('x =\n1');
  });

  it('separates table cells', () => {
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>')).toBe('a b\nc');
  });
});

describe('titles and entities', () => {
  it('flattens markup and double-escaped entities in titles', () => {
    expect(plainTitle('<b>Acme</b>  news')).toBe('Acme news');
    expect(plainTitle('Acme&#8217;s &amp;quot;plan&amp;quot;')).toBe('Acme’s "plan"');
    expect(plainTitle('5 < 6 & 7 > 3')).toBe('5 < 6 & 7 > 3');
    expect(plainTitle('AT&T\u0007 rallies')).toBe('AT&T rallies');
  });

  it('keeps words in angle brackets and never strips what decoding turned into a tag', () => {
    // RSS titles as they arrive from the XML reader (one level of entities already decoded)
    expect(plainTitle('File "<stdin>", line 1, in <module>')).toBe('File "<stdin>", line 1, in <module>');
    expect(plainTitle('Why is Unmanaged<AnyObject>! <em>leaking</em>?')).toBe(
      'Why is Unmanaged<AnyObject>! leaking?',
    );
    expect(plainTitle('Styling <div class="titlebox"> in AcmeCMS')).toBe(
      'Styling <div class="titlebox"> in AcmeCMS',
    );
    // double-escaped: decoded twice, the second time as text only
    expect(plainTitle('Unmanaged&lt;AnyObject&gt;! &amp;lt;b&amp;gt;')).toBe('Unmanaged<AnyObject>! <b>');
  });

  it('decodes XML and HTML named entities with a semicolon only, never custom ones', () => {
    expect(decodeEntities('&lt;&eacute;&hellip;&#x41;&lol; &copy x')).toBe('<é…A&lol; &copy x');
  });

  it('tidies whitespace and control characters', () => {
    expect(tidy(' a \t b \r\n\r\n\r\n\r\nc\u0000 ')).toBe('a b\n\nc');
  });

  it('caps long text on a word boundary', () => {
    expect(cap('one two three four', 12)).toBe('one two…');
    expect(cap('short', 12)).toBe('short');
  });
});

describe('publisher quirks', () => {
  it('unwraps Google redirect links, and only those', () => {
    expect(
      unwrapGoogleRedirect(
        'https://www.google.com/url?rct=j&sa=t&url=https://example.com/a%3Fb%3D1&ct=ga&cd=CAIy&usg=AOvVaw',
      ),
    ).toBe('https://example.com/a?b=1');
    expect(unwrapGoogleRedirect('https://www.google.co.uk/url?q=https://example.org/x&sa=U')).toBe(
      'https://example.org/x',
    );
    expect(unwrapGoogleRedirect('https://www.google.com/url?url=javascript:alert(1)')).toBe(
      'https://www.google.com/url?url=javascript:alert(1)',
    );
    expect(unwrapGoogleRedirect('https://evil.example/url?url=https://x.example')).toBe(
      'https://evil.example/url?url=https://x.example',
    );
    expect(unwrapGoogleRedirect('https://www.google.com/search?q=acme')).toBe(
      'https://www.google.com/search?q=acme',
    );
  });

  it('reads display names out of author fields', () => {
    expect(cleanAuthor('jane@example.com (Jane Doe)')).toBe('Jane Doe');
    expect(cleanAuthor('Jane Doe (jane@example.com)')).toBe('Jane Doe');
    expect(cleanAuthor('Jane Doe <jane@example.com>')).toBe('Jane Doe');
    expect(cleanAuthor('noreply@blogger.com')).toBe('noreply');
    expect(cleanAuthor('/u/someone')).toBe('u/someone');
    expect(cleanAuthor('  ')).toBeUndefined();
  });

  it('drops a " - Publisher" suffix only when it names the publisher', () => {
    expect(stripPublisherSuffix('Acme wins - The Daily', 'The Daily')).toBe('Acme wins');
    expect(stripPublisherSuffix('Acme wins - The Daily', 'Other')).toBe('Acme wins - The Daily');
    expect(stripPublisherSuffix('The Daily', 'The Daily')).toBe('The Daily');
  });
});

describe('bounded work on hostile strings', () => {
  it('reads a huge junk author field quickly', () => {
    const start = performance.now();
    cleanAuthor(`a@${'.'.repeat(200_000)} x`);
    expect(performance.now() - start).toBeLessThan(200);
  });
});

describe('nestingDepth', () => {
  it('counts like the parsers: a close tag pops what was left open above it', () => {
    const xml = '<rss><channel><item><description><p>a<p>b<br></description></item><item/></channel></rss>';
    expect(nestingDepth(xml, { html: false, limit: 100 })).toBe(7);
    expect(nestingDepth('<div><br><img src=x><p>a</p></div>', { html: true, limit: 100 })).toBe(2);
    expect(
      nestingDepth('<!-- <a><b><c> --><![CDATA[<x><y>]]><?pi <z>?><a/>', { html: false, limit: 100 }),
    ).toBe(0);
  });

  it('stops counting past the limit', () => {
    expect(nestingDepth('<b>'.repeat(100_000), { html: false, limit: 10 })).toBe(11);
  });

  it('lets htmlToText flatten absurdly nested HTML without parsing it', () => {
    const start = performance.now();
    expect(htmlToText(`${'<div>'.repeat(50_000)}bottom &amp; end`)).toBe('bottom & end');
    expect(performance.now() - start).toBeLessThan(500);
  });
});
