import type { JobStatus } from '@mediaflow/contracts';
import type { Types } from 'mongoose';
import type { ScheduleRecord } from '../firing/schedule.store';

/** What a launch ended with when the work ran inside the scheduler (or could not start at all). */
export interface LaunchOutcome {
  status: JobStatus;
  durationMs: number;
  summary: string;
}

/**
 * A launch whose job ids are chosen before the run is recorded, so the run names its jobs from the
 * start. `start` creates the jobs and publishes their commands; it throws when a publish fails (and
 * removes the jobs it created). It returns an outcome only for work that is already over.
 */
export interface PreparedLaunch {
  jobIds: Types.ObjectId[];
  start(): Promise<LaunchOutcome | null>;
}

/** Turns a schedule's type and params into the work one occurrence starts. */
export abstract class JobLauncher {
  abstract prepare(schedule: ScheduleRecord, occurrenceAt: Date): Promise<PreparedLaunch>;
}
