import { ItemOutcome, type StageName } from '@mediaflow/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { JobItemInput } from '../job-items/job-item.repository';
import { MetricHistoryRepository, type PointValues } from './metric-history.repository';

/** The metric series of work handled: items per stage and outcome, and files walked by scans. */
export const THROUGHPUT_SERIES = 'throughput';

/** The member of the throughput series that counts files found on disk (field `discovered`). */
export const FILES_MEMBER = 'files';

/**
 * Writes the throughput history the dashboard charts. The history is a chart, not a job's counts:
 * a failed write is logged and the caller goes on, so a store hiccup never fails a report or a scan.
 */
@Injectable()
export class ThroughputRecorder {
  private readonly logger = new Logger(ThroughputRecorder.name);

  constructor(private readonly history: MetricHistoryRepository) {}

  /**
   * Adds the items a report recorded for the first time (the ledger made them count once, so a
   * redelivery adds nothing here either). A crash between the ledger insert and this write leaves
   * that report's items out of the chart, never out of the job.
   */
  async recordItems(stage: StageName, recorded: readonly JobItemInput[], at: Date): Promise<void> {
    if (recorded.length === 0) return;
    const counts: Partial<Record<ItemOutcome, number>> = {};
    for (const item of recorded) counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
    await this.add({ [stage]: counts }, at, `${recorded.length} ${stage} item(s)`);
  }

  /** Files a scan found on disk (new, changed or unchanged): how fast the walk goes. */
  async recordFilesDiscovered(count: number, at: Date): Promise<void> {
    if (count > 0) await this.add({ [FILES_MEMBER]: { discovered: count } }, at, `${count} discovered file(s)`);
  }

  private async add(counts: PointValues, at: Date, what: string): Promise<void> {
    try {
      await this.history.add(THROUGHPUT_SERIES, at, counts);
    } catch (error) {
      this.logger.warn(`throughput history not updated for ${what}: ${(error as Error).message}`);
    }
  }
}
