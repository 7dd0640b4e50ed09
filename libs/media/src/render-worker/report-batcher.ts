import { RoutingKey, type ItemReport, type StageName } from '@mediaflow/contracts';
import type { EventPublisher } from '@mediaflow/messaging';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { countReportedItems } from '@mediaflow/observability';
import { WorkInProgress } from './gathering-window';

export interface ReportBatching {
  /** How long a finished item's report waits for more of its job's; 0 publishes each at once. */
  lingerMs: number;
  /** The most items one message carries; a full batch is published without waiting. */
  maxItems: number;
}

interface Batch {
  jobId: string;
  stage: StageName;
  items: ItemReport[];
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  timer?: NodeJS.Timeout;
}

/**
 * Gathers a render worker's item reports per (job, stage) and publishes each gathering as one
 * job.items.reported message. job-tracker's cost is per message (the job read, one ledger insert, the
 * fold's write, the parent's re-fold), so a stream of renders costs it a fold per batch instead of a
 * fold per image.
 *
 * A report waits for at most `lingerMs`, and not at all once no other item of this worker is still being
 * processed: then nothing can join it, since the broker delivers more requests only as these are acked
 * (without that, a worker whose requests finish quickly would be held to a prefetch's worth per linger).
 *
 * `report` resolves once the item's message is published, and the render request is acked only then: a
 * worker that stops while reports wait loses none (its requests are redelivered and find their
 * derivatives made), and a failed publish fails every request of the batch, which the broker retries.
 */
export class ReportBatcher extends WorkInProgress implements BeforeApplicationShutdown {
  private readonly batches = new Map<string, Batch>();
  private processing = 0;

  constructor(
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly batching: ReportBatching,
  ) {
    super();
  }

  /** Requests whose processing (`work`) has started and not ended. */
  get inProgress(): number {
    return this.processing;
  }

  /** Runs `work` (one request's processing) and reports the item it returns; resolves once that report is published. */
  async report(jobId: string, stage: StageName, work: () => Promise<ItemReport>): Promise<ItemReport> {
    this.processing += 1;
    let item: ItemReport;
    try {
      item = await work();
    } catch (error) {
      this.processing -= 1;
      if (this.processing === 0) void this.flush();
      throw error;
    }
    this.processing -= 1;
    await this.add(jobId, stage, item);
    return item;
  }

  /** Publishes every waiting batch now; settles when they are all published or failed. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.batches].map(([key, batch]) => this.publish(key, batch)));
  }

  /** Before the broker connection closes (onApplicationShutdown), so waiting reports still go out. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private add(jobId: string, stage: StageName, item: ItemReport): Promise<void> {
    const key = `${jobId}\u0000${stage}`;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { jobId, stage, items: [], waiters: [] };
      this.batches.set(key, batch);
    }
    batch.items.push(item);
    const published = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (this.processing === 0) {
      void this.flush();
    } else if (batch.items.length >= this.batching.maxItems || this.batching.lingerMs <= 0) {
      void this.publish(key, batch);
    } else {
      batch.timer ??= setTimeout(() => void this.publish(key, batch), this.batching.lingerMs);
    }
    return published;
  }

  private async publish(key: string, batch: Batch): Promise<void> {
    if (this.batches.get(key) !== batch) return;
    this.batches.delete(key);
    clearTimeout(batch.timer);
    try {
      await this.publisher.publish(RoutingKey.JobItemsReported, { jobId: batch.jobId, stage: batch.stage, items: batch.items });
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
      return;
    }
    countReportedItems(batch.stage, batch.items);
    for (const waiter of batch.waiters) waiter.resolve();
  }
}
