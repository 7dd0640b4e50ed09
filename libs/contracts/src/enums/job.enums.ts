export enum JobType {
  LibraryScan = 'library-scan',
  CollectionScan = 'collection-scan',
  WatchSync = 'watch-sync',
  DerivativeCleanup = 'derivative-cleanup',
  StaleJobRecovery = 'stale-job-recovery',
  Retention = 'retention',
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
