/**
 * The hidden marker of special (non-mention) issues — crisis issues and the first-run summary:
 * `<!-- earshot-special:v1 <base64url JSON {id, …data}> -->`. Distinct from the mention marker
 * (`earshot:v1`), so a special issue is never mistaken for a mention, and the data lets the next
 * update merge with what the issue already lists without any other state.
 */
import type { RecordIssue } from './port.js';

const PREFIX = '<!-- earshot-special:v1 ';
const PATTERN = /<!-- earshot-special:v1 ([A-Za-z0-9_-]+) -->/;

export interface SpecialData {
  id: string;
  [field: string]: unknown;
}

export function renderSpecialMarker(data: SpecialData): string {
  return `${PREFIX}${Buffer.from(JSON.stringify(data), 'utf8').toString('base64url')} -->`;
}

export function parseSpecialMarker(body: string | null | undefined): SpecialData | undefined {
  const m = body ? PATTERN.exec(body) : null;
  if (!m?.[1]) return undefined;
  try {
    const data = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as Partial<SpecialData>;
    return typeof data.id === 'string' && data.id.length > 0 ? (data as SpecialData) : undefined;
  } catch {
    return undefined;
  }
}

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
