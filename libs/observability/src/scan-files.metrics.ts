import { Counter } from 'prom-client';

// Module-level (one registration per process), like the job-item counter.
const filesDiscoveredCounter = new Counter({
  name: 'mediaflow_scan_files_discovered_total',
  help: 'Files found on disk by scans (new, changed or unchanged): how fast the walk goes.',
});

/** Counts files a scan walked (the Grafana board's "files discovered" line; the dashboard reads the store's history). */
export function countDiscoveredFiles(count: number): void {
  if (count > 0) filesDiscoveredCounter.inc(count);
}
