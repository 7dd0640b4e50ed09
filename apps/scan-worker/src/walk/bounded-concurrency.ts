/**
 * Runs `work` on every item, at most `limit` at a time, each item once, in the items' order of start.
 * When one fails no further item starts; the call waits for those already running, then throws the first
 * failure (so nothing of this call still writes after it returned). Written here rather than taken from
 * p-limit or p-map: their maintained versions are ES modules only, which Jest's loader cannot load on Node 20
 * (docs/architecture.md, "Versions chosen"), and neither waits for the running items after a failure.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
