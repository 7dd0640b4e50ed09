import { KeyedCoalescer, type Activity } from './keyed-coalescer';

/** Handlings in progress, set by the test; `end` is one of them ending. */
class FakeActivity implements Activity {
  private listener = (): void => undefined;

  constructor(public inProgress: number) {}

  onEnd(listener: () => void): void {
    this.listener = listener;
  }

  end(): void {
    this.inProgress -= 1;
    this.listener();
  }
}

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

  describe('with a linger', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('lets requests spread over that time share one run', async () => {
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
    });

    it('does not wait when the one handling in progress is the one asking', async () => {
      const sut = new KeyedCoalescer<number>(undefined, 250, new FakeActivity(1));
      let runs = 0;

      const only = sut.run('parent', async () => (runs += 1));
      await jest.advanceTimersByTimeAsync(0);

      expect(runs).toBe(1);
      expect(await only.result).toBe(1);
    });

    it('waits while another handling could join, and runs once every handling waits on it', async () => {
      const sut = new KeyedCoalescer<number>(undefined, 250, new FakeActivity(2));
      let runs = 0;
      const task = async (): Promise<number> => (runs += 1);

      const first = sut.run('parent', task);
      await jest.advanceTimersByTimeAsync(100);
      expect(runs).toBe(0);
      const second = sut.run('parent', task);
      await jest.advanceTimersByTimeAsync(0);

      expect(runs).toBe(1);
      expect([first.joined, second.joined]).toEqual([false, true]);
      expect(await Promise.all([first.result, second.result])).toEqual([1, 1]);
    });

    it('runs as soon as the other handlings ended without joining', async () => {
      const activity = new FakeActivity(3);
      const sut = new KeyedCoalescer<number>(undefined, 250, activity);
      let runs = 0;

      const waiting = sut.run('parent', async () => (runs += 1));
      activity.end();
      await jest.advanceTimersByTimeAsync(50);
      expect(runs).toBe(0);
      activity.end();
      await jest.advanceTimersByTimeAsync(0);

      expect(runs).toBe(1);
      expect(await waiting.result).toBe(1);
    });
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
