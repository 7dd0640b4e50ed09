/** What the watcher reports about a library's live file watch. */
export enum WatchStatus {
  Off = 'off',
  Starting = 'starting',
  Watching = 'watching',
  Failed = 'failed',
}
