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
