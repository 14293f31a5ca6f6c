import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../../src/http/host-limiter.js';

describe('HostLimiter', () => {
  it('lets `limit` through per host and queues the rest in order', async () => {
    const limiter = new HostLimiter(2);
    const a = await limiter.acquire('a');
    const b = await limiter.acquire('a');
    const other = await limiter.acquire('b'); // another host is not held up
    const order: string[] = [];
    const c = limiter.acquire('a').then((release) => {
      order.push('c');
      return release;
    });
    const d = limiter.acquire('a').then((release) => {
      order.push('d');
      return release;
    });
    await Promise.resolve();
    expect(limiter.active('a')).toBe(2);
    expect(limiter.waiting('a')).toBe(2);
    a();
    a(); // a second release is ignored
    (await c)();
    b();
    (await d)();
    other();
    expect(order).toEqual(['c', 'd']);
    expect(limiter.active('a')).toBe(0);
    expect(limiter.waiting('a')).toBe(0);
  });

  it('drops an aborted waiter from the queue', async () => {
    const limiter = new HostLimiter(1);
    const first = await limiter.acquire('h');
    const controller = new AbortController();
    const waiting = limiter.acquire('h', controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(limiter.waiting('h')).toBe(0);
    first();
    const next = await limiter.acquire('h');
    expect(limiter.active('h')).toBe(1);
    next();
  });

  it('refuses a limit below 1', () => {
    expect(() => new HostLimiter(0)).toThrow(RangeError);
  });
});
