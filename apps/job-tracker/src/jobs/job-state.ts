import type { JobStatus, StageName, StageStatus } from '@mediaflow/contracts';

/** One stage of a job as the status rules see it (plain data, no mongoose). */
export interface StageState {
  name: StageName;
  status: StageStatus;
  total: number | null;
  totalKnown: boolean;
  done: number;
  failed: number;
  skipped: number;
  /** Bumped by a recount that moved a count; a report's delta applies only while it is unchanged. */
  recountEpoch: number;
}

/** What a recount or a delta must find unchanged to be added to a stage's counts. */
export type StageCounting = Pick<StageState, 'done' | 'failed' | 'skipped' | 'recountEpoch'>;

export interface FailureEntry {
  stage: StageName;
  itemId: string;
  path: string | null;
  reason: string;
}

/** The part of a BackgroundJob that job-tracker derives and writes. */
export interface JobState {
  status: JobStatus;
  stages: StageState[];
  failureSample: FailureEntry[];
  cancelRequestedAt: Date | null;
  reportedFailure: string | null;
  reason: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  lastProgressAt: Date | null;
  childrenTotal: number;
  childrenFinished: number;
}

/** What a parent needs to know about each of its children. */
export interface ChildState {
  status: JobStatus;
  stages: StageState[];
  failureSample?: FailureEntry[];
}

/** A change an event makes to a job before its status is derived again. */
export type JobChange = (job: JobState, children: readonly ChildState[]) => JobState;

/**
 * A change that holds only while the job is as its caller saw it (e.g. a stage's counts not moved
 * since they were read): null means it no longer applies, nothing is written, and the fold says so
 * (`declined`) so the caller can decide again from a fresh read.
 */
export type GuardedJobChange = (job: JobState, children: readonly ChildState[]) => JobState | null;
