/**
 * Feed dates → ISO 8601 (UTC). RFC 822/2822 as RSS writes it (with the odd zones real feeds use:
 * `EST`, `CEST`, `+05:30`, `UT`, two-digit years, full day and month names), ISO 8601 / RFC 3339 as
 * Atom and JSON Feed write it (with or without seconds, fraction, zone, or `T`), and a few common
 * deviations. A date that cannot be read, or is absurd (before 1990 or after 2100), is refused with
 * a reason: the caller keeps the item without a date and warns; it never drops the feed.
 */

export type DateResult = { ok: true; iso: string } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
  // a few non-English abbreviations seen in feeds
  mrz: 2,
  mär: 2,
  mai: 4,
  okt: 9,
  dez: 11,
  ene: 0,
  abr: 3,
  ago: 7,
  dic: 11,
  fév: 1,
  avr: 3,
  juin: 5,
  juil: 6,
  aoû: 7,
  déc: 11,
};

/** Zone abbreviations → minutes east of UTC. RFC 822's own plus common ones feeds use anyway. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  ist: 330,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  awst: 480,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const z = zone.trim().toLowerCase();
  if (z === '') return 0;
  const numeric = /^(?:gmt|utc|ut)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours > 14 || minutes > 59) return undefined;
    return sign * (hours * 60 + minutes);
  }
  if (z in ZONES) return ZONES[z];
  // RFC 822 military single letters are unreliable (RFC 2822 §4.3: treat as -0000).
  if (/^[a-ik-z]$/.test(z)) return 0;
  return undefined;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offset: number,
): DateResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `absurd year ${year}` };
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return { ok: false, reason: 'a field is out of range' };
  }
  const t = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), ms) - offset * 60_000;
  if (Number.isNaN(t)) return { ok: false, reason: 'not a valid time' };
  // Date.UTC rolls 31 Feb over into March: refuse that instead of guessing.
  const check = new Date(Date.UTC(year, month, day));
  if (check.getUTCDate() !== day) return { ok: false, reason: 'no such day' };
  return sane(new Date(t));
}

function sane(d: Date): DateResult {
  const t = d.getTime();
  if (Number.isNaN(t)) return { ok: false, reason: 'not a valid time' };
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `absurd year ${year}` };
  return { ok: true, iso: d.toISOString() };
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length <= 2) return n < 50 ? 2000 + n : 1900 + n;
  return n;
}

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[Tt\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$/;

const RFC822 =
  /^(?:[A-Za-zéû]{2,9}\.?(?:,\s*|\s+))?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-zäéû]{3,9})\.?[\s-]+(\d{2,4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:\(?([A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}:?\d{2})\)?)?$/;

/** `Mon, May 06 2024 10:00:00 GMT` (month before day, as some generators write). */
const MONTH_FIRST =
  /^(?:[A-Za-z]{2,9}\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm)?)?\s*(?:\(?([A-Za-z]{1,5}|(?:GMT|UTC)?[+-]\d{1,2}:?\d{2})\)?)?$/;

function monthIndex(name: string): number | undefined {
  const key = name.toLowerCase();
  return MONTHS[key.slice(0, 3)] ?? MONTHS[key.slice(0, 4)] ?? MONTHS[key];
}

/** Reads a feed date. Never throws. */
export function parseFeedDate(raw: string | undefined): DateResult {
  const s = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (s === '') return { ok: false, reason: 'empty' };
  if (s.length > 80) return { ok: false, reason: 'too long to be a date' };

  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, zone] = iso;
    const offset = offsetMinutes(zone);
    if (offset === undefined) return { ok: false, reason: `unknown time zone "${zone}"` };
    return build(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h ?? '0'),
      Number(mi ?? '0'),
      Number(sec ?? '0'),
      Math.round(Number(`0.${frac ?? '0'}`) * 1000),
      offset,
    );
  }

  const rfc = RFC822.exec(s);
  if (rfc) {
    const [, d, monName, y, h, mi, sec, frac, zone] = rfc;
    const month = monthIndex(monName!);
    if (month === undefined) return { ok: false, reason: `unknown month "${monName}"` };
    const offset = offsetMinutes(zone);
    if (offset === undefined) return { ok: false, reason: `unknown time zone "${zone}"` };
    return build(
      fullYear(y!),
      month,
      Number(d),
      Number(h ?? '0'),
      Number(mi ?? '0'),
      Number(sec ?? '0'),
      Math.round(Number(`0.${frac ?? '0'}`) * 1000),
      offset,
    );
  }

  const mf = MONTH_FIRST.exec(s);
  if (mf) {
    const [, monName, d, y, h, mi, sec, ampm, zone] = mf;
    const month = monthIndex(monName!);
    if (month !== undefined) {
      const offset = offsetMinutes(zone);
      if (offset === undefined) return { ok: false, reason: `unknown time zone "${zone}"` };
      let hour = Number(h ?? '0');
      if (ampm && /pm/i.test(ampm) && hour < 12) hour += 12;
      if (ampm && /am/i.test(ampm) && hour === 12) hour = 0;
      return build(Number(y), month, Number(d), hour, Number(mi ?? '0'), Number(sec ?? '0'), 0, offset);
    }
  }

  // Unix timestamps (seconds or milliseconds), written by a few generators.
  if (/^\d{9,13}$/.test(s)) {
    const n = Number(s);
    return sane(new Date(s.length > 11 ? n : n * 1000));
  }
  return { ok: false, reason: 'not a date format we know' };
}
