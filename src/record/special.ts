/**
 * Special (non-mention) issues — crisis issues and the first-run summary — are found by their
 * hidden special marker (src/record/marker.ts), distinct from the mention marker, so a special
 * issue is never mistaken for a mention; the data lets the next update merge with what the issue
 * already lists without any other state.
 */
import type { RecordIssue } from './issue.js';
import { parseSpecialMarker } from './marker.js';

/** The open issue with this label whose special marker carries this id. */
export function findOpenSpecial(
  issues: readonly RecordIssue[],
  id: string,
  label: string,
): RecordIssue | undefined {
  return issues.find(
    (i) => i.state === 'open' && i.labels.includes(label) && parseSpecialMarker(i.body)?.id === id,
  );
}
