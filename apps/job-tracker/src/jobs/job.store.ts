import { JobStatus, mayHaveChildren, TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { BackgroundJob } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { ChildState } from './job-state';
import type { JobUpdate } from './job-update';

export type JobRecord = BackgroundJob & { _id: Types.ObjectId };

const oid = (id: string | Types.ObjectId): Types.ObjectId => (typeof id === 'string' ? new Types.ObjectId(id) : id);

/**
 * BackgroundJob reads and writes for job-tracker. Every write bumps `revision` and only applies if
 * the revision is still the one read, so a decision taken on a stale read is never stored.
 */
@Injectable()
export class JobStore {
  constructor(@InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>) {}

  async find(jobId: string | Types.ObjectId): Promise<JobRecord | null> {
    return this.jobs.findById(oid(jobId)).lean<JobRecord>();
  }

  /**
   * The job's children; none without a query for a job that cannot have any (on FerretDB/SQLite the
   * query reads every job, and most folds are of a childless job).
   */
  async children(job: Pick<JobRecord, '_id' | 'type' | 'params'>): Promise<ChildState[]> {
    if (!mayHaveChildren(job)) return [];
    // Summed here rather than by $unwind/$group: FerretDB 1.24 computes only the first accumulator
    // of such a group correctly (measured), so the sums would be wrong there.
    return this.jobs.find({ parentId: job._id }, { status: 1, stages: 1, failureSample: 1 }).lean<ChildState[]>();
  }

  async nonTerminalChildren(parentId: Types.ObjectId): Promise<Types.ObjectId[]> {
    const rows = await this.jobs.find({ parentId, status: { $nin: TERMINAL_JOB_STATUSES } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>();
    return rows.map((row) => row._id);
  }

  /** Applies `update` if the job is unchanged since `revision` was read and not terminal; the new document or null. */
  async writeIfUnchanged(job: JobRecord, update: JobUpdate): Promise<JobRecord | null> {
    const operators: Record<string, unknown> = { $inc: { revision: 1 } };
    if (Object.keys(update.$set).length > 0) operators.$set = update.$set;
    if (Object.keys(update.$max).length > 0) operators.$max = update.$max;
    if (update.$push) operators.$push = update.$push;
    return this.jobs
      .findOneAndUpdate({ ...this.unchanged(job), status: { $nin: TERMINAL_JOB_STATUSES } }, operators, { returnDocument: 'after' })
      .lean<JobRecord>();
  }

  async markFinishHandled(jobId: Types.ObjectId, now: Date): Promise<void> {
    await this.jobs.updateOne({ _id: jobId }, { $set: { finishHandledAt: now }, $inc: { revision: 1 } });
  }

  /** Jobs waiting on `prerequisiteId`: still pending, or claimed by it but their start command unsent. */
  async dependentsOf(prerequisiteId: Types.ObjectId): Promise<JobRecord[]> {
    return this.jobs
      .find({
        dependsOn: prerequisiteId,
        $or: [{ status: JobStatus.Pending }, { status: JobStatus.Running, startRequestedBy: prerequisiteId, startCommandSentAt: null }],
      })
      .lean<JobRecord[]>();
  }

  async statusesOf(jobIds: Types.ObjectId[]): Promise<Array<{ _id: Types.ObjectId; status: JobStatus }>> {
    return this.jobs.find({ _id: { $in: jobIds } }, { status: 1 }).lean<Array<{ _id: Types.ObjectId; status: JobStatus }>>();
  }

  /** Marks a pending dependent running on behalf of `prerequisiteId`; null if someone else already did. */
  async claimStart(job: JobRecord, prerequisiteId: Types.ObjectId, now: Date): Promise<JobRecord | null> {
    return this.jobs
      .findOneAndUpdate(
        { _id: job._id, status: JobStatus.Pending },
        { $set: { status: JobStatus.Running, startedAt: job.startedAt ?? now, startRequestedBy: prerequisiteId }, $inc: { revision: 1 } },
        { returnDocument: 'after' },
      )
      .lean<JobRecord>();
  }

  async markStartSent(jobId: Types.ObjectId, now: Date): Promise<void> {
    await this.jobs.updateOne({ _id: jobId }, { $set: { startCommandSentAt: now }, $inc: { revision: 1 } });
  }

  private unchanged(job: JobRecord): Record<string, unknown> {
    // Jobs inserted without the field (by hand, or by an older writer) have no revision yet.
    return { _id: job._id, revision: job.revision ?? { $exists: false } };
  }
}
