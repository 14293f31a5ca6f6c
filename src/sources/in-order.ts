/**
 * Runs `work` over `items` with at most `limit` at once, and hands each outcome to `use` strictly in
 * the items' order: `use(i)` runs as soon as item i and every item before it are done, whatever
 * order the work finishes in. A scan fetches its sources this way, so what it decides (which source
 * a mention shared by two is credited to, the filing order, the cursors) is the same as fetching
 * them one after another. `work` must not throw (wrap failures in its result); `use` may be async.
 */
export async function inOrder<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  use: (outcome: R, item: T, index: number) => void | Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be ≥ 1, got ${limit}`);
  const outcomes = new Map<number, R>();
  let next = 0; // the next item to start
  let used = 0; // the next item to hand to `use`
  let chain: Promise<void> = Promise.resolve();
  const drain = async () => {
    while (outcomes.has(used)) {
      const i = used++;
      const outcome = outcomes.get(i) as R;
      outcomes.delete(i);
      await use(outcome, items[i] as T, i);
    }
  };
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      outcomes.set(i, await work(items[i] as T, i));
      // One drain at a time, in order: `use` never overlaps itself.
      chain = chain.then(drain);
      try {
        await chain;
      } catch (error) {
        next = items.length; // `use` failed: start nothing more
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  await chain;
}
