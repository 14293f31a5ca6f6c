/** The call counter: every API request (control requests excluded), by method and by route. */

export interface CallRecord {
  /** 1-based call number since the last reset. */
  n: number;
  method: string;
  path: string;
  /** `METHOD /template` when a route matched, else `METHOD <unmatched>`. */
  route: string;
  /** Status sent; 0 when the connection was destroyed (crash). */
  status: number;
  /** A `POST /graphql` call: whether it sent a query (a read) or a mutation. */
  graphql?: 'query' | 'mutation';
  /** The fault rule that changed this call, if any. */
  fault?: string;
  actor?: string;
}

export interface CallsSnapshot {
  total: number;
  byMethod: Record<string, number>;
  byRoute: Record<string, number>;
  /** Calls that changed state or tried to (non-GET, GraphQL queries excepted). */
  writes: number;
}

const LOG_LIMIT = 100_000;

export class Calls {
  total = 0;
  readonly byMethod = new Map<string, number>();
  readonly byRoute = new Map<string, number>();
  /** `POST /graphql` calls that only read (counted under POST, but not writes). */
  graphqlQueries = 0;
  /** The most recent calls (bounded), oldest first. */
  readonly log: CallRecord[] = [];
  private readonly listeners = new Set<(call: CallRecord) => void>();

  /**
   * Calls `listener` after each API call is answered (or crashed), e.g. for a harness that kills
   * the client process at call N. Returns an unsubscribe function.
   */
  on(listener: (call: CallRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers a new call and returns its number. */
  next(): number {
    return ++this.total;
  }

  record(call: CallRecord): void {
    this.byMethod.set(call.method, (this.byMethod.get(call.method) ?? 0) + 1);
    if (call.graphql === 'query') this.graphqlQueries++;
    this.byRoute.set(call.route, (this.byRoute.get(call.route) ?? 0) + 1);
    this.log.push(call);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    for (const listener of this.listeners) listener(call);
  }

  /** How many calls matched a route key such as `POST /repos/{owner}/{repo}/issues`. */
  count(route: string): number {
    return this.byRoute.get(route) ?? 0;
  }

  reset(): void {
    this.total = 0;
    this.byMethod.clear();
    this.byRoute.clear();
    this.graphqlQueries = 0;
    this.log.length = 0;
  }

  snapshot(): CallsSnapshot {
    let writes = 0;
    for (const [method, n] of this.byMethod) if (method !== 'GET' && method !== 'HEAD') writes += n;
    writes -= this.graphqlQueries;
    return {
      total: this.total,
      byMethod: Object.fromEntries(this.byMethod),
      byRoute: Object.fromEntries(this.byRoute),
      writes,
    };
  }
}
