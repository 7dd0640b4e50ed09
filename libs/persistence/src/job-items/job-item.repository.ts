import { ItemOutcome, StageName } from '@mediaflow/contracts';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { insertPrepared } from '../bulk-writes';
import { JobItem } from '../schemas/job-item.schema';

export interface JobItemInput {
  itemId: string;
  outcome: ItemOutcome;
  path?: string | null;
  reason?: string | null;
}

export type OutcomeCounts = Record<ItemOutcome, number>;

/** The idempotency ledger behind exact job counts: each (job, stage, item) is recorded once. */
@Injectable()
export class JobItemRepository {
  constructor(@InjectModel(JobItem.name) private readonly items: Model<JobItem>) {}

  /**
   * Records the items not seen before and returns just those, so a redelivered or overlapping
   * report adds nothing. An item repeated within one call counts once (its first occurrence).
   * Every row is cast and validated first (an unordered insert would otherwise store the valid ones and
   * silently drop the rest), by the schema without a mongoose document per row (Model.validate, then
   * insertPrepared): documents, validated here and again by insertMany, cost about 60 us a row, most of
   * job-tracker's CPU for a report of 200 items.
   */
  async recordNew(jobId: string, stage: StageName, items: JobItemInput[]): Promise<JobItemInput[]> {
    const job = new Types.ObjectId(jobId);
    const rows = items.map(({ itemId, outcome, path, reason }) => ({ jobId: job, stage, itemId, outcome, path: path ?? null, reason: reason ?? null }));
    const refused = await insertPrepared(this.items, rows, { validate: true });
    return items.filter((_, position) => !refused.has(position));
  }

  /**
   * Up to `limit` failed items of a stage, oldest first: rebuilds a job's failure sample from the
   * ledger when a redelivered report finds its items already recorded.
   */
  async findFailures(jobId: string, stage: StageName, limit: number): Promise<JobItemInput[]> {
    const rows = await this.items
      .find({ jobId: new Types.ObjectId(jobId), stage, outcome: ItemOutcome.Failed })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    return rows.map((row) => ({ itemId: row.itemId, outcome: row.outcome, path: row.path, reason: row.reason }));
  }

  /**
   * The stage's counts recomputed from the ledger. Unlike adding up what recordNew returned, this
   * stays exact when a process died between recording items and updating the job.
   */
  async countByOutcome(jobId: string, stage: StageName): Promise<OutcomeCounts> {
    const rows = await this.items.aggregate<{ _id: ItemOutcome; count: number }>([
      { $match: { jobId: new Types.ObjectId(jobId), stage } },
      { $group: { _id: '$outcome', count: { $sum: 1 } } },
    ]);
    const counts: OutcomeCounts = { [ItemOutcome.Done]: 0, [ItemOutcome.Failed]: 0, [ItemOutcome.Skipped]: 0 };
    for (const row of rows) counts[row._id] = row.count;
    return counts;
  }
}
