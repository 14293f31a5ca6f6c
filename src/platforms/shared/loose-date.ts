/**
 * Dates as scraped pages and arbitrary JSON APIs write them → ISO 8601 (UTC), for the html, json
 * and lemmy adapters.
 *
 * - Numbers and digit-only strings are Unix epochs: in `auto` mode a magnitude of 10^11 or more is
 *   milliseconds, below it seconds (10^11 s is the year 5138, 10^11 ms is 1973).
 * - ISO 8601 without a zone (`2024-05-01T10:00:00`, Lemmy before 0.19) is read as UTC, not as
 *   the machine's local time; more than 3 fractional digits are cut to milliseconds.
 * - Anything else goes to Date.parse (RFC 2822, "March 3, 2025" …). Such human dates without a
 *   zone are read in the process time zone (UTC on GitHub-hosted runners).
 * - Times before 1990 or more than a year ahead of now are rejected as implausible.
 */

export type DateFormat = 'auto' | 'iso' | 'epoch-seconds' | 'epoch-ms';

const MIN_TIME = Date.UTC(1990, 0, 1);
const YEAR_MS = 366 * 86_400_000;
const EPOCH_MS_THRESHOLD = 1e11;
const DIGITS = /^-?\d+(\.\d+)?$/;
const ISO_NO_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$/;
const ISO_WITH_FRACTION = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})\.(\d+)(Z|[+-]\d{2}:?\d{2})?$/i;

function plausible(ms: number, now: number): string | undefined {
  if (!Number.isFinite(ms) || ms < MIN_TIME || ms > now + YEAR_MS) return undefined;
  return new Date(ms).toISOString();
}

function fromEpoch(n: number, format: DateFormat, now: number): string | undefined {
  if (format === 'iso') return undefined;
  const ms = format === 'epoch-ms' || (format === 'auto' && Math.abs(n) >= EPOCH_MS_THRESHOLD) ? n : n * 1000;
  return plausible(Math.round(ms), now);
}

/**
 * False for a written date that names no day (`2026-02-31`, `2026-13-01`): Date.parse rolls such a
 * date over into a real one (2026-03-03), which would file an item under a day it never had.
 */
export function calendarDateExists(value: string): boolean {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromString(raw: string, now: number): string | undefined {
  let s = raw.trim();
  if (!calendarDateExists(s)) return undefined;
  const noZone = ISO_NO_ZONE.exec(s);
  if (noZone) s = `${noZone[1]}T${noZone[2]}${(noZone[3] ?? '').slice(0, 4)}Z`;
  const fraction = ISO_WITH_FRACTION.exec(s);
  if (fraction) s = `${fraction[1]}.${fraction[2]!.slice(0, 3).padEnd(3, '0')}${fraction[3] ?? 'Z'}`;
  return plausible(Date.parse(s), now);
}

/**
 * A date-like value → ISO 8601, or undefined when it is missing, not a date, or implausible.
 * `now` bounds the future (default: the real clock).
 */
export function looseDateToIso(
  value: unknown,
  format: DateFormat = 'auto',
  now = Date.now(),
): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return fromEpoch(value, format, now);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (DIGITS.test(s)) return fromEpoch(Number(s), format, now);
  if (format === 'epoch-seconds' || format === 'epoch-ms') return undefined;
  return fromString(s, now);
}
