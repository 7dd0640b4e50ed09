/** What the watcher reports about a library's live file watch. */
export enum WatchStatus {
  Off = 'off',
  Starting = 'starting',
  Watching = 'watching',
  /** Watching with a fallback (polling) or not at all, for the reason in `watchReason`; never fatal. */
  Degraded = 'degraded',
  Failed = 'failed',
}
