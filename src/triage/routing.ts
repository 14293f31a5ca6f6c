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
    return new RegExp(
      `(?<![\\p{L}\\p{N}])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
      'u',
    ).test(text);
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

export interface RoutingProblem {
  /** Path inside `routing`, e.g. `[2, 'when', 'source', 0]`. */
  path: (string | number)[];
  message: string;
}

/**
 * Load-time checks of the routing rules (reported with the file and line): a rule after one that
 * always matches can never match; a `source` must name a configured source id or kind; a `product`
 * must be one of the company's names or products; words and labels must not be empty, and a label
 * fits GitHub's 50 characters.
 */
export function routingProblems(
  rules: readonly RoutingRule[],
  context: { sourceIds: readonly string[]; sourceKinds: readonly string[]; products: readonly string[] },
): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const sources = new Set([...context.sourceIds, ...context.sourceKinds]);
  const products = new Set(context.products.map((p) => p.toLowerCase()));
  let catchAll = -1;
  for (const [i, rule] of rules.entries()) {
    const w = rule.when;
    if (catchAll >= 0)
      problems.push({
        path: [i],
        message: `rule ${i + 1} can never match: rule ${catchAll + 1} has an empty \`when\` and always matches first (first match wins; put the default last)`,
      });
    if (Object.values(w).every((v) => v === undefined) && catchAll < 0) catchAll = i;
    for (const [field, values] of Object.entries(w))
      if (Array.isArray(values) && values.length === 0)
        problems.push({
          path: [i, 'when', field],
          message: `an empty list never matches; remove \`${field}\` to match any`,
        });
    (w.source ?? []).forEach((s, j) => {
      if (!sources.has(s))
        problems.push({
          path: [i, 'when', 'source', j],
          message: `"${s}" is neither a source id nor a source kind in this config (${[...sources].join(', ')})`,
        });
    });
    (w.product ?? []).forEach((p, j) => {
      if (!products.has(p.replace(/^"|"$/g, '').toLowerCase()))
        problems.push({
          path: [i, 'when', 'product', j],
          message: `"${p}" is not one of company.name, aliases or products`,
        });
    });
    (w.keyword ?? []).forEach((k, j) => {
      if (k.replace(/^"|"$/g, '').trim() === '')
        problems.push({ path: [i, 'when', 'keyword', j], message: 'an empty keyword' });
    });
    rule.labels.forEach((l, j) => {
      if (l.trim() === '' || l.length > 50)
        problems.push({ path: [i, 'labels', j], message: 'a label name has 1 to 50 characters' });
    });
  }
  return problems;
}
