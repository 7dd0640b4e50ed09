import { KeyedSerializer } from './keyed-serializer';

interface Pending<Request, Result> {
  request: Request;
  resolve: (result: Result) => void;
  reject: (reason: unknown) => void;
}

/** Runs one batch of a key's requests; one outcome per request, in the requests' order. */
export type BatchRunner<Request, Result> = (key: string, requests: readonly Request[]) => Promise<Array<PromiseSettledResult<Result>>>;

/**
 * Runs keyed requests in batches, one run of a key at a time (through `serializer`): a request that
 * arrives while its key's batch is queued but not started joins that batch, and each request still gets
 * its own outcome. Requests keep their order, within a batch and across batches. A burst of N requests
 * for one key then costs one or two runs instead of N. A runner that throws fails every request of its batch.
 */
export class KeyedBatcher<Request, Result> {
  private readonly open = new Map<string, Array<Pending<Request, Result>>>();

  constructor(
    private readonly serializer: KeyedSerializer,
    private readonly runBatch: BatchRunner<Request, Result>,
  ) {}

  /** `alone`: the request runs in a batch of its own, after those queued before it; later requests queue after it. */
  run(key: string, request: Request, { alone = false }: { alone?: boolean } = {}): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const pending = { request, resolve, reject };
      const queued = this.open.get(key);
      if (queued && !alone) {
        queued.push(pending);
        return;
      }
      const batch = [pending];
      if (alone) this.open.delete(key);
      else this.open.set(key, batch);
      void this.serializer.run(key, () => {
        if (this.open.get(key) === batch) this.open.delete(key);
        return this.settle(key, batch);
      });
    });
  }

  private async settle(key: string, batch: ReadonlyArray<Pending<Request, Result>>): Promise<void> {
    try {
      const outcomes = await this.runBatch(
        key,
        batch.map((pending) => pending.request),
      );
      batch.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (!outcome) pending.reject(new Error(`batch of ${key} gave no outcome for request ${index}`));
        else if (outcome.status === 'fulfilled') pending.resolve(outcome.value);
        else pending.reject(outcome.reason);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
