// Watch latency: from a file's last write to its thumbnail being served by GET /api/v1/images/:id/thumbnail,
// over BENCH_WATCH_FILES (100) small JPEGs written one every BENCH_WATCH_SPACING_MS (400 ms) into a watched
// library. Target: p95 below the write-stability window (WATCH_STABILITY_MS, 2000 ms) + 1 s.
//   watch.latencyP50Ms, watch.latencyP95Ms, watch.latencyMaxMs, watch.files, watch.stabilityMs
import { eventually } from '@mediaflow/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient } from '../e2e/support/api-client';
import { imageBytes } from '../e2e/support/library-generator';
import { TERMINAL_JOB, allPages, libraryCollections, libraryJobs, type ImageView } from '../e2e/support/library-views';
import { Stack } from '../e2e/support/stack';
import { reportResult } from './support/bench-output';

const FILES = Number(process.env.BENCH_WATCH_FILES ?? 100);
const SPACING_MS = Number(process.env.BENCH_WATCH_SPACING_MS ?? 400);
const STABILITY_MS = 2_000;
const KEY = 'bench-admin-key';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Polls the root collection until every written file's thumbnail is served; returns when each first was. */
async function watchServed(api: ApiClient, libraryId: string, writtenAt: Map<string, number>): Promise<Map<string, number>> {
  const servedAt = new Map<string, number>();
  await eventually('every thumbnail served', async () => {
    const root = (await libraryCollections(api, libraryId)).find((collection) => collection.relativePath === '');
    const images = root ? await allPages<ImageView>(api, `/collections/${root.id}/images`) : [];
    for (const image of images) {
      if (servedAt.has(image.relativePath) || image.derivatives.thumbnail.state !== 'ready') continue;
      if ((await api.bytes(`/images/${image.id}/thumbnail`)).status === 200) servedAt.set(image.relativePath, performance.now());
    }
    return servedAt.size >= writtenAt.size;
  }, 600_000, 100);
  return servedAt;
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
    const writtenAt = new Map<string, number>();
    const served = watchServed(api, id, writtenAt);
    for (const [n, bytes] of files.entries()) {
      const name = `img-${n}.jpg`;
      await writeFile(path.join(root, name), bytes);
      writtenAt.set(name, performance.now());
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    }
    const servedAt = await served;

    const latencies = [...writtenAt].map(([name, at]) => (servedAt.get(name) ?? NaN) - at).sort((a, b) => a - b);
    reportResult({
      'watch.files': FILES,
      'watch.stabilityMs': STABILITY_MS,
      'watch.latencyP50Ms': Math.round(percentile(latencies, 50)),
      'watch.latencyP95Ms': Math.round(percentile(latencies, 95)),
      'watch.latencyMaxMs': Math.round(latencies[latencies.length - 1] ?? NaN),
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
