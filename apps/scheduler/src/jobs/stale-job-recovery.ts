import { JobStatus, RoutingKey } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { BackgroundJob } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';

/** Most jobs one recovery run fails; the next run takes the rest. */
const MAX_PER_RUN = 500;

interface Candidate {
  _id: Types.ObjectId;
  parentId: Types.ObjectId | null;
  dependsOn: Types.ObjectId[];
  createdAt: Date;
  lastProgressAt: Date | null;
  startCommandSentAt: Date | null;
}

/**
 * Ends jobs whose worker probably died: pending or running with no progress for `staleMinutes`. It only
 * publishes job.failed; job-tracker ends them (and their dependents), so nothing stays running forever.
 * Not stale: a dependent that has not been started yet (it waits for its prerequisites), and a child
 * whose parent has progressed recently (its render work may still be queued behind its siblings').
 */
@Injectable()
export class StaleJobRecovery {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    private readonly publisher: EventPublisher,
  ) {}

  async recover(staleMinutes: number, now: Date): Promise<string> {
    const cutoff = new Date(now.getTime() - staleMinutes * 60_000);
    const candidates = await this.jobs
      .find(
        {
          status: { $in: [JobStatus.Pending, JobStatus.Running] },
          createdAt: { $lt: cutoff },
          $or: [{ lastProgressAt: null }, { lastProgressAt: { $lt: cutoff } }],
        },
        { parentId: 1, dependsOn: 1, createdAt: 1, lastProgressAt: 1, startCommandSentAt: 1 },
      )
      .limit(MAX_PER_RUN)
      .lean<Candidate[]>();
    const reason = `no progress for ${staleMinutes} minutes; the worker handling it probably died`;
    let failed = 0;
    for (const job of candidates) {
      if (!(await this.isStale(job, cutoff))) continue;
      await this.publisher.publish(RoutingKey.JobFailed, { jobId: job._id.toString(), reason });
      failed += 1;
    }
    return `${failed} stale job(s) reported failed (checked ${candidates.length})`;
  }

  private async isStale(job: Candidate, cutoff: Date): Promise<boolean> {
    if (job.dependsOn.length > 0) {
      if (!job.startCommandSentAt || job.startCommandSentAt.getTime() >= cutoff.getTime()) return false;
    }
    if (job.parentId) {
      const parentMoved = await this.jobs.exists({ _id: job.parentId, lastProgressAt: { $gte: cutoff } });
      if (parentMoved) return false;
    }
    return true;
  }
}
