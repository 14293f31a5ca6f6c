/**
 * Elapsed time between two instants, either on the wall clock or counting only business hours
 * (given days of the week, a start and an end time of day, in an IANA time zone, daylight saving
 * time included). Overnight windows (end before start) are not supported; the config refuses them.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHours {
  /** IANA time zone, e.g. "Europe/Berlin" (default UTC). */
  timezone: string;
  days: readonly Weekday[];
  /** "09:00" */
  start: string;
  /** "17:00" (at most "24:00") */
  end: string;
}

/** Seconds between two instants (milliseconds since the epoch); 0 when `to` is not after `from`. */
export type ElapsedClock = (fromMs: number, toMs: number) => number;

export const wallClock: ElapsedClock = (fromMs, toMs) => Math.max(0, Math.round((toMs - fromMs) / 1000));

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The UTC offset (ms, local minus UTC) of a time zone at an instant. */
function offsetFinder(timezone: string): (instantMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (instantMs) => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(instantMs))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return wall - Math.floor(instantMs / 1000) * 1000;
  };
}

/**
 * A clock that counts only business hours. Each local day's window is computed once (the offset
 * is looked up at the window's own instants, so a day that changes to or from summer time is right).
 */
export function businessClock(hours: BusinessHours): ElapsedClock {
  const offset = offsetFinder(hours.timezone);
  const days = new Set(hours.days.map((d) => WEEKDAYS.indexOf(d)));
  const startMin = minutesOf(hours.start);
  const endMin = minutesOf(hours.end);
  const windows = new Map<number, readonly [number, number] | null>();

  /** The instant at which the local wall time `localMs` (as if UTC) happens. */
  const toInstant = (localMs: number): number => {
    const guess = localMs - offset(localMs);
    const second = localMs - offset(guess);
    return second;
  };
  /** Business window [from, to) of local day number `day` (days since 1970-01-01 local), or null. */
  const windowOf = (day: number): readonly [number, number] | null => {
    const cached = windows.get(day);
    if (cached !== undefined) return cached;
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const window = days.has(weekday)
      ? ([toInstant(day * DAY_MS + startMin * 60_000), toInstant(day * DAY_MS + endMin * 60_000)] as const)
      : null;
    windows.set(day, window);
    return window;
  };
  return (fromMs, toMs) => {
    if (!(toMs > fromMs)) return 0;
    const firstDay = Math.floor((fromMs + offset(fromMs)) / DAY_MS);
    const lastDay = Math.floor((toMs + offset(toMs)) / DAY_MS);
    let ms = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      const w = windowOf(day);
      if (!w) continue;
      const a = Math.max(fromMs, w[0]);
      const b = Math.min(toMs, w[1]);
      if (b > a) ms += b - a;
    }
    return Math.round(ms / 1000);
  };
}

export function clockFor(hours: BusinessHours | undefined): ElapsedClock {
  return hours ? businessClock(hours) : wallClock;
}
