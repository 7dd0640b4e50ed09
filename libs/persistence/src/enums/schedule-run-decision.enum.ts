/** What the scheduler decided for one occurrence of a schedule. */
export enum ScheduleRunDecision {
  Fired = 'fired',
  SkippedMisfire = 'skipped_misfire',
  SkippedOverlap = 'skipped_overlap',
  Buffered = 'buffered',
  /** The run was claimed but its command could not be published (broker down); nothing started. */
  PublishFailed = 'publish_failed',
}
