import { inWindows, readAhead } from './folder-windows';

describe(inWindows.name, () => {
  async function collect<T>(windows: AsyncIterable<T[]>): Promise<T[][]> {
    const result: T[][] = [];
    for await (const window of windows) result.push(window);
    return result;
  }

  async function* stream(count: number, pulled: number[] = []): AsyncGenerator<number> {
    for (let item = 0; item < count; item += 1) {
      pulled.push(item);
      yield item;
    }
  }

  it('cuts a stream into full windows in order and ends with the remainder', async () => {
    const sut = inWindows(stream(7), 3);

    expect(await collect(sut)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(inWindows(stream(0), 3))).toEqual([]);
  });

  it('yields no empty window when the stream ends on a window boundary', async () => {
    expect(await collect(inWindows([1, 2, 3, 4], 2))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('pulls no item beyond the window it is handing out', async () => {
    const pulled: number[] = [];
    const sut = inWindows(stream(100, pulled), 4);

    const first = await sut.next();

    expect(first.value).toEqual([0, 1, 2, 3]);
    expect(pulled).toEqual([0, 1, 2, 3]);
    await sut.return(undefined);
  });

  it('refuses a window size below one', async () => {
    await expect(collect(inWindows([1], 0))).rejects.toThrow(RangeError);
  });
});

describe(readAhead.name, () => {
  async function* counted(count: number, pulled: number[]): AsyncGenerator<number> {
    for (let item = 0; item < count; item += 1) {
      pulled.push(item);
      yield item;
    }
  }

  it('yields every item in order', async () => {
    const seen: number[] = [];
    for await (const item of readAhead(counted(10, []), 3)) seen.push(item);

    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('produces up to depth items ahead of the consumer, never more', async () => {
    const pulled: number[] = [];
    const sut = readAhead(counted(100, pulled), 4);

    await sut.next();
    await new Promise((resolve) => setImmediate(resolve));

    expect(pulled.length).toBeGreaterThanOrEqual(2);
    expect(pulled.length).toBeLessThanOrEqual(5);
    await sut.return(undefined);
  });

  it('throws a failed item when the consumer reaches it, after the items before it', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('folder vanished');
    }
    const seen: number[] = [];

    await expect(
      (async () => {
        for await (const item of readAhead(failing(), 3)) seen.push(item);
      })(),
    ).rejects.toThrow('folder vanished');
    expect(seen).toEqual([1]);
  });
});
