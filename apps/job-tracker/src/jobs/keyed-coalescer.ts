import { KeyedSerializer } from './keyed-serializer';

export interface CoalescedRun<T> {
  result: Promise<T>;
  /** True when this request joined a run another request had queued. */
  joined: boolean;
}

/** The process's message handling, as a lingering run needs to know it (AmqpServer is one). */
export interface Activity {
  /** Messages being handled right now. */
  readonly inProgress: number;
  /** Called each time a handling ends. */
  onEnd(listener: () => void): void;
}

/** A run waiting out its linger, and how many requests wait on it. */
interface Lingering {
  waiters: number;
  release: () => void;
}

/**
 * Runs keyed tasks one after another (through `serializer`), and lets a request that arrives while a
 * run of its key is queued but not started join that run instead of queueing another. The queued run
 * reads the store when it starts, so it sees everything its joiners wrote before they joined: a burst
 * of N requests for one key costs two runs, not N. With `lingerMs`, a new run waits up to that long
 * before it queues, so requests spread over that time (one per folder of a scan, say) share it too.
 * Given the process's `activity`, it waits only while some handling in progress is not yet waiting on a
 * lingering run (it could still join one): once every handling is, waiting longer only delays them.
 */
export class KeyedCoalescer<T> {
  private readonly queued = new Map<string, Promise<T>>();
  private readonly lingering = new Map<string, Lingering>();

  constructor(
    private readonly serializer: KeyedSerializer = new KeyedSerializer(),
    private readonly lingerMs = 0,
    private readonly activity?: Activity,
  ) {
    activity?.onEnd(() => this.releaseIfNoneCanJoin());
  }

  run(key: string, task: () => Promise<T>): CoalescedRun<T> {
    const queued = this.queued.get(key);
    if (queued) {
      const lingering = this.lingering.get(key);
      if (lingering) lingering.waiters += 1;
      this.releaseIfNoneCanJoin();
      return { result: queued, joined: true };
    }
    const enqueue = (): Promise<T> =>
      this.serializer.run(key, () => {
        this.queued.delete(key);
        return task();
      });
    const result = this.lingerMs > 0 ? this.linger(key).then(enqueue) : enqueue();
    this.queued.set(key, result);
    this.releaseIfNoneCanJoin();
    return { result, joined: false };
  }

  private linger(key: string): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.lingering.delete(key);
        resolve();
      };
      const timer = setTimeout(release, this.lingerMs);
      this.lingering.set(key, { waiters: 1, release });
    });
  }

  private releaseIfNoneCanJoin(): void {
    if (!this.activity || this.lingering.size === 0) return;
    let waiting = 0;
    for (const { waiters } of this.lingering.values()) waiting += waiters;
    if (waiting < this.activity.inProgress) return;
    for (const { release } of [...this.lingering.values()]) release();
  }
}
