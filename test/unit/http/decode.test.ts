import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  canonicalEncoding,
  charsetFromContentType,
  decodeMixedUtf8,
  decodeText,
  decodeWindows1252,
  sniffBom,
  sniffUtfPattern,
  xmlDeclaredEncoding,
} from '../../../src/http/decode.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** WHATWG index-windows-1252, 0x80–0x9F. */
const WHATWG_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

describe('windows-1252', () => {
  it("is needed: Node's own TextDecoder maps 0x80–0x9F to C1 controls", () => {
    const node = new TextDecoder('windows-1252').decode(bytes(0x80, 0x93));
    expect([...node].map((c) => c.codePointAt(0))).toEqual([0x80, 0x93]);
  });

  it('maps every byte 0x80–0x9F like WHATWG and 0xA0–0xFF like latin-1', () => {
    const high = Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect([...decodeWindows1252(Uint8Array.from(high))].map((c) => c.codePointAt(0))).toEqual(WHATWG_HIGH);
    const upper = Array.from({ length: 96 }, (_, i) => 0xa0 + i);
    expect([...decodeWindows1252(Uint8Array.from(upper))].map((c) => c.codePointAt(0))).toEqual(upper);
  });

  it.each([
    'windows-1252',
    'iso-8859-1',
    'ISO_8859-1',
    'latin1',
    'us-ascii',
    'ascii',
    'cp1252',
    'x-cp1252',
    'l1',
  ])('serves the %s label', (label) => {
    const d = decodeText(bytes(0x80, 0x20, 0x91, 0x92, 0x20, 0x93, 0x94, 0x20, 0x96, 0x97, 0xe9), {
      contentType: `text/plain; charset=${label}`,
    });
    expect(d).toMatchObject({ text: '€ ‘’ “” –—é', encoding: 'windows-1252', source: 'http' });
  });

  it('decodes long inputs (chunked) without losing bytes', () => {
    const big = new Uint8Array(100_003).fill(0x80);
    const text = decodeWindows1252(big);
    expect(text.length).toBe(100_003);
    expect(new Set(text)).toEqual(new Set(['€']));
  });
});

describe('precedence: BOM > UTF-16/32 pattern > HTTP charset > XML prolog > UTF-8', () => {
  it('a BOM beats the HTTP charset and the prolog, and is stripped', () => {
    const body = Uint8Array.from([
      0xff,
      0xfe,
      ...Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>', 'utf16le'),
    ]);
    const d = decodeText(body, { contentType: 'text/xml; charset=utf-8', xml: true });
    expect(d.text).toBe('<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>');
    expect(d).toMatchObject({ encoding: 'utf-16le', source: 'bom' });
    expect(d.notes?.join()).toMatch(/BOM wins/);
  });

  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf], (s: string) => Buffer.from(s, 'utf8')],
    ['utf-16be', [0xfe, 0xff], (s: string) => Buffer.from(s, 'utf16le').swap16()],
    ['utf-32le', [0xff, 0xfe, 0, 0], (s: string) => iconv.encode(s, 'utf-32le')],
    ['utf-32be', [0, 0, 0xfe, 0xff], (s: string) => iconv.encode(s, 'utf-32be')],
  ])('reads a %s BOM', (encoding, bom, encode) => {
    const d = decodeText(Uint8Array.from([...bom, ...encode('<a>€ 日本</a>')]));
    expect(d).toMatchObject({ text: '<a>€ 日本</a>', encoding, source: 'bom' });
  });

  it.each([
    ['utf-16le', (s: string) => Buffer.from(s, 'utf16le')],
    ['utf-16be', (s: string) => Buffer.from(s, 'utf16le').swap16()],
    ['utf-32le', (s: string) => iconv.encode(s, 'utf-32le')],
    ['utf-32be', (s: string) => iconv.encode(s, 'utf-32be')],
  ])('recognises %s without a BOM from its byte pattern, even against the header', (encoding, encode) => {
    const d = decodeText(Uint8Array.from(encode('<?xml version="1.0"?><a>é</a>')), {
      contentType: 'application/xml; charset=utf-8',
      xml: true,
    });
    expect(d).toMatchObject({ text: '<?xml version="1.0"?><a>é</a>', encoding, source: 'pattern' });
    expect(sniffUtfPattern(Uint8Array.from(encode('{"a":1}')))).toBe(encoding);
  });

  it('the HTTP charset beats the XML prolog (RFC 7303)', () => {
    const body = Uint8Array.from(
      iconv.encode('<?xml version="1.0" encoding="iso-8859-1"?><a>Ж</a>', 'koi8-r'),
    );
    expect(decodeText(body, { contentType: 'text/xml; charset=KOI8-R', xml: true })).toMatchObject({
      text: '<?xml version="1.0" encoding="iso-8859-1"?><a>Ж</a>',
      encoding: 'koi8-r',
      source: 'http',
    });
  });

  it('uses the prolog when the header has no charset (text/xml is not us-ascii)', () => {
    const body = Uint8Array.from(
      iconv.encode('<?xml version="1.0" encoding="windows-1251"?><a>Привет</a>', 'win1251'),
    );
    expect(decodeText(body, { contentType: 'text/xml', xml: true })).toMatchObject({
      text: '<?xml version="1.0" encoding="windows-1251"?><a>Привет</a>',
      encoding: 'windows-1251',
      source: 'xml',
    });
    // without xml: true the prolog is not consulted
    expect(decodeText(body, { contentType: 'text/xml' }).source).toBe('default');
  });

  it('ignores a prolog or header that claims UTF-16 for 8-bit bytes', () => {
    const d = decodeText(utf8('<?xml version="1.0" encoding="UTF-16"?><a>é</a>'), { xml: true });
    expect(d).toMatchObject({ text: '<?xml version="1.0" encoding="UTF-16"?><a>é</a>', encoding: 'utf-8' });
    expect(d.notes?.join()).toMatch(/8-bit, ignored/);
    const h = decodeText(utf8('<a>é</a>'), { contentType: 'text/xml; charset=utf-16' });
    expect(h).toMatchObject({ text: '<a>é</a>', encoding: 'utf-8' });
  });

  it('falls back to UTF-8 with a note on an unknown label', () => {
    const d = decodeText(utf8('<a>é</a>'), { contentType: 'text/html; charset="x-klingon"' });
    expect(d).toMatchObject({ text: '<a>é</a>', encoding: 'utf-8', source: 'default' });
    expect(d.notes).toEqual([expect.stringContaining('unknown charset "x-klingon"')]);
  });
});

describe('legacy codecs', () => {
  it.each([
    ['iso-8859-2', 'Zażółć gęślą jaźń'],
    ['iso-8859-15', 'Œuvre à 10 €'],
    ['koi8-r', 'Съешь же ещё этих мягких булок'],
    ['windows-1250', 'Příliš žluťoučký kůň'],
    ['windows-1251', 'Привет, мир'],
    ['windows-1256', 'مرحبا بالعالم'],
    ['shift_jis', '日本語のテキスト'],
    ['euc-jp', '日本語のテキスト'],
    ['gb2312', '中文文本'],
    ['gbk', '中文文本'],
    ['gb18030', '中文文本'],
    ['big5', '繁體中文'],
    ['euc-kr', '한국어 텍스트'],
  ])('%s', (label, text) => {
    const body = Uint8Array.from(iconv.encode(text, label));
    expect(decodeText(body, { contentType: `text/plain; charset=${label}` }).text).toBe(text);
  });

  it('knows common aliases', () => {
    expect(canonicalEncoding('Shift-JIS')).toBeDefined();
    expect(canonicalEncoding('x-sjis')).toBe('shift_jis');
    expect(canonicalEncoding('ISO8859-2')).toBe('iso-8859-2');
    expect(canonicalEncoding('cp1251')).toBe('windows-1251');
    expect(canonicalEncoding('UTF8')).toBe('utf-8');
    expect(canonicalEncoding('no-such-thing')).toBeUndefined();
  });
});

describe('labels that lie', () => {
  it('reads invalid UTF-8 as windows-1252 instead of inventing U+FFFD', () => {
    const d = decodeText(bytes(0x93, 0x41, 0x63, 0x6d, 0x65, 0x94, 0x20, 0x80), {
      contentType: 'text/xml; charset=utf-8',
    });
    expect(d.text).toBe('“Acme” €');
    expect(d.encoding).toBe('windows-1252');
    expect(d.notes?.join()).toMatch(/not valid UTF-8/);
  });

  it('keeps valid UTF-8 sequences when only some bytes are invalid', () => {
    const mixed = Uint8Array.from([...utf8('naïve “ok” '), 0x93, 0x71, 0x94]);
    const d = decodeText(mixed);
    expect(d.text).toBe('naïve “ok” “q”');
    expect(d.encoding).toBe('utf-8');
  });

  it('reads UTF-8 bytes labelled iso-8859-1 as UTF-8', () => {
    const d = decodeText(utf8('Café €'), { contentType: 'text/xml; charset=ISO-8859-1' });
    expect(d).toMatchObject({ text: 'Café €', encoding: 'utf-8' });
    expect(d.notes?.join()).toMatch(/valid UTF-8/);
  });

  it('never turns an 8-bit byte into U+FFFD unless the input spelled U+FFFD', () => {
    // (UTF-16/32 input announced by a BOM or pattern can be truncated mid-unit: that is U+FFFD.)
    const eightBit = fc
      .uint8Array({ maxLength: 200 })
      .filter((b) => sniffBom(b) === undefined && sniffUtfPattern(b) === undefined);
    fc.assert(
      fc.property(eightBit, (b) => {
        const spelled = Buffer.from(b).includes(Buffer.from([0xef, 0xbf, 0xbd]));
        return spelled || !decodeText(b).text.includes('\uFFFD');
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips any valid UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const clean = s.replace(/^\uFEFF/, '');
        return decodeText(utf8(clean)).text === clean && decodeMixedUtf8(utf8(clean)).legacy === 0;
      }),
      { numRuns: 300 },
    );
  });
});

describe('helpers', () => {
  it('reads the charset parameter, quoted or not', () => {
    expect(charsetFromContentType('text/xml; charset="UTF-8"')).toBe('utf-8');
    expect(charsetFromContentType('application/rss+xml;charset=windows-1252;foo=bar')).toBe('windows-1252');
    expect(charsetFromContentType('text/xml')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });

  it('reads the XML declaration encoding, single or double quoted', () => {
    expect(xmlDeclaredEncoding(ascii(`<?xml version='1.0' encoding='Shift_JIS'?><a/>`))).toBe('shift_jis');
    expect(xmlDeclaredEncoding(ascii('  <?xml version="1.0"?><a/>'))).toBeUndefined();
    expect(xmlDeclaredEncoding(ascii('<a encoding="x"/>'))).toBeUndefined();
  });

  it('reports BOMs with their length', () => {
    expect(sniffBom(bytes(0xef, 0xbb, 0xbf, 0x3c))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(sniffBom(bytes(0xff, 0xfe, 0x3c, 0))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(sniffBom(bytes(0x3c, 0x3f))).toBeUndefined();
  });
});
