/**
 * Every message Mediaflow sends, by routing key. The version suffix is part of the key:
 * a breaking payload change gets a new key (`.v2`) so old and new services can run side by side
 * during a rolling upgrade.
 */
export enum RoutingKey {
  LibraryScanRequested = 'library.scan.requested.v1',
  LibraryChanged = 'library.changed.v1',
  LibraryFilesChanged = 'library.files.changed.v1',
  ThumbnailRequested = 'image.thumbnail.requested.v1',
  CacheRequested = 'image.cache.requested.v1',
  DerivativesPurgeRequested = 'image.derivatives.purge.requested.v1',
  DerivativesCleanupRequested = 'library.derivatives.cleanup.requested.v1',
  JobStageTotal = 'job.stage.total.v1',
  JobItemsReported = 'job.items.reported.v1',
  JobFailed = 'job.failed.v1',
  JobCancelRequested = 'job.cancel.requested.v1',
  JobUpdated = 'job.updated.v1',
  JobFinished = 'job.finished.v1',
  ScheduleChanged = 'schedule.changed.v1',
}
