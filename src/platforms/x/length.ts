/**
 * How X counts a post: 280 "weighted characters" (docs.x.com, Counting Characters; the rules of
 * twitter-text's configuration v3, github.com/twitter/twitter-text config/v3.json):
 *
 * - the text is counted in Unicode Normalization Form C;
 * - a URL counts 23, whatever its length (t.co wraps it) — with `http(s)://`, or a bare domain
 *   with a known top-level domain (`acme.io/status`), not after `@ $ #`, a letter or a digit
 *   (`me@acme.io` is no URL), a bare one not after `- _ . /` either;
 * - an emoji counts 2, however many code points it takes (skin tones, ZWJ families, flags,
 *   keycaps); ©, ® and other text-default symbols only with the emoji variation selector (U+FE0F);
 * - any other code point counts 1 in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F, U+2032–U+2037
 *   (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic scripts, common punctuation), else 2 (CJK, other
 *   symbols).
 *
 * Our own implementation of those rules, checked against the weighted-length conformance cases of
 * twitter-text (test/unit/platforms/x-length.test.ts); of its 91 URL-extraction cases it finds 87.
 * Known differences: a bare domain under a rare generic top-level domain (not in GENERIC_TLDS
 * below) or an internationalized one (`twitter.みんな`), and a label mixing Latin and other scripts
 * (`http://exampleこれは.com`), count as their characters here and 23 at X — write such a link with
 * `https://` and a Latin or a non-Latin name, and it counts 23 here too.
 */
import { domainToASCII } from 'node:url';

export const X_REPLY_LIMIT = 280;
const URL_WEIGHT = 23;

/** Code points that count 1 (twitter-text v3 `ranges`, weight 100 at scale 100); all others count 2. */
const LIGHT_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

/** Country-code top-level domains (ISO 3166-1 alpha-2 and the delegated exceptions ac, eu, su, uk). */
const COUNTRY_TLDS = new Set(
  (
    'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt ' +
    'bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg ' +
    'er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn ' +
    'hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li ' +
    'lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne ' +
    'nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb ' +
    'sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr ' +
    'tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw'
  ).split(' '),
);

/** The generic top-level domains a reply is likely to link to without `https://`. */
const GENERIC_TLDS = new Set(
  (
    'com net org edu gov mil int info biz name pro mobi aero asia cat coop jobs museum tel travel ' +
    'app dev page blog cloud shop store online site tech xyz top live news link club design art ' +
    'space website wiki email agency digital network software systems solutions services support ' +
    'help community social media studio team company global world today guru zone works tools codes ' +
    'fun games chat group center academy education school health care life money finance bank ' +
    'capital fund ventures consulting marketing business inc llc ltd io ai gg ly me tv fm ' +
    'google amazon apple microsoft'
  ).split(' '),
);

// Path and query characters (Latin, accented Latin and Cyrillic letters, digits and URL punctuation),
// and the characters a path or query may end with: trailing `.`, `,`, `!`, `?` … are the sentence's.
const LETTERS =
  'a-z0-9\\u00c0-\\u024f\\u0253\\u0254\\u0256\\u0257\\u0259\\u025b\\u0263\\u0268\\u026f\\u0272\\u0289\\u028b\\u02bb\\u0300-\\u036f\\u1e00-\\u1eff\\u0400-\\u04ff\\u0500-\\u0527\\u2de0-\\u2dff\\ua640-\\ua69f';
const PATH_CHAR = `[${LETTERS}!*';:=+,.$/%#\\[\\]\\-\\u2013_~@|&]`;
const PATH_END = `(?:[${LETTERS}=_#/+\\-]|\\([${LETTERS}!*';:=+,.$/%#\\[\\]\\-\\u2013_~@|&]*\\))`;
const PARENS = `\\([${LETTERS}!*';:=+,.$/%#\\[\\]\\-\\u2013_~@|&]*\\)`;
const PATH = `(?:/(?:(?:${PATH_CHAR}|${PARENS})*${PATH_END})?)`;
const QUERY = `(?:\\?[a-z0-9!?*'@();:&=+$/%#\\[\\]\\-_.,~|]*[a-z0-9\\-_&=#/])`;
/**
 * A domain label: Latin letters (with accents) and digits with `-` and `_` inside, or a run of
 * letters of other scripts (an internationalized name: `みんな`). The two never mix in one label,
 * so a host glued to Japanese text ends where the Latin ends (`acme.jpをご覧` → `acme.jp`).
 */
const LATIN_LABEL = '[a-z0-9\\u00c0-\\u024f](?:[a-z0-9\\u00c0-\\u024f_-]*[a-z0-9\\u00c0-\\u024f])?';
const OTHER_LABEL = '[^\\s\\p{P}\\p{S}\\u0000-\\u024f]+';
const LABEL = `(?:${LATIN_LABEL}|${OTHER_LABEL})`;

/** A URL: not after `@ $ #`, a letter or a digit; its top-level domain not followed by one either. */
const URL_CANDIDATE = new RegExp(
  `(?<![A-Za-z0-9@\\uff20$#\\uff03])(https?://)?((?:${LABEL}\\.)+${LABEL})(?![0-9a-z@+_-])(?::[0-9]+)?(${PATH})?(${QUERY})?`,
  'giu',
);

/** Latin letters (with accents), digits, hyphens: what a domain without a scheme may be made of. */
const ASCII_ISH_HOST = /^[a-z0-9\u00c0-\u024f_.-]+$/i;

function validHost(host: string, withScheme: boolean): boolean {
  const labels = host.split('.');
  const tld = (labels.at(-1) ?? '').toLowerCase();
  // Subdomains may hold `_`; the registered name may not.
  if ((labels.at(-2) ?? '').includes('_')) return false;
  if (withScheme) {
    if (!/^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u.test(tld)) return false;
  } else {
    if (!ASCII_ISH_HOST.test(host)) return false;
    if (!COUNTRY_TLDS.has(tld) && !GENERIC_TLDS.has(tld) && !tld.startsWith('xn--')) return false;
  }
  // What DNS can carry: the punycoded host's labels are at most 63 characters each.
  const ascii = domainToASCII(host);
  return ascii !== '' && ascii.split('.').every((l) => l.length > 0 && l.length <= 63);
}

/** [start, end) of each URL X would count as 23, in UTF-16 indices of `text`. */
export function urlRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(URL_CANDIDATE)) {
    const start = m.index ?? 0;
    const scheme = m[1];
    const host = m[2] ?? '';
    if (!scheme && /[-_./]$/.test(text.slice(0, start))) continue;
    if (!validHost(host, scheme !== undefined)) continue;
    let end = start + m[0].length;
    // A t.co link is its slug: what follows it is text (`http://t.co/abc's site`).
    if (scheme && host.toLowerCase() === 't.co') {
      const tco = /^https?:\/\/t\.co\/([a-z0-9]+)/i.exec(m[0]);
      if (tco && (tco[1]?.length ?? 0) > 40) continue;
      if (tco) end = start + tco[0].length;
    }
    out.push([start, end]);
  }
  return out;
}

/**
 * One emoji as X shows it: a keycap, a flag (two regional indicators), or a pictograph with its
 * presentation selector, skin tone, tag sequence and ZWJ-joined followers. ©, ® count as emoji only
 * with U+FE0F (as text they are Latin-1 characters); a stray U+FE0F is an emoji of its own.
 */
const EMOJI =
  /[#*0-9]\uFE0F?\u20E3|\p{Regional_Indicator}{2}|(?:[\u00A9\u00AE]\uFE0F|(?![\u00A9\u00AE])\p{Extended_Pictographic}(?!\uFE0E)\uFE0F?)(?:\p{Emoji_Modifier}|[\u{E0020}-\u{E007E}]+\u{E007F})?(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)*|\uFE0F/gu;

function weightOf(codePoint: number): number {
  for (const [from, to] of LIGHT_RANGES) if (codePoint >= from && codePoint <= to) return 1;
  return 2;
}

/** The weighted length X gives `text` (a post is valid up to 280). */
export function xLength(text: string): number {
  const normalized = text.normalize('NFC');
  const spans = new Map<number, [end: number, weight: number]>();
  for (const [start, end] of urlRanges(normalized)) spans.set(start, [end, URL_WEIGHT]);
  const covered = (i: number) => [...spans].some(([s, [e]]) => i >= s && i < e);
  for (const m of normalized.matchAll(EMOJI)) {
    const start = m.index ?? 0;
    if (!covered(start)) spans.set(start, [start + m[0].length, 2]);
  }
  let length = 0;
  for (let i = 0; i < normalized.length; ) {
    const span = spans.get(i);
    if (span) {
      length += span[1];
      i = span[0];
      continue;
    }
    const cp = normalized.codePointAt(i) ?? 0;
    length += weightOf(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return length;
}
