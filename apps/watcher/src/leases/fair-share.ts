/**
 * How many watched libraries one replica should hold: an even split over the replicas present,
 * rounded up so every library has room somewhere. A replica above it gives leases back; below it takes.
 */
export function fairShare(watchedLibraries: number, liveReplicas: number): number {
  return Math.ceil(watchedLibraries / Math.max(1, liveReplicas));
}
