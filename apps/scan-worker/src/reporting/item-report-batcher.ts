import { createHash } from 'node:crypto';
import { RoutingKey, type ItemOutcome, type ItemReport, type StageName } from '@mediaflow/contracts';
import type { EventPublisher } from '@mediaflow/messaging';
import { countReportedItems } from '@mediaflow/observability';

const DEFAULT_BATCH_SIZE = 200;
const MAX_ITEM_ID_LENGTH = 200;

/**
 * Collects one stage's item reports and publishes them in batches (`job.items.reported.v1`), so a
 * large scan is not one message per folder or file. One instance per job run; never shared.
 */
export class ItemReportBatcher {
  private pending: ItemReport[] = [];
  /** Items of batches being published: taken out of `pending` before the publish, so adds meanwhile start the next batch. */
  private publishing = 0;
  private reported = 0;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly jobId: string,
    private readonly stage: StageName,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  /** Items added so far, reported or not yet. */
  get count(): number {
    return this.reported + this.publishing + this.pending.length;
  }

  async add(item: ItemReport): Promise<void> {
    this.pending.push(item);
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
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
