import { TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { BackgroundJob, isDuplicateKeyError, ScheduledJob, ScheduledJobRun, ScheduleRunDecision, type LastRunSummary } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { ScheduleStore, type CounterName, type NewRun, type OccurrenceClaim, type RunChange, type ScheduleRecord } from './schedule.store';

/** How many recent unfinished runs the overlap check looks at. */
const OVERLAP_LOOKBACK = 20;

@Injectable()
export class MongoScheduleStore extends ScheduleStore {
  constructor(
    @InjectModel(ScheduledJob.name) private readonly schedules: Model<ScheduledJob>,
    @InjectModel(ScheduledJobRun.name) private readonly runs: Model<ScheduledJobRun>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
  ) {
    super();
  }

  async findDue(now: Date, limit: number): Promise<ScheduleRecord[]> {
    return this.schedules
      .find({ enabled: true, paused: false, $or: [{ nextRunAt: { $lte: now } }, { nextRunAt: null }] })
      .sort({ nextRunAt: 1 })
      .limit(limit)
      .lean<ScheduleRecord[]>();
  }

  async findBuffered(limit: number): Promise<ScheduleRecord[]> {
    return this.schedules.find({ bufferedOccurrenceAt: { $ne: null }, enabled: true, paused: false }).limit(limit).lean<ScheduleRecord[]>();
  }

  async findRunNowRequested(limit: number): Promise<ScheduleRecord[]> {
    return this.schedules.find({ runNowRequestedAt: { $ne: null } }).limit(limit).lean<ScheduleRecord[]>();
  }

  async claimNextRun(id: Types.ObjectId, expected: Date | null, claim: OccurrenceClaim): Promise<boolean> {
    const claimed = await this.schedules.findOneAndUpdate(
      { _id: id, nextRunAt: expected },
      { $set: { nextRunAt: claim.next, claimedOccurrences: claim.occurrences, claimExpiresAt: claim.expiresAt } },
      { returnDocument: 'after' },
    );
    return claimed !== null;
  }

  async findAbandonedClaims(now: Date, limit: number): Promise<ScheduleRecord[]> {
    return this.schedules.find({ claimExpiresAt: { $ne: null, $lte: now } }).limit(limit).lean<ScheduleRecord[]>();
  }

  async takeOverClaim(id: Types.ObjectId, expected: Date, expiresAt: Date): Promise<boolean> {
    const taken = await this.schedules.findOneAndUpdate({ _id: id, claimExpiresAt: expected }, { $set: { claimExpiresAt: expiresAt } });
    return taken !== null;
  }

  async releaseClaim(id: Types.ObjectId, expiresAt: Date): Promise<void> {
    await this.schedules.updateOne({ _id: id, claimExpiresAt: expiresAt }, { $set: { claimedOccurrences: [], claimExpiresAt: null } });
  }

  async bufferOccurrence(id: Types.ObjectId, occurrenceAt: Date): Promise<boolean> {
    const result = await this.schedules.updateOne({ _id: id, bufferedOccurrenceAt: null }, { $set: { bufferedOccurrenceAt: occurrenceAt } });
    return result.modifiedCount > 0;
  }

  async clearBuffered(id: Types.ObjectId, occurrenceAt: Date): Promise<void> {
    await this.schedules.updateOne({ _id: id, bufferedOccurrenceAt: occurrenceAt }, { $set: { bufferedOccurrenceAt: null } });
  }

  async clearRunNow(id: Types.ObjectId, requestedAt: Date): Promise<void> {
    await this.schedules.updateOne({ _id: id, runNowRequestedAt: requestedAt }, { $set: { runNowRequestedAt: null, runNowForce: false } });
  }

  async insertRun(run: NewRun): Promise<boolean> {
    try {
      await this.runs.create({ ...run, jobId: run.jobIds[0] ?? null });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async updateRun(scheduleId: Types.ObjectId, occurrenceAt: Date, change: RunChange): Promise<void> {
    await this.runs.updateOne({ scheduleId, occurrenceAt }, { $set: change });
  }

  async recordRun(id: Types.ObjectId, lastRun: LastRunSummary, counter: CounterName): Promise<void> {
    await this.schedules.updateOne({ _id: id }, { $set: { lastRun }, $inc: { [`counters.${counter}`]: 1 } });
  }

  async previousRunActive(id: Types.ObjectId): Promise<boolean> {
    const unfinished = await this.runs
      .find({ scheduleId: id, decision: ScheduleRunDecision.Fired, status: null })
      .sort({ _id: -1 })
      .limit(OVERLAP_LOOKBACK)
      .lean();
    const jobIds = unfinished.flatMap((run) => run.jobIds ?? []);
    if (jobIds.length === 0) return false;
    const active = await this.jobs.exists({ _id: { $in: jobIds }, status: { $nin: TERMINAL_JOB_STATUSES } });
    return active !== null;
  }
}
