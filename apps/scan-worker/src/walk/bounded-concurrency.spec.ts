import { forEachConcurrently } from './bounded-concurrency';

/** A task per item that ends when the test says so, recording how many ran at once. */
function gate() {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const release = new Map<number, (error?: Error) => void>();
  const work = (item: number) =>
    new Promise<void>((resolve, reject) => {
      running += 1;
      peak = Math.max(peak, running);
      started.push(item);
      release.set(item, (error) => {
        running -= 1;
        if (error) reject(error);
        else resolve();
      });
    });
  return { work, started, release, peak: () => peak };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(forEachConcurrently.name, () => {
  it('runs every item once, never more than the limit at a time', async () => {
    const { work, started, release, peak } = gate();
    const done = forEachConcurrently([1, 2, 3, 4, 5], 2, work);
    await settle();
    expect(started).toEqual([1, 2]);
    release.get(2)?.();
    await settle();
    expect(started).toEqual([1, 2, 3]);
    for (const item of [1, 3, 4, 5]) {
      await settle();
      release.get(item)?.();
    }
    await done;
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(peak()).toBe(2);
  });

  it('starts nothing after a failure, waits for the running items, then throws the first failure', async () => {
    const { work, started, release } = gate();
    let finished = false;
    const done = forEachConcurrently([1, 2, 3, 4], 2, work).finally(() => {
      finished = true;
    });
    await settle();
    release.get(1)?.(new Error('folder 1 failed'));
    await settle();
    expect(finished).toBe(false); // item 2 is still running
    release.get(2)?.(new Error('folder 2 failed too'));
    await expect(done).rejects.toThrow('folder 1 failed');
    expect(started).toEqual([1, 2]);
  });

  it('does nothing for no items and refuses a limit below one', async () => {
    await expect(forEachConcurrently([], 3, () => Promise.reject(new Error('never called')))).resolves.toBeUndefined();
    await expect(forEachConcurrently([1], 0, () => Promise.resolve())).rejects.toThrow(RangeError);
  });
});
