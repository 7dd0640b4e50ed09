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
}

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
