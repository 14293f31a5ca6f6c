/**
 * The draft comment: a hidden marker, then the reply text in a fenced code block (no pings, no
 * links, no HTML: GitHub renders a code block verbatim, and its copy button makes it copy-ready),
 * then the facts a person approving needs. A person with write access may edit the text inside
 * the block; the text approved is whatever the block holds at `/approve` time (its SHA-256 is
 * recorded) and `/reply` publishes only that exact text.
 */
import { createHash } from 'node:crypto';
import { neutralizeInline } from '../../issue/neutralize.js';
import { type DraftMarker, renderCommentMarker } from '../markers.js';
import { measure, unitFor } from './length.js';

export interface DraftComment {
  marker: DraftMarker;
  text: string;
  heading: string;
  /** Tone notes from the playbook. */
  tone?: readonly string[];
  /** Warnings (over the limit, unfilled variables, polish problems). */
  notes?: readonly string[];
  /** A line above the text (e.g. who is notified). */
  lead?: string;
  /** The last line (what to do next). */
  next?: string;
}

const INFO = 'text';

function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(4, longest + 1));
}

export function renderDraftComment(d: DraftComment): string {
  const fence = fenceFor(d.text);
  const length = measure(d.marker.kind, d.text);
  const limit = d.marker.limit;
  const facts = [
    `${length}${limit ? ` / ${limit}` : ''} ${unitFor(d.marker.kind)}`,
    `playbook \`${d.marker.category}\``,
    ...(d.marker.polishedBy
      ? [`polished by \`${d.marker.polishedBy.replace(/`/g, '')}\` — read it carefully before approving`]
      : []),
  ];
  const lines = [
    renderCommentMarker('draft', d.marker),
    `### ${d.heading}`,
    '',
    ...(d.lead ? [d.lead, ''] : []),
    `${fence}${INFO}`,
    d.text,
    fence,
    '',
    facts.join(' · '),
  ];
  if (d.notes && d.notes.length > 0) lines.push('', ...d.notes.map((n) => `> [!WARNING]\n> ${n}`));
  if (d.tone && d.tone.length > 0)
    lines.push(
      '',
      '<details><summary>Tone</summary>',
      '',
      ...d.tone.map((t) => `- ${neutralizeInline(t, 300)}`),
      '',
      '</details>',
    );
  lines.push(
    '',
    d.next ??
      'Edit the text in the box above if it needs changes (edit this comment), then `/approve` and `/reply`. Nothing is posted before `/approve`.',
  );
  return lines.join('\n');
}

/** The reply text inside a draft comment's fenced block, or undefined when the block is gone. */
export function extractDraftText(body: string): string | undefined {
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})text\s*$/.exec(lines[i] ?? '');
    if (!open?.[1]) continue;
    const fence = open[1];
    const end = lines.findIndex((l, j) => j > i && l.trim() === fence);
    if (end < 0) return undefined;
    return lines
      .slice(i + 1, end)
      .join('\n')
      .trim();
  }
  return undefined;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
