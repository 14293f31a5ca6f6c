import type { ScanState } from './port.js';

/** Our run's state over one written meanwhile: newest cursor per source, union of pending and keys. */
export function mergeStates(theirs: ScanState, ours: ScanState): ScanState {
  const sources = { ...theirs.sources };
  for (const [id, cursor] of Object.entries(ours.sources)) {
    const t = sources[id];
    sources[id] = !t?.since || (cursor.since && cursor.since >= t.since) ? cursor : t;
  }
  const pendingKeys = new Set<string>();
  const pending = [...ours.pending, ...theirs.pending].filter(
    (d) => !pendingKeys.has(d.key) && pendingKeys.add(d.key),
  );
  const recentKeys: Record<string, string[]> = { ...theirs.recentKeys };
  for (const [id, keys] of Object.entries(ours.recentKeys)) {
    recentKeys[id] = [...new Set([...(recentKeys[id] ?? []), ...keys])].slice(-2000);
  }
  // Our lease is ours to keep or drop; a live lease of theirs survives a merge.
  const lease = ours.lease ?? theirs.lease;
  return { ...ours, sources, pending, recentKeys, lease };
}
