/**
 * Fault injection: rules that match calls (method, path glob or route template; the nth matching
 * call, every call from the nth on, or a seeded probability) and replace or delay the response.
 *
 * Effects:
 * - `status`: a 5xx (or any) error answer; the write is NOT applied.
 * - `secondaryRateLimit`: 403 (or 429) with GitHub's secondary-rate-limit message and `retry-after`.
 * - `tooManyRequests`: 429 with `retry-after` (same message: GitHub uses 403 or 429 for it).
 * - `rateLimit`: the primary limit: 403, `x-ratelimit-remaining: 0` and a reset time.
 * - `validation`: 422 `Validation Failed`.
 * - `latency`: waits `ms` before handling (combines with one other effect).
 * - `crash`: no answer; the socket is destroyed.
 * - `applyThenFail`: the request IS applied, then answered with a 502 (default) as if it failed.
 * Besides rules, `crashAtCall: N` destroys the connection of API call N and of every later call
 * until cleared: a harness reads it as "the client process died at call N".
 */
import { z } from 'zod';
import { seededRandom } from './util.js';

const effectSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    status: z.number().int().min(400).max(599),
    message: z.string().optional(),
  }),
  z.object({
    type: z.literal('secondaryRateLimit'),
    status: z.union([z.literal(403), z.literal(429)]).optional(),
    retryAfter: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('tooManyRequests'), retryAfter: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('rateLimit'), resetSeconds: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('validation'), message: z.string().optional() }),
  z.object({ type: z.literal('latency'), ms: z.number().min(0).max(120_000) }),
  z.object({ type: z.literal('crash') }),
  z.object({ type: z.literal('applyThenFail'), status: z.number().int().min(400).max(599).optional() }),
]);

const SHORTHAND = [
  'crash',
  'applyThenFail',
  'secondaryRateLimit',
  'tooManyRequests',
  'rateLimit',
  'validation',
] as const;

export const faultRuleSchema = z.object({
  id: z.string().optional(),
  match: z
    .object({
      method: z.string().optional(),
      /** Glob on the request path: `*` = one segment's characters, `**` = anything. `/re/` = a RegExp. */
      path: z.string().optional(),
      /** An OpenAPI template (`/repos/{owner}/{repo}/issues`), optionally prefixed by a method. */
      route: z.string().optional(),
      /** A substring of the request body (e.g. one mention's title: GitHub refusing that one issue). */
      bodyContains: z.string().optional(),
    })
    .optional(),
  nth: z.union([z.number().int().min(1), z.array(z.number().int().min(1))]).optional(),
  from: z.number().int().min(1).optional(),
  times: z.number().int().min(0).optional(),
  probability: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  effect: z.union([
    z.enum(SHORTHAND).transform((type) => ({ type }) as z.infer<typeof effectSchema>),
    effectSchema,
  ]),
});

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultEffect = z.output<typeof effectSchema>;

export const faultConfigSchema = z.object({
  rules: z.array(faultRuleSchema).optional(),
  crashAtCall: z.number().int().min(1).nullable().optional(),
  /** Appends to the current rules instead of replacing them. */
  append: z.boolean().optional(),
});
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

export interface CallInfo {
  /** 1-based number of this API call since the last reset of the call counter. */
  n: number;
  method: string;
  path: string;
  /** Matched OpenAPI template, when a route matched. */
  route?: string;
  /** The request body as text (for `match.bodyContains`). */
  body?: string;
}

export interface FaultDecision {
  latencyMs: number;
  effect?: FaultEffect;
  ruleId?: string;
}

interface ActiveRule {
  rule: FaultRule;
  id: string;
  matched: number;
  applied: number;
  random: () => number;
  pathRe?: RegExp;
}

function globToRegExp(glob: string): RegExp {
  if (glob.length > 2 && glob.startsWith('/') && glob.endsWith('/')) return new RegExp(glob.slice(1, -1));
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^/]*';
    else re += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export class Faults {
  private active: ActiveRule[] = [];
  private counter = 0;
  /** Destroy the connection of API call N and every later one (null = off). */
  crashAtCall: number | null = null;

  /** Replaces all rules (validated; throws a ZodError on bad input). */
  set(rules: readonly FaultRuleInput[]): void {
    this.active = [];
    for (const rule of rules) this.add(rule);
  }

  add(input: FaultRuleInput): string {
    const rule = faultRuleSchema.parse(input);
    const id = rule.id ?? `rule-${++this.counter}`;
    const active: ActiveRule = { rule, id, matched: 0, applied: 0, random: seededRandom(rule.seed ?? 1) };
    if (rule.match?.path) active.pathRe = globToRegExp(rule.match.path);
    this.active.push(active);
    return id;
  }

  remove(id: string): boolean {
    const before = this.active.length;
    this.active = this.active.filter((r) => r.id !== id);
    return this.active.length !== before;
  }

  clear(): void {
    this.active = [];
    this.crashAtCall = null;
  }

  /** Applies a control-API configuration (`{ rules, crashAtCall, append }`). */
  configure(input: FaultConfigInput): void {
    const config = faultConfigSchema.parse(input);
    if (config.rules) {
      if (!config.append) this.active = [];
      for (const rule of config.rules) this.add(rule);
    }
    if (config.crashAtCall !== undefined) this.crashAtCall = config.crashAtCall;
  }

  list(): { id: string; matched: number; applied: number; rule: FaultRule }[] {
    return this.active.map((r) => ({ id: r.id, matched: r.matched, applied: r.applied, rule: r.rule }));
  }

  private matches(active: ActiveRule, call: CallInfo): boolean {
    const m = active.rule.match;
    if (!m) return true;
    if (m.method && m.method.toUpperCase() !== call.method) return false;
    if (active.pathRe && !active.pathRe.test(call.path)) return false;
    if (m.route) {
      const [first, ...rest] = m.route.trim().split(/\s+/);
      const hasMethod = rest.length > 0;
      const template = hasMethod ? rest.join(' ') : first;
      if (hasMethod && first?.toUpperCase() !== call.method) return false;
      if (template !== call.route) return false;
    }
    if (m.bodyContains !== undefined && !(call.body ?? '').includes(m.bodyContains)) return false;
    return true;
  }

  /** Decides what happens to one call; counters advance for every matching rule. */
  decide(call: CallInfo): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.crashAtCall !== null && call.n >= this.crashAtCall) {
      decision.effect = { type: 'crash' };
      decision.ruleId = 'crashAtCall';
      return decision;
    }
    for (const active of this.active) {
      if (!this.matches(active, call)) continue;
      active.matched++;
      const { nth, from, times, probability } = active.rule;
      if (nth !== undefined && !(Array.isArray(nth) ? nth.includes(active.matched) : nth === active.matched))
        continue;
      if (from !== undefined && active.matched < from) continue;
      if (times !== undefined && active.applied >= times) continue;
      if (probability !== undefined && active.random() >= probability) continue;
      const effect = active.rule.effect;
      if (effect.type === 'latency') {
        active.applied++;
        decision.latencyMs += effect.ms;
        continue;
      }
      if (decision.effect) continue;
      active.applied++;
      decision.effect = effect;
      decision.ruleId = active.id;
    }
    return decision;
  }
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID';
