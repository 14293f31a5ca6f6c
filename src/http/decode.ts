/**
 * Bytes → text, for HTTP bodies and feed files.
 *
 * Which encoding is used, first match wins (the same order for every caller; documented in
 * docs/feeds.md):
 *
 * 1. A byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE). RFC 7303 §3.3 and the WHATWG encoding
 *    standard both let the BOM override the HTTP charset: a BOM is never accidental.
 * 2. UTF-16/32 byte patterns without a BOM (XML 1.0 appendix F: `<\0?\0` is UTF-16LE, `\0<\0?` is
 *    UTF-16BE, `<\0\0\0` / `\0\0\0<`…). Only those encodings can produce such bytes, so a label that
 *    says otherwise is wrong. Any ASCII first character counts, so JSON (`{\0"\0`) is covered too.
 * 3. The HTTP `charset` parameter (RFC 7303 §3.2: authoritative for XML media types). A
 *    `text/xml` without charset used to mean us-ascii (RFC 3023); RFC 7303 dropped that, and so do
 *    we: a missing charset is "unspecified". A label we do not know is reported in `notes` and
 *    skipped, so the next step decides.
 * 4. With `xml: true`, the XML declaration's `encoding="…"` (an ASCII-compatible prolog only: a
 *    prolog that claims UTF-16/32 while the bytes are 8-bit is ignored with a note).
 * 5. UTF-8.
 *
 * Then two repairs for labels that lie:
 * - UTF-8 that is not valid UTF-8: valid sequences stay UTF-8 and every invalid byte is read as
 *   windows-1252, so no byte that could be read silently becomes U+FFFD.
 * - A windows-1252/latin-1 label on bytes that are valid UTF-8 and contain multi-byte sequences
 *   (the classic `charset=iso-8859-1` default of a web server serving a UTF-8 file) is read as UTF-8.
 *
 * `windows-1252`, `iso-8859-1`, `latin1`, `us-ascii`, `ascii`, `cp1252` (and the other WHATWG
 * labels of that family) share one table that maps 0x80–0x9F like browsers do (0x80 → €, 0x93 → “,
 * …). Node's own TextDecoder maps those bytes to C1 control characters (checked on Node 20.20:
 * `new TextDecoder('windows-1252').decode(Uint8Array.of(0x80))` is U+0080), so it is not used for
 * them. Other legacy codecs go through iconv-lite.
 */
import iconv from 'iconv-lite';

export interface DecodeOptions {
  /** The Content-Type header, whose charset parameter is used. */
  contentType?: string;
  /** Look at an XML prolog's encoding="…" too (feeds). */
  xml?: boolean;
}

/** Where the encoding that was used came from. */
export type EncodingSource = 'bom' | 'pattern' | 'http' | 'xml' | 'default';

export interface Decoded {
  text: string;
  /** The encoding that was used, lower-case WHATWG-ish name (utf-8, windows-1252 …). */
  encoding: string;
  /** Which rule picked the encoding (see the precedence above). */
  source?: EncodingSource;
  /** Human-readable remarks: an unknown label, a lying charset that was repaired … */
  notes?: string[];
}

/** WHATWG index-windows-1252 for 0x80–0x9F (the 5 undefined bytes map to the same C1 code point). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const WINDOWS_1252_LABELS = new Set([
  'windows-1252',
  'cp1252',
  'x-cp1252',
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso88591',
  'iso_8859-1:1987',
  'iso-ir-100',
  'latin1',
  'latin-1',
  'l1',
  'cp819',
  'ibm819',
  'csisolatin1',
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'iso646-us',
  'cp367',
  'ibm367',
  'csascii',
]);

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode20utf8', 'x-unicode20utf8']);

/** Aliases iconv-lite does not know, or knows under another name, → the codec we use. */
const ALIASES: Record<string, string> = {
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'ucs-2': 'utf-16le',
  unicode: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  unicodefffe: 'utf-16be',
  'utf-32': 'utf-32le',
  utf32: 'utf-32le',
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  chinese: 'gbk',
  csgb2312: 'gbk',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  ms_kanji: 'shift_jis',
  'windows-31j': 'shift_jis',
  csshiftjis: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'ks_c_5601-1987': 'euc-kr',
  'windows-949': 'euc-kr',
  cp949: 'euc-kr',
  'big5-hkscs': 'big5',
  'x-x-big5': 'big5',
  koi8: 'koi8-r',
  koi: 'koi8-r',
  cskoi8r: 'koi8-r',
  'tis-620': 'windows-874',
  'iso-8859-11': 'windows-874',
  'iso-8859-8-i': 'iso-8859-8',
  'x-mac-roman': 'macintosh',
  mac: 'macintosh',
};

/**
 * A charset label → the canonical name we decode with, or undefined when we cannot decode it.
 * windows-1252's whole family (latin1, us-ascii …) becomes `windows-1252`.
 */
export function canonicalEncoding(label: string): string | undefined {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (l === '') return undefined;
  if (UTF8_LABELS.has(l)) return 'utf-8';
  if (WINDOWS_1252_LABELS.has(l)) return 'windows-1252';
  const alias = ALIASES[l];
  if (alias) return alias;
  // iso8859-2, iso_8859-2, latin2 … → iso-8859-2 (iconv-lite knows most spellings already).
  const iso = /^iso[-_]?8859[-_](\d{1,2})$/.exec(l);
  if (iso) return `iso-8859-${iso[1]}`;
  const win = /^(?:windows|cp|x-cp)-?(125[0-8])$/.exec(l);
  if (win) return win[1] === '1252' ? 'windows-1252' : `windows-${win[1]}`;
  if (iconv.encodingExists(l)) return l;
  try {
    // Node's ICU knows a few iconv-lite does not (iso-2022-jp …).
    return new TextDecoder(l).encoding;
  } catch {
    return undefined;
  }
}

/** The charset parameter of a Content-Type header, as written (lower-cased), if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = (match?.[1] ?? match?.[2] ?? '').trim().toLowerCase();
  return label === '' ? undefined : label;
}

/** A byte order mark: the encoding it announces and its length. */
export function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return undefined;
}

/**
 * UTF-16/32 without a BOM, from the first 4 bytes (XML 1.0 appendix F, generalised to any ASCII
 * first character so JSON is recognised too).
 */
export function sniffUtfPattern(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  const [a, b, c, d] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const ascii = (x: number) => x > 0 && x < 0x80;
  if (a === 0 && b === 0 && c === 0 && ascii(d)) return 'utf-32be';
  if (ascii(a) && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && ascii(b) && c === 0 && ascii(d)) return 'utf-16be';
  if (ascii(a) && b === 0 && ascii(c) && d === 0) return 'utf-16le';
  return undefined;
}

/** The encoding="…" of an XML declaration in an ASCII-compatible document, if any. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = latin1Head(bytes, 512);
  const decl = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:()-]+)\s*["']/.exec(head);
  return decl?.[1]?.toLowerCase();
}

function latin1Head(bytes: Uint8Array, max: number): string {
  let s = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** windows-1252 as browsers read it (also used for iso-8859-1, latin1 and us-ascii labels). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      codes[i - start] = byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : byte;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8, or undefined when the bytes are not valid UTF-8. */
function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Length of the valid UTF-8 sequence starting at i (2–4), or 0 when it is not one. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  const cont = (k: number) => {
    const b = bytes[i + k];
    return b !== undefined && (b & 0xc0) === 0x80;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if (b0 === 0xe0 && b1 < 0xa0) return 0; // overlong
    if (b0 === 0xed && b1 > 0x9f) return 0; // surrogates
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if (b0 === 0xf0 && b1 < 0x90) return 0;
    if (b0 === 0xf4 && b1 > 0x8f) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Bytes that claim to be UTF-8 but are not: valid multi-byte sequences stay UTF-8, every other
 * byte ≥ 0x80 is read as windows-1252. Returns how many sequences of each kind were seen.
 */
export function decodeMixedUtf8(bytes: Uint8Array): { text: string; utf8: number; legacy: number } {
  const out: string[] = [];
  let runStart = 0;
  let utf8 = 0;
  let legacy = 0;
  const flush = (end: number) => {
    if (end > runStart) out.push(strictUtf8.decode(bytes.subarray(runStart, end)));
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      utf8++;
      i += len;
      continue;
    }
    flush(i);
    legacy++;
    out.push(String.fromCharCode(b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80]! : b));
    i++;
    runStart = i;
  }
  flush(bytes.length);
  return { text: out.join(''), utf8, legacy };
}

/** True when the bytes hold at least one non-ASCII byte. */
function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** Decodes with a canonical encoding name from canonicalEncoding(). */
export function decodeAs(encoding: string, bytes: Uint8Array): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  }
  if (iconv.encodingExists(encoding))
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), encoding, {
      stripBOM: false,
    });
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function isUtf16or32(encoding: string): boolean {
  return /^utf-(16|32)/.test(encoding);
}

/** Which encoding the precedence picks, before any decoding (and before the lying-label repairs). */
export interface SniffedEncoding {
  encoding: string;
  source: EncodingSource;
  /** Bytes of BOM to skip. */
  bomLength: number;
  notes: string[];
}

export function sniffEncoding(bytes: Uint8Array, options: DecodeOptions = {}): SniffedEncoding {
  const notes: string[] = [];
  const httpLabel = charsetFromContentType(options.contentType);
  const httpEncoding = httpLabel ? canonicalEncoding(httpLabel) : undefined;
  if (httpLabel && !httpEncoding) notes.push(`unknown charset "${httpLabel}" in Content-Type, ignored`);

  const bom = sniffBom(bytes);
  if (bom) {
    if (httpEncoding && httpEncoding !== bom.encoding) {
      notes.push(`byte order mark says ${bom.encoding}, Content-Type says ${httpLabel}: the BOM wins`);
    }
    return { encoding: bom.encoding, source: 'bom', bomLength: bom.length, notes };
  }

  const pattern = sniffUtfPattern(bytes);
  if (pattern) {
    if (httpEncoding && httpEncoding.slice(0, 6) !== pattern.slice(0, 6)) {
      notes.push(`bytes are ${pattern} (no BOM), Content-Type says ${httpLabel}: the bytes win`);
    }
    return { encoding: pattern, source: 'pattern', bomLength: 0, notes };
  }

  if (httpEncoding) {
    if (isUtf16or32(httpEncoding)) {
      notes.push(`Content-Type says ${httpLabel} but the bytes are not UTF-16/32, ignored`);
    } else {
      return { encoding: httpEncoding, source: 'http', bomLength: 0, notes };
    }
  }

  if (options.xml) {
    const declared = xmlDeclaredEncoding(bytes);
    if (declared) {
      const enc = canonicalEncoding(declared);
      if (!enc) notes.push(`unknown encoding "${declared}" in the XML declaration, read as UTF-8`);
      else if (isUtf16or32(enc))
        notes.push(`XML declaration says ${declared} but the bytes are 8-bit, ignored`);
      else return { encoding: enc, source: 'xml', bomLength: 0, notes };
    }
  }
  return { encoding: 'utf-8', source: 'default', bomLength: 0, notes };
}

export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const sniffed = sniffEncoding(bytes, options);
  return finish(sniffed.encoding, bytes.subarray(sniffed.bomLength), sniffed.source, sniffed.notes);
}

function finish(encoding: string, bytes: Uint8Array, source: EncodingSource, notes: string[]): Decoded {
  if (encoding === 'utf-8') {
    const text = tryUtf8(bytes);
    if (text !== undefined) return { text, encoding, source, notes };
    const mixed = decodeMixedUtf8(bytes);
    notes.push(
      mixed.utf8 > 0
        ? `not valid UTF-8: ${mixed.legacy} byte(s) read as windows-1252, the rest as UTF-8`
        : 'not valid UTF-8: read as windows-1252',
    );
    return { text: mixed.text, encoding: mixed.utf8 > 0 ? 'utf-8' : 'windows-1252', source, notes };
  }
  if (encoding === 'windows-1252' && source !== 'default' && hasHighBytes(bytes)) {
    const utf8 = tryUtf8(bytes);
    if (utf8 !== undefined) {
      notes.push(`declared windows-1252/latin-1 (${source}) but the bytes are valid UTF-8: read as UTF-8`);
      return { text: utf8, encoding: 'utf-8', source, notes };
    }
  }
  try {
    return { text: decodeAs(encoding, bytes), encoding, source, notes };
  } catch (error) {
    notes.push(`could not decode as ${encoding} (${String(error)}), read as UTF-8`);
    return finish('utf-8', bytes, 'default', notes);
  }
}
