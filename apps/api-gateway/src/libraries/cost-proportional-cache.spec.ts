import { CostProportionalCache } from './cost-proportional-cache';

describe(CostProportionalCache.name, () => {
  let clock: number;
  const sut = () => new CostProportionalCache<{ n: number }>({ minReuseMs: 10_000, costFactor: 4, now: () => clock });
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  // Not 0: a time of 0 reads as "no start" in lru-cache, as performance.now() never returns it.
  const T0 = 1_000;

  beforeEach(() => {
    clock = T0;
  });

  it('shares one computation among callers that ask while it runs', async () => {
    const cache = sut();
    const compute = jest.fn(() => Promise.resolve({ n: 42 }));

    const results = await Promise.all([cache.get('a', compute), cache.get('a', compute), cache.get('a', compute)]);

    expect(results.map((result) => result.n)).toEqual([42, 42, 42]);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('reuses a cheap result for the minimum time, then computes again', async () => {
    const cache = sut();
    const compute = jest.fn(() => Promise.resolve({ n: clock }));
    await cache.get('a', compute);
    await settle();

    clock = T0 + 10_000;
    expect((await cache.get('a', compute)).n).toBe(T0);
    clock = T0 + 10_001;
    expect((await cache.get('a', compute)).n).toBe(T0 + 10_001);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('reuses a costly result for costFactor times what it took', async () => {
    const cache = sut();
    let finish: (value: { n: number }) => void = () => undefined;
    const compute = jest.fn(() => new Promise<{ n: number }>((resolve) => (finish = resolve)));
    const first = cache.get('a', compute);
    clock = T0 + 60_000;
    finish({ n: 1 });
    await first;
    await settle();

    clock = T0 + 60_000 + 240_000;
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(1);
    clock = T0 + 60_000 + 240_001;
    void cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps no failure, and keeps keys apart', async () => {
    const cache = sut();
    await expect(cache.get('a', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await settle();

    expect((await cache.get('a', () => Promise.resolve({ n: 7 }))).n).toBe(7);
    expect((await cache.get('b', () => Promise.resolve({ n: 8 }))).n).toBe(8);
  });
});
