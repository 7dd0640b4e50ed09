export enum JobType {
  LibraryScan = 'library-scan',
  CollectionScan = 'collection-scan',
  WatchSync = 'watch-sync',
  DerivativeCleanup = 'derivative-cleanup',
  StaleJobRecovery = 'stale-job-recovery',
  Retention = 'retention',
}

/**
 * The job types that fan out into child jobs (a full library scan: one collection-scan child per
 * folder, made by the scan-worker). job-tracker looks for children of these types only; a type that
 * starts making children must be added here, or its children will not roll up.
 */
export const JOB_TYPES_WITH_CHILDREN: readonly JobType[] = [JobType.LibraryScan];

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
