// Watch latency: from a file's last write to its thumbnail being served by GET /api/v1/images/:id/thumbnail,
// over BENCH_WATCH_FILES (100) small JPEGs written one every BENCH_WATCH_SPACING_MS (400 ms) into a watched
// library. Target: p95 below the write-stability window (WATCH_STABILITY_MS, 2000 ms) + 1 s.
// Each file is checked on its own, by id, so a check costs the same however large the library grows.
//   watch.latency{P50,P95,Max}Ms, watch.files, watch.stabilityMs; watch.resolution*: how late a served time may
//   be read; watch.toBatch/toImage/toThumbnail/toServed*: the latency split at the services' own timestamps.
import { eventually } from '@mediaflow/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from '../e2e/support/api-client';
import { imageBytes } from '../e2e/support/library-generator';
import { TERMINAL_JOB, libraryJobs } from '../e2e/support/library-views';
import { Stack } from '../e2e/support/stack';
import { reportResult } from './support/bench-output';
import { ServedTracker } from './support/served-tracker';
import { watchTimelines } from './support/watch-timeline';

const FILES = Number(process.env.BENCH_WATCH_FILES ?? 100);
const SPACING_MS = Number(process.env.BENCH_WATCH_SPACING_MS ?? 400);
const STABILITY_MS = 2_000;
/** A known image's thumbnail is asked for this often; the root folder is listed this often while a written file has no image yet. */
const CHECK_INTERVAL_MS = 25;
const DISCOVER_INTERVAL_MS = 50;
const TIMEOUT_MS = 600_000;
const KEY = 'bench-admin-key';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** p50, p95 and max of some figures, under `prefix`. */
function spread(prefix: string, values: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    [`${prefix}P50Ms`]: Math.round(percentile(sorted, 50)),
    [`${prefix}P95Ms`]: Math.round(percentile(sorted, 95)),
    [`${prefix}MaxMs`]: Math.round(sorted[sorted.length - 1] ?? NaN),
  };
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'mf-bench-watch-'));
  const root = path.join(workDir, 'libraries', 'watched');
  await mkdir(root, { recursive: true });
  const stack = new Stack({
    portBase: 3780,
    env: {
      LIBRARY_ROOTS: path.join(workDir, 'libraries'),
      DERIVATIVES_DIR: path.join(workDir, 'derivatives'),
      API_KEYS: `admin:${KEY}`,
      LOG_LEVEL: 'warn',
      WATCH_STABILITY_MS: String(STABILITY_MS),
    },
  });
  stack.start(['api-gateway', 'watcher', 'scan-worker', 'thumbnail-worker', 'cache-worker', 'job-tracker']);
  try {
    await stack.waitUntilReady();
    const api = new ApiClient(stack.url('api-gateway'), KEY);
    const { id } = await api.ok<{ id: string }>('POST', '/libraries', { name: 'watched', rootPath: root, watch: true });
    await eventually('the catch-up scan of the new watch to end', async () => {
      const scans = await libraryJobs(api, id, 'library-scan');
      return scans.length > 0 && scans.every((job) => TERMINAL_JOB.includes(job.status));
    }, 300_000, 250);

    const files = await Promise.all(Array.from({ length: FILES }, (_, n) => imageBytes('jpeg', n, 64, 48)));
    const tracker = new ServedTracker(api, id, {
      checkIntervalMs: CHECK_INTERVAL_MS,
      discoverIntervalMs: DISCOVER_INTERVAL_MS,
      notListedBeforeMs: STABILITY_MS,
    });
    const discovering = tracker.discover(TIMEOUT_MS);
    for (const [n, bytes] of files.entries()) {
      const name = `img-${n}.jpg`;
      await writeFile(path.join(root, name), bytes);
      tracker.written(name, Date.now());
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    }
    const served = await tracker.allServed(TIMEOUT_MS);
    await discovering;
    const timelines = await watchTimelines(stack.database, served);

    reportResult({
      'watch.files': FILES,
      'watch.stabilityMs': STABILITY_MS,
      // The machine is shared: a run next to other heavy work (tests hold no lock) reads slower.
      'watch.loadAverage1m': Math.round(loadavg()[0] * 10) / 10,
      ...spread('watch.latency', served.map((file) => file.servedAt - file.writtenAt)),
      // How late a served time may be read: the gap to the last check that found it not served.
      ...spread('watch.resolution', served.map((file) => file.resolutionMs)),
      ...spread('watch.serveRequest', served.map((file) => file.serveRequestMs)),
      // Where the latency went (docs/watcher.md): write → watch-sync job → image row → thumbnail record → served.
      ...spread('watch.toBatch', timelines.map((timeline) => timeline.toBatchMs)),
      ...spread('watch.toImage', timelines.map((timeline) => timeline.toImageMs)),
      ...spread('watch.toThumbnail', timelines.map((timeline) => timeline.toThumbnailMs)),
      ...spread('watch.toServed', timelines.map((timeline) => timeline.toServedMs)),
    });
  } finally {
    await stack.stop();
    await stack.cleanUp();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`watch bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
