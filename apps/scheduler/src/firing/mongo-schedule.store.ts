import { TERMINAL_JOB_STATUSES } from '@mediaflow/contracts';
import { describeError } from '@mediaflow/messaging';
import {
  BackgroundJob,
  isDuplicateKeyError,
  pendingRunNow,
  plannedNextRun,
  ScheduledJob,
  ScheduledJobRun,
  ScheduleFiring,
  ScheduleRunDecision,
  timingChangeOf,
  type LastRunSummary,
  type NextOccurrence,
} from '@mediaflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { nextOccurrence } from '@mediaflow/cron';
import { NextOccurrenceMemo } from './next-occurrence-memo';
import { ScheduleStore, type CounterName, type DueSchedules, type NewRun, type OccurrenceClaim, type RunChange, type ScheduleRecord } from './schedule.store';

/** How many recent unfinished runs the overlap check looks at. */
const OVERLAP_LOOKBACK = 20;

type Definition = ScheduledJob & { _id: Types.ObjectId };
type Firing = ScheduleFiring & { _id: Types.ObjectId };

/**
 * Schedules as two documents: the definition (scheduled_jobs, the gateway's) is only read here; every
 * write goes to the firing state (schedule_firings), so a claim can never write back a stale definition.
 */
@Injectable()
export class MongoScheduleStore extends ScheduleStore {
  private readonly logger = new Logger(MongoScheduleStore.name);
  private readonly occurrences = new NextOccurrenceMemo(nextOccurrence);

  constructor(
    @InjectModel(ScheduledJob.name) private readonly definitions: Model<ScheduledJob>,
    @InjectModel(ScheduleFiring.name) private readonly firings: Model<ScheduleFiring>,
    @InjectModel(ScheduledJobRun.name) private readonly runs: Model<ScheduledJobRun>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
  ) {
    super();
  }

  async findDue(now: Date, limit: number): Promise<DueSchedules> {
    const active = await this.definitions.find({ enabled: true, paused: false }).lean<Definition[]>();
    const planned = (await this.withFiring(active)).filter((schedule) => schedule.nextRunAt !== null);
    planned.sort((a, b) => a.nextRunAt!.getTime() - b.nextRunAt!.getTime());
    const due = planned.filter((schedule) => schedule.nextRunAt!.getTime() <= now.getTime());
    return { due: due.slice(0, limit), nextRunAt: planned[due.length]?.nextRunAt ?? null };
  }

  async findBuffered(limit: number): Promise<ScheduleRecord[]> {
    const firings = await this.firings.find({ bufferedOccurrenceAt: { $ne: null } }).limit(limit).lean<Firing[]>();
    return this.withDefinitions(firings, { enabled: true, paused: false });
  }

  async findRunNowRequested(limit: number): Promise<ScheduleRecord[]> {
    const requested = await this.definitions.find({ runNowRequestedAt: { $ne: null } }).lean<Definition[]>();
    const pending = (await this.withFiring(requested)).filter((schedule) => schedule.runNowRequestedAt !== null);
    return pending.slice(0, limit);
  }

  async claimNextRun(schedule: ScheduleRecord, claim: OccurrenceClaim): Promise<boolean> {
    const plan = {
      plannedFrom: timingChangeOf(schedule),
      nextRunAt: claim.next,
      claimedOccurrences: claim.occurrences,
      claimExpiresAt: claim.expiresAt,
    };
    const read = schedule.storedPlan;
    if (read === null) return this.insertFiring({ _id: schedule._id, ...plan });
    const claimed = await this.firings.findOneAndUpdate({ _id: schedule._id, plannedFrom: read.plannedFrom, nextRunAt: read.nextRunAt }, { $set: plan });
    return claimed !== null;
  }

  async findAbandonedClaims(now: Date, limit: number): Promise<ScheduleRecord[]> {
    const firings = await this.firings.find({ claimExpiresAt: { $ne: null, $lte: now } }).limit(limit).lean<Firing[]>();
    return this.withDefinitions(firings);
  }

  async takeOverClaim(id: Types.ObjectId, expected: Date, expiresAt: Date): Promise<boolean> {
    const taken = await this.firings.findOneAndUpdate({ _id: id, claimExpiresAt: expected }, { $set: { claimExpiresAt: expiresAt } });
    return taken !== null;
  }

  async releaseClaim(id: Types.ObjectId, expiresAt: Date): Promise<void> {
    await this.firings.updateOne({ _id: id, claimExpiresAt: expiresAt }, { $set: { claimedOccurrences: [], claimExpiresAt: null } });
  }

  async bufferOccurrence(id: Types.ObjectId, occurrenceAt: Date): Promise<boolean> {
    try {
      // Upsert: a run-now on a schedule never planned (paused since its creation) has no firing document yet.
      const result = await this.firings.updateOne({ _id: id, bufferedOccurrenceAt: null }, { $set: { bufferedOccurrenceAt: occurrenceAt } }, { upsert: true });
      return result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false; // the document exists and holds another occurrence
      throw error;
    }
  }

  async clearBuffered(id: Types.ObjectId, occurrenceAt: Date): Promise<void> {
    await this.firings.updateOne({ _id: id, bufferedOccurrenceAt: occurrenceAt }, { $set: { bufferedOccurrenceAt: null } });
  }

  async clearRunNow(id: Types.ObjectId, requestedAt: Date): Promise<void> {
    await this.firings.updateOne({ _id: id }, { $set: { runNowHandledAt: requestedAt } }, { upsert: true });
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
    await this.firings.updateOne({ _id: id }, { $set: { lastRun }, $inc: { [`counters.${counter}`]: 1 } }, { upsert: true });
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

  private async insertFiring(firing: Partial<ScheduleFiring> & { _id: Types.ObjectId }): Promise<boolean> {
    try {
      await this.firings.create(firing);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false; // another replica planned it first
      throw error;
    }
  }

  /** The definitions with their firing state, read for them. */
  private async withFiring(definitions: Definition[]): Promise<ScheduleRecord[]> {
    if (definitions.length === 0) return [];
    const firings = await this.firings.find({ _id: { $in: definitions.map((definition) => definition._id) } }).lean<Firing[]>();
    return this.toRecords(definitions, firings);
  }

  /** The firing states with their definitions (those that match `filter`), read for them. */
  private async withDefinitions(firings: Firing[], filter: { enabled?: boolean; paused?: boolean } = {}): Promise<ScheduleRecord[]> {
    if (firings.length === 0) return [];
    const definitions = await this.definitions.find({ _id: { $in: firings.map((firing) => firing._id) }, ...filter }).lean<Definition[]>();
    return this.toRecords(definitions, firings);
  }

  /** Each definition with its firing state (if any); one whose stored cron no longer parses is left out, with a warning. */
  private toRecords(definitions: Definition[], firings: Firing[]): ScheduleRecord[] {
    const byId = new Map(firings.map((firing) => [firing._id.toHexString(), firing]));
    const records: ScheduleRecord[] = [];
    for (const definition of definitions) {
      try {
        records.push(toRecord(definition, byId.get(definition._id.toHexString()) ?? null, this.occurrences.next));
      } catch (error) {
        this.logger.warn(`schedule "${definition.name}" (${definition._id.toHexString()}) cannot be planned: ${describeError(error)}`);
      }
    }
    return records;
  }
}

function toRecord(definition: Definition, firing: Firing | null, next: NextOccurrence): ScheduleRecord {
  return {
    ...definition,
    runNowRequestedAt: pendingRunNow(definition, firing),
    nextRunAt: plannedNextRun(definition, firing, next),
    claimedOccurrences: firing?.claimedOccurrences ?? [],
    claimExpiresAt: firing?.claimExpiresAt ?? null,
    bufferedOccurrenceAt: firing?.bufferedOccurrenceAt ?? null,
    lastRun: firing?.lastRun ?? null,
    counters: firing?.counters ?? { fired: 0, skipped: 0, failed: 0 },
    storedPlan: firing ? { plannedFrom: firing.plannedFrom ?? null, nextRunAt: firing.nextRunAt ?? null } : null,
  };
}
