import { KeyedSerializer } from './keyed-serializer';

export interface CoalescedRun<T> {
  result: Promise<T>;
  /** True when this request joined a run another request had queued. */
  joined: boolean;
}

/**
 * Runs keyed tasks one after another (through `serializer`), and lets a request that arrives while a
 * run of its key is queued but not started join that run instead of queueing another. The queued run
 * reads the store when it starts, so it sees everything its joiners wrote before they joined: a burst
 * of N requests for one key costs two runs, not N. With `lingerMs`, a new run waits that long before it
 * queues, so requests spread over that time (one per folder of a scan, say) share it too.
 */
export class KeyedCoalescer<T> {
  private readonly queued = new Map<string, Promise<T>>();

  constructor(
    private readonly serializer: KeyedSerializer = new KeyedSerializer(),
    private readonly lingerMs = 0,
  ) {}

  run(key: string, task: () => Promise<T>): CoalescedRun<T> {
    const queued = this.queued.get(key);
    if (queued) return { result: queued, joined: true };
    const enqueue = (): Promise<T> =>
      this.serializer.run(key, () => {
        this.queued.delete(key);
        return task();
      });
    const result = this.lingerMs > 0 ? delay(this.lingerMs).then(enqueue) : enqueue();
    this.queued.set(key, result);
    return { result, joined: false };
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
