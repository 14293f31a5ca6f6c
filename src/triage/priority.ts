/**
 * Priority = (reach + engagement + severity + category) × source weight, with a one-line reason.
 *
 *   reach      = min(3, log2(1 + authorReach / typical))       typical: the platform's typicalReach
 *   engagement = min(3, log2(1 + engagement / (typical / 4))) / 2
 *   severity   = min(3, 1.5 per severity term)  + 2 for a 1-star, +1 for a 2-star review
 *   category   = complaint +1, question +0.5, compliment 0, neutral −0.5
 *   level      = high when score ≥ priority.high (3), low when score < priority.low (1), else normal
 *
 * Reach is normalized per source kind: 300 followers on Mastodon and 20 points on Hacker News
 * are both "typical" there and score 1. Worked examples in docs/triage.md.
 */
import type { PriorityConfig } from '../config/schema.js';
import type { Category, Mention } from '../mentions/mention.js';
import { platformFor } from '../platforms/index.js';

export type PriorityLevel = 'high' | 'normal' | 'low';

export interface Priority {
  level: PriorityLevel;
  score: number;
  /** One line: why this level. */
  reason: string;
}

/** Reach at this value scores 1 where the platform names no typical reach (its `typicalReach`). */
export const DEFAULT_TYPICAL = 100;

export const BUILTIN_SEVERITY_TERMS = [
  'refund',
  'chargeback',
  'cancel',
  'cancelled my',
  'canceling',
  'cancelling',
  'lawyer',
  'lawsuit',
  'sue',
  'sued',
  'suing',
  'legal action',
  'data breach',
  'breach',
  'leaked',
  'hacked',
  'security',
  'safety',
  'unsafe',
  'dangerous',
  'injury',
  'fraud',
  'scam',
  'never again',
  'worst',
  'outage',
  'down for',
  'charged twice',
  'double charged',
  'lost my data',
  'deleted my',
];

const CATEGORY_SCORE: Record<Category, number> = {
  complaint: 1,
  question: 0.5,
  compliment: 0,
  neutral: -0.5,
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patterns = new Map<string, RegExp>();

/** A severity term as a pattern: words in order, one extra word allowed between two of them. */
function termPattern(term: string): RegExp {
  const cached = patterns.get(term);
  if (cached) return cached;
  const t = term.toLowerCase().trim();
  const words = t.split(/\s+/).map(escapeRegExp);
  const end = t.length <= 4 ? '(?![\\p{L}\\p{N}])' : '';
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join("(?:\\s+[\\p{L}\\p{N}'’-]+)?\\s+")}${end}`, 'u');
  if (patterns.size < 1000) patterns.set(term, re);
  return re;
}

/**
 * Severity terms found in a text: each matches at the start of a word, so "refund" also finds
 * "refunded"; a term of four letters or fewer must be a whole word ("sue" is not "suede"); in a
 * term of several words one more word may stand between two of them ("charged me twice",
 * "never buying again", "lost all my data").
 */
export function severitySignals(text: string, extra: readonly string[] = []): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const term of [...BUILTIN_SEVERITY_TERMS, ...extra]) {
    const t = term.toLowerCase();
    const re = termPattern(t);
    if (re.test(lower) && !found.some((f) => f.includes(t) || t.includes(f))) found.push(term);
  }
  return found;
}

function scaled(value: number | undefined, typical: number): number {
  if (value === undefined || !(value > 0)) return 0;
  return Math.min(3, Math.log2(1 + value / typical));
}

export function prioritize(
  mention: Pick<Mention, 'text' | 'title' | 'sourceKind' | 'authorReach' | 'engagement' | 'rating'>,
  category: Category,
  options: { weight?: number; config: PriorityConfig },
): Priority {
  const typical =
    options.config.typicalReach?.[mention.sourceKind] ??
    platformFor(mention.sourceKind)?.typicalReach ??
    DEFAULT_TYPICAL;
  const reach = scaled(mention.authorReach, typical);
  const engagement = scaled(mention.engagement, typical / 4) * 0.5;
  const signals = severitySignals(`${mention.title}\n${mention.text}`, options.config.severityTerms);
  let severity = Math.min(3, signals.length * 1.5);
  if (mention.rating !== undefined && mention.rating <= 2) severity += mention.rating <= 1 ? 2 : 1;
  const weight = options.weight ?? 1;
  const raw = reach + engagement + severity + CATEGORY_SCORE[category];
  const score = Math.round(raw * weight * 100) / 100;
  const level: PriorityLevel =
    score >= options.config.high ? 'high' : score < options.config.low ? 'low' : 'normal';

  const why: string[] = [category];
  if (signals.length > 0) why.push(`severity: ${signals.slice(0, 3).join(', ')}`);
  if (mention.rating !== undefined) why.push(`rated ${mention.rating}/5`);
  if (mention.authorReach !== undefined)
    why.push(`reach ${formatCount(mention.authorReach)} (typical here: ${formatCount(typical)})`);
  if (mention.engagement !== undefined && mention.engagement > 0)
    why.push(`engagement ${formatCount(mention.engagement)}`);
  if (weight !== 1) why.push(`source weight ${weight}`);
  return { level, score, reason: `score ${score} — ${why.join('; ')}` };
}

export function formatCount(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  return String(n);
}
