/**
 * One item at a time behind a concurrency limit, stopping at the first failure: how a store without
 * batch reads or writes (the local tracker, GitHub's REST fallback) serves `readHistories` and
 * `labelIssues`. What succeeded before the failure is kept.
 */
import { mapLimit } from '../report/pool.js';

interface EachResult<T, R> {
  done: Map<T, R>;
  error?: unknown;
}

export async function runEach<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<EachResult<T, R>> {
  const done = new Map<T, R>();
  let error: unknown;
  let failed = false;
  await mapLimit(items, concurrency, async (item) => {
    if (failed) return;
    try {
      done.set(item, await work(item));
    } catch (e) {
      if (!failed) error = e;
      failed = true;
    }
  });
  return failed ? { done, error } : { done };
}
