import type { LastRunSummary, ScheduledJob, ScheduledJobRun, ScheduleFiring, ScheduleRunDecision, ScheduleRunTrigger } from '@mediaflow/persistence';
import type { Types } from 'mongoose';

/** The firing document's plan as a tick read it; a claim succeeds only while it is still that. */
export interface StoredPlan {
  plannedFrom: Date | null;
  nextRunAt: Date | null;
}

type FiringFields = Pick<ScheduleFiring, 'claimedOccurrences' | 'claimExpiresAt' | 'bufferedOccurrenceAt' | 'lastRun' | 'counters'>;

/**
 * What the firing logic sees of a schedule: its definition with its firing state. nextRunAt is the
 * planned next occurrence (plannedNextRun) and runNowRequestedAt a run-now request not yet handled.
 */
export type ScheduleRecord = ScheduledJob &
  FiringFields & {
    _id: Types.ObjectId;
    nextRunAt: Date | null;
    /** null when the schedule has no firing document yet. */
    storedPlan: StoredPlan | null;
  };

/** The due schedules of a tick, and when the next of the others is planned (what the loop may sleep until). */
export interface DueSchedules {
  due: ScheduleRecord[];
  /** The earliest planned run after `now` of the enabled, unpaused schedules; null when none is planned. */
  nextRunAt: Date | null;
}

export interface NewRun {
  scheduleId: Types.ObjectId;
  occurrenceAt: Date;
  firedAt: Date | null;
  decision: ScheduleRunDecision;
  trigger: ScheduleRunTrigger;
  jobIds: Types.ObjectId[];
  reason: string | null;
}

export type RunChange = Partial<Pick<ScheduledJobRun, 'decision' | 'status' | 'durationMs' | 'reason' | 'summary'>>;

export interface OccurrenceClaim {
  next: Date | null;
  occurrences: Date[];
  expiresAt: Date;
}

export type CounterName = 'fired' | 'skipped' | 'failed';

/**
 * Everything the firing logic reads and writes, so it can be unit-tested against an in-memory fake.
 * Exactly-once rests on insertRun alone (an insert checked by the unique (scheduleId, occurrenceAt)
 * index); the other writes are cheap hints that may race on FerretDB without breaking it.
 */
export abstract class ScheduleStore {
  /** Enabled, unpaused schedules whose nextRunAt has come (or was never computed), and the next planned run of the rest. */
  abstract findDue(now: Date, limit: number): Promise<DueSchedules>;
  abstract findBuffered(limit: number): Promise<ScheduleRecord[]>;
  abstract findRunNowRequested(limit: number): Promise<ScheduleRecord[]>;
  /**
   * Moves the schedule's plan on from what this tick read (`schedule.storedPlan`) to `claim.next`, planned
   * under the definition's current timing, and notes the occurrences this replica will record until
   * `claim.expiresAt`; false if another replica moved it first.
   */
  abstract claimNextRun(schedule: ScheduleRecord, claim: OccurrenceClaim): Promise<boolean>;
  /** Schedules whose claim lapsed with occurrences still noted: their claimer stopped midway. */
  abstract findAbandonedClaims(now: Date, limit: number): Promise<ScheduleRecord[]>;
  /** Takes over a lapsed claim (its expiry was `expected`) until `expiresAt`; false if another replica did. */
  abstract takeOverClaim(id: Types.ObjectId, expected: Date, expiresAt: Date): Promise<boolean>;
  /** Forgets a claim once its occurrences are recorded; a newer claim (another expiry) is left alone. */
  abstract releaseClaim(id: Types.ObjectId, expiresAt: Date): Promise<void>;
  /** Holds `occurrenceAt` back (buffer_one); false if one is held already. */
  abstract bufferOccurrence(id: Types.ObjectId, occurrenceAt: Date): Promise<boolean>;
  abstract clearBuffered(id: Types.ObjectId, occurrenceAt: Date): Promise<void>;
  /** Notes the run-now request of `requestedAt` as handled. */
  abstract clearRunNow(id: Types.ObjectId, requestedAt: Date): Promise<void>;
  /** Inserts the run; false when (scheduleId, occurrenceAt) exists, i.e. another replica has it. */
  abstract insertRun(run: NewRun): Promise<boolean>;
  abstract updateRun(scheduleId: Types.ObjectId, occurrenceAt: Date, change: RunChange): Promise<void>;
  /** Updates the schedule's last-run copy and counts one more run under `counter`. */
  abstract recordRun(id: Types.ObjectId, lastRun: LastRunSummary, counter: CounterName): Promise<void>;
  /** True while a job started by an earlier run of the schedule is still pending or running. */
  abstract previousRunActive(id: Types.ObjectId): Promise<boolean>;
}
