/** Human units for messages: "30 s", "300 ms", "10 MiB", "4 KiB". */

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${trim(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 120) return `${trim(minutes)} min`;
  return `${trim(minutes / 60)} h`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${trim(n / 1024)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${trim(n / (1024 * 1024))} MiB`;
  return `${trim(n / (1024 * 1024 * 1024))} GiB`;
}

function trim(x: number): string {
  return String(Math.round(x * 10) / 10);
}
