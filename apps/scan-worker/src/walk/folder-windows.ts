/**
 * Groups a stream into arrays of up to `size` items, in order, pulling the next item only when the
 * current window is not yet full: at most one window is held in memory, never the whole stream.
 */
export async function* inWindows<T>(items: AsyncIterable<T> | Iterable<T>, size: number): AsyncGenerator<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be a positive integer, got ${size}`);
  let window: T[] = [];
  for await (const item of items) {
    window.push(item);
    if (window.length === size) {
      yield window;
      window = [];
    }
  }
  if (window.length > 0) yield window;
}

/**
 * Keeps up to `depth` items of `source` requested ahead of the consumer, so producing them (walking
 * folders) overlaps with consuming them (the store work of a window). At most `depth` items wait in
 * memory. An item that failed is thrown when the consumer reaches it, not before.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`read-ahead depth must be a positive integer, got ${depth}`);
  const iterator = source[Symbol.asyncIterator]();
  const pending: Array<Promise<IteratorResult<T>>> = [];
  const request = (): void => {
    const next = iterator.next();
    next.catch(() => undefined); // observed when the consumer reaches it
    pending.push(next);
  };
  try {
    for (;;) {
      while (pending.length < depth) request();
      const result = await (pending.shift() as Promise<IteratorResult<T>>);
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
