/**
 * Runs `work` over `items` with at most `limit` at once, and hands each outcome to `use` strictly in
 * the items' order: `use(i)` runs as soon as item i and every item before it are done, whatever
 * order the work finishes in. A scan fetches its sources this way, so what it decides (which source
 * a mention shared by two is credited to, the filing order, the cursors) is the same as fetching
 * them one after another. `work` must not throw (wrap failures in its result); `use` may be async
 * and never overlaps itself.
 *
 * With `key` and `perKey` (a source's host, the HTTP client's per-host limit), at most `perKey`
 * items of one key run at once: the next item started is the first in order whose key has room, so
 * a run of sources on one host does not hold every slot while they queue for that host.
 */
export interface InOrderOptions<T> {
  key?: (item: T) => string;
  perKey?: number;
}

export function inOrder<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  use: (outcome: R, item: T, index: number) => void | Promise<void>,
  options: InOrderOptions<T> = {},
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    return Promise.reject(new RangeError(`limit must be ≥ 1, got ${limit}`));
  const perKey = options.perKey ?? Number.POSITIVE_INFINITY;
  const keys = items.map((item) => options.key?.(item) ?? '');
  const busy = new Map<string, number>(); // items running per key
  const waiting: number[] = items.map((_, i) => i); // not started, in order
  const outcomes = new Map<number, R>();
  let running = 0;
  let used = 0; // the next item to hand to `use`
  let failed = false;
  let chain: Promise<void> = Promise.resolve();

  return new Promise<void>((resolve, reject) => {
    const drain = async () => {
      while (!failed && outcomes.has(used)) {
        const i = used++;
        const outcome = outcomes.get(i) as R;
        outcomes.delete(i);
        await use(outcome, items[i] as T, i);
      }
      if (used === items.length) resolve();
    };
    const start = () => {
      while (!failed && running < limit) {
        const at = waiting.findIndex((i) => (busy.get(keys[i] as string) ?? 0) < perKey);
        if (at < 0) return; // every waiting item's key is full: a finishing one starts the next
        const i = waiting.splice(at, 1)[0] as number;
        const key = keys[i] as string;
        busy.set(key, (busy.get(key) ?? 0) + 1);
        running++;
        void work(items[i] as T, i).then((outcome) => {
          running--;
          busy.set(key, (busy.get(key) ?? 1) - 1);
          outcomes.set(i, outcome);
          chain = chain.then(drain).catch((error: unknown) => {
            failed = true; // `use` failed: start nothing more
            reject(error);
          });
          start();
        });
      }
    };
    if (items.length === 0) resolve();
    else start();
  });
}
