/** At most N exchanges in flight per host; the rest wait in a first-come, first-served queue. */

interface Waiter {
  grant: () => void;
  reject: (reason: unknown) => void;
}

interface HostState {
  active: number;
  queue: Waiter[];
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`per-host limit must be ≥ 1, got ${limit}`);
  }

  /** Waits for a slot on `host`; resolves to the function that gives it back (call it once). */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, queue: [] };
      this.hosts.set(host, state);
    }
    const slot = state;
    const release = this.releaser(host, slot);
    if (slot.active < this.limit) {
      slot.active++;
      return Promise.resolve(release);
    }
    return new Promise<() => void>((resolve, reject) => {
      const onAbort = () => {
        const i = slot.queue.indexOf(waiter);
        if (i >= 0) slot.queue.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject,
      };
      slot.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Exchanges in flight on `host`. */
  active(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }

  /** Exchanges waiting for a slot on `host`. */
  waiting(host: string): number {
    return this.hosts.get(host)?.queue.length ?? 0;
  }

  private releaser(host: string, slot: HostState): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.queue.shift();
      if (next) {
        next.grant(); // the slot passes straight to the next waiter
        return;
      }
      slot.active--;
      if (slot.active === 0 && slot.queue.length === 0) this.hosts.delete(host);
    };
  }
}
