import { JobStatus, TERMINAL_JOB_STATUSES, type JobFinishedV1 } from '@mediaflow/contracts';
import { BackgroundJob, ScheduledJobRun, ScheduleFiring } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';

/** Worst first: the status a run that started several jobs ends with. */
const SEVERITY: JobStatus[] = [JobStatus.Failed, JobStatus.Cancelled, JobStatus.CompletedWithErrors, JobStatus.Completed];

interface Outcome {
  status: JobStatus;
  durationMs: number;
}

/**
 * Learns how a fired run ended from job.finished. A run that started several jobs (a scan of every
 * library) ends when all of them have; its outcome is recomputed from the jobs themselves, so
 * concurrent or redelivered messages converge on the same answer.
 */
@Injectable()
export class RunOutcomeService {
  constructor(
    @InjectModel(ScheduledJobRun.name) private readonly runs: Model<ScheduledJobRun>,
    @InjectModel(ScheduleFiring.name) private readonly firings: Model<ScheduleFiring>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
  ) {}

  /** True when this ended a scheduled run (an occurrence buffered behind it may fire now). */
  async jobFinished(event: JobFinishedV1): Promise<boolean> {
    const run = await this.runs.findOne({ jobIds: event.jobId }).lean();
    if (!run) return false; // not a job a schedule started
    const outcome = run.jobIds.length <= 1 ? { status: event.status, durationMs: event.durationMs } : await this.combined(run.jobIds, run.firedAt);
    if (!outcome) return false;
    const updated = await this.runs.updateOne({ _id: run._id, status: null }, { $set: outcome });
    if (updated.modifiedCount === 0) return false; // already recorded by an earlier delivery
    await this.firings.updateOne(
      { _id: run.scheduleId, 'lastRun.occurrenceAt': run.occurrenceAt },
      { $set: { 'lastRun.status': outcome.status, 'lastRun.durationMs': outcome.durationMs } },
    );
    if (outcome.status === JobStatus.Failed) {
      await this.firings.updateOne({ _id: run.scheduleId }, { $inc: { 'counters.failed': 1 } });
    }
    return true;
  }

  private async combined(jobIds: Types.ObjectId[], firedAt: Date | null): Promise<Outcome | null> {
    const jobs = await this.jobs.find({ _id: { $in: jobIds } }, { status: 1, finishedAt: 1, updatedAt: 1 }).lean();
    if (jobs.some((job) => !TERMINAL_JOB_STATUSES.includes(job.status))) return null;
    const status = SEVERITY.find((candidate) => jobs.some((job) => job.status === candidate)) ?? JobStatus.Completed;
    const lastEnd = Math.max(...jobs.map((job) => (job.finishedAt ?? job.updatedAt).getTime()));
    return { status, durationMs: firedAt ? Math.max(0, lastEnd - firedAt.getTime()) : 0 };
  }
}
