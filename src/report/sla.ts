/**
 * SLA targets from the config (per category, optionally per priority) and the status of one clock:
 *  - met: done within the target;
 *  - breached: done after the target, or not done and already past it;
 *  - pending: not done, still within the target;
 *  - none: no target for this category and priority;
 *  - unknown: done, but the store cannot say when (the local store keeps no history).
 * Attainment = met ÷ (met + breached).
 */
import type { SlaConfig } from '../config/schema.js';
import { parseDuration } from './duration.js';

export type SlaStatus = 'met' | 'breached' | 'pending' | 'none' | 'unknown';
export type SlaTargets = SlaConfig['firstResponse'];
type Target = NonNullable<SlaTargets['default']>;

/** The target in seconds for a category and priority, or undefined. */
export function slaTarget(targets: SlaTargets, category: string, priority: string): number | undefined {
  const pick = (t: Target | undefined): string | undefined => {
    if (t === undefined) return undefined;
    if (typeof t === 'string') return t;
    return (t as Record<string, string | undefined>)[priority] ?? t.default;
  };
  const byCategory = (targets as Record<string, Target | undefined>)[category];
  const text = pick(byCategory) ?? pick(targets.default);
  return text === undefined ? undefined : parseDuration(text);
}

export interface Clock {
  /** Seconds from the start to when it was done, when done and known. */
  doneSeconds?: number | undefined;
  /** Done, whether or not the time is known. */
  done: boolean;
  /** Seconds from the start to now (for what is not done yet). */
  elapsedSeconds: number;
}

export function slaStatus(targetSeconds: number | undefined, clock: Clock): SlaStatus {
  if (targetSeconds === undefined) return 'none';
  if (clock.done) {
    if (clock.doneSeconds === undefined) return 'unknown';
    return clock.doneSeconds <= targetSeconds ? 'met' : 'breached';
  }
  return clock.elapsedSeconds > targetSeconds ? 'breached' : 'pending';
}
