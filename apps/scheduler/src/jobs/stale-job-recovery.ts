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

/** "15 minutes", "1 minute", "4.5 seconds": whole minutes when it is some, seconds otherwise. */
export function describeStaleAfter(staleMs: number): string {
  if (staleMs % 60_000 === 0) {
    const minutes = staleMs / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = staleMs / 1_000;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * Ends jobs whose worker probably died: pending or running with no progress for `staleMs`. It only
 * publishes job.failed; job-tracker ends them (and cancels their children, starts their dependents),
 * so nothing stays running forever.
 *
 * Progress is recorded on the job whose items moved, so a family of jobs is judged together:
 * - a dependent that has not been started yet is not stale (it waits for its prerequisites);
 * - a parent is not stale while one of its children progresses (a full scan's render work is
 *   counted in its collection jobs, not in the scan itself);
 * - a child is not stale while its parent or a sibling progresses (its render work may be queued
 *   behind its siblings').
 */
@Injectable()
export class StaleJobRecovery {
  constructor(
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
    private readonly publisher: EventPublisher,
  ) {}

  async recover(staleMs: number, now: Date): Promise<string> {
    const cutoff = new Date(now.getTime() - staleMs);
    const candidates = await this.jobs
      .find(
        {
          status: { $in: [JobStatus.Pending, JobStatus.Running] },
          createdAt: { $lt: cutoff },
          $or: [{ lastProgressAt: null }, { lastProgressAt: { $lt: cutoff } }],
        },
        { parentId: 1, dependsOn: 1, createdAt: 1, lastProgressAt: 1, startCommandSentAt: 1 },
      )
      .sort({ _id: 1 })
      .limit(MAX_PER_RUN)
      .lean<Candidate[]>();
    const reason = `no progress for ${describeStaleAfter(staleMs)}; the worker handling it probably died`;
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
    const recently = { $gte: cutoff };
    const family: Array<Record<string, unknown>> = [{ parentId: job._id, lastProgressAt: recently }];
    if (job.parentId) family.push({ _id: job.parentId, lastProgressAt: recently }, { parentId: job.parentId, lastProgressAt: recently });
    return (await this.jobs.exists({ $or: family })) === null;
  }
}
