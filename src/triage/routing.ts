/** Routing rules: the first rule whose conditions all hold gives assignees and team labels. */
import type { RoutingRule } from '../config/schema.js';
import type { Category, Mention } from '../mentions/mention.js';
import type { PriorityLevel } from './priority.js';

export interface Route {
  assignees: string[];
  labels: string[];
  /** Index of the rule that matched, or -1. */
  rule: number;
}

export function route(
  rules: readonly RoutingRule[],
  mention: Pick<Mention, 'text' | 'title' | 'sourceId' | 'sourceKind'>,
  category: Category,
  priority: PriorityLevel,
): Route {
  const text = `${mention.title}\n${mention.text}`.toLowerCase();
  const contains = (term: string) => {
    const t = term.replace(/^"|"$/g, '').toLowerCase();
    return new RegExp(`(?<![\\p{L}\\p{N}])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);
  };
  for (const [i, rule] of rules.entries()) {
    const w = rule.when;
    if (w.category && !w.category.includes(category)) continue;
    if (w.priority && !w.priority.includes(priority)) continue;
    if (w.source && !w.source.some((s) => s === mention.sourceId || s === mention.sourceKind)) continue;
    if (w.keyword && !w.keyword.some(contains)) continue;
    if (w.product && !w.product.some(contains)) continue;
    return { assignees: [...rule.assignees], labels: [...rule.labels], rule: i };
  }
  return { assignees: [], labels: [], rule: -1 };
}
