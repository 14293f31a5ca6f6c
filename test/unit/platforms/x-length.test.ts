/**
 * X's weighted length against twitter-text's conformance cases (conformance/validate.yml,
 * WeightedTweetsWithDiscountedEmojiCounterTest: the v3 configuration X uses), rebuilt here, and the
 * 280 limit the X platform declares.
 */
import { describe, expect, it } from 'vitest';
import { urlRanges, xLength } from '../../../src/platforms/x/length.js';
import { measure, unitFor } from '../../../src/respond/drafts/length.js';

const x10 = 'xxxxxxxxxx-';
const cjk160 =
  '故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。';
const family = '👨‍👩‍👧‍👦';
const hiragana = 'あいうえおかきくけこ';
const longLabel = 'somesuperlongurl'.repeat(249);

describe('xLength (twitter-text v3 conformance)', () => {
  const cases: [string, string, number][] = [
    ['a URL counts 23', 'Hi http://test.co', 26],
    ['just a URL', 'http://test.co', 23],
    ['285 Latin characters', `285 chars-${x10.repeat(25)}`, 285],
    ['a URL in the middle', `285 chars- http://www.twitter.com/jack ${x10.repeat(24)}`, 299],
    ['a URL at the end', `${x10.repeat(24)} http://www.twitter.com/jack `, 289],
    ['ten URLs', 'https://www.twitter.com/aloha '.repeat(10), 240],
    ['160 CJK characters count 2 each', cjk160, 320],
    ['160 emoji count 2 each', '😷'.repeat(160), 320],
    ['3 Latin + 160 CJK', `the${cjk160}`, 323],
    ['NFC: a decomposed Á counts once', `282 chars-${x10.repeat(24)}xxxxxA\u0301x`, 281],
    ['a ZWJ family, a BMP emoji and a cat', `H🐱☺${family}`, 7],
    ['BMP emoji', '😷👾😡🔥💩', 10],
    ['skin tones and ZWJ sequences count once', '🙋🏽👨‍🎤', 4],
    [
      'general punctuation U+2000–U+200A counts 1, U+200B 2',
      'This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷',
      110,
    ],
    [
      'URLs with labels over 63 characters are text; a valid one counts 23',
      `Long url with invalid domain labels and a short url: https://${longLabel}.com/foo https://${longLabel}.com/foo https://${longLabel}.com/foo https://validurl.com`,
      12079,
    ],
    ['a 64-character label without a scheme is text', `${'randomurl'.repeat(7)}s.com`, 68],
    [
      'a CJK host over 63 punycode characters is text',
      `${hiragana.repeat(12)} http://${hiragana.repeat(5)}あいう.com`,
      358,
    ],
    [
      'a CJK host within 63 punycode characters is a URL',
      `${hiragana.repeat(12)} http://${hiragana.repeat(5)}あい.com`,
      264,
    ],
    ['140 family emoji are exactly 280', family.repeat(140), 280],
    ['a keycap without VS16 counts 2', '1\u20E3', 2],
    ['Unicode 10 emoji with a tag-sequence flag', 'Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; 🏴󠁧󠁢󠁥󠁮󠁧󠁿', 34],
    ['Unicode 9 emoji', 'Unicode 9.0 emoji: 🤠; 💃; 💃🏾', 29],
    ['directional marks around an IDN URL', '\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069', 31],
  ];
  for (const [what, text, want] of cases) it(what, () => expect(xLength(text)).toBe(want));

  it('bare domains with a known top-level domain are URLs; e-mail addresses and file names are not', () => {
    for (const url of [
      'example.com',
      'www.example.com',
      't.co',
      'foo.co.jp',
      'example.com/path/to/resource?search=foo&lang=en',
    ])
      expect(xLength(url), url).toBe(23);
    expect(xLength('mail support@acme.io')).toBe('mail support@acme.io'.length);
    expect(xLength('run index.js')).toBe('run index.js'.length);
    expect(xLength('see acme.io/status.')).toBe(4 + 23 + 1);
    expect(urlRanges('詳しくはhttps://acme.jp/helpをご覧ください').length).toBe(1);
    expect(xLength('詳しくはhttps://acme.jp/helpをご覧ください')).toBe(8 + 23 + 14);
  });

  it('©, ® are Latin-1 text, emoji only with VS16; a t.co link ends at its slug', () => {
    expect(xLength('©®')).toBe(2);
    expect(xLength('©\uFE0F')).toBe(2);
    expect(xLength('❤️')).toBe(2);
    expect(xLength("http://t.co/pbY2NfTZ's")).toBe(25);
  });

  it('is how drafts for X are measured, against 280 weighted characters', () => {
    const reply = `Sorry AcmeCloud let you down 🙏 we're on it: https://status.acme.example/incidents/4411 — the Acme team`;
    expect(measure('x', reply)).toBe(xLength(reply));
    expect(measure('x', reply)).toBe(
      reply.length - 'https://status.acme.example/incidents/4411'.length + 23 + 1 - 1,
    );
    expect(unitFor('x')).toBe('weighted characters');
  });
});
