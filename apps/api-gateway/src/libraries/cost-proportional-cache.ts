import { LRUCache } from 'lru-cache';

export interface CostProportionalCacheOptions {
  /** A result is reused for at least this long. */
  minReuseMs: number;
  /** ...and for this many times what it took to compute, so costly results are recomputed less often. */
  costFactor: number;
  /** Keys kept at most (least recently used go first). */
  maxKeys?: number;
  now?: () => number;
}

type Compute<T> = () => Promise<T>;

/**
 * Shares one computation per key among concurrent callers and reuses its result for a while, in
 * proportion to what it cost: a count that takes a minute on a large library then keeps the store busy
 * at most 1/costFactor of the time, however many pages and job events ask for it. A failure is not kept.
 * lru-cache does the sharing (fetch) and expiry; the entry's ttl is set from the measured cost.
 */
export class CostProportionalCache<T extends object> {
  private readonly cache: LRUCache<string, T, Compute<T>>;

  constructor({ minReuseMs, costFactor, maxKeys = 1_000, now = () => performance.now() }: CostProportionalCacheOptions) {
    this.cache = new LRUCache<string, T, Compute<T>>({
      max: maxKeys,
      ttl: minReuseMs,
      ttlResolution: 0,
      perf: { now },
      fetchMethod: async (_key, _stale, { options, context }) => {
        const started = now();
        const value = await context();
        options.ttl = Math.max(minReuseMs, costFactor * (now() - started));
        return value;
      },
    });
  }

  async get(key: string, compute: Compute<T>): Promise<T> {
    const value = await this.cache.fetch(key, { context: compute });
    if (value === undefined) throw new Error(`no value computed for ${key}`);
    return value;
  }
}
