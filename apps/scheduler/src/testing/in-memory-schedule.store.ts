import { MisfirePolicy, OverlapPolicy, type JobType } from '@mediaflow/contracts';
import type { LastRunSummary, ScheduledJobRun } from '@mediaflow/persistence';
import { Types } from 'mongoose';
import { ScheduleStore, type CounterName, type DueSchedules, type NewRun, type OccurrenceClaim, type RunChange, type ScheduleRecord } from '../firing/schedule.store';

export type StoredRun = NewRun & Partial<Pick<ScheduledJobRun, 'status' | 'durationMs' | 'summary'>>;

/** The store as the firing logic sees it, in memory, with the unique (scheduleId, occurrenceAt) rule. */
export class InMemoryScheduleStore extends ScheduleStore {
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly runs: StoredRun[] = [];
  /** Job ids the test says are still pending or running. */
  readonly activeJobIds = new Set<string>();

  add(overrides: Partial<ScheduleRecord> & { cron: string; type: JobType }): ScheduleRecord {
    const schedule = {
      _id: new Types.ObjectId(),
      name: `schedule-${this.schedules.size + 1}`,
      params: {},
      timezone: 'UTC',
      enabled: true,
      paused: false,
      misfirePolicy: MisfirePolicy.FireOnce,
      misfireFireAllCap: 10,
      overlapPolicy: OverlapPolicy.Skip,
      nextRunAt: null,
      lastRun: null,
      counters: { fired: 0, skipped: 0, failed: 0 },
      libraryId: null,
      bufferedOccurrenceAt: null,
      runNowRequestedAt: null,
      runNowForce: false,
      claimedOccurrences: [],
      claimExpiresAt: null,
      timingChangedAt: new Date(0),
      storedPlan: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...overrides,
    } as ScheduleRecord;
    this.schedules.set(schedule._id.toString(), schedule);
    return schedule;
  }

  get(id: Types.ObjectId): ScheduleRecord {
    const schedule = this.schedules.get(id.toString());
    if (!schedule) throw new Error(`no schedule ${id.toString()}`);
    return schedule;
  }

  findDue(now: Date, limit: number): Promise<DueSchedules> {
    const active = [...this.schedules.values()].filter((s) => s.enabled && !s.paused);
    const isDue = (s: ScheduleRecord): boolean => s.nextRunAt === null || s.nextRunAt.getTime() <= now.getTime();
    const later = active.filter((s) => !isDue(s)).map((s) => s.nextRunAt!.getTime());
    const due = active.filter(isDue).slice(0, limit).map((s) => ({ ...s }));
    return Promise.resolve({ due, nextRunAt: later.length > 0 ? new Date(Math.min(...later)) : null });
  }

  findBuffered(limit: number): Promise<ScheduleRecord[]> {
    const buffered = [...this.schedules.values()].filter((s) => s.bufferedOccurrenceAt !== null && s.enabled && !s.paused);
    return Promise.resolve(buffered.slice(0, limit).map((s) => ({ ...s })));
  }

  findRunNowRequested(limit: number): Promise<ScheduleRecord[]> {
    const requested = [...this.schedules.values()].filter((s) => s.runNowRequestedAt !== null);
    return Promise.resolve(requested.slice(0, limit).map((s) => ({ ...s })));
  }

  claimNextRun(read: ScheduleRecord, claim: OccurrenceClaim): Promise<boolean> {
    const schedule = this.get(read._id);
    if ((schedule.nextRunAt?.getTime() ?? null) !== (read.nextRunAt?.getTime() ?? null)) return Promise.resolve(false);
    schedule.nextRunAt = claim.next;
    schedule.claimedOccurrences = claim.occurrences;
    schedule.claimExpiresAt = claim.expiresAt;
    return Promise.resolve(true);
  }

  findAbandonedClaims(now: Date, limit: number): Promise<ScheduleRecord[]> {
    const abandoned = [...this.schedules.values()].filter((s) => s.claimExpiresAt !== null && s.claimExpiresAt.getTime() <= now.getTime());
    return Promise.resolve(abandoned.slice(0, limit).map((s) => ({ ...s })));
  }

  takeOverClaim(id: Types.ObjectId, expected: Date, expiresAt: Date): Promise<boolean> {
    const schedule = this.get(id);
    if (schedule.claimExpiresAt?.getTime() !== expected.getTime()) return Promise.resolve(false);
    schedule.claimExpiresAt = expiresAt;
    return Promise.resolve(true);
  }

  releaseClaim(id: Types.ObjectId, expiresAt: Date): Promise<void> {
    const schedule = this.get(id);
    if (schedule.claimExpiresAt?.getTime() === expiresAt.getTime()) {
      schedule.claimedOccurrences = [];
      schedule.claimExpiresAt = null;
    }
    return Promise.resolve();
  }

  bufferOccurrence(id: Types.ObjectId, occurrenceAt: Date): Promise<boolean> {
    const schedule = this.get(id);
    if (schedule.bufferedOccurrenceAt !== null) return Promise.resolve(false);
    schedule.bufferedOccurrenceAt = occurrenceAt;
    return Promise.resolve(true);
  }

  clearBuffered(id: Types.ObjectId, occurrenceAt: Date): Promise<void> {
    const schedule = this.get(id);
    if (schedule.bufferedOccurrenceAt?.getTime() === occurrenceAt.getTime()) schedule.bufferedOccurrenceAt = null;
    return Promise.resolve();
  }

  clearRunNow(id: Types.ObjectId, requestedAt: Date): Promise<void> {
    const schedule = this.get(id);
    if (schedule.runNowRequestedAt?.getTime() === requestedAt.getTime()) {
      schedule.runNowRequestedAt = null;
      schedule.runNowForce = false;
    }
    return Promise.resolve();
  }

  insertRun(run: NewRun): Promise<boolean> {
    if (this.findRun(run.scheduleId, run.occurrenceAt)) return Promise.resolve(false);
    this.runs.push({ ...run, status: null, durationMs: null, summary: null });
    return Promise.resolve(true);
  }

  updateRun(scheduleId: Types.ObjectId, occurrenceAt: Date, change: RunChange): Promise<void> {
    const run = this.findRun(scheduleId, occurrenceAt);
    if (run) Object.assign(run, change);
    return Promise.resolve();
  }

  recordRun(id: Types.ObjectId, lastRun: LastRunSummary, counter: CounterName): Promise<void> {
    const schedule = this.get(id);
    schedule.lastRun = lastRun;
    schedule.counters[counter] += 1;
    return Promise.resolve();
  }

  previousRunActive(id: Types.ObjectId): Promise<boolean> {
    const active = this.runs.some((run) => run.scheduleId.equals(id) && run.jobIds.some((jobId) => this.activeJobIds.has(jobId.toString())));
    return Promise.resolve(active);
  }

  private findRun(scheduleId: Types.ObjectId, occurrenceAt: Date): StoredRun | undefined {
    return this.runs.find((run) => run.scheduleId.equals(scheduleId) && run.occurrenceAt.getTime() === occurrenceAt.getTime());
  }
}
