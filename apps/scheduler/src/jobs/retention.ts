import { TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { BackgroundJob, JobItem, MetricHistoryRepository, ScheduledJobRun } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';

const BATCH = 500;
/** Bounds one run's work; what is left goes in the next run. */
const MAX_BATCHES = 200;

/** Retention as a scheduled job (no TTL indexes: FerretDB has none). */
@Injectable()
export class Retention {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    @InjectModel(JobItem.name) private readonly items: Model<JobItem>,
    @InjectModel(ScheduledJobRun.name) private readonly runs: Model<ScheduledJobRun>,
    private readonly history: MetricHistoryRepository,
  ) {}

  async sweep(days: number, now: Date): Promise<string> {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const runs = await this.runs.deleteMany({ createdAt: { $lt: cutoff } });
    let jobs = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      const ids = (
        await this.jobs
          .find(
            {
              status: { $in: TERMINAL_JOB_STATUSES },
              $or: [{ finishedAt: { $lt: cutoff } }, { finishedAt: null, updatedAt: { $lt: cutoff } }],
            },
            { _id: 1 },
          )
          .limit(BATCH)
          .lean<{ _id: Types.ObjectId }[]>()
      ).map((job) => job._id);
      if (ids.length === 0) break;
      // Items first: a sweep stopped half-way leaves jobs to find again, never orphaned items.
      await this.items.deleteMany({ jobId: { $in: ids } });
      jobs += (await this.jobs.deleteMany({ _id: { $in: ids } })).deletedCount;
    }
    // The charts' history keeps its own, shorter horizon (a day and some), whatever `days` says.
    const points = await this.history.prune(now);
    return `deleted ${jobs} finished job(s) and ${runs.deletedCount} schedule run(s) older than ${days} day(s), and ${points} chart point(s) past their horizon`;
  }
}
