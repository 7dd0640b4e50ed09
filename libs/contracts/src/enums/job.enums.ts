import { ScanMode } from './library.enums';

export enum JobType {
  LibraryScan = 'library-scan',
  CollectionScan = 'collection-scan',
  WatchSync = 'watch-sync',
  DerivativeCleanup = 'derivative-cleanup',
  StaleJobRecovery = 'stale-job-recovery',
  Retention = 'retention',
}

/**
 * Whether a job can have child jobs: a library scan, unless it is incremental (only a full scan fans out,
 * one collection-scan child per folder, made by the scan-worker). job-tracker and the gateway look for the
 * children of these jobs only, since on FerretDB/SQLite that query reads every job; a job that starts
 * making children must be covered here, or its children will not roll up.
 */
export function mayHaveChildren(job: { type: JobType; params?: Record<string, unknown> | null }): boolean {
  return job.type === JobType.LibraryScan && job.params?.['mode'] !== ScanMode.Incremental;
}

export enum JobStatus {
  Pending = 'pending',
  Running = 'running',
  Completed = 'completed',
  CompletedWithErrors = 'completed_with_errors',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = [
  JobStatus.Completed,
  JobStatus.CompletedWithErrors,
  JobStatus.Failed,
  JobStatus.Cancelled,
];

export enum StageName {
  Discover = 'discover',
  Thumbnail = 'thumbnail',
  Cache = 'cache',
  Cleanup = 'cleanup',
}

export enum StageStatus {
  Pending = 'pending',
  Running = 'running',
  Completed = 'completed',
  CompletedWithErrors = 'completed_with_errors',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export enum ItemOutcome {
  Done = 'done',
  Failed = 'failed',
  Skipped = 'skipped',
}
