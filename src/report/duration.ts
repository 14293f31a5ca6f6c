/**
 * Durations as people write them in the config ("4h", "90m", "2d", "1d 12h") and as reports show
 * them ("2h 05m", "3d 4h"). Units: s, m, h, d (24 hours), w (7 days). With business hours on, a
 * duration counts working time only, so "8h" is eight working hours and "1d" is 24 of them.
 */

export const DURATION_PATTERN = /^\s*(?:\d+(?:\.\d+)?\s*[smhdw]\s*)+$/i;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds in a duration string; throws on anything else. */
export function parseDuration(text: string): number {
  if (!DURATION_PATTERN.test(text)) {
    throw new Error(`"${text}" is not a duration (write e.g. "4h", "90m", "2d" or "1d 12h")`);
  }
  let seconds = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/gi)) {
    seconds += Number(m[1]) * (UNIT_SECONDS[(m[2] ?? 's').toLowerCase()] ?? 1);
  }
  return Math.round(seconds);
}

/** "45s", "12m", "3h 05m", "2d 4h", "—" for none. Negative values are shown as 0. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}
