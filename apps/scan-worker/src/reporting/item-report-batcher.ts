import { createHash } from 'node:crypto';
import { RoutingKey, type ItemOutcome, type ItemReport, type StageName } from '@mediaflow/contracts';
import type { EventPublisher } from '@mediaflow/messaging';
import { countReportedItems } from '@mediaflow/observability';
import { FlushInterval } from './flush-interval';

const DEFAULT_BATCH_SIZE = 200;
/** A report waits at most this long for its batch to fill (see ItemReportBatcher). */
const DEFAULT_MAX_WAIT_MS = 1_000;
const MAX_ITEM_ID_LENGTH = 200;

export interface ItemBatching {
  /** The most items one message carries. */
  batchSize?: number;
  /** Items older than this go out with the next add, however few: a walk of a slow share lists a folder per round trip. */
  maxWaitMs?: number;
  /** A monotonic clock in ms (tests pass their own). */
  now?: () => number;
}

/**
 * Collects one stage's item reports and publishes them in batches (`job.items.reported.v1`), so a
 * large scan is not one message per folder or file. One instance per job run; never shared.
 * A batch goes out when it is full, or with the first add a second (`maxWaitMs`) after the last one
 * went: on a network share a walk lists a few folders a second, and 200 folders' progress (and the job's
 * "running") would otherwise show up a minute late.
 */
export class ItemReportBatcher {
  private pending: ItemReport[] = [];
  private readonly batchSize: number;
  private readonly interval: FlushInterval;
  /** Items of batches being published: taken out of `pending` before the publish, so adds meanwhile start the next batch. */
  private publishing = 0;
  private reported = 0;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly jobId: string,
    private readonly stage: StageName,
    { batchSize = DEFAULT_BATCH_SIZE, maxWaitMs = DEFAULT_MAX_WAIT_MS, now = () => performance.now() }: ItemBatching = {},
  ) {
    this.batchSize = batchSize;
    this.interval = new FlushInterval(maxWaitMs, now);
  }

  /** Items added so far, reported or not yet. */
  get count(): number {
    return this.reported + this.publishing + this.pending.length;
  }

  async add(item: ItemReport): Promise<void> {
    this.pending.push(item);
    if (this.pending.length >= this.batchSize || this.interval.hasPassed) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.interval.restart();
    const items = this.pending;
    this.pending = [];
    this.publishing += items.length;
    try {
      await this.publisher.publish(RoutingKey.JobItemsReported, { jobId: this.jobId, stage: this.stage, items });
    } finally {
      this.publishing -= items.length;
    }
    countReportedItems(this.stage, items);
    this.reported += items.length;
  }
}

/** A stable item id for a path: the path itself, or its hash when it is longer than an item id may be. */
export function itemIdForPath(path: string): string {
  if (path.length <= MAX_ITEM_ID_LENGTH) return path;
  return `sha256:${createHash('sha256').update(path).digest('hex')}`;
}

/** A folder's discover item: the library root is reported as '.', not as an empty path. */
export function folderItem(folder: string, outcome: ItemOutcome, reason?: string): ItemReport {
  const path = folder === '' ? '.' : folder;
  return { itemId: itemIdForPath(path), outcome, path, ...(reason === undefined ? {} : { reason }) };
}
