/**
 * Renders a mention into an IssueDraft: title, body, labels, milestone, assignees (DESIGN §3).
 * Every piece of mention text goes through neutralize.ts: no pings, no cross-links, no HTML,
 * no forged markers; the body stays far below GitHub's 65,536-character limit.
 */
import type { Classification } from '../classify/types.js';
import type { Mention } from '../mentions/mention.js';
import { CATEGORIES } from '../mentions/mention.js';
import { type MarkerData, renderMarker } from '../record/marker.js';
import type { IssueDraft, MilestoneRef } from '../record/port.js';
import { formatCount, type Priority } from '../triage/priority.js';
import { INDEX_LABEL, NEEDS_TRIAGE_LABEL } from './labels.js';
import {
  MAX_URL_LENGTH,
  neutralizeBlock,
  neutralizeInline,
  neutralizeTitle,
  neutralizeUrl,
} from './neutralize.js';

export const MAX_TITLE = 120;
/** The quoted text's cap; the whole body stays under 20,000 characters. */
export const MAX_QUOTE = 12_000;
/**
 * Caps on what the marker carries from the source (the marker is base64 JSON, 4/3 the size): a
 * link longer than neutralizeUrl accepts, an author past normalize's cap or reply ids bigger than
 * any real id are left out, so no source can push a body over GitHub's 65,536 characters (a refused
 * create would stay first in line and block filing on every run).
 */
export const MAX_MARKER_AUTHOR = 200;
export const MAX_MARKER_REPLY_TO = 1024;
/**
 * The marker's JSON at most, in UTF-8 bytes (JSON escapes a control character or a lone surrogate
 * six-fold and UTF-8 takes up to three bytes a character, so the caps above are not enough alone):
 * past it, reply ids, then the link are left out and the author shortened.
 */
export const MAX_MARKER_JSON = 3000;

function markerReplyTo(replyTo: Record<string, string> | undefined): Record<string, string> | undefined {
  return replyTo && JSON.stringify(replyTo).length <= MAX_MARKER_REPLY_TO ? replyTo : undefined;
}

function boundedMarker(data: MarkerData): MarkerData {
  const out = { ...data };
  const fits = () => Buffer.byteLength(JSON.stringify(out), 'utf8') <= MAX_MARKER_JSON;
  if (!fits()) delete out.ids; // the state's id index holds them too
  if (!fits()) delete out.replyTo;
  if (!fits()) delete out.url;
  if (!fits() && out.author) out.author = Array.from(out.author).slice(0, 20).join('');
  return out;
}

export interface RenderInput {
  mention: Mention;
  /** Display name of the source ("Hacker News", or the source id). */
  sourceName: string;
  classification: Classification;
  priority: Priority;
  milestone?: MilestoneRef | undefined;
  assignees?: readonly string[];
  extraLabels?: readonly string[];
  /** Ids of the queries that matched. */
  queries?: readonly string[];
  /**
   * `classify.needsTriageBelow`: below this confidence the category is a guess (the body says so,
   * the issue gets `needs-triage`). 0 or absent: never.
   */
  needsTriageBelow?: number;
}

/** Whether the classification's confidence is below the team's threshold (0 or none: never). */
export function isGuess(c: Classification, needsTriageBelow: number | undefined): boolean {
  return needsTriageBelow !== undefined && needsTriageBelow > 0 && c.confidence < needsTriageBelow;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The body's paragraph on a guessed category: what it is, and how the team corrects it. */
export function guessNotice(c: Classification, needsTriageBelow: number): string {
  const others = CATEGORIES.filter((k) => k !== c.category)
    .map((k) => `\`${k}\``)
    .join(', ');
  // 0.596 against 0.6 would read "60% … below the 60%": one decimal then.
  const shown =
    percent(c.confidence) === percent(needsTriageBelow)
      ? `${(Math.floor(c.confidence * 1000) / 10).toFixed(1)}%`
      : percent(c.confidence);
  return (
    `> [!NOTE]\n> **The category is a guess.** The classifier is ${shown} confident in ` +
    `\`${c.category}\`, below the ${percent(needsTriageBelow)} this repository trusts (\`classify.needsTriageBelow\`). ` +
    `If it is something else (${others}), comment \`/reclassify <category>\` or swap the category label; ` +
    `if it is right, \`/reclassify ${c.category}\` confirms it. Either way \`${NEEDS_TRIAGE_LABEL}\` comes off, ` +
    'and `earshot train --from-issues` learns from your answer.'
  );
}

export function renderTitle(m: Mention, category: string, sourceName: string): string {
  const head = `[${category}] ${neutralizeTitle(m.author, 40)} on ${neutralizeTitle(sourceName, 30)}: `;
  const room = Math.max(10, MAX_TITLE - head.length);
  const words = (m.title || m.text).replace(/\s+/g, ' ').trim();
  return `${head}${neutralizeTitle(words, room)}`;
}

export function renderBody(input: RenderInput): string {
  const { mention: m, classification: c, priority: p } = input;
  const quote = neutralizeBlock(m.text || m.title, MAX_QUOTE);
  const url = m.url ? neutralizeUrl(m.url) : undefined;
  const where = url ? `[Read it where it was said](${url})` : 'no link (the source gave none)';
  const reach = m.authorReach !== undefined ? ` · reach ${formatCount(m.authorReach)}` : '';
  const published = `${m.published.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}${m.publishedEstimated ? ' (first seen; the source gave no date)' : ''}`;
  const guess = isGuess(c, input.needsTriageBelow);
  const category =
    `${c.category} (${percent(c.confidence)} confident${guess ? ': a guess' : ''})` +
    (c.secondary ? ` · also a ${c.secondary}` : '');
  const rows = [
    ['Category', category],
    ['Priority', `${p.level} — ${neutralizeInline(p.reason, 300)}`],
    ['Source', `${neutralizeInline(input.sourceName, 60)} (\`${m.sourceKind}\`)`],
    ['Author', `${neutralizeInline(m.author, 80)}${reach}`],
    ['Published', published],
  ];
  if (m.title && m.text && m.title !== m.text) rows.unshift(['Title', neutralizeInline(m.title, 200)]);
  if (input.queries && input.queries.length > 0)
    rows.push(['Matched', input.queries.map((q) => `\`${q.replace(/`/g, '')}\``).join(', ')]);
  if (m.rating !== undefined) rows.push(['Rating', `${m.rating}/5`]);

  const lines = [
    quote.text,
    '',
    `**${where}**`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...(guess ? [guessNotice(c, input.needsTriageBelow as number), ''] : []),
    '### Next steps',
    '- [ ] Reply publicly where they spoke (`/draft` posts a draft from the playbook)',
    '- [ ] Follow up privately (`/followup <note>`)',
    '- [ ] Resolve (`/resolve`) or dismiss (`/dismiss`)',
    '',
    renderMarker(
      boundedMarker({
        key: m.key,
        ...(aliasesOf(m).length > 0 ? { ids: aliasesOf(m) } : {}),
        source: m.sourceId,
        kind: m.sourceKind,
        published: m.published,
        category: c.category,
        confidence: Math.round(c.confidence * 1000) / 1000,
        priority: p.level,
        ...(m.url && m.url.length <= MAX_URL_LENGTH ? { url: m.url } : {}),
        ...(c.secondary ? { secondary: c.secondary } : {}),
        author: Array.from(m.author).slice(0, MAX_MARKER_AUTHOR).join(''),
        ...(markerReplyTo(m.replyTo) ? { replyTo: m.replyTo } : {}),
      }),
    ),
  ];
  return lines.join('\n');
}

/** The mention's ids other than its key (src/record/identity.ts mentionIds). */
function aliasesOf(m: Mention): string[] {
  return (m.ids ?? []).filter((id) => id !== m.key); // mentions made before ids existed (team labels) have none
}

export function renderIssue(input: RenderInput): IssueDraft {
  const { mention: m, classification: c, priority: p } = input;
  const labels = [
    INDEX_LABEL,
    c.category,
    ...(c.secondary ? [c.secondary] : []),
    `source:${m.sourceKind}`,
    `priority:${p.level}`,
    ...(isGuess(c, input.needsTriageBelow) ? [NEEDS_TRIAGE_LABEL] : []),
    ...(input.extraLabels ?? []),
  ];
  return {
    key: m.key,
    ids: [m.key, ...aliasesOf(m)],
    sourceId: m.sourceId,
    title: renderTitle(m, c.category, input.sourceName),
    body: renderBody(input),
    labels: [...new Set(labels)],
    ...(input.milestone ? { milestone: input.milestone } : {}),
    assignees: [...new Set(input.assignees ?? [])],
  };
}
