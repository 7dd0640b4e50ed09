import { KeyedCoalescer } from './keyed-coalescer';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe(KeyedCoalescer.name, () => {
  it('lets requests that arrive while a run is queued join it, so a burst costs two runs', async () => {
    const sut = new KeyedCoalescer<number>();
    const gate = deferred();
    const firstStarted = deferred();
    let runs = 0;
    const task = async (): Promise<number> => {
      runs += 1;
      const run = runs;
      if (run === 1) {
        firstStarted.resolve();
        await gate.promise;
      }
      return run;
    };

    const first = sut.run('job', task);
    await firstStarted.promise;
    const burst = Array.from({ length: 5 }, () => sut.run('job', task));
    gate.resolve();

    expect(first.joined).toBe(false);
    expect(burst.map((request) => request.joined)).toEqual([false, true, true, true, true]);
    expect(await first.result).toBe(1);
    expect(await Promise.all(burst.map((request) => request.result))).toEqual([2, 2, 2, 2, 2]);
    expect(runs).toBe(2);
  });

  it('starts a new run for a request that comes after the queued one started', async () => {
    const sut = new KeyedCoalescer<string>();
    const started: string[] = [];
    const task = (name: string) => async (): Promise<string> => {
      started.push(name);
      return name;
    };

    expect(await sut.run('job', task('a')).result).toBe('a');
    expect(await sut.run('job', task('b')).result).toBe('b');
    expect(started).toEqual(['a', 'b']);
  });

  it('with a linger, lets requests spread over that time share one run', async () => {
    jest.useFakeTimers();
    try {
      const sut = new KeyedCoalescer<number>(undefined, 250);
      let runs = 0;
      const task = async (): Promise<number> => (runs += 1);

      const first = sut.run('parent', task);
      await jest.advanceTimersByTimeAsync(100);
      const second = sut.run('parent', task);
      await jest.advanceTimersByTimeAsync(100);
      const third = sut.run('parent', task);
      expect(runs).toBe(0);
      await jest.advanceTimersByTimeAsync(50);

      expect([first.joined, second.joined, third.joined]).toEqual([false, true, true]);
      expect(await Promise.all([first.result, second.result, third.result])).toEqual([1, 1, 1]);
      expect(runs).toBe(1);
      const later = sut.run('parent', task);
      expect(later.joined).toBe(false);
      await jest.advanceTimersByTimeAsync(250);
      expect(await later.result).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps keys apart', async () => {
    const sut = new KeyedCoalescer<string>();
    const gate = deferred();
    const blocked = sut.run('one', async () => {
      await gate.promise;
      return 'one';
    });

    expect(await sut.run('two', async () => 'two').result).toBe('two');
    gate.resolve();
    expect(await blocked.result).toBe('one');
  });

  it('hands a failed run to every request that joined it', async () => {
    const sut = new KeyedCoalescer<void>();
    const gate = deferred();
    const started = deferred();
    void sut.run('job', () => {
      started.resolve();
      return gate.promise;
    }).result;
    await started.promise;
    const queued = sut.run('job', () => Promise.reject(new Error('store down')));
    const joined = sut.run('job', () => Promise.resolve());
    gate.resolve();

    await expect(queued.result).rejects.toThrow('store down');
    await expect(joined.result).rejects.toThrow('store down');
  });
});
